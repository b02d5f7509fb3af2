// SPDX-License-Identifier: GPL-2.0
/*
 * snap.c: boots that cost less (snap.h): the control port's talk with the
 * guest, and the state saved once over QMP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>

#include "vm/boot.h"
#include "vm/qmp.h"
#include "vm/snap.h"

/* Where the files go: the guest's RAM is a file there (tmpfs: no disk). */
#define SNAP_DIR	"/dev/shm"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A listening Unix socket at path, non-blocking; the fd or -errno. */
static int snap__listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

void snap__init_off(struct snap *s)
{
	*s = (struct snap){ .ctl_listen = -1, .qmp_listen = -1, .ctl = -1, .qmp = -1,
			    .off = true };
}

/* The files of a snapshot directory, by their names in it. */
static const char *const snap_files[] = { "ctl", "qmp", "state", "ram", "ram.saved" };

/* Remove the directory (and its files) a twc run killed by SIGKILL left:
 * "twc-snap.<pid>.XXXXXX" of a pid that is gone. */
static void snap__sweep(void)
{
	DIR *d = opendir(SNAP_DIR);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[300];
		int pid;

		if (sscanf(e->d_name, "twc-snap.%d.", &pid) != 1 || pid <= 0 ||
		    !kill(pid, 0) || errno != ESRCH)
			continue;
		for (size_t i = 0; i < sizeof(snap_files) / sizeof(snap_files[0]); i++) {
			snprintf(path, sizeof(path), SNAP_DIR "/%s/%s", e->d_name, snap_files[i]);
			unlink(path);
		}
		snprintf(path, sizeof(path), SNAP_DIR "/%s", e->d_name);
		rmdir(path);
	}
	if (d)
		closedir(d);
}

int snap__init(struct snap *s, int mem_mb, volatile sig_atomic_t *stop)
{
	struct statvfs vfs;

	snap__sweep();
	snap__init_off(s);
	s->stop = stop;
	s->mem_mb = mem_mb;
	/* the guest's RAM twice over (the running one, the saved one) */
	if (statvfs(SNAP_DIR, &vfs))
		return -errno;
	if ((unsigned long long)vfs.f_bavail * vfs.f_frsize < 2ULL * (mem_mb + 64) << 20)
		return -ENOSPC;
	snprintf(s->dir, sizeof(s->dir), "%s/twc-snap.%d.XXXXXX", SNAP_DIR, (int)getpid());
	if (!mkdtemp(s->dir)) {
		s->dir[0] = 0;
		return -errno;
	}
	snprintf(s->ctl_path, sizeof(s->ctl_path), "%s/ctl", s->dir);
	snprintf(s->qmp_path, sizeof(s->qmp_path), "%s/qmp", s->dir);
	snprintf(s->state, sizeof(s->state), "%s/state", s->dir);
	snprintf(s->ram, sizeof(s->ram), "%s/ram", s->dir);
	snprintf(s->saved_ram, sizeof(s->saved_ram), "%s/ram.saved", s->dir);
	s->ctl_listen = snap__listen(s->ctl_path);
	s->qmp_listen = snap__listen(s->qmp_path);
	if (s->ctl_listen < 0 || s->qmp_listen < 0) {
		int err = s->ctl_listen < 0 ? s->ctl_listen : s->qmp_listen;

		snap__free(s);
		return err;
	}
	s->off = false;
	return 0;
}

static void fd__close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void snap__free(struct snap *s)
{
	fd__close(&s->ctl);
	fd__close(&s->qmp);
	fd__close(&s->ctl_listen);
	fd__close(&s->qmp_listen);
	if (!s->dir[0])
		return;
	unlink(s->ctl_path);
	unlink(s->qmp_path);
	unlink(s->state);
	unlink(s->ram);
	unlink(s->saved_ram);
	rmdir(s->dir);
	s->dir[0] = 0;
	s->off = true;
}

void snap__params(const struct boot_start *at, char *buf, size_t len)
{
	char alone[512];

	boot_start__alone(at, alone, sizeof(alone));
	snprintf(buf, len, "twc.start=%ld%s%s\n", at->start, *alone ? " twc.alone=" : "", alone);
}

/* Close what QEMUs of earlier boots left waiting on a listening socket. */
static void snap__drain(int lfd)
{
	int fd;

	while (lfd >= 0 && (fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
		close(fd);
}

void snap__boot(struct snap *s, const struct boot_start *at)
{
	fd__close(&s->ctl);
	fd__close(&s->qmp);
	snap__drain(s->ctl_listen);
	snap__drain(s->qmp_listen);
	s->active = !s->off;
	s->restoring = s->active && s->taken;
	if (s->active && !s->taken)
		unlink(s->ram);	/* a new guest's RAM starts as zeros */
	s->init = s->ready = s->sent = false;
	s->ctl_len = s->qmp_len = 0;
	snap__params(at, s->params, sizeof(s->params));
}

/* Accept a connection on lfd into *fd if there is one; whether there was. */
static bool snap__accept(int lfd, int *fd)
{
	if (*fd >= 0 || lfd < 0)
		return false;
	*fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	return *fd >= 0;
}

/* Write all of buf to fd (non-blocking: waits up to 5 s); 0 or -errno. */
static int fd__send(int fd, const char *buf, size_t len)
{
	long long deadline = now_ms() + 5000;

	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EAGAIN && now_ms() < deadline) {
			poll(&(struct pollfd){ .fd = fd, .events = POLLOUT }, 1, 100);
			continue;
		}
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			buf += n, len -= n;
	}
	return 0;
}

/* Read what the guest said on the control port; whether READY is in it. */
static bool snap__read_ready(struct snap *s)
{
	ssize_t n = read(s->ctl, s->ctl_buf + s->ctl_len, sizeof(s->ctl_buf) - 1 - s->ctl_len);

	if (n <= 0)
		return false;
	s->ctl_len += n;
	s->ctl_buf[s->ctl_len] = 0;
	if (s->ctl_len == sizeof(s->ctl_buf) - 1)
		s->ctl_len = 0;	/* no READY in so much: start over */
	return strstr(s->ctl_buf, "READY\n") != NULL;
}

/* The next line from QMP into line (its '\n' dropped), waiting until
 * deadline; 0, -ETIMEDOUT, -EINTR (a signal to stop) or -EPIPE. */
static int qmp__line(struct snap *s, char *line, size_t len, long long deadline)
{
	for (;;) {
		char *nl = memchr(s->qmp_buf, '\n', s->qmp_len);
		ssize_t n;

		if (nl) {
			size_t l = nl - s->qmp_buf + 1;

			snprintf(line, len, "%.*s", (int)(l - 1), s->qmp_buf);
			memmove(s->qmp_buf, nl + 1, s->qmp_len - l);
			s->qmp_len -= l;
			return 0;
		}
		if (s->qmp_len == sizeof(s->qmp_buf))
			s->qmp_len = 0;	/* a line longer than we read: skip it */
		if (*s->stop)
			return -EINTR;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		poll(&(struct pollfd){ .fd = s->qmp, .events = POLLIN }, 1, 100);
		n = read(s->qmp, s->qmp_buf + s->qmp_len, sizeof(s->qmp_buf) - s->qmp_len);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return -EPIPE;
		if (n > 0)
			s->qmp_len += n;
	}
}

/* Send one QMP command and read lines up to its reply (events skipped)
 * into reply; 0, -EIO (QEMU said an error: on stderr) or as qmp__line. */
static int qmp__command(struct snap *s, const char *cmd, char *reply, size_t len,
			long long deadline)
{
	enum qmp_kind kind = QMP_OTHER;
	char desc[256];
	int err = fd__send(s->qmp, cmd, strlen(cmd));

	while (!err && kind != QMP_RETURN && kind != QMP_ERROR) {
		err = qmp__line(s, reply, len, deadline);
		kind = err ? QMP_OTHER : qmp__kind(reply);
	}
	if (err || kind == QMP_RETURN)
		return err;
	qmp__str(reply, "desc", desc, sizeof(desc));
	fprintf(stderr, "twc run: QEMU refused %.*s: %s\n", (int)strcspn(cmd, "\n"), cmd, desc);
	return -EIO;
}

/* Wait for the migration to the state file to end; 0, -EIO, ... */
static int qmp__wait_migrated(struct snap *s, long long deadline)
{
	char reply[4096], status[32];
	int err;

	for (;;) {
		err = qmp__command(s, "{\"execute\":\"query-migrate\"}\n", reply, sizeof(reply),
				   deadline);
		if (err)
			return err;
		qmp__str(reply, "status", status, sizeof(status));
		if (!strcmp(status, "completed"))
			return 0;
		if (!strcmp(status, "failed") || !strcmp(status, "cancelled")) {
			qmp__str(reply, "error-desc", status, sizeof(status));
			fprintf(stderr, "twc run: saving the guest's state failed: %s\n", status);
			return -EIO;
		}
		usleep(20000);
	}
}

/* QEMU's monitor for this boot: its connection, greeting, capabilities,
 * and migration without the guest's RAM (a file of its own, snap.h). */
static int qmp__open(struct snap *s, long long deadline)
{
	char reply[4096];
	int err;

	while (s->qmp < 0 && !snap__accept(s->qmp_listen, &s->qmp) && now_ms() < deadline &&
	       !*s->stop)
		poll(&(struct pollfd){ .fd = s->qmp_listen, .events = POLLIN }, 1, 100);
	if (s->qmp < 0)
		return -ENOTCONN;
	do
		err = qmp__line(s, reply, sizeof(reply), deadline);
	while (!err && qmp__kind(reply) != QMP_GREETING);
	if (!err)
		err = qmp__command(s, "{\"execute\":\"qmp_capabilities\"}\n", reply,
				   sizeof(reply), deadline);
	if (!err)
		err = qmp__command(s, "{\"execute\":\"migrate-set-capabilities\",\"arguments\":"
				   "{\"capabilities\":[{\"capability\":\"x-ignore-shared\","
				   "\"state\":true}]}}\n", reply, sizeof(reply), deadline);
	return err;
}

/* Copy the RAM file's data (not its holes) from src to dst; 0 or -errno. */
static int file__copy_sparse(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, err = 0;
	struct stat sb;
	off_t data = 0, hole;

	if (in < 0 || fstat(in, &sb))
		err = -errno;
	if (!err && ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0 ||
		     ftruncate(out, sb.st_size)))
		err = -errno;
	while (!err && (data = lseek(in, data, SEEK_DATA)) >= 0) {
		hole = lseek(in, data, SEEK_HOLE);
		for (off_t at = data; !err && at < hole; ) {
			ssize_t n = copy_file_range(in, &at, out, &(off_t){ at }, hole - at, 0);

			if (n <= 0)
				err = n < 0 ? -errno : -EIO;
		}
		data = hole;
	}
	if (!err && errno != ENXIO)
		err = -errno;	/* SEEK_DATA past the last data is ENXIO: the end */
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return err;
}

/*
 * Save the VM, stopped, into s->state (its devices) and s->saved_ram (its
 * RAM, copied from the file it runs on), then let it go on.  0 or -errno.
 */
static int snap__save(struct snap *s, int timeout_s)
{
	long long deadline = now_ms() + timeout_s * 1000LL;
	char cmd[256], reply[4096];
	int err = qmp__open(s, deadline);

	if (!err)
		err = qmp__command(s, "{\"execute\":\"stop\"}\n", reply, sizeof(reply), deadline);
	snprintf(cmd, sizeof(cmd), "{\"execute\":\"migrate\",\"arguments\":"
		 "{\"uri\":\"exec:cat > %s\"}}\n", s->state);
	if (!err)
		err = qmp__command(s, cmd, reply, sizeof(reply), deadline);
	if (!err)
		err = qmp__wait_migrated(s, deadline);
	if (!err)
		err = file__copy_sparse(s->ram, s->saved_ram);
	/* the guest runs on even when the save failed */
	if (s->qmp >= 0 && qmp__command(s, "{\"execute\":\"cont\"}\n", reply, sizeof(reply),
					 deadline) && !err)
		err = -EIO;
	return err;
}

/* Start this boot's QEMU (-incoming defer) from the saved state and let the
 * guest run; 0 or -errno (QEMU then exits or is killed). */
static int snap__restore(struct snap *s, int timeout_s)
{
	long long deadline = now_ms() + timeout_s * 1000LL;
	char cmd[256], reply[4096];
	int err = qmp__open(s, deadline);

	snprintf(cmd, sizeof(cmd), "{\"execute\":\"migrate-incoming\",\"arguments\":"
		 "{\"uri\":\"exec:cat %s\"}}\n", s->state);
	if (!err)
		err = qmp__command(s, cmd, reply, sizeof(reply), deadline);
	if (!err)
		err = qmp__wait_migrated(s, deadline);
	if (!err)
		err = qmp__command(s, "{\"execute\":\"cont\"}\n", reply, sizeof(reply), deadline);
	return err;
}

/* The first READY of a run: save the state (or say why not, and go on
 * without snapshots).  The RAM file's name goes either way: the running
 * guest keeps it until its QEMU exits. */
static void snap__take(struct snap *s, int timeout_s)
{
	long long t0 = now_ms();
	int err = snap__save(s, timeout_s);

	s->save_ns = (now_ms() - t0) * 1000000ULL;
	unlink(s->ram);
	if (!err) {
		s->taken = true;
		fprintf(stderr, "twc run: saved the guest ready for its cases in %.1f s; a boot "
			"after a crash restores it\n", s->save_ns / 1e9);
		return;
	}
	fprintf(stderr, "twc run: could not save the guest's state (%s); every boot is a "
		"cold one\n", strerror(-err));
	unlink(s->state);
	unlink(s->saved_ram);
	s->off = true;
}

/* A restored boot: restore, or say why not (the boot is then one that
 * did not restore: run__unrestored). */
static enum snap_event snap__restored(struct snap *s, int timeout_s)
{
	int err = snap__restore(s, timeout_s);

	if (!err)
		return SNAP_PROGRESS;
	fprintf(stderr, "twc run: restoring the saved guest: %s\n", strerror(-err));
	s->sent = true;	/* nothing more to do in this boot */
	return SNAP_FAILED;
}

enum snap_event snap__poll(struct snap *s, int timeout_s)
{
	enum snap_event ev = SNAP_NOTHING;
	int err;

	if (!s->active || s->sent)
		return ev;
	if (snap__accept(s->ctl_listen, &s->ctl))
		ev = SNAP_PROGRESS;
	if (s->ctl < 0)
		return ev;
	if (s->restoring && snap__restored(s, timeout_s) == SNAP_FAILED)
		return SNAP_FAILED;
	if (!s->restoring && !s->ready) {
		bool ready = snap__read_ready(s);

		if (!s->init && s->ctl_len) {
			s->init = true;	/* INIT, the guest's first word */
			ev = SNAP_INIT;
		}
		if (!ready)
			return ev;
		s->ready = true;
		if (!s->off && !s->taken)
			snap__take(s, timeout_s);
	}
	err = fd__send(s->ctl, s->params, strlen(s->params));
	if (err)
		fprintf(stderr, "twc run: the guest's control port: %s\n", strerror(-err));
	s->sent = true;
	return ev == SNAP_NOTHING ? SNAP_PROGRESS : ev;
}
