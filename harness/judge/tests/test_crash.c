// SPDX-License-Identifier: GPL-2.0
/* test_crash.c: crash signatures from real console shapes (crash.h). */
#include <stdlib.h>
#include <string.h>

#include "judge/crash.h"
#include "unit/unit.h"

/* 6.12's oops in the verifier (check_kfunc_call on a wq kfunc). */
static const char oops[] =
	"[    5.120033] twc: case 12 btf/wq-two\n"
	"[    5.301442] BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	"[    5.302010] #PF: supervisor read access in kernel mode\n"
	"[    5.303101] Oops: Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	"[    5.304000] CPU: 0 UID: 0 PID: 57 Comm: init Not tainted 6.12.117+deb13-cloud-amd64 #1\n"
	"[    5.305123] RIP: 0010:check_kfunc_call+0x1b4/0x3e40\n"
	"[    5.306000] Kernel panic - not syncing: Fatal exception\n";

static void test_signature(void)
{
	char *s = crash__signature(oops);

	EXPECT_STR(s, "BUG: kernel NULL pointer dereference, address: 0000000000000000 "
		   "(RIP check_kfunc_call)");
	free(s);
	/* 6.19's WARNING form: no CPU, PID or offsets in the signature */
	s = crash__signature("[    3.1] WARNING: kernel/bpf/btf.c:4007 at btf_parse_fields"
			     "+0x907/0xb70, CPU#0: init/61\n[    3.2] RIP: 0010:btf_parse_fields"
			     "+0x907/0xb70\n");
	EXPECT_STR(s, "WARNING: kernel/bpf/btf.c:4007 at btf_parse_fields");
	free(s);
	/* the older form names CPU and PID first */
	s = crash__signature("WARNING: CPU: 0 PID: 1 at kernel/bpf/verifier.c:6745 "
			     "check_max_stack_depth+0x6c9/0x990\n");
	EXPECT_STR(s, "WARNING: at kernel/bpf/verifier.c:6745 check_max_stack_depth");
	free(s);
	s = crash__signature("[   30.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [init:1]\n");
	EXPECT_STR(s, "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [init:1]");
	free(s);
	EXPECT(!crash__signature("[    1.0] twc: case 3 accept/pass\nall quiet\n"));
	EXPECT(!crash__signature(NULL));
}

/* Two runs of one crash give one signature; two crashes give two. */
static void test_stable_and_distinct(void)
{
	char *a = crash__signature("[ 9.9] WARNING: kernel/bpf/btf.c:4007 at btf_parse_fields"
				   "+0x907/0xb70, CPU#1: init/199\n");
	char *b = crash__signature("[ 1.0] WARNING: kernel/bpf/btf.c:4007 at btf_parse_fields"
				   "+0x907/0xb70, CPU#0: init/7\n");
	char *c = crash__signature("[ 1.0] BUG: kernel NULL pointer dereference, address: "
				   "0000000000000008\nRIP: 0010:check_kfunc_call+0x1/0x2\n");
	char *d = crash__signature("[ 1.0] BUG: kernel NULL pointer dereference, address: "
				   "0000000000000008\nRIP: 0010:process_wq_func+0x1/0x2\n");

	EXPECT_STR(a, b);
	EXPECT(c && d && strcmp(c, d));
	free(a);
	free(b);
	free(c);
	free(d);
}

UNIT_GROUP(crash,
	{ "the signature of a crash", test_signature },
	{ "stable across runs, distinct between crashes", test_stable_and_distinct },
);
