/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qemu_cmd.h: QEMU's command line for one boot of a twc guest (private to
 * vm/): TCG (or KVM when asked), a vCPU per loader process, the kernel, the initramfs, the
 * kernel console on a serial port and the result channel on a virtconsole,
 * and QEMU's gdb stub when asked.
 */
#ifndef TWC_VM_QEMU_CMD_H
#define TWC_VM_QEMU_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "vm/vm.h"

struct qemu_cmd {
	char *argv[48];
	int argc;
	char mem[16], smp[16], append[1024], gdb[32];
	char ctl[160], qmp[160], ram[224];
};

/* The command line: serial and chardev are QEMU's -serial and the result
 * channel's -chardev; rdinit the guest's first program; start the position
 * in the plan's order to start from (twc.start), alone the cases to run
 * alone first ("3,17", twc.alone; "" for none).  Strings are borrowed, not
 * copied. */
void qemu_cmd__build(struct qemu_cmd *c, const struct vm_opts *o, const char *serial,
		     const char *chardev, const char *rdinit, long start, const char *alone);
/*
 * A boot with snapshots (snap.h) on a built command line: the guest's RAM
 * a file (ram_path: shared, the cold boot whose state is saved; not
 * shared, a restored boot, which writes into a copy of its own); a
 * virtserialport "twc.ctl" on a socket chardev that connects to ctl_path,
 * and twc.ctl=1 for the guest; QMP on a socket that connects to
 * qmp_path; when restoring, -incoming defer (QMP starts the migration).
 */
void qemu_cmd__snap(struct qemu_cmd *c, const char *ctl_path, const char *qmp_path,
		    const char *ram_path, bool restoring);
/* One line, as a shell would take it (for boot-N.qemu and V=1). */
void qemu_cmd__print(const struct qemu_cmd *c, FILE *f);

#endif /* TWC_VM_QEMU_CMD_H */
