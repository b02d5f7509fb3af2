/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pcpu.h: the first per-CPU chunk filled at boot, as on a machine that has
 * run for a while.
 *
 * The JIT loads a per-CPU address (a program's private stack) with movq
 * when it fits in a sign-extended 32-bit immediate and with movabsq when
 * not.  An address in the first chunk fits (it lies near __per_cpu_start,
 * in the kernel image); one in a later chunk does not.  A fresh small
 * guest has room left in the first chunk's dynamic area (28 KiB on
 * x86-64), so which instruction a case got depended on what the boot had
 * allocated before it.  Upstream's __jited expectations
 * (verifier_private_stack.c) assume a later chunk, as on their CI.
 */
#ifndef TWC_GUEST_PCPU_H
#define TWC_GUEST_PCPU_H

/* Take what is free in the first per-CPU chunk: a per-CPU array of 8-byte
 * values, one allocation per element, small enough to fill every hole,
 * held for the boot.  0 or -errno. */
int pcpu__fill_first_chunk(void);

#endif /* TWC_GUEST_PCPU_H */
