/* SPDX-License-Identifier: GPL-2.0 */
/*
 * facts.h: facts about the booted kernel that a case may require
 * (__requires, PROTOCOL.md's FACT records), derived the same way wherever
 * they are needed: the guest reports them, the unit tests pin them down.
 */
#ifndef TWC_CASE_FACTS_H
#define TWC_CASE_FACTS_H

#include <stdbool.h>

/*
 * Whether the kernel is PREEMPT_RT, from what it exposes: the version
 * uname(2) reports (the kernel's build string names "PREEMPT_RT", e.g.
 * "#1 SMP PREEMPT_RT Debian 7.3.4-1~bpo13+1 (2026-11-15)") and the text
 * of /sys/kernel/realtime where the kernel has that file ("1"; NULL when
 * it has none: 7.3 does not).
 */
bool facts__preempt_rt(const char *uname_version, const char *realtime);

#endif /* TWC_CASE_FACTS_H */
