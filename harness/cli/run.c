// SPDX-License-Identifier: GPL-2.0
/*
 * run.c: `twc run`: boot the kernel on the initramfs and collect the
 * stream (vm/vm.h).  Exit codes: 0 the run completed, 2 usage or I/O
 * error, 3 the VM did not run the cases (infrastructure), 130 stopped by
 * a signal.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/plan.h"
#include "cli/cmds.h"
#include "judge/verdicts.h"
#include "vm/vm.h"

static void run__usage(FILE *f)
{
	fprintf(f, "usage: twc run --kernel BZIMAGE --initrd FILE --plan FILE --out-dir DIR\n"
		"               [--accel tcg|kvm] [--mem MB] [--jobs N] [--case-timeout SEC]\n"
		"               [--boot-timeout SEC] [--retries N] [--append ARGS] [--qemu BIN]\n"
		"               [--gdb PORT [--gdb-wait]] [--shell] [--verbose] [--quiet]\n"
		"               [--label TEXT] [--verdicts TABLE] [--snapshot on|off]\n"
		"  --case-timeout  seconds of silence on the result channel that make a hang\n"
		"                  (default 60); --boot-timeout the same before the first case\n"
		"                  (default 120)\n"
		"  --jobs N        N vCPUs and N loader processes in the guest, each case on\n"
		"                  one of them (default 1: one vCPU, cases one at a time)\n"
		"  --verdicts      the kernel's verdict table: the cases it records as crashes\n"
		"                  run one at a time, and the plan's order up to the last of\n"
		"                  them (twc plan --expected puts them first), so that a crash\n"
		"                  is charged to its case in the boot it happens in\n"
		"  --retries       boots again after a boot that reached no case, at most N\n"
		"                  times in a row (default 2)\n"
		"  --snapshot      on (default): the first boot saves the guest ready for its\n"
		"                  cases and a boot after a crash restores it instead of\n"
		"                  booting the kernel (a restore that fails: cold boots)\n"
		"  --append        more kernel command line\n"
		"  --gdb PORT      QEMU's gdb stub on PORT (and nokaslr); --gdb-wait starts\n"
		"                  the guest stopped, for gdb to continue\n"
		"  --quiet         no line per case while the VM runs (else: one per case as\n"
		"                  the guest reports it, or a status line on a terminal);\n"
		"                  --label TEXT starts each of those lines\n"
		"  --shell         a shell on this terminal instead of the run (the image\n"
		"                  needs twc image --shell); --verbose prints QEMU's command\n"
		"Exit: 0 done, 2 usage or I/O error, 3 the VM did not run the cases, 130 stopped.\n");
}

static const struct option run_options[] = {
	{ "kernel", required_argument, NULL, 'k' }, { "initrd", required_argument, NULL, 'i' },
	{ "plan", required_argument, NULL, 'p' }, { "out-dir", required_argument, NULL, 'o' },
	{ "accel", required_argument, NULL, 'a' }, { "mem", required_argument, NULL, 'm' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "case-timeout", required_argument, NULL, 'c' },
	{ "boot-timeout", required_argument, NULL, 'b' },
	{ "retries", required_argument, NULL, 'r' }, { "append", required_argument, NULL, 'A' },
	{ "qemu", required_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },
	{ "gdb", required_argument, NULL, 'g' }, { "gdb-wait", no_argument, NULL, 'W' },
	{ "shell", no_argument, NULL, 's' }, { "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'Q' }, { "label", required_argument, NULL, 'L' },
	{ "verdicts", required_argument, NULL, 'V' },
	{ "snapshot", required_argument, NULL, 'S' }, {}
};

/* A whole number in [min, INT_MAX] for option name; -EINVAL says so. */
static int run__int(const char *name, const char *s, int min, int *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || !*s || n < min || n > INT_MAX) {
		fprintf(stderr, "twc run: --%s '%s': want a whole number from %d\n", name, s, min);
		return -EINVAL;
	}
	*v = n;
	return 0;
}

/* --jobs: 1 to 16, the guest's limit of loader processes. */
static int run__jobs(const char *s, int *jobs)
{
	int err = run__int("jobs", s, 1, jobs);

	if (!err && *jobs > 16) {
		fprintf(stderr, "twc run: --jobs '%s': at most 16\n", s);
		return -EINVAL;
	}
	return err;
}

/* --snapshot on|off. */
static int run__snapshot(const char *s, bool *on)
{
	if (strcmp(s, "on") && strcmp(s, "off")) {
		fprintf(stderr, "twc run: --snapshot '%s': want on or off\n", s);
		return -EINVAL;
	}
	*on = !strcmp(s, "on");
	return 0;
}

/* --shell: boot into a shell instead of running the plan. */
static bool shell;
/* --verdicts: the kernel's table, or NULL. */
static const char *verdicts_path;

/* One option into o; 0, 1 for --help, -EINVAL. */
static int run__option(struct vm_opts *o, int opt)
{
	switch (opt) {
	case 'k': o->kernel = optarg; return 0;
	case 'i': o->initrd = optarg; return 0;
	case 'p': o->plan = optarg; return 0;
	case 'o': o->out_dir = optarg; return 0;
	case 'a': o->accel = optarg; return 0;
	case 'A': o->append = optarg; return 0;
	case 'q': o->qemu = optarg; return 0;
	case 'm': return run__int("mem", optarg, 128, &o->mem_mb);
	case 'j': return run__jobs(optarg, &o->jobs);
	case 'c': return run__int("case-timeout", optarg, 1, &o->case_timeout);
	case 'b': return run__int("boot-timeout", optarg, 1, &o->boot_timeout);
	case 'r': return run__int("retries", optarg, 0, &o->retries);
	case 'g': return run__int("gdb", optarg, 1, &o->gdb_port);
	case 'W': o->gdb_wait = true; return 0;
	case 's': shell = true; return 0;
	case 'v': o->verbose = true; return 0;
	case 'Q': o->quiet = true; return 0;
	case 'L': o->label = optarg; return 0;
	case 'V': verdicts_path = optarg; return 0;
	case 'S': return run__snapshot(optarg, &o->snapshot);
	case 'h': return 1;
	default: return -EINVAL;
	}
}

static int run__parse(struct vm_opts *o, int argc, char **argv)
{
	int opt, err;

	shell = false;
	verdicts_path = NULL;
	*o = (struct vm_opts){ .accel = "tcg", .qemu = "qemu-system-x86_64", .mem_mb = 1024,
				.jobs = 1, .snapshot = true,
				.case_timeout = 60, .boot_timeout = 120, .retries = 2 };
	optind = 0;
	while ((opt = getopt_long(argc, argv, "", run_options, NULL)) != -1)
		if ((err = run__option(o, opt)))
			return err;
	if (strcmp(o->accel, "tcg") && strcmp(o->accel, "kvm")) {
		fprintf(stderr, "twc run: --accel '%s': want tcg or kvm\n", o->accel);
		return -EINVAL;
	}
	if (!o->kernel || !o->initrd || !o->plan || !o->out_dir || optind != argc) {
		fprintf(stderr, "twc run: --kernel, --initrd, --plan and --out-dir are required\n");
		return -EINVAL;
	}
	return 0;
}

/* o->serial from the plan and the table at path; -errno, said. */
static int run__serial_from(struct vm_opts *o, const char *path)
{
	struct plan p = {};
	struct verdicts v = {};
	char *msg = NULL;
	int err = plan__read(&p, o->plan, &msg);

	if (err) {
		fprintf(stderr, "twc run: --plan %s: %s\n", o->plan, msg ?: strerror(-err));
	} else if ((err = verdicts__read(&v, path, &msg))) {
		fprintf(stderr, "twc run: --verdicts %s: %s\n", path, msg ?: strerror(-err));
	} else if ((o->serial = verdicts__crash_prefix(&v, &p))) {
		fprintf(stderr, "twc run: the first %d cases of the order run one at a time: %s "
			"records crashes among them\n", o->serial, path);
	}
	free(msg);
	verdicts__free(&v);
	plan__free(&p);
	return err;
}

int cmd_run(int argc, char **argv)
{
	struct vm_opts o;
	int err = run__parse(&o, argc, argv);

	if (err)
		run__usage(err > 0 ? stdout : stderr);
	if (err)
		return err > 0 ? 0 : 2;
	if (verdicts_path && run__serial_from(&o, verdicts_path))
		return 2;
	return shell ? vm__shell(&o) : vm__run(&o);
}
