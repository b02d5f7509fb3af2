// SPDX-License-Identifier: GPL-2.0
/*
 * pool.c: the guest's loader processes (pool.h).
 *
 * Each process reads case indexes, one a line, from its command pipe, runs
 * the case and answers "E <idx>" on its status pipe; PID 1 polls the status
 * pipes and hands the finished process the next case of the queue.  A
 * status pipe at its end is a process gone: reaped, its case in flight (if
 * any) faulted, and a new process started while cases are left.  One
 * process runs many cases: a fork per case cost 17 ms under TCG.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "guest/pool.h"

/* One loader process, as PID 1 sees it. */
struct loader {
	pid_t pid;		/* 0: none */
	int cmd;		/* PID 1 -> process: case indexes */
	int status;		/* process -> PID 1: "E <idx>" */
	int idx;		/* the case in flight, -1 */
};

/* What the whole pool works through. */
struct pool {
	const int *queue;
	int n, next;		/* queue[next] is the next case to hand out */
	const struct pool_ops *ops;
	struct loader loaders[POOL_MAX_JOBS];
	int jobs;
};

/* A loader process: run each case it is given until its command pipe
 * ends; never returns. */
static void loader__main(int cmd, int status, const struct pool_ops *ops)
{
	char buf[32], msg[32];
	ssize_t n;

	while ((n = read(cmd, buf, sizeof(buf) - 1)) > 0 || (n < 0 && errno == EINTR)) {
		int idx, len;

		if (n <= 0)
			continue;
		buf[n] = 0;
		idx = atoi(buf);
		ops->run(idx);
		len = snprintf(msg, sizeof(msg), "E %d\n", idx);
		if (write(status, msg, len) != len)
			fprintf(stderr, "twc-init: the loader's pipe: %s\n", strerror(errno));
	}
	_exit(0);
}

/* Start a loader process in slot l; 0, or -errno (no process). */
static int loader__start(struct loader *l, const struct pool *p)
{
	int cmd[2], status[2];

	if (pipe2(cmd, O_CLOEXEC))
		return -errno;
	if (pipe2(status, O_CLOEXEC)) {
		close(cmd[0]);
		close(cmd[1]);
		return -errno;
	}
	l->pid = fork();
	if (l->pid == 0) {
		/* Only its own pipes: another process's status pipe held open
		 * here would hide that process's end from PID 1. */
		for (int i = 0; i < p->jobs; i++) {
			const struct loader *o = &p->loaders[i];

			if (o->pid > 0 && o != l && o->cmd >= 0)
				close(o->cmd);
			if (o->pid > 0 && o != l)
				close(o->status);
		}
		close(cmd[1]);
		close(status[0]);
		loader__main(cmd[0], status[1], p->ops);
	}
	close(cmd[0]);
	close(status[1]);
	if (l->pid < 0) {
		int err = -errno;

		close(cmd[1]);
		close(status[0]);
		l->pid = 0;
		return err;
	}
	l->cmd = cmd[1];
	l->status = status[0];
	l->idx = -1;
	return 0;
}

/* Hand l the next case of the queue, or tell it to finish (its command
 * pipe closed) when there is none. */
static void loader__next(struct loader *l, struct pool *p)
{
	char msg[32];
	int len;

	if (p->next == p->n) {
		if (l->cmd >= 0)
			close(l->cmd);
		l->cmd = -1;
		return;
	}
	l->idx = p->queue[p->next++];
	p->ops->begin(l->idx);
	len = snprintf(msg, sizeof(msg), "%d\n", l->idx);
	if (write(l->cmd, msg, len) != len)	/* the process is gone: its end says so */
		fprintf(stderr, "twc-init: case %d: the loader's pipe: %s\n", l->idx,
			strerror(errno));
}

/* The status pipe of l ended: reap the process, fault its case in flight,
 * and start another one while cases are left. */
static void loader__gone(struct loader *l, struct pool *p)
{
	int status = 0;

	close(l->status);
	if (l->cmd >= 0)
		close(l->cmd);
	while (waitpid(l->pid, &status, 0) < 0 && errno == EINTR)
		;
	l->pid = 0;
	if (l->idx >= 0)
		p->ops->fault(l->idx, status);
	if (p->next < p->n && !loader__start(l, p))
		loader__next(l, p);
}

/* Read what l said: each "E <idx>" ends its case and earns it the next. */
static void loader__heard(struct loader *l, struct pool *p)
{
	char buf[256];
	ssize_t n = read(l->status, buf, sizeof(buf) - 1);

	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		loader__gone(l, p);
		return;
	}
	buf[n] = 0;
	for (char *s = buf; (s = strstr(s, "E ")); s += 2)
		if (atoi(s + 2) == l->idx) {
			l->idx = -1;
			loader__next(l, p);
		}
}

/* Wait for any process to say something, and act on it; 0 when none is
 * left. */
static int pool__poll(struct pool *p)
{
	struct pollfd fds[POOL_MAX_JOBS];
	int who[POOL_MAX_JOBS], n = 0;

	for (int i = 0; i < p->jobs; i++)
		if (p->loaders[i].pid > 0) {
			fds[n] = (struct pollfd){ .fd = p->loaders[i].status, .events = POLLIN };
			who[n++] = i;
		}
	if (!n)
		return 0;
	if (poll(fds, n, -1) < 0)
		return errno == EINTR ? 1 : 0;
	for (int i = 0; i < n; i++)
		if (fds[i].revents)
			loader__heard(&p->loaders[who[i]], p);
	return 1;
}

void pool__run(const int *queue, int n, int jobs, const struct pool_ops *ops)
{
	struct pool p = { .queue = queue, .n = n, .ops = ops,
			  .jobs = jobs < 1 ? 1 : jobs > POOL_MAX_JOBS ? POOL_MAX_JOBS : jobs };

	signal(SIGPIPE, SIG_IGN);	/* a write to a process gone fails instead */
	for (int i = 0; i < p.jobs && p.next < n; i++) {
		int err = loader__start(&p.loaders[i], &p);

		if (err) {
			fprintf(stderr, "twc-init: pipe or fork: %s\n", strerror(-err));
			break;
		}
		loader__next(&p.loaders[i], &p);
	}
	while (pool__poll(&p))
		;
	for (; p.next < n; p.next++) {	/* no process could start: run the rest here */
		ops->begin(queue[p.next]);
		ops->run(queue[p.next]);
	}
}
