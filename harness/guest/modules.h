/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel modules the host packed into the guest (harness/sh/modules.sh):
 * /modules/order names them, one a line, in load order (6.1's
 * virtio_console and what it needs; bpf_testmod.ko beside a kernel make
 * kernel built).  They are loaded before the result channel opens, so each
 * load's result is kept and reported later as a fact, FACT
 * module:<name> <errname> (PROTOCOL.md); the host judges what it means.
 */
#ifndef TWC_GUEST_MODULES_H
#define TWC_GUEST_MODULES_H

#include <stdbool.h>
#include <stddef.h>

/* Load every module /modules/order names with finit_module(); false when
 * there is no /modules/order (nothing was packed). */
bool modules__load(void);

/* The FACT line of the i-th module loaded (from 0), "\n" included, into
 * buf; false past the last. */
bool modules__fact(int i, char *buf, size_t len);

#endif /* TWC_GUEST_MODULES_H */
