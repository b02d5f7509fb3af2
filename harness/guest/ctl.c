// SPDX-License-Identifier: GPL-2.0
/*
 * ctl.c: the guest's side of the control port (ctl.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest/ctl.h"

#define CTL_NAME	"twc.ctl"
#define PORTS_DIR	"/sys/class/virtio-ports"

/* The device of the port named CTL_NAME ("/dev/vport0p1"); 0 or -ENOENT. */
static int ctl__find(char *dev, size_t len)
{
	DIR *d = opendir(PORTS_DIR);
	struct dirent *e;
	int err = -ENOENT;

	while (d && err && (e = readdir(d))) {
		char path[300], name[64] = "";
		int fd;

		snprintf(path, sizeof(path), PORTS_DIR "/%s/name", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (read(fd, name, sizeof(name) - 1) < 0)
			name[0] = 0;
		close(fd);
		if (!strncmp(name, CTL_NAME "\n", sizeof(CTL_NAME))) {
			snprintf(dev, len, "/dev/%s", e->d_name);
			err = 0;
		}
	}
	if (d)
		closedir(d);
	return err;
}

/* The port's device node, once the driver has added it (up to 5 s: the
 * host adds ports after the console's), opened; INIT said. */
int ctl__open(void)
{
	char dev[300];
	int fd = -ENOENT;

	for (int i = 0; i < 500 && fd < 0; i++) {
		if (!ctl__find(dev, sizeof(dev))) {
			fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
			if (fd < 0)
				fd = -errno;
		}
		if (fd < 0)
			usleep(10000);
	}
	if (fd >= 0 && write(fd, "INIT\n", 5) != 5) {
		close(fd);
		fd = -EIO;
	}
	return fd;
}

int ctl__wait(int fd, char *params, size_t len)
{
	size_t n = 0;

	params[0] = 0;
	if (write(fd, "READY\n", 6) != 6) {
		close(fd);
		return -EIO;
	}
	/* read() is 0 while the host's side is not connected: wait for it */
	while (n + 1 < len && (!n || params[n - 1] != '\n')) {
		ssize_t r = read(fd, params + n, len - 1 - n);

		if (r < 0 && errno != EINTR && errno != EAGAIN)
			break;
		if (r > 0)
			n += r;
		else
			usleep(10000);
	}
	params[n] = 0;
	params[strcspn(params, "\n")] = 0;
	close(fd);
	return n ? 0 : -EIO;
}

/* Where the value of "<key>=" starts in text (keys start it or follow a
 * space), or NULL. */
static const char *param__find(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key))
		if ((p == text || p[-1] == ' ') && p[n] == '=')
			return p + n + 1;
	return NULL;
}

void ctl__param(const char *params, const char *key, char *val, size_t len)
{
	char cmdline[4096] = "";
	int fd = open("/proc/cmdline", O_RDONLY), n = -1;
	const char *p;

	val[0] = 0;
	if (fd >= 0) {
		n = read(fd, cmdline, sizeof(cmdline) - 1);
		close(fd);
	}
	cmdline[n > 0 ? n : 0] = 0;
	p = param__find(params, key) ?: param__find(cmdline, key);
	if (p)
		snprintf(val, len, "%.*s", (int)strcspn(p, " \n"), p);
}

int ctl__param_int(const char *params, const char *key, int dflt)
{
	char val[32];

	ctl__param(params, key, val, sizeof(val));
	return val[0] ? atoi(val) : dflt;
}
