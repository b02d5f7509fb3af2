/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stream.h: the result stream of a run (PROTOCOL.md), parsed into memory.
 *
 * Parsing never stops at a bad record: a malformed line or a stream that
 * ends inside a record is recorded on the case it belongs to (the case
 * named by the record, else the case in flight), so the judge can make it
 * that case's ERROR and judge the others.  Only a stream that starts
 * with neither "TWC-STREAM 1" nor a host record is refused as a whole.
 */
#ifndef TWC_STREAM_STREAM_H
#define TWC_STREAM_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>




/* The most steps one BTF case may report (a step's index is bounded). */
#define STREAM_MAX_STEP 100000
#define STREAM_MAX_BENCH 16

struct stream_aux {
	char *prog;
	int err;
};

/* The program's BPF streams (BPFSTREAM records), by upstream's stream id
 * less one: 0 stdout, 1 stderr. */
enum { STREAM_BPF_STDOUT = 0, STREAM_BPF_STDERR = 1, STREAM_BPF_N = 2 };

/* One BPF stream of a case's program, read after its test run. */
struct stream_bpf {
	bool has;		/* a BPFSTREAM record of this stream */
	int err;		/* 0 or -errno of BPF_PROG_STREAM_READ_BY_FD */
	char *text;		/* the bytes read (NUL-terminated copy), when err is 0 */
	size_t len;
};

/* One step of a BTF case: STEP, and the STEPLOG blob after it. */
struct stream_step {
	int n;			/* the step's index in the case */
	char verb[16];		/* btf, map, probe, run, ... ("parse": unreadable case) */
	int err;		/* 0 or -errno */
	bool has_value;		/* run: the program's return value */
	long long value;
	char *log;		/* STEPLOG bytes (NUL-terminated copy), or NULL */
	size_t log_len;
};

/* Everything the stream says about one planned case. */
struct stream_case {
	bool begun;		/* BEGIN seen */
	bool ended;		/* END seen */
	bool loaded;		/* LOAD seen: the fields below are set */
	char phase[16];		/* open, prepare, aux, load */
	int err;		/* 0 or -errno */
	uint64_t log_true_size;
	uint32_t verified_insns;
	uint64_t load_ns;
	bool has_log;
	char *log;		/* raw LOG bytes (NUL-terminated copy) */
	size_t log_len;
	char *libbpf;		/* LIBBPF bytes, or NULL */
	char *console;		/* CONSOLE bytes (all records joined), or NULL */
	size_t console_last;	/* offset of the last CONSOLE record in console */
	char *crash;		/* CRASH kind (panic, hang, exit), or NULL */
	char *fault;		/* FAULT: how the loader died on the case (SIGSEGV), or NULL */
	uint64_t open_ns, prepare_ns, clone_ns, case_ns;	/* TIME: the loader's phases */
	bool has_retval;	/* RETVAL seen: the test run of a __retval case */
	char retval_call[16];	/* test_run (the kernel's answer), capset, prog_array or
				 * map_update (the loader's) */
	int retval_err;		/* 0 or -errno of that call */
	int32_t retval;		/* the program's return value, when retval_err is 0 */
	bool has_xlated;	/* XLATED seen: the translated program of an __xlated case */
	char xlated_call[16];	/* get_info (the kernel's answer), capset or prog_array (the loader's) */
	int xlated_err;		/* 0 or -errno of that call */
	unsigned char *xlated;	/* the kernel's struct bpf_insn array, when xlated_err is 0 */
	size_t xlated_len;	/* its bytes: a multiple of 8 */
	struct stream_bpf bpf_stream[STREAM_BPF_N];	/* __stdout, __stderr */
	bool has_jited;		/* JITED seen: the JIT image of a __jited case */
	char jited_call[16];	/* get_info (the kernel's answer), capset, prog_array, malloc or hidden */
	int jited_err;		/* 0 or -errno of that call */
	unsigned char *jited;	/* the image's bytes, when jited_err is 0 */
	size_t jited_len;	/* its bytes: the sum of jited_lens */
	uint32_t *jited_lens;	/* each function's bytes, in order (jited_func_lens) */
	int n_jited_lens;	/* at least 1 when jited_err is 0 */
	int n_aux;
	struct stream_aux *aux;
	int n_steps;		/* BTF cases: STEP records in order */
	struct stream_step *steps;
	bool truncated;		/* the stream ended inside a record of this case */
	char *error;		/* first malformed record of this case, or NULL */
};

struct stream_fact {
	char *name;
	char *value;
};

struct stream {
	int n_facts;
	struct stream_fact *facts;	/* of the first boot */
	int n_boots;			/* TWC-STREAM headers */
	int n_done;			/* DONE records */
	uint64_t boot_ns;		/* sum of BOOT records: whole boots */
	uint64_t init_ns;		/* sum of their times from QEMU's start to /init */
	int n_cases;			/* the plan's cases: indexes 0 .. n_cases - 1 */
	struct stream_case *cases;	/* by idx */
	int n_stray;			/* malformed records outside any case */
	char *stray;			/* the first of them */
	int n_outside;			/* records of an index the plan does not have */
	char *outside;			/* the first of them */
	char *plan_id;			/* PLAN of the first boot, or NULL */
	int n_plan_ids;			/* PLAN records */
	bool plan_ids_differ;		/* two boots answered different plans */
	struct {
		char name[32];
		uint64_t ns;
	} bench[STREAM_MAX_BENCH];	/* BENCH records (make bench) */
};

/* Parse len bytes of the stream of a plan of n_cases cases: a record of
 * an index past them is counted in n_outside, never stored.  0, -EINVAL
 * when the header is missing (err_msg says why), -ENOMEM.
 */
int stream__parse(struct stream *s, const char *buf, size_t len, int n_cases, char **err_msg);
int stream__read(struct stream *s, const char *path, int n_cases, char **err_msg);
void stream__free(struct stream *s);

/* Why the stream does not answer the plan whose run id is plan_id (a
 * stale or foreign run), malloc'd; NULL when it does. */
char *stream__foreign(const struct stream *s, const char *plan_id);

/* A FACT value, or NULL when the guest did not report it. */
const char *stream__fact(const struct stream *s, const char *name);
/* The record of case idx, or NULL when the stream never names it. */
const struct stream_case *stream__case(const struct stream *s, int idx);

/* libbpf's last message that says why, not that, loading failed (the text
 * of a case's LIBBPF records); malloc'd, NULL when there is none.
 */
char *libbpf__reason(const char *text);

#endif /* TWC_STREAM_STREAM_H */
