// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c: veristat on the plan's objects, for make bench (bench.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest/bench.h"

static unsigned long long bench__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

unsigned long long bench__veristat(FILE *plan, int *n_objs)
{
	static char objs[1024][512];
	char *argv[1024 + 5] = { "/veristat", "-v", "-l", "1" }, line[4096];
	unsigned long long t0;
	int n = 0, argc = 4, status;
	pid_t pid;

	rewind(plan);
	while (fgets(line, sizeof(line), plan) && n < 1024)
		if (sscanf(line, "CASE %*d %*s %511s", objs[n]) == 1 &&
		    (!n || strcmp(objs[n], objs[n - 1])))
			argv[argc++] = objs[n++];
	t0 = bench__now_ns();
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*n_objs = n;
	return bench__now_ns() - t0;
}
