// SPDX-License-Identifier: GPL-2.0
/*
 * image.c: `twc image`: pack the guest's initramfs (vm/vm.h).
 * Exit codes: 0 written, 2 usage or I/O error (nothing is left behind).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "vm/vm.h"

int cmd_image(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "init", required_argument, NULL, 'i' },
		{ "plan", required_argument, NULL, 'p' },
		{ "obj-dir", required_argument, NULL, 'd' },
		{ "btf-dir", required_argument, NULL, 'b' },
		{ "shell", required_argument, NULL, 's' },
		{ "add", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct image_opts o = {};
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': o.out = optarg; break;
		case 'i': o.init = optarg; break;
		case 'p': o.plan = optarg; break;
		case 'd': o.obj_dir = optarg; break;
		case 'b': o.btf_dir = optarg; break;
		case 's': o.busybox = optarg; break;
		case 'a':
			if (o.n_extra < (int)(sizeof(o.extra) / sizeof(o.extra[0])) && strchr(optarg, '=')) {
				o.extra[o.n_extra++] = optarg;
				break;
			}
			fprintf(stderr, "twc image: --add '%s': want NAME=HOST (at most 8)\n", optarg);
			return 2;
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: twc image --out FILE --init BIN --plan FILE --obj-dir DIR "
				"[--btf-dir DIR] [--shell BUSYBOX] [--add NAME=HOST]...\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!o.out || !o.init || !o.plan || !o.obj_dir) {
		fprintf(stderr, "twc image: --out, --init, --plan and --obj-dir are required\n");
		return 2;
	}
	return image__write(&o);
}
