// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c: veristat on the plan's objects, for make bench (bench.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest/bench.h"

#define BENCH_MAX_OBJS	1024

static unsigned long long bench__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int bench__csv_line(const char *line, int *accepted, long *usec)
{
	char end;

	if (!strncmp(line, "success,", 8))
		*accepted = 1;
	else if (!strncmp(line, "failure,", 8))
		*accepted = 0;
	else
		return 0;
	return sscanf(line + 8, "%ld%c", usec, &end) == 2 && end == '\n' && *usec >= 0;
}

/* Add what veristat's output on fd says of its programs to r. */
static void bench__read_output(int fd, struct bench_veristat *r)
{
	FILE *f = fdopen(fd, "r");
	char line[4096];
	int at_start = 1, ok;
	long us;

	if (!f) {
		close(fd);
		return;
	}
	/* A log can hold longer lines: only a whole line is a row. */
	while (fgets(line, sizeof(line), f)) {
		if (at_start && bench__csv_line(line, &ok, &us)) {
			r->progs++;
			r->accepted += ok;
			r->verif_us += us;
		}
		at_start = strchr(line, '\n') != NULL;
	}
	fclose(f);
}

/* Run argv (veristat) with its output read into r; 0 or its exit status,
 * -1 if it did not run to its end. */
static int bench__run(char **argv, struct bench_veristat *r)
{
	int status = 0, pipefd[2];
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		close(pipefd[0]);
		dup2(pipefd[1], 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	if (pid < 0) {
		close(pipefd[0]);
		return -1;
	}
	bench__read_output(pipefd[0], r);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* veristat's arguments for the objects of log level l (of 0 to 3), in
 * argv; how many, or 0 when no object has that level. */
static int bench__args(char **argv, int l, char objs[][512], const int *level, int n,
		       char *size, char *lvl)
{
	int argc = 0, first;

	argv[argc++] = "/veristat";
	argv[argc++] = "-o";
	argv[argc++] = "csv";
	argv[argc++] = "-e";
	argv[argc++] = "verdict,duration";
	if (l) {
		/* Its own default log buffer is as large as the kernel takes,
		 * 1 GiB: more than the guest lets it allocate, and every load
		 * fails with ENOMEM.  The loader's. */
		lvl[0] = (char)('0' + l);
		lvl[1] = 0;
		argv[argc++] = "-v";
		argv[argc++] = "-l";
		argv[argc++] = lvl;
		argv[argc++] = "--log-size";
		argv[argc++] = size;
	}
	first = argc;
	for (int i = 0; i < n; i++)
		if ((level[i] & 3) == l)
			argv[argc++] = objs[i];
	argv[argc] = NULL;
	return argc == first ? 0 : argc;
}

void bench__veristat(FILE *plan, int log_size, struct bench_veristat *r)
{
	static char objs[BENCH_MAX_OBJS][512];
	static char *argv[BENCH_MAX_OBJS + 16];
	int level[BENCH_MAX_OBJS], n = 0;
	char line[4096], size[32], lvl[2];
	unsigned long long t0;

	memset(r, 0, sizeof(*r));
	rewind(plan);
	while (fgets(line, sizeof(line), plan) && n < BENCH_MAX_OBJS)
		if (sscanf(line, "CASE %*d %*s %511s %*s %d", objs[n], &level[n]) == 2 &&
		    (!n || strcmp(objs[n], objs[n - 1])))
			n++;
	r->objs = n;
	snprintf(size, sizeof(size), "%d", log_size);
	t0 = bench__now_ns();
	/* One run per verifier log level: veristat takes one for all its
	 * objects, and always adds the statistics (4). */
	for (int l = 0; l < 4; l++) {
		int status;

		if (!bench__args(argv, l, objs, level, n, size, lvl))
			continue;
		status = bench__run(argv, r);
		if (status && !r->status)
			r->status = status;
	}
	r->ns = bench__now_ns() - t0;
}
