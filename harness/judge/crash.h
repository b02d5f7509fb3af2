/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash.h: what a kernel crash looked like, as one line that stays the same
 * between two runs of the same crash on the same kernel and differs between
 * two crashes: the first alarm line of the console (BUG:, WARNING:, Oops,
 * general protection, Kernel panic) without timestamps, CPU and PID numbers
 * or function offsets, and the faulting function from the RIP line.  CRASH
 * reasons quote it, verdict tables record it, so a known crash matches only
 * the same crash.
 */
#ifndef TWC_JUDGE_CRASH_H
#define TWC_JUDGE_CRASH_H

/*
 * The signature of the crash in console text, malloc'd, e.g.
 * "BUG: kernel NULL pointer dereference, address: 0000000000000000 (RIP
 * check_kfunc_call)" or "WARNING: kernel/bpf/btf.c:4007 at
 * btf_parse_fields"; NULL when the text holds no alarm (or no memory).
 */
char *crash__signature(const char *console);

#endif /* TWC_JUDGE_CRASH_H */
