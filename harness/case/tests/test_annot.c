// SPDX-License-Identifier: GPL-2.0
/* test_annot.c: annotation tags, one by one, and read from fixture objects. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "unit/unit.h"

/* Apply tags to a fresh prog; returns the first error (0 if none). */
static int tags(struct annot_prog *p, const char *const *list)
{
	int err = 0;

	annot_prog__init(p);
	for (; *list; list++)
		err = err ?: annot_prog__add_tag(p, *list);
	return err ?: annot_prog__finish(p);
}

#define TAGS(p, ...) tags((p), (const char *const[]){ __VA_ARGS__, NULL })

static void test_expect_keys(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success"), 0);
	EXPECT_INT(p.expect, ANNOT_EXPECT_SUCCESS);
	EXPECT_INT(p.log_level, -1);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:twc_errno=EINVAL"), 0);
	EXPECT_INT(p.expect, ANNOT_EXPECT_FAILURE);
	EXPECT_INT(p.expected_errno, EINVAL);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:twc_errno=-EACCES"), 0);
	EXPECT_INT(p.expected_errno, EACCES);
	annot_prog__free(&p);
}

static void test_counter_forms(void)
{
	struct annot_prog p;

	/* the old form without __COUNTER__, and a large counter */
	EXPECT_INT(TAGS(&p, "comment:test_expect_failure", "comment:123456:test_expect_msg=x"), 0);
	EXPECT_INT(p.expect, ANNOT_EXPECT_FAILURE);
	EXPECT_INT(p.n_msgs, 1);
	EXPECT_STR(p.msgs[0].text, "x");
	annot_prog__free(&p);
	/* "comment:" is the only prefix that makes a tag an annotation */
	EXPECT_INT(TAGS(&p, "kfunc:test_expect_success"), -EINVAL);
	EXPECT_SUBSTR(p.error, "not an annotation tag");
	annot_prog__free(&p);
	/* a value may hold '=' and ':' */
	EXPECT_INT(TAGS(&p, "comment:1:test_expect_success", "comment:2:test_expect_msg=R1=ctx() a:b"), 0);
	EXPECT_STR(p.msgs[0].text, "R1=ctx() a:b");
	annot_prog__free(&p);
}

static void test_value_keys(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:test_log_level=2",
			"comment:2:test_prog_flags=BPF_F_SLEEPABLE",
			"comment:3:test_prog_flags=0x8", "comment:4:test_prog_flags=1",
			"comment:5:test_prog_flags=!BPF_F_STRICT_ALIGNMENT",
			"comment:6:test_description=a timer in a map",
			"comment:7:test_arch=X86_64", "comment:8:test_arch=ARM64",
			"comment:9:twc_rule=TMR-ARG-08", "comment:10:twc_rule=WQ-INIT-1",
			"comment:11:twc_requires=kfunc:bpf_timer_cancel_async",
			"comment:12:twc_requires=!preempt_rt", "comment:13:twc_xfail=bug 42",
			"comment:14:test_expect_msg=a", "comment:15:test_expect_not_msg=b"), 0);
	EXPECT_INT(p.log_level, 2);
	EXPECT_INT(p.prog_flags, 16 | 8);	/* 1 was cleared by !STRICT_ALIGNMENT */
	EXPECT_STR(p.description, "a timer in a map");
	EXPECT_INT(p.arch_mask, ANNOT_ARCH_X86_64 | ANNOT_ARCH_ARM64);
	EXPECT_INT(p.n_rules, 2);
	EXPECT_STR(p.rules[1], "WQ-INIT-1");
	EXPECT_INT(p.n_reqs, 2);
	EXPECT_STR(p.reqs[0], "kfunc:bpf_timer_cancel_async");
	EXPECT_STR(p.reqs[1], "!preempt_rt");
	EXPECT_STR(p.xfail, "bug 42");
	EXPECT_INT(p.n_msgs, 2);
	EXPECT(!p.msgs[0].negative && p.msgs[1].negative);
	EXPECT(!p.error);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_auxiliary"), 0);
	EXPECT(p.auxiliary);
	annot_prog__free(&p);
}

static void test_unknown_key(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_sucess"), -EINVAL);
	EXPECT_STR(p.error, "unknown annotation key 'test_expect_sucess'");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:twc_rules=X-1"), -EINVAL);
	EXPECT_STR(p.error, "unknown annotation key 'twc_rules'");
	annot_prog__free(&p);
}

static void test_unsupported_keys(void)
{
	static const char *const keys[] = {
		"comment:0:test_auxiliary_unpriv", "comment:0:test_btf_func_path=x",
	};
	struct annot_prog p;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		EXPECT_INT(TAGS(&p, keys[i]), -EINVAL);
		EXPECT_SUBSTR(p.error, "not supported by twc yet");
		annot_prog__free(&p);
	}
	/* __jited: upstream files only (annot_upstream.c drops other
	 * architectures' lines, which a twc case has no reader for) */
	EXPECT_INT(TAGS(&p, "comment:0:test_arch=X86_64", "comment:1:test_jited=x"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__jited ('test_jited') is supported in upstream files only");
	annot_prog__free(&p);
	/* __btf_path, __linear_size: upstream files only (the BTF object is
	 * one of the selftests', the linear area test_loader's) */
	EXPECT_INT(TAGS(&p, "comment:0:test_btf_path=btf__x.bpf.o"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__btf_path ('test_btf_path') is supported in upstream files only");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_linear_size=14"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__linear_size ('test_linear_size') is supported in upstream "
		      "files only");
	annot_prog__free(&p);
}

/* __xlated lines as test_loader's push_disasm_msg() reads them: each on
 * the line after the previous one's, "..." lifts that for the next one
 * and is no line itself; a regex that does not compile and an empty line
 * (twc's own cases) are refused; a twc case expected to fail has nothing
 * to read. */
static void test_xlated_lines(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:test_expect_xlated=0: r0 = 0",
			"comment:2:test_expect_xlated=1: exit", "comment:3:test_expect_xlated=...",
			"comment:4:test_expect_xlated={{[0-9]+}}: call pc+2",
			"comment:5:test_expect_xlated=r1 = 1"), 0);
	if (EXPECT_INT(p.n_xlated, 4)) {
		EXPECT_STR(p.xlated[0].text, "0: r0 = 0");
		EXPECT(p.xlated[1].on_next_line && !p.xlated[2].on_next_line &&
		       p.xlated[3].on_next_line && !p.xlated[0].negative);
		EXPECT_STR(p.xlated[2].text, "{{[0-9]+}}: call pc+2");
	}
	EXPECT(annot_prog__xlated(&p) && !p.unpriv);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_xlated_unpriv=exit"), 0);
	EXPECT(p.unpriv && p.n_xlated == 1 && annot_prog__xlated(&p));
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_xlated={{[0-9+}}"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__xlated: malformed regex");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_xlated="), -EINVAL);
	EXPECT_SUBSTR(p.error, "__xlated: empty message");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:test_expect_xlated=exit"),
		   -EINVAL);
	EXPECT_SUBSTR(p.error, "__xlated with __failure");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_xlated=exit",
			"comment:1:test_expect_xlated_unpriv=exit"), -EINVAL);
	EXPECT_SUBSTR(p.error, "privileged and unprivileged");
	annot_prog__free(&p);
}

/* __stderr and __stdout lines as test_loader reads them (push_disasm_msg(),
 * as __xlated's): one list per stream, "..." lifts the next line's rule;
 * the guest reads a stream only after a test run, so a twc case needs
 * __retval and no __failure, where an upstream run is just not read. */
static void test_stream_lines(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:test_retval=0",
			"comment:2:test_expect_stderr=ERROR: x", "comment:3:test_expect_stdout=foo",
			"comment:4:test_expect_stderr=...", "comment:5:test_expect_stderr=CPU: {{[0-9]+}}",
			"comment:6:test_expect_stderr=Call trace:"), 0);
	if (EXPECT_INT(p.bpf_stream[ANNOT_STDERR].n, 3)) {
		EXPECT_STR(p.bpf_stream[ANNOT_STDERR].v[1].text, "CPU: {{[0-9]+}}");
		EXPECT(!p.bpf_stream[ANNOT_STDERR].v[1].on_next_line &&
		       p.bpf_stream[ANNOT_STDERR].v[2].on_next_line);
	}
	EXPECT(p.bpf_stream[ANNOT_STDOUT].n == 1 && annot_prog__reads_stream(&p, ANNOT_STDOUT) &&
	       annot_prog__reads_stream(&p, ANNOT_STDERR) && !p.n_xlated && !p.n_msgs);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_retval_unpriv=0",
			"comment:1:test_expect_stderr_unpriv=x"), 0);
	EXPECT(p.unpriv && annot_prog__reads_stream(&p, ANNOT_STDERR) &&
	       !annot_prog__reads_stream(&p, ANNOT_STDOUT));
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_stderr=x"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__stderr without a test run");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:test_retval=0",
			"comment:2:test_expect_stdout=x"), -EINVAL);
	EXPECT_SUBSTR(p.error, "with __failure");	/* the __retval rule speaks first */
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_retval=0", "comment:1:test_expect_stdout={{(}}"),
		   -EINVAL);
	EXPECT_SUBSTR(p.error, "__stdout: malformed regex");
	annot_prog__free(&p);
	/* upstream: no test run, no read, no error (test_loader never looks) */
	annot_prog__init(&p);
	p.upstream = true;
	EXPECT_INT(annot_prog__add_tag(&p, "comment:0:test_expect_stderr=x"), 0);
	EXPECT_INT(annot_prog__finish(&p), 0);
	EXPECT(!annot_prog__reads_stream(&p, ANNOT_STDERR));
	annot_prog__free(&p);
}

/* __load_if_JITed and __load_if_no_JITed: a requirement on the fact
 * jit_enabled, so a run the JIT excludes is a SKIP; another value is
 * refused, and so is a twc case that gives two. */
static void test_load_mode(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:load_mode=jited"), 0);
	EXPECT(p.load_jit == 1 && p.n_reqs == 1 && !strcmp(p.reqs[0], "jit_enabled"));
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:load_mode=no_jited"), 0);
	EXPECT(p.load_jit == -1 && p.n_reqs == 1 && !strcmp(p.reqs[0], "!jit_enabled"));
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:load_mode=interpreted"), -EINVAL);
	EXPECT_SUBSTR(p.error, "unknown load mode: 'interpreted'");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:load_mode=jited", "comment:1:load_mode=no_jited"), -EINVAL);
	EXPECT_SUBSTR(p.error, "given twice");
	annot_prog__free(&p);
	EXPECT(annot_req__valid("jit_enabled") && annot_req__valid("!jit_enabled"));
	EXPECT_INT(TAGS(&p, "comment:0:twc_requires=jit_enabled"), 0);
	annot_prog__free(&p);
}

/* __retval values as upstream's bpf_misc.h stringifies them (XSTR expands
 * macros: POINTER_VALUE, TEST_DATA_LEN, -EFAULT where errno.h defines
 * it), read as test_loader's parse_retval() reads them. */
static void test_retval_values(void)
{
	static const struct {
		const char *tag;
		int32_t want;
	} ok[] = {
		{ "comment:0:test_retval=0", 0 }, { "comment:0:test_retval=-1", -1 },
		{ "comment:0:test_retval=-14", -14 }, { "comment:0:test_retval=+7", 7 },
		{ "comment:0:test_retval=0xbadcafe", ANNOT_RETVAL_ANY },
		{ "comment:0:test_retval=64", 64 }, { "comment:0:test_retval=0xabcdef12", (int32_t)0xabcdef12 },
		{ "comment:0:test_retval=0xfffffffe", -2 }, { "comment:0:test_retval=0xFFFFff23", -221 },
		{ "comment:0:test_retval=_INT_MIN", INT32_MIN },
		{ "comment:0:test_retval=-2147483648", INT32_MIN },
		{ "comment:0:test_retval=4294967295", -1 },
		{ "comment:0:test_retval_unpriv=2", 2 },
	};
	static const char *const bad[] = {
		"comment:0:test_retval=", "comment:0:test_retval=-EFAULT",
		"comment:0:test_retval=(-2147483647 -1)", "comment:0:test_retval=64 + 1",
		"comment:0:test_retval= 1", "comment:0:test_retval=0x", "comment:0:test_retval=1x",
		"comment:0:test_retval=4294967296", "comment:0:test_retval=-2147483649",
		"comment:0:test_retval=INT_MIN", "comment:0:test_retval",
	};
	struct annot_prog p;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (!EXPECT_INT(TAGS(&p, ok[i].tag), 0))
			fprintf(stderr, "  refused: '%s': %s\n", ok[i].tag, p.error);
		EXPECT(p.has_retval);
		EXPECT_INT(p.retval, ok[i].want);
		annot_prog__free(&p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!EXPECT_INT(TAGS(&p, bad[i]), -EINVAL))
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
		EXPECT_SUBSTR(p.error, "__retval");
		annot_prog__free(&p);
	}
}

/* A test run is asked for a program with __retval that should load; a
 * twc case says __retval with __failure is a mistake, given twice too. */
static void test_retval_runs(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:test_retval=1"), 0);
	EXPECT(annot_prog__test_run(&p) && !p.unpriv);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success"), 0);
	EXPECT(!annot_prog__test_run(&p));
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success_unpriv",
			"comment:1:test_retval_unpriv=0"), 0);
	EXPECT(annot_prog__test_run(&p) && p.unpriv);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure", "comment:1:test_retval=0"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__retval with __failure");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_retval=0", "comment:1:test_retval=1"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__retval given twice");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_retval=0", "comment:1:test_retval_unpriv=1"), -EINVAL);
	EXPECT_SUBSTR(p.error, "privileged and unprivileged expectations");
	annot_prog__free(&p);
}

/* Upstream's *_unpriv keys select the unprivileged mode, one mode per program. */
static void test_unpriv_keys(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_failure_unpriv",
			"comment:1:test_expect_msg_unpriv=cannot use helper",
			"comment:2:test_caps_unpriv=CAP_BPF|38"), 0);
	EXPECT(p.unpriv && p.expect == ANNOT_EXPECT_FAILURE && p.n_msgs == 1);
	EXPECT(p.caps_keep == (1ULL << 39 | 1ULL << 38));
	annot_prog__free(&p);

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success_unpriv"), 0);
	EXPECT(p.unpriv && p.expect == ANNOT_EXPECT_SUCCESS && !p.caps_keep);
	annot_prog__free(&p);

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success",
			"comment:1:test_expect_failure_unpriv"), -EINVAL);
	EXPECT_SUBSTR(p.error, "one mode per case");
	annot_prog__free(&p);

	EXPECT_INT(TAGS(&p, "comment:0:test_caps_unpriv=CAP_FOO"), -EINVAL);
	EXPECT_SUBSTR(p.error, "unknown capability: 'CAP_FOO'");
	annot_prog__free(&p);
}

static void test_malformed_values(void)
{
	static const struct {
		const char *tag, *error;
	} bad[] = {
		{ "comment:0:test_log_level=abc", "__log_level: malformed value: 'abc'" },
		{ "comment:0:test_log_level=99", "__log_level: malformed value: '99'" },
		{ "comment:0:test_log_level=", "__log_level: malformed value: ''" },
		{ "comment:0:test_prog_flags=BPF_F_NOPE", "__flag: unknown flag: 'BPF_F_NOPE'" },
		{ "comment:0:test_arch=MIPS", "__arch: unknown architecture: 'MIPS'" },
		{ "comment:0:twc_errno=EWHAT", "__errno: unknown errno: 'EWHAT'" },
		{ "comment:0:twc_errno=22", "__errno: unknown errno: '22'" },
		{ "comment:0:twc_rule=tmr-arg-08", "__rule: malformed rule id: 'tmr-arg-08'" },
		{ "comment:0:twc_requires=kfunc:", "__requires: unknown fact: 'kfunc:'" },
		{ "comment:0:twc_requires=smp", "__requires: unknown fact: 'smp'" },
		{ "comment:0:test_expect_msg={{[}}", "__msg: malformed regex: '{{[}}'" },
		{ "comment:0:test_expect_msg=a{{b", "__msg: malformed regex: 'a{{b'" },
		/* glibc's regcomp would copy "a" 2^40 times (make fuzz's OOM) */
		{ "comment:0:test_expect_msg={{a++++++++++++++++++++++++++++++++++++++++}}",
		  "__msg: regex refused: the pattern would expand to more than 65536 nodes" },
		{ "comment:0:test_expect_msg=", "__msg: empty message" },
		{ "comment:0:twc_xfail=", "__xfail: empty value" },
		{ "comment:0:test_expect_success=1", "takes no value" },
		{ "comment:0:test_expect_msg", "__msg ('test_expect_msg') needs a value" },
	};
	struct annot_prog p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_INT(TAGS(&p, bad[i].tag), -EINVAL);
		EXPECT_SUBSTR(p.error, bad[i].error);
		annot_prog__free(&p);
	}
}

static void test_contradictions(void)
{
	struct annot_prog p;

	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:test_expect_failure"), -EINVAL);
	EXPECT_STR(p.error, "__success and __failure together");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_expect_success", "comment:1:twc_errno=EINVAL"), -EINVAL);
	EXPECT_STR(p.error, "__errno without __failure");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_log_level=1", "comment:1:test_log_level=2"), -EINVAL);
	EXPECT_STR(p.error, "__log_level given twice");
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:test_auxiliary", "comment:1:test_expect_success"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__auxiliary with");
	annot_prog__free(&p);
	/* the first error is kept */
	EXPECT_INT(TAGS(&p, "comment:0:bogus", "comment:1:test_log_level=x"), -EINVAL);
	EXPECT_STR(p.error, "unknown annotation key 'bogus'");
	annot_prog__free(&p);
}

/* Annotations as the compiler wrote them into a fixture object. */
static void test_read_object(void)
{
	struct annot_obj o;

	EXPECT_INT(annot_obj__read(&o, unit__path(unit_env.obj_dir, "reject/pass-diag.bpf.o")), 0);
	if (EXPECT_INT(o.n_progs, 1)) {
		struct annot_prog *p = &o.progs[0];

		EXPECT_STR(p->name, "pass_diag");
		EXPECT_STR(p->section, "tc");
		EXPECT_INT(p->expect, ANNOT_EXPECT_FAILURE);
		EXPECT_INT(p->expected_errno, EINVAL);
		/* source order, from the "comment:<N>:" counters */
		EXPECT_INT(p->n_msgs, 3);
		EXPECT_STR(p->msgs[0].text, "timer pointer in R1");
		EXPECT_STR(p->msgs[1].text, "Verification failed:");
		EXPECT_STR(p->msgs[2].text, "verifier bug");
		EXPECT(p->msgs[2].negative);
	}
	EXPECT_SUBSTR(o.compiler, "clang version");
	annot_obj__free(&o);
}

static void test_read_multi(void)
{
	struct annot_obj o;

	EXPECT_INT(annot_obj__read(&o, unit__path(unit_env.obj_dir, "reject/multi.bpf.o")), 0);
	if (EXPECT_INT(o.n_progs, 3)) {
		EXPECT_STR(o.progs[0].name, "helper");
		EXPECT(o.progs[0].auxiliary);
		EXPECT_STR(o.progs[2].name, "multi_b");
		EXPECT_INT(o.progs[2].log_level, 2);
		EXPECT_INT(o.progs[2].prog_flags, 9);
	}
	annot_obj__free(&o);
	EXPECT_INT(annot_obj__read(&o, unit__path(unit_env.obj_dir, "accept/error-annot.bpf.o")), 0);
	if (EXPECT_INT(o.n_progs, 1))
		EXPECT_STR(o.progs[0].error, "unknown annotation key 'test_expect_sucess'");
	annot_obj__free(&o);
}

/* __requires alternatives; what is not a requirement. */
static void test_requires_forms(void)
{
	struct annot_prog p;

	EXPECT(annot_req__valid("kfunc:bpf_wq_set_callback|kfunc:bpf_wq_set_callback_impl"));
	EXPECT(annot_req__valid("kfunc:_x|preempt_rt"));
	EXPECT(annot_req__valid("!preempt_rt"));
	EXPECT(!annot_req__valid("kfunc:a|"));
	EXPECT(!annot_req__valid("|kfunc:a"));
	EXPECT(!annot_req__valid("kfunc:a||kfunc:b"));
	EXPECT(!annot_req__valid("!kfunc:a|kfunc:b"));
	EXPECT(!annot_req__valid("kfunc:1a"));
	EXPECT(!annot_req__valid("kfunc:a b"));
	EXPECT(!annot_req__valid("preempt_rt|smp"));
	/* a repeated requirement is kept once */
	EXPECT_INT(TAGS(&p, "comment:0:twc_requires=kfunc:a|kfunc:b",
			"comment:1:twc_requires=kfunc:a|kfunc:b"), 0);
	EXPECT_INT(p.n_reqs, 1);
	annot_prog__free(&p);
	EXPECT_INT(TAGS(&p, "comment:0:twc_requires=!kfunc:a|kfunc:b"), -EINVAL);
	EXPECT_STR(p.error, "__requires: unknown fact: '!kfunc:a|kfunc:b'");
	annot_prog__free(&p);
}

/* The facts of an object's kfunc externs: a strong one is needed (by the
 * name libbpf resolves), a weak one only through its __requires. */
static void test_kfunc_reqs(void)
{
	static const struct {
		const char *obj, *reqs;
	} want[] = {
		{ "accept/skip-implicit.bpf.o", "kfunc:bpf_rcu_read_lock kfunc:bpf_timer_cancel_async" },
		/* twc.h's weak pairs of the kfuncs 7.0 renamed: their __requires */
		{ "accept/skip-renamed.bpf.o", "kfunc:bpf_wq_set_callback|kfunc:bpf_wq_set_callback_impl" },
		{ "reject/fail-renamed.bpf.o",
		  "kfunc:bpf_task_work_schedule_resume|kfunc:bpf_task_work_schedule_resume_impl" },
		{ "reject/error-unresolved.bpf.o", "" },
		{ "accept/pass.bpf.o", "" },
	};
	char **reqs, *error, joined[512];
	int n;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		EXPECT_INT(annot_obj__kfunc_reqs(unit__path(unit_env.obj_dir, want[i].obj),
						 &reqs, &n, &error), 0);
		joined[0] = 0;
		for (int r = 0; r < n; r++) {
			snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
				 r ? " " : "", reqs[r]);
			free(reqs[r]);
		}
		free(reqs);
		EXPECT_STR(joined, want[i].reqs);
		EXPECT(!error);
	}
	EXPECT_INT(annot_obj__kfunc_reqs(unit__path(unit_env.obj_dir, "accept/error-extern.bpf.o"),
					 &reqs, &n, &error), -EINVAL);
	EXPECT_INT(n, 0);
	EXPECT_STR(error, "kfunc extern 'bpf_preempt_disable': 'test_expect_msg=not here' is not "
		   "a __requires(\"kfunc:...\"), the only annotation a kfunc extern takes");
	free(error);
}

/* A program's facts: its annotated ones first, then the object's. */
static void test_read_kfunc_reqs(void)
{
	struct annot_obj o;

	EXPECT_INT(annot_obj__read(&o, unit__path(unit_env.obj_dir, "reject/fail-renamed.bpf.o")), 0);
	if (EXPECT_INT(o.n_progs, 1) && EXPECT_INT(o.progs[0].n_reqs, 2)) {
		EXPECT_STR(o.progs[0].reqs[0], "!preempt_rt");
		EXPECT_STR(o.progs[0].reqs[1], "kfunc:bpf_task_work_schedule_resume|"
			   "kfunc:bpf_task_work_schedule_resume_impl");
	}
	annot_obj__free(&o);
	EXPECT_INT(annot_obj__read(&o, unit__path(unit_env.obj_dir, "accept/error-extern.bpf.o")), 0);
	if (EXPECT_INT(o.n_progs, 1))
		EXPECT_SUBSTR(o.progs[0].error, "kfunc extern 'bpf_preempt_disable': ");
	annot_obj__free(&o);
}

static void test_read_not_bpf(void)
{
	struct annot_obj o;

	EXPECT(annot_obj__read(&o, unit__path(unit_env.fixtures, "plan")) < 0);
	EXPECT_SUBSTR(o.error, "libbpf cannot open the object");
	annot_obj__free(&o);
}

UNIT_GROUP(annot,
	{ "__success, __failure, __errno", test_expect_keys },
	{ "counter and no-counter tag forms", test_counter_forms },
	{ "every value key", test_value_keys },
	{ "an unknown key is an error naming it", test_unknown_key },
	{ "upstream keys twc does not implement", test_unsupported_keys },
	{ "__retval values as bpf_misc.h writes them", test_retval_values },
	{ "__retval: which programs are run", test_retval_runs },
	{ "__xlated lines and \"...\"", test_xlated_lines },
	{ "__stderr and __stdout lines, read after a test run", test_stream_lines },
	{ "__load_if_JITed, __load_if_no_JITed", test_load_mode },
	{ "unprivileged mode keys", test_unpriv_keys },
	{ "malformed values", test_malformed_values },
	{ "contradictions and repeats", test_contradictions },
	{ "read a fixture object, tags in source order", test_read_object },
	{ "read a file of three programs", test_read_multi },
	{ "a file that is not a BPF object", test_read_not_bpf },
	{ "__requires alternatives", test_requires_forms },
	{ "the facts of kfunc externs: strong, weak, renamed pairs", test_kfunc_reqs },
	{ "a program's facts: annotated, then its object's", test_read_kfunc_reqs },
);
