// SPDX-License-Identifier: GPL-2.0
/*
 * test_upstream.c: upstream selftest files read as test_loader reads them
 * (case/upstream.h): the runs of a program from its tags, the list file,
 * the fixture objects of case/tests/fixtures/upstream/ as specs and as
 * cases of the corpus.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "case/corpus.h"
#include "case/upstream.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "unit/unit.h"

/* The runs of a program with these tags. */
static unsigned int specs(struct annot_prog *priv, struct annot_prog *unpriv,
			  const char *const *tags)
{
	unsigned int modes = 0;
	int n = 0;

	while (tags[n])
		n++;
	EXPECT_INT(upstream_prog__specs("p", "tc", tags, n, priv, unpriv, &modes), 0);
	return modes;
}

#define SPECS(priv, unpriv, ...) specs((priv), (unpriv), (const char *const[]){ __VA_ARGS__, NULL })

static void test_no_keys(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(specs(&priv, &unpriv, (const char *const[]){ NULL }), UPSTREAM_PRIV);
	EXPECT(!priv.error);
	EXPECT(priv.upstream);
	EXPECT(!priv.unpriv);
	EXPECT_INT(priv.expect, ANNOT_EXPECT_SUCCESS);	/* RUN_TESTS: a success test */
	EXPECT_INT(priv.log_level, -1);
	EXPECT_INT(priv.prog_flags, UPSTREAM_DEFAULT_FLAGS);
	EXPECT_STR(priv.name, "p");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_both_modes(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure",
			 "comment:2:test_expect_msg=a", "comment:3:test_log_level=2",
			 "comment:4:test_expect_msg_unpriv=b", "comment:5:test_expect_not_msg=c"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error);
	EXPECT_INT(priv.expect, ANNOT_EXPECT_FAILURE);
	EXPECT_INT(priv.n_msgs, 2);
	EXPECT_STR(priv.msgs[0].text, "a");
	EXPECT(priv.msgs[1].negative);
	/* the unprivileged run: the privileged verdict, its own messages */
	EXPECT(unpriv.unpriv);
	EXPECT_INT(unpriv.expect, ANNOT_EXPECT_FAILURE);
	EXPECT_INT(unpriv.n_msgs, 1);
	EXPECT_STR(unpriv.msgs[0].text, "b");
	EXPECT_INT(unpriv.log_level, 2);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* no messages of its own: the privileged ones; its own verdict */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure",
			 "comment:2:test_expect_msg=a", "comment:3:test_expect_success_unpriv"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT_INT(unpriv.expect, ANNOT_EXPECT_SUCCESS);
	EXPECT_INT(unpriv.n_msgs, 1);
	EXPECT_STR(unpriv.msgs[0].text, "a");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_unpriv_only(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure_unpriv",
			 "comment:2:test_caps_unpriv=39", "comment:3:test_description=d"),
		   UPSTREAM_UNPRIV);
	EXPECT(!unpriv.error);
	EXPECT(unpriv.unpriv);
	EXPECT_INT(unpriv.expect, ANNOT_EXPECT_FAILURE);
	EXPECT_INT(unpriv.caps_keep, 1ULL << 39);
	EXPECT_STR(unpriv.description, "d");
	EXPECT(!priv.name);	/* no privileged run: nothing filled */
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* __caps_unpriv alone gives a run, as test_loader's mode_mask does */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_caps_unpriv=CAP_BPF|CAP_PERFMON"),
		   UPSTREAM_UNPRIV);
	EXPECT_INT(unpriv.expect, ANNOT_EXPECT_SUCCESS);
	EXPECT_INT(unpriv.caps_keep, 1ULL << 39 | 1ULL << 38);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_flags_and_lenient_keys(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_prog_flags=!BPF_F_TEST_RND_HI32",
			 "comment:2:test_prog_flags=BPF_F_TEST_STATE_FREQ",
			 "comment:3:test_description=first", "comment:4:test_description=last",
			 "comment:5:test_expect_msg="), UPSTREAM_PRIV);
	EXPECT(!priv.error);
	EXPECT_INT(priv.prog_flags, (1U << 7) | (1U << 3));
	EXPECT_STR(priv.description, "last");	/* test_loader keeps the last */
	EXPECT_INT(priv.n_msgs, 1);		/* "" matches anywhere */
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_auxiliary(void)
{
	struct annot_prog priv, unpriv;

	/* __auxiliary with __success: test_loader loads it as an auxiliary */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_auxiliary", "comment:2:test_expect_success"),
		   UPSTREAM_PRIV);
	EXPECT(!priv.error);
	EXPECT(priv.auxiliary);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_auxiliary_unpriv"), UPSTREAM_UNPRIV);
	EXPECT(!unpriv.error);
	EXPECT(unpriv.auxiliary && unpriv.unpriv);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_unsupported_keys(void)
{
	struct annot_prog priv, unpriv;

	/* an error of the run that has the key, naming it */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_success",
			 "comment:2:test_btf_func_path=x", "comment:3:test_expect_msg_unpriv=x"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT_SUBSTR(priv.error, "__btf_func_path ('test_btf_func_path') is not supported by "
		      "twc yet");
	EXPECT_SUBSTR(unpriv.error, "__btf_func_path ('test_btf_func_path') is not supported by "
		      "twc yet");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* an unknown key: twc says so (test_loader would ignore it) */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_sucess"), UPSTREAM_PRIV);
	EXPECT_SUBSTR(priv.error, "unknown annotation key 'test_expect_sucess'");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

/* __btf_path and __linear_size hold for both runs, as test_loader keeps
 * them in the spec; malformed values are the spec's error. */
static void test_setup_keys(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_btf_path=btf__a.bpf.o",
			 "comment:2:test_btf_path=btf__b.bpf.o", "comment:3:test_linear_size=0x16",
			 "comment:4:test_expect_success_unpriv", "comment:5:test_expect_success"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error);
	EXPECT_STR(priv.btf_path, "btf__b.bpf.o");	/* the last one holds */
	EXPECT_STR(unpriv.btf_path, "btf__b.bpf.o");
	EXPECT(priv.has_linear_size && priv.linear_size == 22 && unpriv.linear_size == 22);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_linear_size=0"), UPSTREAM_PRIV);
	EXPECT(!priv.error && priv.has_linear_size && !priv.linear_size);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_linear_size=-1"), UPSTREAM_PRIV);
	EXPECT_SUBSTR(priv.error, "__linear_size: not a size: '-1'");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_btf_path=../x.o"), UPSTREAM_PRIV);
	EXPECT_SUBSTR(priv.error, "__btf_path: not a file name of the selftests' objects");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_btf_path="), UPSTREAM_PRIV);
	EXPECT_SUBSTR(priv.error, "__btf_path: not a file name");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

/* __xlated is a run's key: the unprivileged run takes the privileged
 * lines unless it has __xlated_unpriv (clone_msgs()), "..." marks each
 * run's own lines; __failure with __xlated is no error upstream (the
 * judge fails the run); __load_if_* holds for both runs, the last one
 * given. */
static void test_xlated_runs(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_success",
			 "comment:2:test_expect_xlated=r0 = 0", "comment:3:test_expect_xlated=...",
			 "comment:4:test_expect_xlated=exit", "comment:5:test_expect_msg_unpriv=x"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error && priv.n_xlated == 2 && unpriv.n_xlated == 2);
	EXPECT(unpriv.n_xlated == 2 && !unpriv.xlated[1].on_next_line && annot_prog__xlated(&unpriv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_xlated=a",
			 "comment:2:test_expect_xlated_unpriv=b", "comment:3:test_expect_xlated_unpriv=c"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(priv.n_xlated == 1 && unpriv.n_xlated == 2 && unpriv.xlated[1].on_next_line);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure",
			 "comment:2:test_expect_xlated=exit"), UPSTREAM_PRIV);
	EXPECT(!priv.error && priv.n_xlated == 1 && !annot_prog__xlated(&priv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:load_mode=no_jited", "comment:2:load_mode=jited",
			 "comment:3:test_expect_success", "comment:4:test_expect_success_unpriv"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && priv.n_reqs == 1 && !strcmp(priv.reqs[0], "jit_enabled"));
	EXPECT(!unpriv.error && unpriv.n_reqs == 1 && !strcmp(unpriv.reqs[0], "jit_enabled"));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

/* __stderr and __stdout are a run's keys that give no run of their own
 * (test_loader does not add a mode for them): the unprivileged run takes
 * the privileged lines of a stream unless it has its own (clone_msgs()),
 * and a run that is not test-run does not read its streams (they are
 * read after the run), which is no error upstream. */
static void test_stream_runs(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_retval=0",
			 "comment:2:test_expect_stderr=ERROR", "comment:3:test_expect_stderr=...",
			 "comment:4:test_expect_stderr=CPU", "comment:5:test_expect_stdout=foo",
			 "comment:6:test_expect_stdout_unpriv=bar", "comment:7:test_expect_success_unpriv"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error);
	EXPECT(priv.bpf_stream[ANNOT_STDERR].n == 2 && unpriv.bpf_stream[ANNOT_STDERR].n == 2);
	EXPECT(unpriv.bpf_stream[ANNOT_STDERR].n == 2 &&
	       !unpriv.bpf_stream[ANNOT_STDERR].v[1].on_next_line);
	EXPECT(priv.bpf_stream[ANNOT_STDOUT].n == 1 && unpriv.bpf_stream[ANNOT_STDOUT].n == 1);
	EXPECT(unpriv.bpf_stream[ANNOT_STDOUT].n == 1 &&
	       !strcmp(unpriv.bpf_stream[ANNOT_STDOUT].v[0].text, "bar"));
	EXPECT(annot_prog__reads_stream(&priv, ANNOT_STDERR) &&
	       annot_prog__reads_stream(&unpriv, ANNOT_STDOUT));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* no mode of their own: __stderr_unpriv alone is the privileged run */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_stderr_unpriv=x"), UPSTREAM_PRIV);
	EXPECT(!priv.error && !priv.bpf_stream[ANNOT_STDERR].n);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* no __retval, or __failure: never read, no error */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_stderr=x"), UPSTREAM_PRIV);
	EXPECT(!priv.error && !annot_prog__reads_stream(&priv, ANNOT_STDERR));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure", "comment:2:test_retval=0",
			 "comment:3:test_expect_stdout=x"), UPSTREAM_PRIV);
	EXPECT(!priv.error && !annot_prog__reads_stream(&priv, ANNOT_STDOUT));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

/* __jited is a run's key, taken only after an __arch of x86_64 (the
 * lines for another architecture are dropped, and so is that run's
 * mode); an __arch starts the lines afresh; the unprivileged run takes
 * the privileged lines unless it has __jited_unpriv; __jited before any
 * __arch is the run's error, as test_loader fails the program. */
static void test_jited_runs(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_success", "comment:2:test_arch=X86_64",
			 "comment:3:test_jited=x", "comment:4:test_jited=...", "comment:5:test_jited=y",
			 "comment:6:test_expect_msg_unpriv=m"), UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error && priv.n_jited == 2 && unpriv.n_jited == 2);
	EXPECT(!priv.jited[1].on_next_line && annot_prog__jited(&priv) && annot_prog__jited(&unpriv));
	EXPECT_STR(priv.jited[0].text, "x");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_arch=ARM64", "comment:2:test_jited=x"),
		   UPSTREAM_PRIV);
	EXPECT(!priv.error && !priv.n_jited);
	EXPECT_INT(priv.arch_mask, ANNOT_ARCH_ARM64);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_arch=X86_64", "comment:2:test_jited=...",
			 "comment:3:test_arch=ARM64", "comment:4:test_jited=a",
			 "comment:5:test_arch=X86_64", "comment:6:test_jited=y",
			 "comment:7:test_jited_unpriv=u"), UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && priv.n_jited == 1 && priv.jited[0].on_next_line);
	EXPECT(!unpriv.error && unpriv.n_jited == 1 && !strcmp(unpriv.jited[0].text, "u"));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* only the unprivileged run's __jited_unpriv for arm64: no mode from it */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_arch=ARM64",
			 "comment:2:test_jited_unpriv=x"), UPSTREAM_PRIV);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_jited=x"), UPSTREAM_PRIV);
	EXPECT_SUBSTR(priv.error, "__jited before any __arch");
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure", "comment:2:test_arch=X86_64",
			 "comment:3:test_jited=x"), UPSTREAM_PRIV);
	EXPECT(!priv.error && priv.n_jited == 1 && !annot_prog__jited(&priv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

/* __retval is a run's key: the unprivileged run takes the privileged one
 * unless it has __retval_unpriv (test_loader's has_unpriv_retval); a run
 * expected to fail is not test-run (should_do_test_run()). */
static void test_retval_runs(void)
{
	struct annot_prog priv, unpriv;

	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_success", "comment:2:test_retval=3",
			 "comment:3:test_expect_msg_unpriv=x"), UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error);
	EXPECT(priv.has_retval && priv.retval == 3 && annot_prog__test_run(&priv));
	EXPECT(unpriv.has_retval && unpriv.retval == 3 && annot_prog__test_run(&unpriv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_retval=1", "comment:2:test_retval_unpriv=2"),
		   UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(priv.retval == 1 && unpriv.retval == 2 && !priv.error && !unpriv.error);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* __retval_unpriv alone: the unprivileged run only, a success test */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_retval_unpriv=1"), UPSTREAM_UNPRIV);
	EXPECT(!unpriv.error && unpriv.unpriv && annot_prog__test_run(&unpriv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* __failure_unpriv: that run loads and fails, and is never run */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_retval=0",
			 "comment:2:test_expect_failure_unpriv"), UPSTREAM_PRIV | UPSTREAM_UNPRIV);
	EXPECT(!priv.error && !unpriv.error);
	EXPECT(annot_prog__test_run(&priv) && !annot_prog__test_run(&unpriv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* __failure with __retval is no error upstream: the run is skipped */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_expect_failure", "comment:2:test_retval=0"),
		   UPSTREAM_PRIV);
	EXPECT(!priv.error && !annot_prog__test_run(&priv));
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
	/* the last __retval holds, as in test_loader */
	EXPECT_INT(SPECS(&priv, &unpriv, "comment:1:test_retval=0", "comment:2:test_retval=5"),
		   UPSTREAM_PRIV);
	EXPECT(!priv.error && priv.retval == 5);
	annot_prog__free(&priv);
	annot_prog__free(&unpriv);
}

static void test_twc_keeps_its_rules(void)
{
	struct annot_prog p;

	/* outside upstream files, __auxiliary_unpriv is still unsupported */
	annot_prog__init(&p);
	EXPECT_INT(annot_prog__add_tag(&p, "comment:1:test_auxiliary_unpriv"), -EINVAL);
	EXPECT_SUBSTR(p.error, "__auxiliary_unpriv ('test_auxiliary_unpriv') is not supported");
	annot_prog__free(&p);
	EXPECT(annot_req__valid("bpf_testmod"));
	EXPECT(annot_req__valid("kconfig"));
	EXPECT(!annot_req__valid("testmod"));
}

static void test_list(void)
{
	struct upstream_list l;
	char *msg;

	EXPECT_INT(upstream_list__parse(&l, "# a comment\nfile a /x/a.c\n\nfile b /y/b.c\n"
					"testmod bpf_kfunc_call_test1\n", &msg), 0);
	EXPECT_INT(l.n_files, 2);
	EXPECT_STR(l.stems[1], "b");
	EXPECT_STR(l.srcs[1], "/y/b.c");
	EXPECT(upstream_list__is_testmod(&l, "bpf_kfunc_call_test1"));
	EXPECT(!upstream_list__is_testmod(&l, "bpf_timer_init"));
	upstream_list__free(&l);
	EXPECT_INT(upstream_list__parse(&l, "file a /x/a.c\nfile a /y/a.c\n", &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 2: malformed: 'file a /y/a.c'");
	free(msg);
	EXPECT_INT(upstream_list__parse(&l, "file a\n", &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 1: malformed");
	free(msg);
	EXPECT_INT(upstream_list__parse(&l, "stuff a b\n", &msg), -EINVAL);
	free(msg);
}

/* The list of the fixture files, written into the scratch directory. */
static const char *fixture_list(void)
{
	static const char text[] =
		"file up_auxonly harness/case/tests/fixtures/upstream/up_auxonly.c\n"
		"file up_broken harness/case/tests/fixtures/upstream/up_broken.c\n"
		"file up_modes harness/case/tests/fixtures/upstream/up_modes.c\n"
		"file up_needs harness/case/tests/fixtures/upstream/up_needs.c\n"
		"file up_none harness/case/tests/fixtures/upstream/up_none.c\n"
		"testmod bpf_kfunc_call_test_sleepable\n";
	const char *path = unit__path(unit_env.tmp, "upstream.list");

	EXPECT_INT(file__write(path, text, strlen(text)), 0);
	return path;
}

static const struct annot_prog *spec_of(const struct annot_obj *o, const char *name, bool unpriv)
{
	for (int i = 0; i < o->n_progs; i++)
		if (!strcmp(o->progs[i].name, name) && o->progs[i].unpriv == unpriv)
			return &o->progs[i];
	return NULL;
}

static void test_object(void)
{
	struct upstream_list l;
	struct annot_obj o;
	const struct annot_prog *p;
	char *msg;

	EXPECT_INT(upstream_list__read(&l, fixture_list(), &msg), 0);
	EXPECT_INT(annot_obj__read_upstream(&o, unit__path(unit_env.obj_dir,
							    "upstream/up_modes.bpf.o"), &l), 0);
	/* plain, rejected x2, only_unpriv, aux_priv, aux_unpriv, btf_func_path, flags, jited_arm */
	EXPECT_INT(o.n_progs, 9);
	for (int i = 0; i < o.n_progs; i++)	/* a program's privileged run first */
		if (!strcmp(o.progs[i].name, "rejected") && EXPECT(i + 1 < o.n_progs))
			EXPECT(!o.progs[i].unpriv && o.progs[i + 1].unpriv), i++;
	p = spec_of(&o, "rejected", true);
	EXPECT(p && !strcmp(p->section, "tc") && p->expect == ANNOT_EXPECT_FAILURE);	/* libbpf drops the ? */
	p = spec_of(&o, "only_unpriv", true);
	EXPECT(p && p->caps_keep == 1ULL << 39);
	p = spec_of(&o, "flags", false);
	EXPECT(p && p->prog_flags == 1U << 7 && p->log_level == 2);
	annot_obj__free(&o);
	EXPECT_INT(annot_obj__read_upstream(&o, unit__path(unit_env.obj_dir,
							    "upstream/up_needs.bpf.o"), &l), 0);
	EXPECT_INT(o.n_progs, 1);
	EXPECT_INT(o.progs[0].n_reqs, 4);
	EXPECT_STR(o.progs[0].reqs[0], "bpf_testmod");
	EXPECT_STR(o.progs[0].reqs[1], "kfunc:bpf_rcu_read_lock");
	EXPECT_STR(o.progs[0].reqs[2], "kfunc:bpf_rcu_read_unlock");
	EXPECT_STR(o.progs[0].reqs[3], "kconfig");
	EXPECT(o.compiler && strstr(o.compiler, "clang version"));	/* its .comment */
	annot_obj__free(&o);
	upstream_list__free(&l);
}

/* A linked upstream object has no .comment: the build's <object>.compiler
 * beside it names the compiler, for the goldens' header. */
static void test_object_compiler(void)
{
	const char *copy = unit__path(unit_env.tmp, "linked.bpf.o");
	const char *side = unit__path(unit_env.tmp, "linked.bpf.o.compiler");
	struct upstream_list l = {};
	struct annot_obj o;
	char *bytes = NULL;
	size_t len;

	if (!EXPECT_INT(file__read(unit__path(unit_env.obj_dir, "upstream/up_needs.bpf.o"), &bytes,
				   &len), 0))
		return;
	EXPECT_INT(file__write(copy, bytes, len), 0);
	EXPECT_INT(file__write(side, "Some clang version 99.1\n", 24), 0);
	EXPECT_INT(annot_obj__read_upstream(&o, copy, &l), 0);
	EXPECT_STR(o.compiler ? o.compiler : "(null)", "Some clang version 99.1");
	annot_obj__free(&o);
	remove(side);
	remove(copy);
	free(bytes);
}

static const struct corpus_case *case_of(const struct corpus *c, const char *id)
{
	for (int i = 0; i < c->n_cases; i++)
		if (!strcmp(c->cases[i].id, id))
			return &c->cases[i];
	return NULL;
}

static void test_corpus(void)
{
	struct corpus_filter none = {};
	const struct corpus_case *k;
	struct corpus c = {};
	char *msg = NULL;

	EXPECT_INT(corpus__load_upstream(&c, fixture_list(), unit_env.obj_dir, &none, &msg), 0);
	/* auxonly, broken, none: 1 each; modes: 7 runs; needs: 1 */
	EXPECT_INT(c.n_cases, 11);
	k = case_of(&c, "upstream/up_modes/rejected@unpriv");
	EXPECT(k && k->upstream && !k->problem && k->prog->unpriv);
	EXPECT(k && !strcmp(k->aux, "aux_unpriv") && k->log_level == 0);
	EXPECT(k && !strcmp(k->guest_obj, "obj/upstream/up_modes.bpf.o"));
	k = case_of(&c, "upstream/up_modes/rejected");
	EXPECT(k && !strcmp(k->aux, "aux_priv"));
	/* the compiler, which its golden's header names */
	EXPECT(k && k->compiler && strstr(k->compiler, "clang version"));
	k = case_of(&c, "upstream/up_modes/btf_func_path");
	EXPECT(k && k->problem == CASE_ANNOTATION);
	k = case_of(&c, "upstream/up_modes/jited_arm");
	EXPECT(k && !k->problem && !k->arch_ok);
	k = case_of(&c, "upstream/up_broken");
	EXPECT(k && k->problem == CASE_COMPILE);
	k = case_of(&c, "upstream/up_auxonly");
	EXPECT(k && k->problem == CASE_NO_PROGRAMS);
	k = case_of(&c, "upstream/up_none");
	EXPECT(k && k->problem == CASE_NO_OBJECT);
	corpus__free(&c);
	/* a filter selects runs by id, or whole files */
	EXPECT_INT(corpus__load_upstream(&c, fixture_list(), unit_env.obj_dir,
					 &(struct corpus_filter){ 1, (const char *[]){
						 "upstream/up_modes/*@unpriv" } }, &msg), 0);
	EXPECT_INT(c.n_cases, 2);
	corpus__free(&c);
}

/* Load the list of up_modes.c with the expect lines more; the case id. */
static const struct corpus_case *expects_case(struct corpus *c, const char *more, const char *id)
{
	const char *path = unit__path(unit_env.tmp, "upstream-expects.list");
	struct sbuf text = {};
	char *msg = NULL;

	memset(c, 0, sizeof(*c));
	EXPECT_INT(sbuf__addf(&text, "file up_modes harness/case/tests/fixtures/upstream/"
			      "up_modes.c\n%s", more), 0);
	EXPECT_INT(file__write(path, text.buf, text.len), 0);
	sbuf__free(&text);
	EXPECT_INT(corpus__load_upstream(c, path, unit_env.obj_dir, &(struct corpus_filter){},
					 &msg), 0);
	free(msg);
	return case_of(c, id);
}

/* cases/upstream/prog_tests.tsv, as expect lines: what a prog_tests/ test
 * asserts of a program without annotations becomes its expectation; a
 * line for a program with its own __success/__failure, or for none of
 * the file's test programs, is the file's annotation problem. */
static void test_prog_tests_expects(void)
{
	const struct corpus_case *k;
	struct upstream_list l;
	struct corpus c;
	char *msg = NULL;

	EXPECT_INT(upstream_list__parse(&l, "expect a p failure\nexpect a q success\n", &msg), 0);
	EXPECT(l.n_expects == 2 && l.expects[0].expect == ANNOT_EXPECT_FAILURE &&
	       l.expects[1].expect == ANNOT_EXPECT_SUCCESS);
	upstream_list__free(&l);
	EXPECT_INT(upstream_list__parse(&l, "expect a p maybe\n", &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 1: malformed: 'expect a p maybe'");
	free(msg);
	k = expects_case(&c, "expect up_modes plain failure\nexpect up_other plain failure\n",
			 "upstream/up_modes/plain");
	EXPECT(k && !k->problem && k->prog->expect == ANNOT_EXPECT_FAILURE);
	corpus__free(&c);
	k = expects_case(&c, "", "upstream/up_modes/plain");
	EXPECT(k && k->prog->expect == ANNOT_EXPECT_SUCCESS && k->prog->expect_implied);
	corpus__free(&c);
	k = expects_case(&c, "expect up_modes rejected success\n", "upstream/up_modes");
	EXPECT(k && k->problem == CASE_ANNOTATION);
	EXPECT_SUBSTR(k ? k->reason : "", "'up_modes rejected': the program is annotated "
		      "__success or __failure itself");
	corpus__free(&c);
	k = expects_case(&c, "expect up_modes aux_priv failure\n", "upstream/up_modes");
	EXPECT_SUBSTR(k ? k->reason : "", "'up_modes aux_priv': the file has no such test program");
	corpus__free(&c);
}

/* libbpf's numbering of an object's externs (a poisoned call's
 * "unknown#2002000000 + idx"): every __kconfig extern first, then the
 * .ksyms ones by name. */
static void test_extern_names(void)
{
	static const char *const want[] = { "LINUX_KERNEL_VERSION", "bpf_preempt_disable",
		"bpf_preempt_enable", "bpf_rcu_read_lock", "bpf_rcu_read_unlock" };
	const char *obj = unit__path(unit_env.obj_dir, "upstream/up_weak.bpf.o");

	for (long i = 0; i < 5; i++) {
		char *name = annot_obj__extern_name(obj, i);

		EXPECT_STR(name, i ? want[i] : NULL);	/* a __kconfig one is no kfunc */
		free(name);
	}
	EXPECT(!annot_obj__extern_name(obj, 5));
	EXPECT(!annot_obj__extern_name(obj, -1));
}

UNIT_GROUP(upstream,
	   { "a program without keys is a privileged success test", test_no_keys },
	   { "privileged and unprivileged runs of one program", test_both_modes },
	   { "an unprivileged run alone, __caps_unpriv", test_unpriv_only },
	   { "test_loader's default flags, its lenient keys", test_flags_and_lenient_keys },
	   { "__auxiliary and __auxiliary_unpriv", test_auxiliary },
	   { "keys twc does not implement are the run's error", test_unsupported_keys },
	   { "__btf_path, __linear_size: both runs', their values", test_setup_keys },
	   { "__retval and __retval_unpriv: each run's test run", test_retval_runs },
	   { "__xlated, __xlated_unpriv, __load_if_*: each run's", test_xlated_runs },
	   { "__stderr, __stdout and their _unpriv forms: each run's", test_stream_runs },
	   { "__jited, __jited_unpriv: each run's, x86_64 only", test_jited_runs },
	   { "twc's own cases keep their rules", test_twc_keeps_its_rules },
	   { "a linked object's compiler, from the build's note beside it",
	     test_object_compiler },
	   { "what prog_tests/ asserts of a skeleton-driven file's programs",
	     test_prog_tests_expects },
	   { "the list of upstream files", test_list },
	   { "an upstream object's specs and needs", test_object },
	   { "upstream files as cases of the corpus", test_corpus },
	   { "an extern's name from libbpf's number of it", test_extern_names });
