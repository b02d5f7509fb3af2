/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btfcase_run.h: the guest's side of BTF cases (btfcase_run.c, linked into
 * twc-init only): run the BTF case of a plan line "BTF <idx> <id> <path>"
 * when idx >= start, writing one STEP record (and a STEPLOG blob when the
 * step has a log) per step through the loader's output functions
 * (PROTOCOL.md); the loader writes the case's BEGIN and END around it.  Also the capability dropper both kinds of case
 * use for their unprivileged loads.
 */
#ifndef TWC_GUEST_BTFCASE_RUN_H
#define TWC_GUEST_BTFCASE_RUN_H

#include <stddef.h>
#include <linux/capability.h>

#include "case/btfcase.h"

struct btfcase_out {
	void (*printf)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
	void (*blob)(const char *tag, int idx, const char *buf, size_t len);
	void (*kmsg)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

/* 0, or -EINVAL for a malformed plan line (nothing is written then). */
int btfcase__run_line(const char *line, int start, const struct btfcase_out *out);

/* The capabilities an unprivileged load or map creation loses (upstream
 * test_loader's set); CAP_* from <linux/capability.h>. */
#define UNPRIV_DROP (1ULL << CAP_SYS_ADMIN | 1ULL << CAP_NET_ADMIN | \
		     1ULL << CAP_PERFMON | 1ULL << CAP_BPF)
/*
 * Set the effective capabilities to the permitted ones minus drop; the
 * permitted set is untouched, so the next call can give them back.
 * 0 or -errno.
 */
int caps_set_effective(unsigned long long drop);

#endif /* TWC_GUEST_BTFCASE_RUN_H */
