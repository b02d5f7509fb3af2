// SPDX-License-Identifier: GPL-2.0
/*
 * shell.c: the guest with a shell on the console (vm.h, `make shell`): the
 * same kernel, initramfs and result channel as a run, but /shell as the
 * first program, the console on this terminal, and QEMU's gdb stub when
 * asked.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "vm/qemu_cmd.h"
#include "vm/vm.h"

int vm__shell(const struct vm_opts *o)
{
	char chardev[PATH_MAX + 32];
	struct qemu_cmd cmd;

	mkdir(o->out_dir, 0755);
	snprintf(chardev, sizeof(chardev), "file,id=twc,path=%s/shell.stream", o->out_dir);
	qemu_cmd__build(&cmd, o, "mon:stdio", chardev, "/shell", 0, "");
	fprintf(stderr, "twc shell: %s; Ctrl-A X leaves QEMU.  In the guest, /init runs the "
		"plan (its records go to %s/shell.stream), then powers off.\n",
		o->kernel, o->out_dir);
	if (o->gdb_port)
		fprintf(stderr, "twc shell: QEMU's gdb stub is on port %d%s: gdb -ex 'target "
			"remote :%d' <the kernel's vmlinux>\n", o->gdb_port,
			o->gdb_wait ? " (the guest waits for gdb's continue)" : "", o->gdb_port);
	if (o->verbose)
		qemu_cmd__print(&cmd, stderr);
	execvp(cmd.argv[0], cmd.argv);
	fprintf(stderr, "twc shell: cannot start %s: %s\n", cmd.argv[0], strerror(errno));
	return 2;
}
