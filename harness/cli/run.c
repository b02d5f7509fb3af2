// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: `twc run`: boot the kernel on the initramfs and collect the
 * stream (vm/vm.h).  Exit codes: 0 the run completed, 1 a boot reached no
 * case, 2 usage or I/O error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "vm/vm.h"

static void run__usage(FILE *f)
{
	fprintf(f, "usage: twc run --kernel BZIMAGE --initrd FILE --plan FILE --out-dir DIR\n"
		"               [--accel tcg|kvm] [--mem MB] [--case-timeout SEC]\n"
		"               [--boot-timeout SEC] [--qemu BIN]\n");
}

static int run__parse(struct vm_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' }, { "initrd", required_argument, NULL, 'i' },
		{ "plan", required_argument, NULL, 'p' }, { "out-dir", required_argument, NULL, 'o' },
		{ "accel", required_argument, NULL, 'a' }, { "mem", required_argument, NULL, 'm' },
		{ "case-timeout", required_argument, NULL, 'c' },
		{ "boot-timeout", required_argument, NULL, 'b' },
		{ "qemu", required_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' }, {}
	};
	int opt;

	*o = (struct vm_opts){ .accel = "tcg", .qemu = "qemu-system-x86_64", .mem_mb = 1024,
				.case_timeout = 60, .boot_timeout = 120 };
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': o->kernel = optarg; break;
		case 'i': o->initrd = optarg; break;
		case 'p': o->plan = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'a': o->accel = optarg; break;
		case 'm': o->mem_mb = atoi(optarg); break;
		case 'c': o->case_timeout = atoi(optarg); break;
		case 'b': o->boot_timeout = atoi(optarg); break;
		case 'q': o->qemu = optarg; break;
		case 'h': run__usage(stdout); return 1;
		default: run__usage(stderr); return -EINVAL;
		}
	}
	if (!o->kernel || !o->initrd || !o->plan || !o->out_dir ||
	    (strcmp(o->accel, "tcg") && strcmp(o->accel, "kvm")) ||
	    o->mem_mb < 128 || o->case_timeout < 1 || o->boot_timeout < 1) {
		run__usage(stderr);
		return -EINVAL;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct vm_opts o;
	int err = run__parse(&o, argc, argv);

	if (err)
		return err > 0 ? 0 : 2;
	return vm__run(&o);
}
