// SPDX-License-Identifier: GPL-2.0
/*
 * qemu.c: `twc run` (vm.h): boot a kernel under QEMU on the twc initramfs and collect what
 * the guest reports, surviving hangs and panics.
 *
 * The guest writes the result stream (harness/PROTOCOL.md) on a virtconsole
 * backed by a file; the kernel console goes to another file.  The host
 * watches the stream: when QEMU exits before DONE, or the stream stays
 * silent past the time limit (a hang: QEMU is killed), the case that had
 * begun and not ended is recorded as CRASH with the console's tail, and the
 * guest is booted again from the next case.  With opts->jobs loader
 * processes two cases may be in flight: a crash then cannot be charged to
 * either, and both run again, one at a time, in the next boot (so do cases
 * whose console lines cannot be told apart, boot.h).  Each boot's records
 * go into the run's stream in plan order.  A boot whose kernel started
 * but died before its first case (a timer check panic under a loaded host,
 * a code-patching race of two vCPUs under TCG) is tried again, at most
 * opts->retries times in a row; when none reaches a case, or QEMU cannot
 * start the kernel, the run stops with the console's tail and QEMU's own
 * messages: an infrastructure failure, exit 3.
 * With opts->snapshot every boot after the first that reached its READY
 * restores that boot's saved guest instead of booting the kernel (snap.h);
 * a restore that fails is no retry: cold boots from there on.
 * SIGINT, SIGTERM and SIGHUP stop QEMU and keep what the guest reported
 * (exit 130); QEMU also dies with twc (PR_SET_PDEATHSIG).
 *
 * Outputs in --out-dir: stream (all boots, with host records), console.log
 * (all boots), boot-<n>.{stream,console,qemu} (raw per-boot files; .qemu
 * starts with QEMU's command line).  Files of earlier runs are removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glob.h>
#include <sys/param.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vm/boot.h"
#include "vm/progress.h"
#include "vm/qemu_cmd.h"
#include "vm/snap.h"
#include "vm/vm.h"

#define CONSOLE_TAIL_LINES 60

/* How one boot ended. */
enum boot_end {
	BOOT_DONE,		/* the guest said DONE */
	BOOT_CRASH,		/* died or hung inside a case: CRASH on it */
	BOOT_BETWEEN,		/* died between cases */
	BOOT_NO_CASE,		/* the kernel ran but reached no case */
	BOOT_NO_KERNEL,		/* QEMU did not start the kernel */
	BOOT_STOPPED,		/* a signal stopped the run */
	BOOT_UNRESTORED,	/* QEMU did not restore the saved state: boot cold */
};

/* Set by SIGINT, SIGTERM, SIGHUP: stop QEMU, keep what was reported. */
static volatile sig_atomic_t vm_stop;

static void vm__on_signal(int sig)
{
	vm_stop = sig;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) == (size_t)n) {
			buf[n] = 0;
			*len = n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/*
 * Read what was written to the stream file since st->complete and move
 * st->complete past its last whole record: a poll costs what was written
 * since the last one, and a blob still being written is not read again
 * until all of it is there.
 */
static void boot_state__update(struct boot_state *st, const char *path)
{
	struct stat sb;
	size_t len;
	char *buf;
	FILE *f;

	if (stat(path, &sb) || (size_t)sb.st_size <= st->complete ||
	    (size_t)sb.st_size < st->need)
		return;
	len = sb.st_size - st->complete;
	buf = malloc(len + 1);
	f = fopen(path, "rb");
	if (buf && f && !fseek(f, st->complete, SEEK_SET) && fread(buf, 1, len, f) == len)
		st->complete += boot_state__scan(st, buf, len);
	if (f)
		fclose(f);
	free(buf);
}

/* Start QEMU for one boot; returns its pid or -errno. */
static pid_t qemu__start(const struct vm_opts *o, int boot, const struct boot_start *at,
			 const struct snap *snap)
{
	char serial[PATH_MAX + 8], chardev[PATH_MAX + 32], qlog[PATH_MAX], alone[512];
	struct qemu_cmd cmd;
	pid_t pid;

	snprintf(serial, sizeof(serial), "file:%s/boot-%d.console", o->out_dir, boot);
	snprintf(chardev, sizeof(chardev), "file,id=twc,path=%s/boot-%d.stream",
		 o->out_dir, boot);
	snprintf(qlog, sizeof(qlog), "%s/boot-%d.qemu", o->out_dir, boot);
	boot_start__alone(at, alone, sizeof(alone));
	qemu_cmd__build(&cmd, o, serial, chardev, "/init", at->start, alone);
	if (snap->active)
		qemu_cmd__snap(&cmd, snap->ctl_path, snap->qmp_path,
			       snap->restoring ? snap->saved_ram : snap->ram, snap->restoring);
	if (o->verbose && boot == 0)
		qemu_cmd__print(&cmd, stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = open(qlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		qemu_cmd__print(&cmd, stderr);
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execvp(cmd.argv[0], cmd.argv);
		fprintf(stderr, "twc run: cannot start %s: %s\n", cmd.argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Kill QEMU (a hang, a signal, a state that did not restore) and read
 * what the guest wrote last; 1. */
static int qemu__kill(pid_t pid, const char *stream, struct boot_state *st, int *status)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	boot_state__update(st, stream);
	return 1;
}

/*
 * Wait for one boot to end: QEMU exits (DONE, reboot after panic) or the
 * stream is silent too long (hang; QEMU is killed).  Returns 1 for a hang.
 */
static int qemu__watch(const struct vm_opts *o, pid_t pid, const char *stream,
		       struct boot_state *st, struct snap *snap, int *status)
{
	unsigned long long last_change = now_ns(), t0 = last_change;
	off_t seen = 0;

	for (;;) {
		struct timespec nap = { 0, 50 * 1000 * 1000 };
		unsigned long long before = now_ns();
		enum snap_event ev;
		struct stat sb;
		int limit;

		if (waitpid(pid, status, WNOHANG) == pid)
			break;
		/* INIT: /init runs (its records wait for the parameters) */
		ev = snap__poll(snap, o->boot_timeout);
		if (ev == SNAP_INIT && !st->init_ns)
			st->init_ns = before - t0;
		if (ev != SNAP_NOTHING)
			last_change = now_ns();
		if (ev == SNAP_FAILED)
			return qemu__kill(pid, stream, st, status);
		/* Any new byte is progress, even inside a long blob. */
		if (!stat(stream, &sb) && sb.st_size != seen) {
			seen = sb.st_size;
			last_change = now_ns();
			if (!st->init_ns)
				st->init_ns = last_change - t0;
			boot_state__update(st, stream);
		}
		limit = !st->n_begun ? o->boot_timeout : o->case_timeout;
		if (vm_stop || now_ns() - last_change > (unsigned long long)limit * 1000000000ULL)
			return qemu__kill(pid, stream, st, status);
		nanosleep(&nap, NULL);
	}
	boot_state__update(st, stream);
	return 0;
}

/* The last n lines of a buffer. */
static const char *tail_lines(const char *buf, size_t len, int n)
{
	const char *p = buf + len;

	while (p > buf && n >= 0) {
		p--;
		if (*p == '\n' && --n < 0)
			return p + 1;
	}
	return buf;
}

/* How the boot ended, from what its stream and console show. */
static enum boot_end boot__end(const struct boot_state *st, const char *con)
{
	long in_flight;

	if (vm_stop)
		return BOOT_STOPPED;
	if (st->done)
		return BOOT_DONE;
	if (boot_state__in_flight(st, &in_flight, 1))
		return BOOT_CRASH;
	if (st->n_begun)
		return BOOT_BETWEEN;
	return con && *con ? BOOT_NO_CASE : BOOT_NO_KERNEL;
}

/* What QEMU wrote of boot (its command line, then its messages), read from
 * path (PATH_MAX bytes, filled in); NULL when there is none. */
static char *boot__qemu_said(const struct vm_opts *o, int boot, char *path, size_t *len)
{
	size_t n;

	snprintf(path, PATH_MAX, "%s/boot-%d.qemu", o->out_dir, boot);
	return slurp(path, len ? len : &n);
}

/* A boot that reached no case: the console's tail and QEMU's messages. */
static void boot__say_failed(const struct vm_opts *o, int boot, enum boot_end end, int hang,
			     int status, const char *con, size_t clen)
{
	char path[PATH_MAX];
	char *qemu = boot__qemu_said(o, boot, path, NULL);

	fprintf(stderr, "twc run: boot %d reached no case (%s, QEMU exit status %d)%s\n"
		"  kernel console tail:\n%s\n  QEMU said (%s):\n%s\n", boot,
		end == BOOT_NO_KERNEL ? "the kernel printed nothing" : hang ? "silent" : "died",
		WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		end == BOOT_NO_KERNEL ? "; is KERNEL a bzImage QEMU can boot?" : "",
		tail_lines(con ? con : "", clen, 25), path, qemu ? qemu : "(nothing)");
	free(qemu);
}

/* The guest died or hung with more than one case in flight: none can be
 * charged, each runs again alone (CASE_SHARED: boot__next drops them). */
static void boot__crash_shared(struct boot_state *st, int hang)
{
	long in_flight[BOOT_MAX_ALONE];
	int n = boot_state__in_flight(st, in_flight, BOOT_MAX_ALONE);

	if (n < 2)
		return;
	for (int i = 0; i < MIN(n, BOOT_MAX_ALONE); i++)
		st->cases[in_flight[i]] |= CASE_SHARED;
	fprintf(stderr, "twc run: guest %s with %d cases in flight (%ld, %ld%s)\n",
		hang ? "hung" : "died", n, in_flight[0], in_flight[1], n > 2 ? ", ..." : "");
}

/* The guest died or hung inside a case: its CRASH, with the console's
 * tail (each case in flight that does not run again). */
static void boot__crash(FILE *stream, struct boot_state *st, int hang, const char *con,
			size_t clen)
{
	const char *kind = hang ? "hang" : (con && strstr(con, "Kernel panic")) ? "panic" : "exit";
	const char *tail = tail_lines(con ? con : "", clen, CONSOLE_TAIL_LINES);
	long in_flight[BOOT_MAX_ALONE];
	int n = boot_state__in_flight(st, in_flight, BOOT_MAX_ALONE);

	for (int i = 0; i < MIN(n, BOOT_MAX_ALONE); i++) {
		if (st->cases[in_flight[i]] & CASE_DROPPED)
			continue;	/* runs again */
		fprintf(stream, "CRASH %ld %s\nCONSOLE %ld %zu\n%s\n", in_flight[i], kind,
			in_flight[i], strlen(tail), tail);
		if (st->progress)
			progress__crash(st->progress, in_flight[i], kind);
		fprintf(stderr, "twc run: case %ld: guest %s, booting again from the next case\n",
			in_flight[i], hang ? "hung" : "died");
	}
}

/* Say which cases the kernel's console lines could not be charged to, so
 * that they run again alone, and take them out of the progress count. */
static void boot__say_dropped(const struct boot_state *st, struct progress *progress)
{
	int n = 0;

	for (int i = 0; i < st->n_cases; i++) {
		if (!(st->cases[i] & CASE_DROPPED))
			continue;
		if (progress && (st->cases[i] & CASE_ENDED))
			progress__again(progress, i);
		fprintf(stderr, "%s%d", n++ ? ", " : "twc run: cases run again alone in the next "
			"boot (in flight together when the kernel printed, died or hung): ", i);
	}
	if (n)
		fprintf(stderr, "\n");
}

/* Read one boot's stream and console files; NULs on the serial line
 * become '?' (text, not the end). */
static void boot__slurp(const struct vm_opts *o, int boot, char **guest, size_t *glen,
			char **con, size_t *clen)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/boot-%d.stream", o->out_dir, boot);
	*guest = slurp(path, glen);
	snprintf(path, sizeof(path), "%s/boot-%d.console", o->out_dir, boot);
	*con = slurp(path, clen);
	for (size_t i = 0; *con && i < *clen; i++)
		if (!(*con)[i])
			(*con)[i] = '?';
}

/*
 * Append one boot's files to the run's stream and console: its records in
 * plan order, each case's console lines, a CRASH record when the guest
 * died or hung inside a case; the cases that cannot be charged are left
 * out and go into next's alone list.  How the boot ended.
 */
static enum boot_end boot__collect(const struct vm_opts *o, FILE *stream, FILE *console,
				   int boot, const struct boot_start *at, struct boot_start *next,
				   struct boot_state *st, int hang, int status,
				   unsigned long long ns)
{
	char *guest, *con, alone[512];
	size_t glen, clen;
	enum boot_end end;

	boot__slurp(o, boot, &guest, &glen, &con, &clen);
	end = boot__end(st, con);
	boot_start__alone(at, alone, sizeof(alone));
	fprintf(console, "=== twc boot %d (twc.start=%ld%s%s%s) ===\n%s", boot, at->start,
		*alone ? " twc.alone=" : "", alone, st->restored ? ", restored" : "",
		con ? con : "");
	if (boot__console(NULL, con ? con : "", clen, o->jobs, st))
		fprintf(stderr, "twc run: %s\n", strerror(ENOMEM));
	if (end == BOOT_CRASH)
		boot__crash_shared(st, hang);
	boot__next(next, at, st);
	boot__say_dropped(st, st->progress);
	if (guest && glen >= st->complete)
		boot__write(stream, guest, st);
	boot__console(stream, con ? con : "", clen, o->jobs, st);
	if (end == BOOT_CRASH)
		boot__crash(stream, st, hang, con, clen);
	else if (end == BOOT_BETWEEN)
		fprintf(stderr, "twc run: guest died between cases after case %ld; booting again\n",
			st->last_end);
	else if ((end == BOOT_NO_CASE || end == BOOT_NO_KERNEL) && !st->restored)
		boot__say_failed(o, boot, end, hang, status, con, clen);
	fprintf(stream, "BOOT %llu %llu%s\n", ns, st->init_ns, st->restored ? " restored" : "");
	free(guest);
	free(con);
	return end;
}

/* Number of CASE and BTF lines in the plan, or -errno. */
static long plan_count(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	long n = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		n += !strncmp(line, "CASE ", 5) || !strncmp(line, "BTF ", 4);
	fclose(f);
	return n;
}

/* A bzImage says so: "HdrS" at 0x202 (the x86 boot protocol). */
static int kernel__check(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int ok = f && !fseek(f, 0x202, SEEK_SET) && fread(magic, 1, 4, f) == 4 &&
		 !memcmp(magic, "HdrS", 4);

	if (!f)
		fprintf(stderr, "twc run: kernel '%s': %s\n", path, strerror(errno));
	else if (!ok)
		fprintf(stderr, "twc run: kernel '%s' is not a bzImage (no 'HdrS' at 0x202): give "
			"KERNEL= a kernel name of harness/kernels/kernels.list or a bzImage path\n",
			path);
	if (f)
		fclose(f);
	return ok ? 0 : -EINVAL;
}

/* Remove the per-boot files of an earlier run, so none is taken for ours. */
static void boot__remove_old(const char *out_dir)
{
	char pattern[PATH_MAX];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/boot-*.*", out_dir);
	if (glob(pattern, 0, NULL, &g))
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		unlink(g.gl_pathv[i]);
	globfree(&g);
}

/* Open the run's stream and console log afresh; 0 or 2. */
static int run__open(const struct vm_opts *o, FILE **stream, FILE **console)
{
	char path[PATH_MAX];

	mkdir(o->out_dir, 0755);
	boot__remove_old(o->out_dir);
	snprintf(path, sizeof(path), "%s/stream", o->out_dir);
	*stream = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/console.log", o->out_dir);
	*console = fopen(path, "w");
	if (*stream && *console)
		return 0;
	fprintf(stderr, "twc run: cannot write into '%s': %s\n", o->out_dir, strerror(errno));
	if (*stream)
		fclose(*stream);
	if (*console)
		fclose(*console);
	return 2;
}

/* Stop on SIGINT, SIGTERM, SIGHUP instead of dying with QEMU left behind. */
static void run__catch_signals(void)
{
	struct sigaction sa = { .sa_handler = vm__on_signal };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	vm_stop = 0;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* One boot from at; how it ended, and where the next one starts. */
static enum boot_end run__boot(const struct vm_opts *o, FILE *stream, FILE *console, int boot,
			       const struct boot_start *at, struct boot_start *next,
			       struct boot_state *st, struct snap *snap)
{
	unsigned long long t0 = now_ns();
	char path[PATH_MAX];
	int status = 0, hang;
	pid_t pid;

	*next = *at;
	snprintf(path, sizeof(path), "%s/boot-%d.stream", o->out_dir, boot);
	unlink(path);
	snap__boot(snap, at);
	st->restored = snap->restoring;
	pid = qemu__start(o, boot, at, snap);
	if (pid < 0) {
		fprintf(stderr, "twc run: fork: %s\n", strerror(-pid));
		return BOOT_NO_KERNEL;
	}
	hang = qemu__watch(o, pid, path, st, snap, &status);
	return boot__collect(o, stream, console, boot, at, next, st, hang, status,
			     now_ns() - t0);
}

/* Whether to boot again after a boot that ended so; tries counts the boots
 * in a row that reached no case.  0 to go on, else the run's exit code. */
static int run__again(const struct vm_opts *o, enum boot_end end, int *tries)
{
	if (end == BOOT_UNRESTORED)
		return 0;	/* no try of the kernel's */
	if (end == BOOT_STOPPED)
		return 130;
	if (end == BOOT_NO_KERNEL)
		return 3;
	if (end != BOOT_NO_CASE) {
		*tries = 0;
		return 0;
	}
	if (++*tries > o->retries)
		return 3;
	fprintf(stderr, "twc run: booting again (%d of %d)\n", *tries, o->retries);
	return 0;
}

/*
 * A restored boot that reached no case: the state did not restore (or the
 * guest did not go on from it).  Say so with QEMU's last words, and boot
 * cold from here on: never a verdict from a guest that may not be whole.
 */
static enum boot_end run__unrestored(const struct vm_opts *o, int boot, struct snap *snap)
{
	char path[PATH_MAX];
	size_t len;
	char *qemu = boot__qemu_said(o, boot, path, &len);

	fprintf(stderr, "twc run: boot %d did not restore the saved guest; booting cold from "
		"here on.  QEMU said (%s):\n%s\n", boot, path,
		qemu ? tail_lines(qemu, len, 5) : "(nothing)");
	free(qemu);
	unlink(snap->state);
	snap->off = true;
	return BOOT_UNRESTORED;
}

/* Boot until every case has run (or the boots fail); 0, 3 or 130. */
static int run__boots(const struct vm_opts *o, FILE *stream, FILE *console,
		      struct progress *progress, long n_cases, struct snap *snap)
{
	struct boot_start at = { 0 }, next;
	int boot = 0, tries = 0, ret = 0;

	/* One boot even without cases: the kernel's facts are worth having. */
	do {
		struct boot_state st;
		enum boot_end end;

		if (boot_state__init(&st, n_cases, progress)) {
			fprintf(stderr, "twc run: %s\n", strerror(ENOMEM));
			return 2;
		}
		end = run__boot(o, stream, console, boot, &at, &next, &st, snap);
		if (st.restored && (end == BOOT_NO_CASE || end == BOOT_NO_KERNEL))
			end = run__unrestored(o, boot, snap);
		boot++;
		boot_state__free(&st);
		fflush(stream);
		ret = run__again(o, end, &tries);
		at = next;
	} while (!ret && (at.start < n_cases || at.n_alone));
	return ret;
}

/* Snapshots for this run, when asked for and possible (not under gdb). */
static void run__snap_init(const struct vm_opts *o, struct snap *snap)
{
	int err;

	if (!o->snapshot || o->gdb_port) {
		snap__init_off(snap);
		return;
	}
	err = snap__init(snap, o->mem_mb, &vm_stop);
	if (err)
		fprintf(stderr, "twc run: no snapshots (every boot a cold one): %s\n",
			strerror(-err));
}

int vm__run(const struct vm_opts *o)
{
	struct progress progress;
	struct snap snap;
	FILE *stream, *console;
	long n_cases;
	int ret;

	if (kernel__check(o->kernel))
		return 2;
	n_cases = plan_count(o->plan);
	if (n_cases < 0) {
		fprintf(stderr, "twc run: plan '%s': %s\n", o->plan, strerror(-n_cases));
		return 2;
	}
	if (run__open(o, &stream, &console))
		return 2;
	if (progress__init(&progress, o->plan, o->quiet ? NULL : stdout, o->label)) {
		fprintf(stderr, "twc run: plan '%s': %s\n", o->plan, strerror(ENOMEM));
		return 2;
	}
	run__catch_signals();
	run__snap_init(o, &snap);
	ret = run__boots(o, stream, console, &progress, n_cases, &snap);
	snap__free(&snap);
	fclose(stream);
	fclose(console);
	progress__free(&progress);
	if (ret == 130)
		fprintf(stderr, "twc run: stopped by signal %d; QEMU is gone, the stream so far is "
			"in '%s/stream'\n", (int)vm_stop, o->out_dir);
	return ret;
}
