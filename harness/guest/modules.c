// SPDX-License-Identifier: GPL-2.0
/* modules.c: load the modules the host packed, keep each result (modules.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "guest/modules.h"
#include "lib/errnames.h"

#define MAX_MODULES 16

static struct {
	char name[256];	/* the file's name without ".ko" */
	int err;	/* 0, or finit_module()'s (or open()'s) -errno */
} loaded[MAX_MODULES];
static int n_loaded;

/* finit_module() of one file; EEXIST (a module already there) is success. */
static int load_one(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
		err = -errno;
	close(fd);
	return err;
}

bool modules__load(void)
{
	FILE *order = fopen("/modules/order", "r");
	char name[256], path[300];

	if (!order)
		return false;
	while (fgets(name, sizeof(name), order)) {
		int err;

		name[strcspn(name, "\n")] = 0;
		if (!name[0])
			continue;
		snprintf(path, sizeof(path), "/modules/%s", name);
		err = load_one(path);
		if (err)
			fprintf(stderr, "twc-init: %s: %s\n", path, strerror(-err));
		if (n_loaded == MAX_MODULES)
			continue;
		name[strcspn(name, ".")] = 0;
		snprintf(loaded[n_loaded].name, sizeof(loaded[0].name), "%s", name);
		loaded[n_loaded++].err = err;
	}
	fclose(order);
	return true;
}

bool modules__fact(int i, char *buf, size_t len)
{
	if (i < 0 || i >= n_loaded)
		return false;
	snprintf(buf, len, "FACT module:%s %s\n", loaded[i].name, ESYM(loaded[i].err));
	return true;
}
