// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_run.c: the guest's side of a BTF case (btfcase.h), linked into
 * twc-init only.  It records facts and makes no decisions: for each step it
 * makes the system call the step names and writes what the kernel answered
 * (errno, return value, the kernel's log) as STEP and STEPLOG records.
 *
 * Objects that failed to be created keep fd -1 and are used as such, so a
 * later step reports the kernel's own answer to a bad fd.  The probe
 * programs are built from raw instructions, so no compiler is involved.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "case/btfcase.h"
#include "guest/btfcase_run.h"
#include "lib/errnames.h"

#define RUN_LOG_START	(64 * 1024)
#define RUN_LOG_MAX	(16 * 1024 * 1024)
#define PROBE_MAX_INSNS	64
#define HELPER_MAP_LOOKUP_ELEM	1
#define HELPER_TIMER_INIT	169
#define HELPER_TIMER_SET_CALLBACK 170
#define HELPER_TIMER_START	171
#define HELPER_TIMER_CANCEL	172

/* One case in progress. */
struct run {
	const struct btfcase_out *out;
	int idx;
	struct btfcase bc;
	struct btf *btf;
	int btf_fd;
	int fds[BTFCASE_MAX_STEPS];	/* map and probe fds by step, -1 */
	char *log;			/* the current step's log */
	size_t log_size;
	const char *msg;		/* twc's own note when there is no kernel log */
	char note[128];			/* a note made up for msg */
};

/* ---- records ---- */

/* STEP <idx> <n> <verb> <err> <errname> <value|->, then STEPLOG. */
static void run__report(struct run *r, int n, const char *verb, int err, const long long *value)
{
	char ebuf[32], vbuf[32] = "-";
	const char *log = r->msg ? r->msg : r->log;
	size_t len = r->msg ? strlen(r->msg) : r->log ? strnlen(r->log, r->log_size) : 0;

	if (value)
		snprintf(vbuf, sizeof(vbuf), "%lld", *value);
	r->out->printf("STEP %d %d %s %d %s %s\n", r->idx, n, verb, err,
		       errname_str(err, ebuf, sizeof(ebuf)), vbuf);
	if (len)
		r->out->blob("STEPLOG", r->idx, log, len);
	if (r->log)
		r->log[0] = 0;
	r->msg = NULL;
}

/* Grow the log buffer to need bytes (for a retry after -ENOSPC). */
static bool run__grow_log(struct run *r, size_t need)
{
	char *p;

	if (need <= r->log_size || need > RUN_LOG_MAX)
		return false;
	p = realloc(r->log, need);
	if (!p)
		return false;
	r->log = p;
	r->log_size = need;
	r->log[0] = 0;
	return true;
}

/* ---- capabilities (map unpriv; the loader's unprivileged cases too) ---- */

int caps_set_effective(unsigned long long drop)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[0].effective = data[0].permitted & ~(__u32)drop;
	data[1].effective = data[1].permitted & ~(__u32)(drop >> 32);
	return syscall(SYS_capset, &hdr, data) ? -errno : 0;
}

/* ---- steps ---- */

static int step_btf(struct run *r)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts);
	const void *raw;
	__u32 size;
	int fd;

	raw = btf__raw_data(r->btf, &size);
	if (!raw)
		return -ENOMEM;
	for (;;) {
		opts.log_buf = r->log;
		opts.log_size = r->log_size;
		opts.log_level = 1;
		fd = bpf_btf_load(raw, size, &opts);
		if (fd != -ENOSPC || !run__grow_log(r, opts.log_true_size))
			break;
	}
	r->btf_fd = fd;
	return fd < 0 ? fd : 0;
}

static int step_map(struct run *r, int n)
{
	const struct btfcase_step *s = &r->bc.steps[n];
	LIBBPF_OPTS(bpf_log_opts, log, .buf = r->log, .size = r->log_size, .level = 1);
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = s->map_flags,
		    .map_extra = s->map_extra, .log_opts = &log);
	int fd, err = 0;

	if (s->key_type >= 0 || s->value_type >= 0) {
		opts.btf_fd = r->btf_fd;
		opts.btf_key_type_id = s->key_type + 1;
		opts.btf_value_type_id = s->value_type + 1;
	}
	if (s->inner >= 0)
		opts.inner_map_fd = r->fds[s->inner];
	if (s->unpriv && (err = caps_set_effective(UNPRIV_DROP))) {
		r->msg = "twc-init: cannot drop capabilities\n";
		return err;
	}
	fd = bpf_map_create(s->map_type, s->name, s->key_size, s->value_size,
			    s->max_entries, &opts);
	if (s->unpriv)
		caps_set_effective(0);
	r->fds[n] = fd;
	return fd < 0 ? fd : 0;
}

/* ---- probe programs ---- */

struct insns {
	struct bpf_insn i[PROBE_MAX_INSNS];
	int n;
};

static void emit(struct insns *p, __u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	if (p->n < PROBE_MAX_INSNS)
		p->i[p->n++] = (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
						  .off = off, .imm = imm };
}

static void emit_ld_imm64(struct insns *p, __u8 dst, __u8 src, __u64 imm)
{
	emit(p, BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, (__u32)imm);
	emit(p, 0, 0, 0, 0, imm >> 32);
}

/* dst = imm, as a 32-bit move when it fits */
static void emit_mov(struct insns *p, __u8 dst, __u64 imm)
{
	if ((__s64)imm == (__s32)imm)
		emit(p, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, (__s32)imm);
	else
		emit_ld_imm64(p, dst, 0, imm);
}

/* r0 = bpf_map_lookup_elem(r1, fp - 8 * slots): the key area is zero. */
static void emit_lookup(struct insns *p, int slots, int *null_jump)
{
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -8 * slots);
	emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, HELPER_MAP_LOOKUP_ELEM);
	*null_jump = p->n;
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, 0);
}

static struct btf *vmlinux_btf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf();
		if (libbpf_get_error(btf))
			btf = NULL;
	}
	return btf;
}

/* What a probe kind calls, with which arguments after r1 (the field). */
enum probe_args { ARGS_NONE, ARGS_MAP_FLAGS, ARGS_CB, ARGS_CB_FLAGS, ARGS_NS_FLAGS, ARGS_FLAGS };

static const struct probe_call {
	int helper;		/* a helper's id, or 0 for the kfunc */
	const char *kfunc;
	enum probe_args args;
	__u64 flags;		/* flags unless the step gives flags= */
} probe_calls[BTFCASE_PROBE__COUNT] = {
	[BTFCASE_PROBE_TIMER_INIT] = { HELPER_TIMER_INIT, NULL, ARGS_MAP_FLAGS, 1 },
	[BTFCASE_PROBE_TIMER_SETCB] = { HELPER_TIMER_SET_CALLBACK, NULL, ARGS_CB, 0 },
	[BTFCASE_PROBE_TIMER_START] = { HELPER_TIMER_START, NULL, ARGS_NS_FLAGS, 0 },
	[BTFCASE_PROBE_TIMER_CANCEL] = { HELPER_TIMER_CANCEL, NULL, ARGS_NONE, 0 },
	[BTFCASE_PROBE_TIMER_CANCEL_ASYNC] = { 0, "bpf_timer_cancel_async", ARGS_NONE, 0 },
	[BTFCASE_PROBE_WQ_INIT] = { 0, "bpf_wq_init", ARGS_MAP_FLAGS, 0 },
	[BTFCASE_PROBE_WQ_SETCB] = { 0, "bpf_wq_set_callback", ARGS_CB_FLAGS, 0 },
	[BTFCASE_PROBE_WQ_START] = { 0, "bpf_wq_start", ARGS_FLAGS, 0 },
};

/* The call of the probe's kind, r1 = the field already; *cb_ld is the
 * ld_imm64 of the callback to patch, when there is one.
 */
static int emit_call(struct run *r, const struct btfcase_step *s, struct insns *p,
		     int map_fd, int *cb_ld)
{
	const struct probe_call *c = &probe_calls[s->probe];
	__u64 flags = s->has_flags ? s->flags : c->flags;
	int id = 0;

	if (c->args == ARGS_MAP_FLAGS && s->outer >= 0)
		emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_7, 0, 0);
	else if (c->args == ARGS_MAP_FLAGS)
		emit_ld_imm64(p, BPF_REG_2, BPF_PSEUDO_MAP_FD, map_fd);
	if (c->args == ARGS_CB || c->args == ARGS_CB_FLAGS) {
		*cb_ld = p->n;
		emit_ld_imm64(p, BPF_REG_2, BPF_PSEUDO_FUNC, 0);
	}
	if (c->args == ARGS_NS_FLAGS)
		emit_mov(p, BPF_REG_2, s->ns);
	if (c->args == ARGS_FLAGS)
		emit_mov(p, BPF_REG_2, flags);
	else if (c->args != ARGS_NONE && c->args != ARGS_CB)
		emit_mov(p, BPF_REG_3, flags);
	if (c->helper) {
		emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, c->helper);
		return 0;
	}
	if (vmlinux_btf())
		id = btf__find_by_name_kind(vmlinux_btf(), c->kfunc, BTF_KIND_FUNC);
	if (id <= 0) {
		snprintf(r->note, sizeof(r->note), "twc-init: kfunc %s is not in the kernel's BTF\n",
			 c->kfunc);
		r->msg = r->note;
		return -ENOENT;
	}
	emit(p, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, id);
	return 0;
}

/*
 * The probe: zero key on the stack, lookup (through the outer map first
 * when there is one), NULL check, r1 = value + off, the call, return its
 * result; -ENOENT when a lookup found nothing.  timer-setcb's callback is
 * a subprogram returning 0.
 */
static int probe__build(struct run *r, const struct btfcase_step *s, struct insns *p)
{
	const struct btfcase_step *map = &r->bc.steps[s->target];
	const struct btfcase_step *outer = s->outer >= 0 ? &r->bc.steps[s->outer] : NULL;
	__u32 ks = outer && outer->key_size > map->key_size ? outer->key_size : map->key_size;
	int slots = ks ? (ks + 7) / 8 : 1, jumps[2] = { -1, -1 }, cb_ld = -1, err, out;

	if (slots > 8) {
		r->msg = "twc-init: a probe's key is at most 64 bytes\n";
		return -E2BIG;
	}
	for (int k = 1; k <= slots; k++)
		emit(p, BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8 * k, 0);
	emit_ld_imm64(p, BPF_REG_1, BPF_PSEUDO_MAP_FD, r->fds[outer ? s->outer : s->target]);
	emit_lookup(p, slots, &jumps[0]);
	if (outer) {
		emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_7, BPF_REG_0, 0, 0);
		emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_0, 0, 0);
		emit_lookup(p, slots, &jumps[1]);
	}
	emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_0, 0, 0);
	emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, (__s32)s->off);
	err = emit_call(r, s, p, r->fds[s->target], &cb_ld);
	if (err)
		return err;
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	out = p->n;
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, -ENOENT);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (int j = 0; j < 2; j++)
		if (jumps[j] >= 0)
			p->i[jumps[j]].off = out - jumps[j] - 1;
	if (cb_ld >= 0) {
		p->i[cb_ld].imm = p->n - cb_ld - 1;
		emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
		emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	return p->n < PROBE_MAX_INSNS ? 0 : -E2BIG;
}

/*
 * A callback needs BTF func_info ("missing btf func_info"): a global main
 * function int probe(void *ctx) at 0 and a static int cb(void *map,
 * int *key, void *value) at the callback.  Returns the BTF's fd or -errno.
 */
static int probe__func_info(struct insns *p, struct bpf_func_info fi[2])
{
	struct btf *b = btf__new_empty();
	int i, vp, ip, mp, cp, fd = -ENOMEM;
	const void *raw;
	__u32 size;

	if (!b)
		return -ENOMEM;
	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	vp = btf__add_ptr(b, 0);
	ip = btf__add_ptr(b, i);
	mp = btf__add_func_proto(b, i);
	btf__add_func_param(b, "ctx", vp);
	fi[0] = (struct bpf_func_info){ 0, btf__add_func(b, "probe", BTF_FUNC_GLOBAL, mp) };
	cp = btf__add_func_proto(b, i);
	btf__add_func_param(b, "map", vp);
	btf__add_func_param(b, "key", ip);
	btf__add_func_param(b, "value", vp);
	fi[1] = (struct bpf_func_info){ p->n - 2, btf__add_func(b, "cb", BTF_FUNC_STATIC, cp) };
	raw = btf__raw_data(b, &size);
	if (raw)
		fd = bpf_btf_load(raw, size, NULL);
	btf__free(b);
	return fd;
}

static int step_probe(struct run *r, int n)
{
	const struct btfcase_step *s = &r->bc.steps[n];
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct bpf_func_info fi[2];
	struct insns p = {};
	int fd = probe__build(r, s, &p), btf_fd = -1;

	if (!fd && (probe_calls[s->probe].args == ARGS_CB ||
		    probe_calls[s->probe].args == ARGS_CB_FLAGS)) {
		btf_fd = fd = probe__func_info(&p, fi);
		opts.prog_btf_fd = btf_fd;
		opts.func_info = fi;
		opts.func_info_cnt = 2;
		opts.func_info_rec_size = sizeof(fi[0]);
		fd = fd < 0 ? fd : 0;
		if (fd)
			r->msg = "twc-init: cannot load the probe's func_info BTF\n";
	}
	while (!fd) {
		opts.log_buf = r->log;
		opts.log_size = r->log_size;
		opts.log_level = 1;
		fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, s->name, "GPL", p.i, p.n, &opts);
		if (fd != -ENOSPC || !run__grow_log(r, opts.log_true_size))
			break;
		fd = 0;
	}
	if (btf_fd >= 0)
		close(btf_fd);
	r->fds[n] = fd < 0 ? -1 : fd;
	return fd < 0 ? fd : 0;
}

/* BPF_PROG_TEST_RUN on a zeroed packet (tc wants at least ETH_HLEN bytes). */
static int step_run(struct run *r, int n, long long *value)
{
	char pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	int err = bpf_prog_test_run_opts(r->fds[r->bc.steps[n].target], &opts);

	*value = (__s32)opts.retval;
	return err;
}

/* update, delete: key <n> (little-endian in the first 4 bytes), value zero
 * or a map's fd; the buffers are large enough for per-CPU values too.
 */
static int step_elem(struct run *r, int n)
{
	const struct btfcase_step *s = &r->bc.steps[n], *m = &r->bc.steps[s->target];
	size_t ks = m->key_size + 8, vs = ((size_t)m->value_size + 8) * 64;
	char *key = calloc(1, ks), *val = calloc(1, vs);
	int err = -ENOMEM;

	if (key && val) {
		memcpy(key, &s->key, m->key_size < 4 ? m->key_size : 4);
		if (s->fd_map >= 0)
			memcpy(val, &r->fds[s->fd_map], m->value_size < 4 ? m->value_size : 4);
		if (s->verb == BTFCASE_STEP_UPDATE)
			err = bpf_map_update_elem(r->fds[s->target], key, val,
						  s->has_flags ? s->flags : BPF_ANY);
		else
			err = bpf_map_delete_elem(r->fds[s->target], key);
	}
	free(key);
	free(val);
	return err;
}

/* mmap(2) of the map's value area, read-write and shared, then munmap. */
static int step_mmap(struct run *r, int n)
{
	int t = r->bc.steps[n].target;
	const struct btfcase_step *m = &r->bc.steps[t];
	size_t len = (((size_t)m->value_size + 7) & ~7UL) * m->max_entries;
	void *p;

	len = len > 0 && len < (1UL << 24) ? (len + 4095) & ~4095UL : 4096;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fds[t], 0);
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, len);
	return 0;
}

static int step_kernel(struct run *r, int n)
{
	const struct btfcase_step *s = &r->bc.steps[n];
	char *text = NULL;
	int err;

	if (!vmlinux_btf()) {
		r->msg = "twc-init: no vmlinux BTF (/sys/kernel/btf/vmlinux)\n";
		return -ENODATA;
	}
	err = btfcase__render_kernel(vmlinux_btf(), s->kernel_func, s->name, &text);
	if (text && (strlen(text) < r->log_size || run__grow_log(r, strlen(text) + 1)))
		strcpy(r->log, text);
	free(text);
	return err;
}

/* Run step n; *value is set for run steps. */
static int run__step(struct run *r, int n, long long *value, bool *has_value)
{
	const struct btfcase_step *s = &r->bc.steps[n];
	int fd;

	*has_value = false;
	switch (s->verb) {
	case BTFCASE_STEP_BTF:
		return step_btf(r);
	case BTFCASE_STEP_MAP:
		return step_map(r, n);
	case BTFCASE_STEP_PROBE:
		return step_probe(r, n);
	case BTFCASE_STEP_RUN:
		*has_value = true;
		return step_run(r, n, value);
	case BTFCASE_STEP_UPDATE: case BTFCASE_STEP_DELETE:
		return step_elem(r, n);
	case BTFCASE_STEP_MMAP:
		return step_mmap(r, n);
	case BTFCASE_STEP_FREEZE:
		return bpf_map_freeze(r->fds[s->target]);
	case BTFCASE_STEP_CLOSE:
		fd = r->fds[s->target];
		r->fds[s->target] = -1;
		return fd >= 0 ? (close(fd), 0) : 0;
	default:
		return step_kernel(r, n);
	}
}

/* ---- one case ---- */

static int run__read(struct run *r, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "r");
	int err;

	if (!f)
		return -errno;
	text = malloc(1 << 20);
	len = text ? fread(text, 1, 1 << 20, f) : 0;
	fclose(f);
	if (!text)
		return -ENOMEM;
	err = btfcase__parse(&r->bc, text, len) ?: btfcase__build(&r->bc, &r->btf);
	free(text);
	return err;
}

static void run__case(struct run *r, const char *path)
{
	int err;

	for (int i = 0; i < BTFCASE_MAX_STEPS; i++)
		r->fds[i] = -1;
	r->btf_fd = -1;
	err = run__read(r, path);
	if (err) {
		r->msg = r->bc.error ? r->bc.error : "twc-init: cannot read the case file\n";
		run__report(r, 0, "parse", err, NULL);
	}
	for (int n = 0; !err && n < r->bc.n_steps; n++) {
		long long value = 0;
		bool has_value;
		int ret = run__step(r, n, &value, &has_value);

		run__report(r, n, btfcase__verb_name(r->bc.steps[n].verb), ret,
			    has_value && !ret ? &value : NULL);
	}
	for (int i = 0; i < BTFCASE_MAX_STEPS; i++)
		if (r->fds[i] >= 0)
			close(r->fds[i]);
	if (r->btf_fd >= 0)
		close(r->btf_fd);
	btf__free(r->btf);
	btfcase__free(&r->bc);
}

int btfcase__run_line(const char *line, int start, const struct btfcase_out *out)
{
	static char *log;
	static size_t log_size;
	char id[256], path[512];
	struct run r = { .out = out };

	if (sscanf(line, "BTF %d %255s %511s", &r.idx, id, path) != 3)
		return -EINVAL;
	if (r.idx < start)
		return 0;
	if (!log) {
		log = calloc(1, RUN_LOG_START);
		log_size = log ? RUN_LOG_START : 0;
	}
	r.log = log;
	r.log_size = log_size;
	run__case(&r, path);
	log = r.log;
	log_size = r.log_size;
	return 0;
}
