// SPDX-License-Identifier: GPL-2.0
/*
 * twc: the host-side tool of the twc harness, one binary with subcommands.
 *
 *   twc plan   ...   read case objects, write the guest's plan
 *   twc image  ...   pack the guest initramfs (loader, objects, plan)
 *   twc run    ...   boot a kernel in QEMU on the initramfs, collect the stream
 *   twc judge  ...   judge a stream against annotations and goldens
 *
 * Each subcommand documents its options with --help.  Exit codes: 0 success,
 * 1 a judged failure (judge) or a failed run, 2 usage or I/O errors.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{ "plan",  cmd_plan,  "read case objects, write the guest's plan" },
	{ "image", cmd_image, "pack the guest initramfs" },
	{ "run",   cmd_run,   "boot a kernel in QEMU and collect the result stream" },
	{ "judge", cmd_judge, "judge a stream against annotations and goldens" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: twc <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-6s %s\n", subcommands[i].name, subcommands[i].summary);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "twc: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
