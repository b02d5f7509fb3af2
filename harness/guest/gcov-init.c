// SPDX-License-Identifier: GPL-2.0
/*
 * gcov-init: /init of the coverage guest (make kcov), around the unchanged
 * loader.
 *
 * The loader (/twc-init, harness/guest/loader.c) runs every case and ends with
 * reboot().  gcov-init runs it as the init of a new PID namespace: there,
 * reboot() only ends the namespace (the kernel kills its init, see
 * reboot_pid_ns()), so gcov-init gets control back, mounts debugfs and
 * sends every .gcda file under /sys/kernel/debug/gcov over the result
 * channel, after the loader's DONE, as records of harness/PROTOCOL.md's
 * form:
 *
 *   GCDA <nbytes> <path>       then exactly nbytes bytes and "\n"
 *   GCDA-END <nfiles>          all files were sent
 *
 * Then it reboots for real; QEMU runs with -no-reboot and exits.  The host
 * (harness/tabulate/kcov_report.py split) takes the records out of the stream before
 * the judge reads it.  Needs CONFIG_PID_NS and CONFIG_GCOV_KERNEL
 * (harness/kernels/kcov.config); without a PID namespace it runs the
 * loader directly and there is no coverage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "guest/chan.h"



#define LOADER_PATH	"/twc-init"
#define GCOV_ROOT	"/sys/kernel/debug/gcov"

static int n_files;

/* Read a whole file (debugfs gcov files report size 0: read to EOF). */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0 || !buf)
		goto fail;
	while ((r = read(fd, buf + n, cap - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		n += r;
		if (n == cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (!bigger)
				goto fail;
			buf = bigger;
		}
	}
	close(fd);
	*len = n;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Send every *.gcda below dir (debugfs links them next to their .gcno). */
static void send_gcda_tree(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t nlen = strlen(e->d_name), len;
		struct stat st;
		char *data;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			send_gcda_tree(path);
			continue;
		}
		if (!S_ISREG(st.st_mode) || nlen < 5 || strcmp(e->d_name + nlen - 5, ".gcda"))
			continue;
		data = slurp(path, &len);
		if (!data)
			continue;
		out_printf("GCDA %zu %s\n", len, path + strlen(GCOV_ROOT));
		out_write(data, len);
		out_write("\n", 1);
		free(data);
		n_files++;
	}
	closedir(d);
}

/* Run the loader as init of a new PID namespace and wait for it. */
static void run_loader(char **argv)
{
	pid_t pid;
	int status;

	if (unshare(CLONE_NEWPID)) {
		fprintf(stderr, "gcov-init: unshare(CLONE_NEWPID): %s; no coverage\n",
			strerror(errno));
		execv(LOADER_PATH, argv);
		return;
	}
	pid = fork();
	if (pid == 0) {
		execv(LOADER_PATH, argv);
		fprintf(stderr, "gcov-init: %s: %s\n", LOADER_PATH, strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

int main(void)
{
	char *argv[] = { LOADER_PATH, NULL };

	run_loader(argv);
	/* The loader mounted /proc, /sys and /dev in our mount namespace. */
	if (access("/sys/kernel", F_OK))
		mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	if (chan__open()) {
		fprintf(stderr, "gcov-init: %s: %s\n", CHANNEL_PATH, strerror(errno));
		goto out;
	}
	send_gcda_tree(GCOV_ROOT);
	out_printf("GCDA-END %d\n", n_files);
	close(out_fd);
out:
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
