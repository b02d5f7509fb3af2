// SPDX-License-Identifier: GPL-2.0
/* test_facts.c: kernel facts derived from what the kernel exposes. */
#include "case/facts.h"
#include "unit/unit.h"

/* 7.3 has no /sys/kernel/realtime: the build string says PREEMPT_RT. */
static void test_preempt_rt(void)
{
	EXPECT(facts__preempt_rt("#1 SMP PREEMPT_RT Debian 7.3.4-1~bpo13+1 (2026-11-15)", NULL));
	EXPECT(!facts__preempt_rt("#1 SMP PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-11-15)",
				  NULL));
	EXPECT(facts__preempt_rt("#1 SMP PREEMPT_RT", NULL));
	EXPECT(!facts__preempt_rt("#1 SMP PREEMPT_RTX Tue", NULL));
	EXPECT(!facts__preempt_rt("#1 SMP NOPREEMPT_RT Tue", NULL));
	EXPECT(facts__preempt_rt("#1 SMP PREEMPT", "1\n"));
	EXPECT(!facts__preempt_rt("#1 SMP PREEMPT", "0\n"));
	EXPECT(!facts__preempt_rt(NULL, NULL));
}

UNIT_GROUP(facts,
	{ "PREEMPT_RT from uname's version, or /sys/kernel/realtime", test_preempt_rt },
);
