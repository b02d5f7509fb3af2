/* SPDX-License-Identifier: GPL-2.0 */
/*
 * alarms.h: the kernel console lines that mean the kernel, not the case,
 * went wrong (BUG:, WARNING:, Oops, general protection, Kernel panic).
 * The judge fails a case whose console holds one (judge/crash.h); the VM
 * runner runs two cases again alone when one was printed while both were
 * in flight (vm/spans.c).  Header-only: one list for both.
 */
#ifndef TWC_LIB_ALARMS_H
#define TWC_LIB_ALARMS_H

/* memmem(): the including file defines _GNU_SOURCE before any include. */
#include <stdbool.h>
#include <string.h>

static const char *const console_alarms[] = {
	"BUG:", "WARNING:", "Oops", "general protection", "Kernel panic",
};

/* Does the console line at line (len bytes, no NUL needed) hold an alarm. */
static inline bool console__alarm_in(const char *line, size_t len)
{
	for (size_t i = 0; i < sizeof(console_alarms) / sizeof(console_alarms[0]); i++)
		if (memmem(line, len, console_alarms[i], strlen(console_alarms[i])))
			return true;
	return false;
}

#endif /* TWC_LIB_ALARMS_H */
