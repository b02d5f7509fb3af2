// SPDX-License-Identifier: GPL-2.0
/*
 * test_upstream_judge.c: upstream selftest programs judged as test_loader
 * judges them: by their annotations, never a golden.  The runs are the
 * fixture objects of case/tests/fixtures/upstream/; the stream is written
 * here, one situation per run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "judge/golden.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "stream/stream.h"
#include "unit/unit.h"

static const char list_text[] =
	"file up_broken harness/case/tests/fixtures/upstream/up_broken.c\n"
	"file up_modes harness/case/tests/fixtures/upstream/up_modes.c\n"
	"file up_needs harness/case/tests/fixtures/upstream/up_needs.c\n"
	"file up_retval harness/case/tests/fixtures/upstream/up_retval.c\n"
	"file up_stream harness/case/tests/fixtures/upstream/up_stream.c\n"
	"file up_weak harness/case/tests/fixtures/upstream/up_weak.c\n"
	"file up_xlated harness/case/tests/fixtures/upstream/up_xlated.c\n"
	"file up_jited harness/case/tests/fixtures/upstream/up_jited.c\n"
	"testmod bpf_kfunc_call_test_sleepable\n";

/* Translated programs of XLATED records: "0: r0 = 0", "1: exit", and
 * "0: r0 = 0", "1: r1 = 1", "2: exit". */
static const unsigned char prog_exit[] = {
	0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0,
};
static const unsigned char prog_r1_exit[] = {
	0xb7, 0, 0, 0, 0, 0, 0, 0, 0xb7, 0x01, 0, 0, 1, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0,
};

/* A stderr stream as the 7.3 kernel writes one (kernel/bpf/stream.c). */
static const char deadlock_text[] =
	"ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock\n"
	"Attempted lock   = 0xff11000003a4d000\n"
	"Total held locks = 1\n"
	"Held lock[ 0] = 0xff11000003a4d000\n"
	"CPU: 1 UID: 0 PID: 93 Comm: twc-init\n"
	"Call trace:\n"
	"bpf_prog_0123456789abcdef_s_pass+0x9e/0x108\n"
	"\n";

/* What the guest said for a run: err, its log ("" for none), its RETVAL
 * record after the index (NULL for none), its XLATED record after the
 * index and the count (NULL for none) and the bytes (2: prog_r1_exit, 1:
 * prog_exit); its BPFSTREAM records are in bpf_stream_runs[]. */
static const struct {
	const char *id;
	int err;
	const char *log;
	enum result_code code;
	const char *reason;
	const char *retval;
	const char *xlated;
	int xprog;
} runs[] = {
	{ "upstream/up_broken", 0, NULL, RES_ERROR, "does not compile", NULL, NULL, 0 },
	/* __log_level(2): a log, and no golden to ask for */
	{ "upstream/up_modes/flags", 0, "0: (95) exit\n", RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_modes/jited_arm", 0, NULL, RES_SKIP, "__arch: not for x86_64", NULL, NULL, 0 },
	/* log level 0, accepted: no log */
	{ "upstream/up_modes/only_unpriv@unpriv", 0, "", RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_modes/plain", -13, "0: R1=ctx() R10=fp0\nR0 !read_ok\n", RES_FAIL,
	  "expected success, the verifier rejected it: -EACCES: 'R0 !read_ok'", NULL, NULL, 0 },
	/* a failed load at level 0 was loaded again at level 1 for its log */
	{ "upstream/up_modes/rejected", -22, "0: (95) exit\nanother message\n", RES_FAIL,
	  "expected message not found: 'priv message'", NULL, NULL, 0 },
	/* its own message; -EFAULT is a verdict like another (twc's own
	 * cases: a CRASH) */
	{ "upstream/up_modes/rejected@unpriv", -14, "0: (95) exit\nunpriv message\n", RES_PASS,
	  NULL, NULL, NULL, 0 },
	{ "upstream/up_modes/btf_func_path", 0, NULL, RES_ERROR,
	  "__btf_func_path ('test_btf_func_path') is not supported by twc yet", NULL, NULL, 0 },
	{ "upstream/up_needs/needs", 0, NULL, RES_SKIP, "requires bpf_testmod, the selftests' "
	  "test module, which this guest does not load", NULL, NULL, 0 },
	{ "upstream/up_retval/ret_pass", 0, NULL, RES_PASS, NULL, "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_retval/ret_wrong", 0, NULL, RES_FAIL, "retval 0, expected 1",
	  "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_retval/ret_any", 0, NULL, RES_PASS, NULL, "test_run 0 0 -98765", NULL, 0 },
	{ "upstream/up_retval/ret_refused", 0, NULL, RES_FAIL, "the test run failed: "
	  "BPF_PROG_TEST_RUN: -ENOTSUPP (expected retval 64)", "test_run -524 -ENOTSUPP -", NULL, 0 },
	{ "upstream/up_retval/ret_capset", 0, NULL, RES_ERROR, "the loader could not test-run "
	  "the program: capset failed: -EPERM", "capset -1 -EPERM -", NULL, 0 },
	{ "upstream/up_retval/ret_missing", 0, NULL, RES_ERROR, "no RETVAL record", NULL, NULL, 0 },
	{ "upstream/up_retval/ret_prog_array", 0, NULL, RES_ERROR, "the loader could not test-run "
	  "the program: prog_array failed: -EBADF", "prog_array -9 -EBADF -", NULL, 0 },
	/* a map value of the plan (MAPVAL) the loader could not write */
	{ "upstream/up_retval/ret_map_update", 0, NULL, RES_ERROR, "the loader could not test-run "
	  "the program: map_update failed: -ENOENT", "map_update -2 -ENOENT -", NULL, 0 },
	/* expected to fail, it is never run: no record wanted */
	{ "upstream/up_retval/ret_failure", -22, "0: (95) exit\n", RES_PASS, NULL, NULL, NULL, 0 },
	/* a rejected success test fails by its verdict, before any retval */
	{ "upstream/up_retval/ret_both", -13, "R0 !read_ok\n", RES_FAIL,
	  "expected success, the verifier rejected it", NULL, NULL, 0 },
	{ "upstream/up_retval/ret_both@unpriv", 0, NULL, RES_PASS, NULL, "test_run 0 0 2", NULL, 0 },
	{ "upstream/up_retval/ret_inherit", 0, NULL, RES_PASS, NULL, "test_run 0 0 -2", NULL, 0 },
	{ "upstream/up_retval/ret_inherit@unpriv", 0, NULL, RES_FAIL, "retval 1, expected -2",
	  "test_run 0 0 1", NULL, 0 },
	/* a kfunc this kernel lacks: a SKIP (upstream programs say no
	 * __requires), never a verdict about the verifier */
	{ "upstream/up_weak/weak_kfunc", -22, "0: (85) call unknown#2002000003\n"
	  "invalid func unknown#2002000003\n", RES_SKIP,
	  "calls bpf_rcu_read_lock, a kfunc this kernel lacks", NULL, NULL, 0 },
	{ "upstream/up_xlated/x_pass", 0, NULL, RES_PASS, NULL, NULL, "get_info 0 0", 1 },
	{ "upstream/up_xlated/x_wrong_line", 0, NULL, RES_FAIL, "__xlated: expected instruction "
	  "on line 2, the line after the previous match, found on line 3: 'exit'", NULL,
	  "get_info 0 0", 2 },
	{ "upstream/up_xlated/x_gap", 0, NULL, RES_PASS, NULL, NULL, "get_info 0 0", 2 },
	{ "upstream/up_xlated/x_missing", 0, NULL, RES_FAIL, "__xlated: expected instruction not "
	  "found: 'r3 = 3'", NULL, "get_info 0 0", 2 },
	{ "upstream/up_xlated/x_capset", 0, NULL, RES_ERROR, "the loader could not read the "
	  "translated program: capset failed: -EPERM", NULL, "capset -1 -EPERM", 0 },
	{ "upstream/up_xlated/x_no_record", 0, NULL, RES_ERROR, "no XLATED record", NULL, NULL, 0 },
	{ "upstream/up_xlated/x_refused", 0, NULL, RES_FAIL, "reading the translated program "
	  "failed: BPF_OBJ_GET_INFO_BY_FD: -EACCES", NULL, "get_info -13 -EACCES", 0 },
	{ "upstream/up_xlated/x_failure", -22, "0: (95) exit\n", RES_FAIL, "__xlated on a run "
	  "expected to fail", NULL, NULL, 0 },
	{ "upstream/up_xlated/x_unpriv", 0, NULL, RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_xlated/x_unpriv@unpriv", 0, NULL, RES_PASS, NULL, NULL, "get_info 0 0", 2 },
	{ "upstream/up_xlated/x_and_run", 0, NULL, RES_PASS, NULL, "test_run 0 0 0",
	  "get_info 0 0", 1 },
	{ "upstream/up_xlated/jit_on", 0, NULL, RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_xlated/jit_off", -22, "0: (95) exit\n", RES_SKIP, "requires the BPF JIT off "
	  "(__load_if_no_JITed), and this kernel's is on", NULL, NULL, 0 },
	{ "upstream/up_stream/s_pass", 0, NULL, RES_PASS, NULL, "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_missing", 0, NULL, RES_FAIL, "__stderr: expected line not found: "
	  "'ERROR: Timeout detected for may_goto instruction'", "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_wrong_line", 0, NULL, RES_FAIL, "__stderr: expected line on line 2, "
	  "the line after the previous match, found on line 5: 'CPU: {{[0-9]+}}'", "test_run 0 0 0",
	  NULL, 0 },
	{ "upstream/up_stream/s_no_record", 0, NULL, RES_ERROR, "no BPFSTREAM record of stderr",
	  "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_refused", 0, NULL, RES_FAIL, "reading the BPF stderr stream failed: "
	  "BPF_PROG_STREAM_READ_BY_FD: -EFAULT", "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_empty", 0, NULL, RES_FAIL, "the BPF stdout stream is empty, "
	  "__stdout expects 'foo'", "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_both", 0, NULL, RES_PASS, NULL, "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_stdout_wrong", 0, NULL, RES_FAIL, "__stdout: expected line not "
	  "found: 'bar'", "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_no_run", 0, NULL, RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_stream/s_failure", -22, "0: (95) exit\n", RES_PASS, NULL, NULL, NULL, 0 },
	{ "upstream/up_stream/s_retval_first", 0, NULL, RES_FAIL, "retval 0, expected 1",
	  "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_unpriv", 0, NULL, RES_PASS, NULL, "test_run 0 0 0", NULL, 0 },
	{ "upstream/up_stream/s_unpriv@unpriv", 0, NULL, RES_FAIL, "__stdout: expected line not "
	  "found: 'baz'", "test_run 0 0 0", NULL, 0 },
};

/* The BPFSTREAM records of a run: stderr's and stdout's after the
 * stream's name ("<err> <errname>", NULL for none), and their bytes. */
static const struct {
	const char *id;
	const char *err_rec, *err_text, *out_rec, *out_text;
} bpf_stream_runs[] = {
	{ "upstream/up_stream/s_pass", "0 0", deadlock_text, NULL, NULL },
	{ "upstream/up_stream/s_missing", "0 0", deadlock_text, NULL, NULL },
	{ "upstream/up_stream/s_wrong_line", "0 0", deadlock_text, NULL, NULL },
	{ "upstream/up_stream/s_refused", "-14 -EFAULT", "", NULL, NULL },
	{ "upstream/up_stream/s_empty", NULL, NULL, "0 0", "" },
	{ "upstream/up_stream/s_both", "0 0", deadlock_text, "0 0", "foo" },
	{ "upstream/up_stream/s_stdout_wrong", "0 0", deadlock_text, "0 0", "foo" },
	{ "upstream/up_stream/s_unpriv", "0 0", deadlock_text, NULL, NULL },
	{ "upstream/up_stream/s_unpriv@unpriv", "0 0", deadlock_text, "0 0", "bar\n" },
};

/* FACT bpf_stream_probe in the stream: the kernel has BPF streams. */
static const char *stream_probe = "-EBADF";
/* The test module's facts: whether its BTF is there, and the load result
 * of a bpf_testmod.ko the host packed (none by default). */
static const char *testmod_facts = "FACT bpf_testmod 0\n";
/* JIT images of JITED records: func #0 "endbr64", "xorl %eax, %eax",
 * "retq"; and a byte LLVM cannot decode (0x06, push %es). */
static const unsigned char jit_image[] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x31, 0xc0, 0xc3 };
static const unsigned char jit_bad[] = { 0x06 };

/* The __jited runs (up_jited.c): the JITED record after the index and
 * the count, without the lengths (NULL: none), and its image (1:
 * jit_image, 2: jit_bad, 0: no bytes and one function of 0). */
static const struct {
	const char *id;
	int err;
	enum result_code code;
	const char *reason;
	const char *jited;
	int image;
} jruns[] = {
	{ "upstream/up_jited/j_pass", 0, RES_PASS, NULL, "get_info 0 0", 1 },
	{ "upstream/up_jited/j_wrong_line", 0, RES_FAIL, "__jited: expected instruction on line 3, "
	  "the line after the previous match, found on line 4: '\tretq'", "get_info 0 0", 1 },
	{ "upstream/up_jited/j_gap", 0, RES_PASS, NULL, "get_info 0 0", 1 },
	{ "upstream/up_jited/j_missing", 0, RES_FAIL, "__jited: expected instruction not found: "
	  "'\tmovq\t%rsp, %rbp'", "get_info 0 0", 1 },
	{ "upstream/up_jited/j_jit_off", 0, RES_FAIL, "__jited: expected instruction not found: "
	  "'\tendbr64'", "get_info 0 0", 0 },
	{ "upstream/up_jited/j_capset", 0, RES_ERROR, "the loader could not read the JIT image: "
	  "capset failed: -EPERM", "capset -1 -EPERM", 0 },
	{ "upstream/up_jited/j_hidden", 0, RES_ERROR, "the loader could not read the JIT image: "
	  "hidden failed: -EPERM", "hidden -1 -EPERM", 0 },
	{ "upstream/up_jited/j_no_record", 0, RES_ERROR, "no JITED record", NULL, 0 },
	{ "upstream/up_jited/j_refused", 0, RES_FAIL, "reading the JIT image failed: "
	  "BPF_OBJ_GET_INFO_BY_FD: -EACCES", "get_info -13 -EACCES", 0 },
	{ "upstream/up_jited/j_undecodable", 0, RES_ERROR, "__jited: LLVM cannot disassemble the "
	  "JIT image: func #0, offset 0: 06", "get_info 0 0", 2 },
	{ "upstream/up_jited/j_failure", -22, RES_FAIL, "__jited on a run expected to fail", NULL,
	  0 },
	{ "upstream/up_jited/j_unpriv", 0, RES_PASS, NULL, NULL, 0 },
	{ "upstream/up_jited/j_unpriv@unpriv", 0, RES_PASS, NULL, "get_info 0 0", 1 },
	{ "upstream/up_jited/j_all", 0, RES_PASS, NULL, "get_info 0 0", 1 },
	{ "upstream/up_jited/j_no_arch", 0, RES_ERROR, "__jited before any __arch", NULL, 0 },
};

/* The JITED record of jrun i, with its lengths and bytes. */
static void jited_record(struct sbuf *sb, size_t i, int idx)
{
	const unsigned char *bytes = jruns[i].image == 2 ? jit_bad : jit_image;
	size_t n = !jruns[i].image ? 0 : jruns[i].image == 2 ? sizeof(jit_bad) : sizeof(jit_image);
	bool err = strncmp(jruns[i].jited, "get_info 0 ", 11) != 0;

	sbuf__addf(sb, "JITED %d %zu %s ", idx, n, jruns[i].jited);
	if (err)
		sbuf__adds(sb, "-\n");
	else
		sbuf__addf(sb, "%zu\n", n);
	sbuf__add(sb, bytes, n);
	sbuf__adds(sb, "\n");
}

/* The records of the __jited runs that plan p holds. */
static void jited_runs(struct sbuf *sb, const struct plan *p)
{
	for (size_t i = 0; i < sizeof(jruns) / sizeof(jruns[0]); i++) {
		const struct plan_case *pc = plan__find(p, jruns[i].id);

		if (!pc)
			continue;
		sbuf__addf(sb, "BEGIN %d\nLOAD %d load %d %s 0 2 1000\n", pc->idx, pc->idx,
			   jruns[i].err, jruns[i].err ? "-EINVAL" : "0");
		if (jruns[i].err)
			sbuf__addf(sb, "LOG %d 13\n0: (95) exit\n\n", pc->idx);
		if (strstr(jruns[i].id, "j_all"))
			sbuf__addf(sb, "XLATED %d 8 get_info 0 0\n", pc->idx),
			sbuf__add(sb, prog_exit + 8, 8), sbuf__adds(sb, "\n");
		if (jruns[i].jited)
			jited_record(sb, i, pc->idx);
		if (strstr(jruns[i].id, "j_all"))
			sbuf__addf(sb, "RETVAL %d test_run 0 0 0\n", pc->idx);
		sbuf__addf(sb, "END %d\n", pc->idx);
	}
}

/* The XLATED record of run i, with its bytes. */
static void xlated_record(struct sbuf *sb, size_t i, int idx)
{
	const unsigned char *bytes = runs[i].xprog == 2 ? prog_r1_exit : prog_exit;
	size_t n = !runs[i].xprog ? 0 : runs[i].xprog == 2 ? sizeof(prog_r1_exit) :
		   sizeof(prog_exit);

	sbuf__addf(sb, "XLATED %d %zu %s\n", idx, n, runs[i].xlated);
	sbuf__add(sb, bytes, n);
	sbuf__adds(sb, "\n");
}

/* The BPFSTREAM records of run id, if it has any. */
static void bpf_stream_records(struct sbuf *sb, int idx, const char *id)
{
	for (size_t i = 0; i < sizeof(bpf_stream_runs) / sizeof(bpf_stream_runs[0]); i++) {
		if (strcmp(bpf_stream_runs[i].id, id))
			continue;
		if (bpf_stream_runs[i].err_rec)
			sbuf__addf(sb, "BPFSTREAM %d %zu stderr %s\n%s\n", idx,
				   strlen(bpf_stream_runs[i].err_text), bpf_stream_runs[i].err_rec,
				   bpf_stream_runs[i].err_text);
		if (bpf_stream_runs[i].out_rec)
			sbuf__addf(sb, "BPFSTREAM %d %zu stdout %s\n%s\n", idx,
				   strlen(bpf_stream_runs[i].out_text), bpf_stream_runs[i].out_rec,
				   bpf_stream_runs[i].out_text);
	}
}

/* A stream answering plan p: the runs above that it holds; *len its
 * bytes (an XLATED record's hold NULs). */
static char *stream_text(const struct plan *p, size_t *len)
{
	struct sbuf sb = {};

	sbuf__addf(&sb, "TWC-STREAM 1\nPLAN %s\nFACT release 7.3.4+deb13-cloud-amd64\n"
		   "FACT version #1\nFACT preempt_rt 0\nFACT unpriv_bpf 1\n%s"
		   "FACT kconfig 0\nFACT kfunc:bpf_rcu_read_lock 1\nFACT kfunc:bpf_rcu_read_unlock 1\n"
		   "FACT jit_enabled 1\n", p->run_id, testmod_facts);
	if (stream_probe)
		sbuf__addf(&sb, "FACT bpf_stream_probe %s\n", stream_probe);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		const struct plan_case *pc = plan__find(p, runs[i].id);
		const char *log = runs[i].log;

		if (!pc)
			continue;
		sbuf__addf(&sb, "BEGIN %d\nLOAD %d load %d %s %zu 2 1000\n", pc->idx, pc->idx,
			   runs[i].err, runs[i].err == -13 ? "-EACCES" : runs[i].err == -14 ? "-EFAULT" :
			   runs[i].err ? "-EINVAL" : "0",
			   log ? strlen(log) + 1 : 0);
		if (log && *log)
			sbuf__addf(&sb, "LOG %d %zu\n%s\n", pc->idx, strlen(log), log);
		if (runs[i].xlated)
			xlated_record(&sb, i, pc->idx);
		if (runs[i].retval)
			sbuf__addf(&sb, "RETVAL %d %s\n", pc->idx, runs[i].retval);
		bpf_stream_records(&sb, pc->idx, runs[i].id);
		sbuf__addf(&sb, "END %d\n", pc->idx);
	}
	jited_runs(&sb, p);
	sbuf__adds(&sb, "DONE\n");
	*len = sb.len;
	return sbuf__detach(&sb);
}

/* The fixture files' upstream run: corpus, plan and the stream above. */
struct up_run {
	struct corpus c;
	struct plan p;
	struct stream s;
	char *text;
};

static bool up_run__load(struct up_run *u)
{
	const char *list = unit__path(unit_env.tmp, "judge-upstream.list");
	struct corpus_filter none = {};
	char *msg = NULL;
	size_t len;
	bool ok;

	memset(u, 0, sizeof(*u));
	ok = EXPECT_INT(file__write(list, list_text, strlen(list_text)), 0) &&
	     EXPECT_INT(corpus__load_upstream(&u->c, list, unit_env.obj_dir, &none, &msg), 0) &&
	     EXPECT_INT(plan__build(&u->p, &u->c, "up-fixture"), 0) &&
	     (u->text = stream_text(&u->p, &len)) &&
	     EXPECT_INT(stream__parse(&u->s, u->text, len, u->p.n_cases, &msg), 0);
	free(msg);
	return ok;
}

static void up_run__free(struct up_run *u)
{
	free(u->text);
	stream__free(&u->s);
	plan__free(&u->p);
	corpus__free(&u->c);
}

/* Judge the fixture case id of u with ctx (its plan and stream set here);
 * r->kase stays NULL when there is no such case. */
static void up_run__judge(struct up_run *u, struct judge_ctx ctx, const char *id,
			  struct result *r)
{
	ctx.plan = &u->p;
	ctx.stream = &u->s;
	for (int k = 0; k < u->c.n_cases; k++)
		if (!strcmp(u->c.cases[k].id, id))
			EXPECT_INT(judge__case(&ctx, &u->c.cases[k], r), 0);
}

static void test_judged_by_annotations(void)
{
	const struct judge_ctx ctx = { .expected_dir = "/nonexistent" };
	struct up_run u;

	if (!up_run__load(&u))
		goto out;
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct result r = {};

		up_run__judge(&u, ctx, runs[i].id, &r);
		if (!EXPECT(r.kase))
			continue;
		if (!EXPECT_STR(result_code__name(r.code), result_code__name(runs[i].code)))
			printf("#     %s: %s\n", runs[i].id, r.reason);
		if (runs[i].reason)
			EXPECT_SUBSTR(r.reason, runs[i].reason);
		/* a retval that fails is no pass of the checks: bless would refuse */
		if ((runs[i].retval || runs[i].xlated) && runs[i].code != RES_ERROR)
			EXPECT(r.checks_ok == (runs[i].code == RES_PASS));
		/* a mismatch shows the printed program where the search stopped */
		if (!strcmp(runs[i].id, "upstream/up_xlated/x_wrong_line"))
			EXPECT_SUBSTR(r.detail.buf, "the translated program around line 3 of 3:\n"
				      "    |     1: 0: r0 = 0\n    |     2: 1: r1 = 1\n"
				      "    |>    3: 2: exit\n");
		/* a stream mismatch shows the stream where the search stopped */
		if (!strcmp(runs[i].id, "upstream/up_stream/s_wrong_line"))
			EXPECT_SUBSTR(r.detail.buf, "the BPF stderr stream around line 5 of 8:\n");
		result__free(&r);
	}
out:
	up_run__free(&u);
}

/* Judge id of u against the goldens in dir; its result code, and the
 * reason or detail holds want. */
static void up_golden__expect(struct up_run *u, const char *dir, const char *id,
			      enum result_code code, const char *want)
{
	struct result r = {};

	up_run__judge(u, (struct judge_ctx){ .expected_dir = dir }, id, &r);
	if (EXPECT(r.kase) && !EXPECT_STR(result_code__name(r.code), result_code__name(code)))
		printf("#     %s: %s\n", id, r.reason);
	if (r.kase && want && !strstr(r.reason ? r.reason : "", want))
		EXPECT_SUBSTR(r.detail.buf, want);
	result__free(&r);
}

/* make bless UPSTREAM=...: a passing run's log becomes its golden under
 * <expected>/upstream/<stem>/, and from then on the file's runs are held
 * to goldens as twc's cases are; a run that fails its annotations gets
 * none, and a file never blessed is judged by its annotations alone. */
static void test_upstream_goldens(void)
{
	const char *dir = unit__path(unit_env.tmp, "up-goldens");
	const char *golden = unit__path(unit_env.tmp, "up-goldens/upstream/up_modes/flags.log");
	struct bless_stats bs = {};
	struct up_run u;
	char *text = NULL;
	size_t len;

	if (!up_run__load(&u))
		goto out;
	up_golden__expect(&u, dir, "upstream/up_modes/flags", RES_PASS, NULL);
	for (int k = 0; k < u.c.n_cases; k++) {
		struct result r = {};

		if (strncmp(u.c.cases[k].id, "upstream/up_modes/", 18))
			continue;
		EXPECT_INT(judge__case(&(struct judge_ctx){ .expected_dir = dir, .plan = &u.p,
				       .stream = &u.s }, &u.c.cases[k], &r), 0);
		EXPECT_INT(golden__bless(dir, &u.s, &r, &bs), 0);
		result__free(&r);
	}
	/* flags, only_unpriv@unpriv and rejected@unpriv pass their checks */
	EXPECT_INT(bs.written, 3);
	EXPECT_INT(bs.refused, 2);	/* plain, rejected: FAILs */
	if (EXPECT_INT(file__read(golden, &text, &len), 0)) {
		EXPECT_SUBSTR(text, "# case: upstream/up_modes/flags\n");
		EXPECT_SUBSTR(text, "# log-level: 2\n");
		EXPECT(!strcmp(golden__body(text), "0: (95) exit\n"));
	}
	up_golden__expect(&u, dir, "upstream/up_modes/flags", RES_PASS, NULL);
	up_golden__expect(&u, dir, "upstream/up_modes/only_unpriv@unpriv", RES_PASS, NULL);
	/* a golden whose log is not the kernel's: FAIL, with the bless command */
	if (text && EXPECT_INT(file__write(golden, text, strlen(text) - 1), 0))
		up_golden__expect(&u, dir, "upstream/up_modes/flags", RES_FAIL,
				  "to accept: make bless UPSTREAM=harness/case/tests/fixtures/"
				  "upstream/up_modes.c CASES=upstream/up_modes/flags");
	/* the file is kept: a run without its golden is an ERROR */
	EXPECT_INT(remove(golden), 0);
	up_golden__expect(&u, dir, "upstream/up_modes/flags", RES_ERROR,
			  "no golden 'up-goldens/upstream/up_modes/flags.log'");
	/* a file never blessed: its annotations alone */
	up_golden__expect(&u, dir, "upstream/up_retval/ret_pass", RES_PASS, NULL);
out:
	free(text);
	sbuf__free(&bs.refused_ids);
	up_run__free(&u);
}

/* __jited runs judged as test_loader judges them, from the JIT images
 * above; a mismatch shows the printed image around it. */
static void test_jited_runs(void)
{
	const struct judge_ctx ctx = { .expected_dir = "/nonexistent" };
	struct up_run u;

	if (!up_run__load(&u))
		goto out;
	for (size_t i = 0; i < sizeof(jruns) / sizeof(jruns[0]); i++) {
		struct result r = {};

		up_run__judge(&u, ctx, jruns[i].id, &r);
		if (!EXPECT(r.kase))
			continue;
		if (!EXPECT_STR(result_code__name(r.code), result_code__name(jruns[i].code)))
			printf("#     %s: %s\n", jruns[i].id, r.reason);
		if (jruns[i].reason)
			EXPECT_SUBSTR(r.reason, jruns[i].reason);
		if (jruns[i].jited && jruns[i].code != RES_ERROR)
			EXPECT(r.checks_ok == (jruns[i].code == RES_PASS));
		if (!strcmp(jruns[i].id, "upstream/up_jited/j_wrong_line"))
			EXPECT_SUBSTR(r.detail.buf, "the JIT image around line 4 of 5:\n");
		result__free(&r);
	}
out:
	up_run__free(&u);
}

static void test_run_alone_names_the_file(void)
{
	struct up_run u;
	struct result r = {};

	if (up_run__load(&u)) {
		up_run__judge(&u, (struct judge_ctx){ .kernel_name = "7.3-cloud" },
			      "upstream/up_modes/plain", &r);
		EXPECT_SUBSTR(r.detail.buf, "to run it alone: make check UPSTREAM=harness/case/tests/"
			      "fixtures/upstream/up_modes.c CASES=upstream/up_modes/plain "
			      "KERNEL=7.3-cloud");
		result__free(&r);
	}
	up_run__free(&u);
}

/* A plan whose test run or translated program differs from the object's
 * __retval or __xlated is stale. */
static void test_stale_test_run(void)
{
	struct up_run u;
	struct result r = {};

	if (!up_run__load(&u))
		goto out;
	for (int i = 0; i < u.p.n_cases; i++) {
		if (!strcmp(u.p.cases[i].id, "upstream/up_retval/ret_pass"))
			EXPECT(u.p.cases[i].test_run), u.p.cases[i].test_run = false;
		if (!strcmp(u.p.cases[i].id, "upstream/up_xlated/x_pass"))
			EXPECT(u.p.cases[i].xlated), u.p.cases[i].xlated = false;
	}
	up_run__judge(&u, (struct judge_ctx){}, "upstream/up_retval/ret_pass", &r);
	EXPECT_STR(result_code__name(r.code), "ERROR");
	EXPECT_SUBSTR(r.reason, "the plan is stale: its test run differs from the object's");
	result__free(&r);
	r = (struct result){};
	up_run__judge(&u, (struct judge_ctx){}, "upstream/up_xlated/x_pass", &r);
	EXPECT_SUBSTR(r.reason, "the plan is stale: its translated program differs");
	result__free(&r);
out:
	up_run__free(&u);
}

/* Whether the kernel has BPF streams is the guest's probe: -EINVAL (an
 * unknown command: 6.12 and before) SKIPs a run whose checks passed so
 * far, before its stream records are looked at; no probe, or another
 * answer, is the harness's ERROR; a run that reads no stream is judged
 * as before. */
static void test_bpf_stream_probe(void)
{
	static const struct {
		const char *probe;
		enum result_code code;
		const char *reason;
	} probes[] = {
		{ "-EINVAL", RES_SKIP, "this kernel has no BPF streams (BPF_PROG_STREAM_READ_BY_FD: "
		  "-EINVAL, an unknown command): __stderr is not checked" },
		{ NULL, RES_ERROR, "the stream lacks FACT bpf_stream_probe" },
		{ "-EPERM", RES_ERROR, "probe of BPF_PROG_STREAM_READ_BY_FD gave -EPERM" },
	};
	const char *ids[] = { "upstream/up_stream/s_pass", "upstream/up_stream/s_no_record",
			      "upstream/up_stream/s_empty" };

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct up_run u;

		stream_probe = probes[i].probe;
		if (!up_run__load(&u)) {
			up_run__free(&u);
			continue;
		}
		for (size_t j = 0; j < sizeof(ids) / sizeof(ids[0]); j++) {
			struct result r = {};

			up_run__judge(&u, (struct judge_ctx){}, ids[j], &r);
			EXPECT_STR(result_code__name(r.code), result_code__name(probes[i].code));
			EXPECT_SUBSTR(r.reason, j == 2 ? "__stdout" : probes[i].reason);
			result__free(&r);
		}
		/* a run that reads no stream does not ask */
		{
			struct result r = {};

			up_run__judge(&u, (struct judge_ctx){}, "upstream/up_stream/s_no_run", &r);
			EXPECT_STR(result_code__name(r.code), "PASS");
			result__free(&r);
		}
		up_run__free(&u);
	}
	stream_probe = "-EBADF";
}

/* The test module, by what the guest reported: not packed (no FACT
 * module:bpf_testmod), a SKIP as on Debian's kernels; packed and refused by
 * finit_module(), or loaded without BTF, an ERROR naming why; loaded, the
 * program goes on to its next requirement (the kernel's config here). */
static void test_testmod_load(void)
{
	static const struct {
		const char *facts;
		enum result_code code;
		const char *reason;
	} cases[] = {
		{ "FACT bpf_testmod 0\n", RES_SKIP, "requires bpf_testmod, the selftests' test "
		  "module, which this guest does not load" },
		{ "FACT bpf_testmod 0\nFACT module:bpf_testmod -ENOEXEC\n", RES_ERROR,
		  "could not load the bpf_testmod.ko packed for this kernel: finit_module: -ENOEXEC" },
		{ "FACT bpf_testmod 0\nFACT module:bpf_testmod 0\n", RES_ERROR,
		  "bpf_testmod.ko loaded, but the kernel shows no BTF of it" },
		{ "FACT bpf_testmod 1\nFACT module:bpf_testmod 0\n", RES_SKIP,
		  "requires the kernel's config" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r = {};
		struct up_run u;

		testmod_facts = cases[i].facts;
		if (up_run__load(&u)) {
			up_run__judge(&u, (struct judge_ctx){}, "upstream/up_needs/needs", &r);
			if (EXPECT(r.kase))
				EXPECT_STR(result_code__name(r.code), result_code__name(cases[i].code));
			EXPECT_SUBSTR(r.reason, cases[i].reason);
			result__free(&r);
		}
		up_run__free(&u);
	}
	testmod_facts = "FACT bpf_testmod 0\n";
}

UNIT_GROUP(upstream_judge,
	   { "upstream runs are judged by their annotations, no golden", test_judged_by_annotations },
	   { "make bless UPSTREAM=: goldens of upstream runs, then held to them",
	     test_upstream_goldens },
	   { "__jited runs: the JIT image as test_loader matches it", test_jited_runs },
	   { "a failed run says how to run its file alone", test_run_alone_names_the_file },
	   { "a plan whose test run or translated program differs is stale",
	     test_stale_test_run },
	   { "a kernel without BPF streams: SKIP, from the guest's probe", test_bpf_stream_probe },
	   { "bpf_testmod: not packed SKIPs; refused by finit_module or without BTF is an ERROR",
	     test_testmod_load });
