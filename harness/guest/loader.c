// SPDX-License-Identifier: GPL-2.0
/*
 * twc-init: the guest side of twc, run as /init of the initramfs.
 *
 * It records facts and makes no decisions: for every case of the plan it
 * opens the object with libbpf, prepares it (maps, relocations, kfunc
 * resolution), loads the auxiliary programs and then the case program with
 * the log level the plan asks for, and writes what happened to the result
 * channel (virtconsole /dev/hvc0): errno, the raw kernel log (libbpf's
 * bpf_program__clone() does not rewrite it), log_true_size, verified_insns
 * and the load time.  The format is harness/PROTOCOL.md's "stream".
 *
 * The cases run in loader processes (pool.c), twc.jobs= of them at once,
 * in the plan's ORDER from position twc.start= on (one at a time before
 * position twc.serial=), after the cases
 * twc.alone= names, which run one at a time.  Before handing a case to a
 * process it writes BEGIN to the channel and "twc: case <idx>" to
 * /dev/kmsg, so the host can name the cases in flight when the kernel hangs
 * or panics; the process writes the case's records in one write, and with
 * more than one process "twc: end <idx>" to /dev/kmsg.  At the end it
 * reboots; QEMU runs with -no-reboot and exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "case/facts.h"
#include "case/order.h"
#include "guest/btfcase_run.h"
#include "guest/chan.h"
#include "guest/bench.h"
#include "guest/pcpu.h"
#include "guest/ctl.h"
#include "guest/modules.h"
#include "guest/pool.h"
#include "guest/progarray.h"
#include "guest/testloader.h"
#include "lib/errnames.h"

#define PLAN_PATH	"/plan"
/* Large enough that a load is not repeated for its log in the common case:
 * at level 1 log_true_size counts the longest the log ever was, 11.8 MB for
 * a 304-byte final log.  The pages are touched only as the kernel writes. */
#define LOG_START_SIZE	(32 * 1024 * 1024)
#define LOG_MAX_SIZE	(256 * 1024 * 1024)
#define LIBBPF_BUF_SIZE	(64 * 1024)

/* How long a BPF stream the plan asks for may stay empty after the test
 * run (streams_case()). */
#define STREAM_WAIT_MS	1000

/* libbpf's messages for the case in progress (kept for LIBBPF records). */
static char libbpf_buf[LIBBPF_BUF_SIZE];
static size_t libbpf_len;

/* The translated program of the case in progress (XLATED records). */
static void *xlated_buf;
static __u32 xlated_len;

/* What a BPF stream of the case in progress held (BPFSTREAM records). */
static char *bpf_stream_buf;
/* The JIT image of the case in progress (JITED records). */
static struct testloader_jited jited;

/* log_true_size of the last BPF_PROG_LOAD, see __wrap_bpf_prog_load(). */
static __u32 last_log_true_size;

/* The kernel's BTF, parsed once by the loader before any case (5.3 MB: about
 * 96 ms under TCG, which libbpf spent again for every object that needs
 * it): every object gets it from __wrap_btf__load_vmlinux_btf(). */
static struct btf *vmlinux_btf;

struct guest_case {
	int idx;
	char id[256];
	char object[512];
	char prog[128];
	int log_level;
	unsigned int prog_flags;
	char aux[1024];
	char mode[32];		/* "priv" or "unpriv:<hex caps kept>" */
	char after[32];		/* after a successful load: "-", or of "xlated,jited,run,stderr,stdout" */
	struct testloader_setup setup;	/* the setup records after the CASE line */
};

/*
 * libbpf 1.8's bpf_program__clone() passes its own bpf_prog_load_opts to
 * bpf_prog_load() and does not hand log_true_size back.  The loader is
 * linked with --wrap=bpf_prog_load to read it on the way out.  The clone
 * also passes the object's fd_array_cnt, which bpf_object__load() (and so
 * test_loader) never does: the kernel then takes every slot for a map or a
 * BTF to bind, slot 0 too, which libbpf leaves 0 (a module kfunc's BTF fd
 * index starts at 1), and refuses the program with "fd 0 is not pointing
 * to valid bpf_map or btf".  The wrapper leaves the count out, as
 * bpf_object__load() does: the kernel reads the slots a kfunc call names.
 */
int __real_bpf_prog_load(enum bpf_prog_type type, const char *name,
			 const char *license, const struct bpf_insn *insns,
			 size_t insn_cnt, struct bpf_prog_load_opts *opts);

int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name,
			 const char *license, const struct bpf_insn *insns,
			 size_t insn_cnt, struct bpf_prog_load_opts *opts)
{
	int fd;

	if (opts)
		opts->fd_array_cnt = 0;
	fd = __real_bpf_prog_load(type, name, license, insns, insn_cnt, opts);

	last_log_true_size = opts ? opts->log_true_size : 0;
	return fd;
}

struct btf *__real_btf__load_vmlinux_btf(void);
void __real_btf__free(struct btf *btf);

/* libbpf's parse of the kernel's BTF, done once: every object gets the
 * loader's parse (libbpf only reads it)... */
struct btf *__wrap_btf__load_vmlinux_btf(void)
{
	return vmlinux_btf ?: __real_btf__load_vmlinux_btf();
}

/* ... and closing an object does not free it. */
void __wrap_btf__free(struct btf *btf)
{
	if (btf && btf != vmlinux_btf)
		__real_btf__free(btf);
}

/* A record that carries bytes: header line, exactly len bytes, "\n". */
static void out_blob(const char *tag, int idx, const char *buf, size_t len)
{
	out_printf("%s %d %zu\n", tag, idx, len);
	out_write(buf, len);
	out_write("\n", 1);
}

/* Append to the case's libbpf messages; what does not fit is cut. */
static void libbpf_vadd(const char *fmt, va_list ap)
{
	int n;

	if (libbpf_len >= sizeof(libbpf_buf) - 1)
		return;
	n = vsnprintf(libbpf_buf + libbpf_len, sizeof(libbpf_buf) - libbpf_len, fmt, ap);
	if (n > 0)
		libbpf_len += n;
	if (libbpf_len >= sizeof(libbpf_buf))
		libbpf_len = sizeof(libbpf_buf) - 1;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_DEBUG)
		libbpf_vadd(fmt, ap);
	return 0;
}

/* A note of the loader's own among libbpf's messages (LIBBPF records). */
static __attribute__((format(printf, 1, 2))) void libbpf_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	libbpf_vadd(fmt, ap);
	va_end(ap);
}

static void kmsg(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0)
		return;
	if (n > 0 && write(fd, line, strlen(line)) < 0)
		n = 0;
	close(fd);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Unprivileged BPF: Debian kernels boot with unprivileged_bpf_disabled=2,
 * which root may lower to 0 (1 would be final).  The fact says whether
 * unprivileged cases can run at all.
 */
static void enable_unpriv_bpf(void)
{
	int fd = open("/proc/sys/kernel/unprivileged_bpf_disabled", O_RDWR);
	char v[8] = "";

	if (fd >= 0) {
		if (write(fd, "0", 1) < 0 || lseek(fd, 0, SEEK_SET) < 0 || read(fd, v, 1) < 0)
			v[0] = 0;
		close(fd);
	}
	out_printf("FACT unpriv_bpf %d\n", v[0] == '0');
}

/* Facts about this kernel that the plan's REQ lines ask for. */
static void report_facts(FILE *plan)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	char line[1024], buf[64] = "";
	struct utsname u;
	int fd;

	uname(&u);
	out_printf("FACT release %s\nFACT version %s\nFACT machine %s\n",
		   u.release, u.version, u.machine);
	fd = open("/sys/kernel/realtime", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	if (fd >= 0)
		close(fd);
	out_printf("FACT preempt_rt %d\n", facts__preempt_rt(u.version, fd >= 0 ? buf : NULL));
	out_printf("FACT vmlinux_btf %d\n", vmlinux != NULL);
	out_printf("FACT bpf_testmod %d\nFACT kconfig %d\nFACT testing_prog_flags %#x\n"
		   "FACT jit_enabled %d\n", testloader__has_testmod(),
		   testloader__kconfig_ready(u.release), testloader__probe(),
		   testloader__jit_enabled());
	out_printf("FACT bpf_stream_probe %s\n",
		   errname_str(testloader__stream_probe(), buf, sizeof(buf)));
	for (int i = 0; modules__fact(i, line, sizeof(line)); i++)
		out_printf("%s", line);
	enable_unpriv_bpf();

	rewind(plan);
	while (fgets(line, sizeof(line), plan)) {
		char name[256];

		if (sscanf(line, "REQ kfunc:%255s", name) == 1)
			out_printf("FACT kfunc:%s %d\n", name, vmlinux &&
				   btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0);
	}
	vmlinux_btf = vmlinux;	/* kept for every case's child */
}

/* Parse one CASE line of the plan and the setup records kept after it
 * (plan_cases__add()); 0 on success. */
static int guest_case__parse(struct guest_case *c, const char *line)
{
	int n = sscanf(line, "CASE %d %255s %511s %127s %d %u %1023s %31s %31s", &c->idx,
		       c->id, c->object, c->prog, &c->log_level, &c->prog_flags,
		       c->aux, c->mode, c->after);

	memset(&c->setup, 0, sizeof(c->setup));
	for (line = strchr(line, '\n'); n == 9 && line && line[1]; line = strchr(line + 1, '\n'))
		if (testloader__setup_line(&c->setup, line + 1))
			n = -1;
	return n == 9 ? 0 : -EINVAL;
}

/* The case's object opened as test_loader opens it: with __btf_path's BTF
 * as btf_custom_path (BTFPATH), else the kernel's. */
static struct bpf_object *case__open(const struct guest_case *c)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);

	if (c->setup.btf_path[0])
		opts.btf_custom_path = c->setup.btf_path;
	return bpf_object__open_file(c->object, &opts);
}

/* Load one program from a prepared object at log level level; the log
 * grows to log_true_size. */
static int load_prog_at(struct bpf_program *prog, const struct guest_case *c, int level,
			char **log, size_t *log_size, unsigned long long *ns)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	unsigned long long t0;
	size_t want;
	int fd;

	for (;;) {
		opts.log_level = level;
		opts.log_buf = level ? *log : NULL;
		opts.log_size = level ? *log_size : 0;
		opts.prog_flags = testloader__flags(prog, c->prog_flags);
		if (opts.log_buf)
			(*log)[0] = 0;
		last_log_true_size = 0;
		t0 = now_ns();
		fd = bpf_program__clone(prog, &opts);
		*ns = now_ns() - t0;
		/* Kernels before 6.4 do not report log_true_size: grow by 4. */
		want = last_log_true_size ? last_log_true_size + 1 : *log_size * 4;
		if (fd != -ENOSPC || !level || want <= *log_size || want > LOG_MAX_SIZE)
			return fd;
		free(*log);
		*log_size = want;
		*log = calloc(1, *log_size);
		if (!*log)
			return -ENOMEM;
	}
}

/* Load one program with the plan's log level; a load at level 0 that
 * fails is loaded again at level 1 for its log, as libbpf's
 * bpf_object_load_prog() does (the selftests' default).  *level is the
 * level of the load reported. */
static int load_prog(struct bpf_program *prog, const struct guest_case *c, int *level,
		     char **log, size_t *log_size, unsigned long long *ns)
{
	int fd;

	*level = c->log_level;
	fd = load_prog_at(prog, c, *level, log, log_size, ns);
	if (fd < 0 && !*level) {
		*level = 1;
		fd = load_prog_at(prog, c, *level, log, log_size, ns);
	}
	return fd;
}

/* Where a case's time went in its child (TIME records, make bench). */
static struct {
	unsigned long long t0, open, prepare, load;
} case_times;

/* Auxiliary programs of the case in progress, closed after it. */
static struct {
	int fd;
	const char *name;	/* in the object, which outlives the fd */
} aux_progs[32];
static int n_aux_progs;

/* Load the auxiliary programs named in c->aux ("-" for none); 0 or -errno. */
static int load_aux(struct bpf_object *obj, const struct guest_case *c)
{
	char names[sizeof(c->aux)], ebuf[32], *save = NULL, *name;
	int err = 0;

	if (!strcmp(c->aux, "-"))
		return 0;
	strcpy(names, c->aux);
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);
		int fd = prog ? bpf_program__clone(prog, NULL) : -ENOENT;

		out_printf("AUX %d %s %d %s\n", c->idx, name, fd < 0 ? fd : 0,
			   errname_str(fd < 0 ? fd : 0, ebuf, sizeof(ebuf)));
		if (fd < 0 && !err)
			err = fd;
		/* Kept open: the case program may depend on it (e.g. tail calls). */
		if (fd >= 0 && n_aux_progs < (int)(sizeof(aux_progs) / sizeof(aux_progs[0])))
			aux_progs[n_aux_progs++] = (typeof(aux_progs[0])){ fd, bpf_program__name(prog) };
		else if (fd >= 0)
			close(fd);
	}
	return err;
}

/* Write the LOAD, LOG and LIBBPF records of one case. */
static void report_case(const struct guest_case *c, const char *phase, int err,
			const char *log, __u32 verified_insns, unsigned long long ns)
{
	char ebuf[32];
	size_t len = log ? strlen(log) : 0;	/* the kernel NUL-terminates */

	out_printf("LOAD %d %s %d %s %u %u %llu\n", c->idx, phase, err,
		   errname_str(err, ebuf, sizeof(ebuf)), last_log_true_size,
		   verified_insns, ns);
	if (log)
		out_blob("LOG", c->idx, log, len);
	if (libbpf_len)
		out_blob("LIBBPF", c->idx, libbpf_buf, libbpf_len);
}

/* The loader's own failure before the steps after a load, and its call:
 * capset (its capabilities back) or prog_array (fill_prog_arrays()). */
struct loader_err {
	int err;
	const char *call;
};

/* The translated program the plan asks for (__xlated), as the kernel
 * gives it: XLATED with its bytes, or the call that failed (le's: the
 * loader could not restore its capabilities or fill a PROG_ARRAY). */
static void xlated_case(const struct guest_case *c, int fd, const struct loader_err *le)
{
	int err = le->err ?: testloader__xlated(fd, &xlated_buf, &xlated_len);
	char ebuf[32];

	if (err)
		xlated_len = 0;
	out_printf("XLATED %d %u %s %d %s\n", c->idx, xlated_len, le->err ? le->call : "get_info",
		   err, errname_str(err, ebuf, sizeof(ebuf)));
	if (xlated_len)
		out_write(xlated_buf, xlated_len);
	out_write("\n", 1);
}

/* The JIT image the plan asks for (__jited), as the kernel gives it:
 * JITED with the functions' lengths and the bytes, or the call that
 * failed (testloader__jited(); le's: the loader could not restore its
 * capabilities or fill a PROG_ARRAY). */
static void jited_case(const struct guest_case *c, int fd, const struct loader_err *le)
{
	const char *call = le->call;
	int err = le->err ?: testloader__jited(fd, &jited, &call);
	char ebuf[32], lens[3072] = "-";	/* 256 functions of 11 characters */
	size_t at = 0;

	if (err)
		jited.len = 0;
	for (__u32 i = 0; !err && i < jited.n_lens && at < sizeof(lens); i++)
		at += snprintf(lens + at, sizeof(lens) - at, "%s%u", i ? "," : "", jited.lens[i]);
	out_printf("JITED %d %u %s %d %s %s\n", c->idx, jited.len, call, err,
		   errname_str(err, ebuf, sizeof(ebuf)), lens);
	if (jited.len)
		out_write(jited.image, jited.len);
	out_write("\n", 1);
}

/* The programs of the case in progress: the case program, its auxiliaries. */
struct loaded_progs {
	const struct bpf_program *prog;
	int fd;
};

static int loaded_fd(const char *name, void *ctx)
{
	const struct loaded_progs *l = ctx;

	if (!strcmp(name, bpf_program__name(l->prog)))
		return l->fd;
	for (int i = 0; i < n_aux_progs; i++)
		if (!strcmp(name, aux_progs[i].name))
			return aux_progs[i].fd;
	return -1;
}

/* The PROG_ARRAY slots the object's maps name, filled as
 * bpf_object__load() fills them before test_loader looks at the program
 * (progarray.h): the JIT patches a tail call's site when its slot is
 * filled, so before the JIT image is read, and before the test run. */
static int fill_prog_arrays(const struct guest_case *c, struct bpf_object *obj,
			    const struct bpf_program *prog, int fd)
{
	struct loaded_progs loaded = { prog, fd };
	const char *bad = NULL;
	int err = progarray__fill(obj, c->object, loaded_fd, &loaded, &bad);

	if (bad)	/* on the console, beside the case's lines */
		fprintf(stderr, "twc-init: case %d: a PROG_ARRAY slot names program '%s', which "
			"is not loaded (neither the case program nor __auxiliary)\n", c->idx, bad);
	return err;
}

/* The map values the plan gives (MAPVAL), written before the test run as
 * prog_tests/verifier.c's pre_execution_cb writes them; a failure is named
 * on the console, beside the case's lines. */
static int map_values(const struct guest_case *c, struct bpf_object *obj)
{
	const char *bad = NULL;
	int err = testloader__map_values(obj, &c->setup, &bad);

	if (err)
		fprintf(stderr, "twc-init: case %d: map '%s': cannot write its value: %s\n",
			c->idx, bad, strerror(-err));
	return err;
}

/* The test run the plan asks for (__retval) of a loaded program.  RETVAL
 * says which call gave the result (capset, prog_array: the loader's own). */
static void test_run_case(const struct guest_case *c, const struct bpf_program *prog, int fd,
			  const struct loader_err *le)
{
	int retval = 0, err = le->err;
	const char *call = err ? le->call : "test_run";
	char ebuf[32];

	if (!err)
		err = testloader__test_run(prog, fd, c->setup.linear_size, &retval);
	if (err)
		out_printf("RETVAL %d %s %d %s -\n", c->idx, call, err,
			   errname_str(err, ebuf, sizeof(ebuf)));
	else
		out_printf("RETVAL %d %s 0 0 %d\n", c->idx, call, retval);
}

/* The BPF streams the plan asks for (__stderr, __stdout) after the test
 * run, stderr first as test_loader reads them: what each held, or the
 * errno of the read. */
static void streams_case(const struct guest_case *c, int fd)
{
	static const struct {
		const char *name;
		int id;
	} streams[] = { { "stderr", 2 }, { "stdout", 1 } };
	char ebuf[32];

	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		int len = 0, err;

		if (!strstr(c->after, streams[i].name))
			continue;
		err = testloader__stream_read(fd, streams[i].id, &bpf_stream_buf, &len);
		/* Output of an async callback the run armed (a timer of 0 ns
		 * fires from a softirq) may come after the run returns; a slow
		 * TCG guest gives it up to a second to arrive.  test_loader
		 * reads once: upstream expects a stream it asks for non-empty. */
		for (int t = 0; !err && !len && t < STREAM_WAIT_MS; t += 10) {
			usleep(10000);
			err = testloader__stream_read(fd, streams[i].id, &bpf_stream_buf, &len);
		}
		out_printf("BPFSTREAM %d %d %s %d %s\n", c->idx, err ? 0 : len, streams[i].name,
			   err, errname_str(err, ebuf, sizeof(ebuf)));
		if (!err)
			out_write(bpf_stream_buf, len);
		out_write("\n", 1);
	}
}

/* What the plan asks for after a successful load, with every capability
 * back, as test_loader restores them first (the kernel shows the
 * translated program only to a bpf_capable() caller, and test_verifier
 * ran programs so): the translated program, the JIT image, the map values
 * the plan gives, then the test run, then the program's BPF streams (none
 * when the loader could not restore its capabilities or write a map
 * value: RETVAL says so). */
static void after_load(const struct guest_case *c, struct bpf_object *obj,
		       const struct bpf_program *prog, int fd)
{
	bool xlated = !strncmp(c->after, "xlated", 6), run = strstr(c->after, "run") != NULL;
	bool jit = strstr(c->after, "jited") != NULL;
	struct loader_err le = { 0, "capset" };

	if (!xlated && !jit && !run)
		return;
	le.err = caps_set_effective(0);
	if (!le.err) {
		le.call = "prog_array";
		le.err = fill_prog_arrays(c, obj, prog, fd);
	}
	if (xlated)
		xlated_case(c, fd, &le);
	if (jit)
		jited_case(c, fd, &le);
	if (run && !le.err && c->setup.n_mapvals) {	/* test_loader's pre_execution_cb */
		le.call = "map_update";
		le.err = map_values(c, obj);
	}
	if (run)
		test_run_case(c, prog, fd, &le);
	if (run && !le.err)
		streams_case(c, fd);
}

/* Load the case program of a prepared object and report it, then run it
 * when the plan says so. */
static void load_case_prog(const struct guest_case *c, struct bpf_object *obj,
			   struct bpf_program *prog)
{
	static char *log;
	static size_t log_size;
	unsigned long long ns = 0;
	__u32 insns = 0;
	int fd, level;

	if (!log) {
		log_size = LOG_START_SIZE;
		log = calloc(1, log_size);
	}
	fd = load_prog(prog, c, &level, &log, &log_size, &ns);
	case_times.load = ns;
	if (fd >= 0) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (!bpf_prog_get_info_by_fd(fd, &info, &len))
			insns = info.verified_insns;
	}
	report_case(c, "load", fd < 0 ? fd : 0, level ? log : NULL, insns, ns);
	if (fd >= 0) {
		after_load(c, obj, prog, fd);
		close(fd);
	}
}

/* Open, prepare, auxiliaries, then the case program; each phase that
 * fails is reported as the phase the case ended in. */
static void load_case(const struct guest_case *c)
{
	struct bpf_object *obj;
	int err;

	obj = case__open(c);
	err = libbpf_get_error(obj);
	case_times.open = now_ns() - case_times.t0;
	if (err) {
		report_case(c, "open", err, NULL, 0, 0);
		return;
	}
	if (testloader__select(obj, c->prog, c->aux, !strncmp(c->mode, "unpriv:", 7))) {
		libbpf_note("twc-init: no program '%s' in %s\n", c->prog, c->object);
		report_case(c, "open", -ENOENT, NULL, 0, 0);
		goto close_obj;
	}
	err = bpf_object__prepare(obj);
	case_times.prepare = now_ns() - case_times.t0 - case_times.open;
	if (err) {
		report_case(c, "prepare", err, NULL, 0, 0);
		goto close_obj;
	}
	err = load_aux(obj, c);
	if (err) {
		report_case(c, "aux", err, NULL, 0, 0);
		goto close_aux;
	}
	load_case_prog(c, obj, bpf_object__find_program_by_name(obj, c->prog));	/* select found it */
close_aux:
	while (n_aux_progs)
		close(aux_progs[--n_aux_progs].fd);
close_obj:
	bpf_object__close(obj);
}

/*
 * libbpf probes a kernel feature (BTF, its kinds, global data, ...) once per
 * process and keeps the answer.  Probed without CAP_BPF, "this kernel has no
 * BTF" stays for every later case of the process, which then loads without
 * BTF.  Before an unprivileged case, its object is prepared privileged, so
 * each feature it needs is probed as root first, as in upstream's
 * test_progs, where the privileged tests run first.  The features an
 * object needs are its own: once per object and process is enough (an
 * upstream file's unprivileged runs share one object).
 */
static void features__probe_as_root(const struct guest_case *c)
{
	static char probed[sizeof(c->object)];
	struct bpf_object *obj;

	if (!strcmp(probed, c->object))
		return;
	obj = case__open(c);
	if (libbpf_get_error(obj))
		return;
	if (!testloader__select(obj, c->prog, c->aux, false))
		bpf_object__prepare(obj);
	bpf_object__close(obj);
	strcpy(probed, c->object);
}

/* Run one case (the loader writes BEGIN and END around it); an
 * unprivileged case opens, prepares and loads unprivileged, as upstream's
 * test_loader does. */
static void run_case(const struct guest_case *c)
{
	bool unpriv = !strncmp(c->mode, "unpriv:", 7);
	int err = 0;

	if (unpriv)
		features__probe_as_root(c);
	libbpf_len = 0;		/* what libbpf said then is not the case's */
	last_log_true_size = 0;
	if (unpriv)
		err = caps_set_effective(UNPRIV_DROP & ~strtoull(c->mode + 7, NULL, 16));
	if (err) {
		libbpf_note("twc-init: capset: %s\n", strerror(-err));
		report_case(c, "open", err, NULL, 0, 0);
	} else {
		load_case(c);
	}
	caps_set_effective(0);
}

/* twc.fault=<idx>: the loader faults on that case; twc.panic=<idx>: the
 * kernel panics on it (sysrq 'c').  The harness's own tests of a loader
 * crash and of a reboot; never set by make check. */
static int fault_index = -1, panic_index = -1;

static void run_case_line(const char *line)
{
	struct guest_case c;

	if (guest_case__parse(&c, line))
		fprintf(stderr, "twc-init: bad plan line: %s", line);
	else
		run_case(&c);
}

/* BTF cases (plan lines "BTF ...") write through the same channel. */
static const struct btfcase_out btf_out = { out_printf, out_blob, kmsg };

static void run_btf_line(const char *line)
{
	if (btfcase__run_line(line, 0, &btf_out))
		fprintf(stderr, "twc-init: bad plan line: %s", line);
}

/* The plan's case lines by index, and the order to run them in (ORDER
 * lines; NULL: plan order).  Read once, before any loader process starts. */
static struct {
	char **lines;
	int n;
	int *order;
	int n_order;
} plan_cases;

/* Loader processes at once (twc.jobs=): more than one writes "twc: end"
 * markers too, so the host can tell whose case a console line is. */
static int jobs = 1;

/* Keep a CASE or BTF line of the plan at its index, or an ORDER line. */
static int plan_cases__add(const char *line)
{
	int idx;
	void *t;

	if (sscanf(line, "ORDER %d", &idx) == 1) {
		t = realloc(plan_cases.order, (plan_cases.n_order + 1) * sizeof(int));
		if (!t)
			return -ENOMEM;
		plan_cases.order = t;
		plan_cases.order[plan_cases.n_order++] = idx;
		return 0;
	}
	if ((sscanf(line, "BTFPATH %d", &idx) == 1 || sscanf(line, "LINEAR %d", &idx) == 1 ||
	     sscanf(line, "MAPVAL %d", &idx) == 1) && idx == plan_cases.n - 1) {
		t = realloc(plan_cases.lines[idx], strlen(plan_cases.lines[idx]) + strlen(line) + 1);
		if (!t)
			return -ENOMEM;
		plan_cases.lines[idx] = strcat(t, line);	/* a setup record: after its CASE */
		return 0;
	}
	if ((sscanf(line, "CASE %d", &idx) != 1 && sscanf(line, "BTF %d", &idx) != 1) ||
	    idx != plan_cases.n)
		return 0;
	t = realloc(plan_cases.lines, (plan_cases.n + 1) * sizeof(char *));
	if (!t)
		return -ENOMEM;
	plan_cases.lines = t;
	plan_cases.lines[plan_cases.n] = strdup(line);
	return plan_cases.lines[plan_cases.n++] ? 0 : -ENOMEM;
}

static int plan_cases__read(FILE *plan)
{
	static char line[8192];
	int err = 0;

	rewind(plan);
	while (!err && fgets(line, sizeof(line), plan))
		err = plan_cases__add(line);
	if (plan_cases.n_order != plan_cases.n) {	/* twc plan writes all or none */
		free(plan_cases.order);
		plan_cases.order = NULL;
		plan_cases.n_order = 0;
	}
	return err;
}

/* PID 1 hands case idx to a loader process: BEGIN on the channel and in
 * the kernel log, so the host knows it is in flight. */
static void case__begin(int idx)
{
	const char *line = plan_cases.lines[idx];
	char id[256] = "?";

	sscanf(line, "%*s %*d %255s", id);
	out_printf("BEGIN %d\n", idx);
	kmsg("twc: case %d %s\n", idx, id);
}

/* A loader process runs case idx: its records are held and written in one
 * go with its TIME and END. */
static void case__run(int idx)
{
	const char *line = plan_cases.lines[idx];
	int fd;

	if (idx == fault_index)
		raise(SIGSEGV);
	if (idx == panic_index && (fd = open("/proc/sysrq-trigger", O_WRONLY)) >= 0)
		fd = write(fd, "c", 1);
	out_hold();
	memset(&case_times, 0, sizeof(case_times));
	case_times.t0 = now_ns();
	if (!strncmp(line, "BTF ", 4))
		run_btf_line(line);
	else
		run_case_line(line);
	out_printf("TIME %d %llu %llu %llu %llu\nEND %d\n", idx, case_times.open,
		   case_times.prepare, case_times.load, now_ns() - case_times.t0, idx);
	out_flush();
	if (jobs > 1)
		kmsg("twc: end %d\n", idx);
}

/* The process running case idx died: FAULT and END for it. */
static void case__fault(int idx, int status)
{
	if (WIFSIGNALED(status))
		out_printf("FAULT %d SIG%s\nEND %d\n", idx,
			   sigabbrev_np(WTERMSIG(status)) ?: "UNKNOWN", idx);
	else
		out_printf("FAULT %d exit-%d\nEND %d\n", idx,
			   WIFEXITED(status) ? WEXITSTATUS(status) : -1, idx);
	if (jobs > 1)
		kmsg("twc: end %d\n", idx);
}

static const struct pool_ops case_ops = { case__begin, case__run, case__fault };

/* This boot's parameters from the control port (twc.ctl=1), read before
 * the kernel command line: "twc.start=3 twc.alone=0,2". */
static char ctl_params[1024];	/* this boot's, from the control port */

/* The number after "<key>=" in this boot's parameters, or dflt. */
static int cmdline_int(const char *key, int dflt)
{
	return ctl__param_int(ctl_params, key, dflt);
}

/*
 * This boot's cases: those the host asks to run alone (twc.alone=, after a
 * crash with two in flight), one at a time; then the plan's order from
 * position twc.start on, one at a time up to position twc.serial (where
 * the kernel's known crashes are), then with twc.jobs loader processes.
 */
static void run_cases(int start)
{
	char alone_arg[1024];
	int alone[ORDER_MAX_ALONE], n_alone, n_serial, *queue, len;

	ctl__param(ctl_params, "twc.alone", alone_arg, sizeof(alone_arg));
	n_alone = order__parse_list(alone_arg, plan_cases.n, alone, ORDER_MAX_ALONE);
	queue = calloc(plan_cases.n + 1, sizeof(*queue));
	len = n_alone < 0 || !queue ? -EINVAL :
	      order__queue(plan_cases.order, plan_cases.n, start, alone, n_alone, queue);
	if (len < 0) {
		fprintf(stderr, "twc-init: twc.start=%d twc.alone=%s: no such cases\n", start,
			alone_arg);
		free(queue);
		return;
	}
	n_serial = order__serial(plan_cases.order, plan_cases.n, start,
				 cmdline_int("twc.serial", 0), alone, n_alone);
	pool__run(queue, n_alone + n_serial, 1, &case_ops);
	pool__run(queue + n_alone + n_serial, len - n_alone - n_serial, jobs, &case_ops);
	free(queue);
}

/* The modules the host packed (modules.h); the channel's device node
 * appears once its driver has probed, so wait for it a little. */
static void load_modules(void)
{
	if (!modules__load())
		return;
	for (int i = 0; i < 200 && access(CHANNEL_PATH, F_OK); i++)
		usleep(10000);
}

/* Mount what libbpf and the loader need; open the result channel raw. */
static int setup_guest(void)
{
	int err;

	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	load_modules();
	err = chan__open();
	if (err)
		fprintf(stderr, "twc-init: %s: %s (is virtio_console built in?)\n",
			CHANNEL_PATH, strerror(-err));
	return err;
}

/* make bench: veristat on the same objects in this boot (bench.h). */
static void bench_veristat(FILE *plan)
{
	struct bench_veristat r;

	bench__veristat(plan, LOG_START_SIZE, &r);
	out_printf("BENCH veristat %llu\n", r.ns);
	out_printf("BENCH veristat-objects %d\n", r.objs);
	out_printf("BENCH veristat-programs %d\n", r.progs);
	out_printf("BENCH veristat-accepted %d\n", r.accepted);
	out_printf("BENCH veristat-verification %llu\n", r.verif_us * 1000);
	out_printf("BENCH veristat-status %d\n", r.status < 0 ? 255 : r.status);
}

/*
 * Snapshots (twc.ctl=1, harness/vm/snap.h): hold the records back and say
 * INIT on the control port (the host's "/init is running", as the first
 * record is without snapshots); wait_for_params then says READY.
 */
static int ctl_fd = -1;

static void hold_for_params(void)
{
	if (!cmdline_int("twc.ctl", 0))
		return;
	out_hold();	/* until the parameters: a restored boot sends them too */
	ctl_fd = ctl__open();
	if (ctl_fd < 0)
		fprintf(stderr, "twc-init: the control port: %s\n", strerror(-ctl_fd));
}

/*
 * The guest is ready for its cases: the host may save it here, once, and
 * start later boots from the saved state.  Each boot's parameters come on
 * the control port, and the records held so far (the stream's head and
 * the facts) go out then, in every boot that starts from here.
 */
static void wait_for_params(void)
{
	int err = ctl_fd < 0 ? 0 : ctl__wait(ctl_fd, ctl_params, sizeof(ctl_params));

	if (err)
		fprintf(stderr, "twc-init: the control port: %s\n", strerror(-err));
	out_flush();
}

int main(void)
{
	char line[4096], run_id[64] = "-";
	unsigned long long t0;
	FILE *plan;
	int start, pcpu_err;

	if (setup_guest())
		goto out;
	libbpf_set_print(libbpf_print);
	plan = fopen(PLAN_PATH, "r");
	if (!plan) {
		fprintf(stderr, "twc-init: %s: %s\n", PLAN_PATH, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), plan) && sscanf(line, "RUN %63s", run_id) != 1)
		;
	pcpu_err = pcpu__fill_first_chunk();
	hold_for_params();
	out_printf("TWC-STREAM 1\nPLAN %s\n", run_id);
	out_printf("FACT percpu-first-chunk-filled %d\n", pcpu_err);
	report_facts(plan);
	if (plan_cases__read(plan))
		fprintf(stderr, "twc-init: %s: %s\n", PLAN_PATH, strerror(ENOMEM));
	wait_for_params();
	start = cmdline_int("twc.start", 0);
	fault_index = cmdline_int("twc.fault", -1);
	panic_index = cmdline_int("twc.panic", -1);
	jobs = cmdline_int("twc.jobs", 1);
	t0 = now_ns();
	run_cases(start);
	if (cmdline_int("twc.bench", 0) && !start) {
		out_printf("BENCH loop %llu\n", now_ns() - t0);
		bench_veristat(plan);
	}
	fclose(plan);
	kmsg("twc: case -1 done\n");
	out_printf("DONE\n");
out:
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
