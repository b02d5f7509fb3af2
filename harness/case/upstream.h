/* SPDX-License-Identifier: GPL-2.0 */
/*
 * upstream.h: the kernel selftests' own progs files, run unchanged (make
 * check UPSTREAM=...) and read as their test_loader reads them
 * (tools/testing/selftests/bpf/test_loader.c: parse_test_spec() and
 * run_subtest()).
 *
 * A program is a test unless it is __auxiliary; one without __success or
 * __failure is a success test.  Its keys give it a privileged run, an
 * unprivileged run (the *_unpriv keys, __caps_unpriv), or both; each run
 * is one spec (an annot_prog with upstream set), hence one case.  The
 * unprivileged run takes the privileged expectation, messages and other
 * per-run keys where it has none of its own (__retval too: an unprivileged
 * run without __retval_unpriv is run and judged by __retval).  Keys twc
 * does not implement (__btf_func_path, ...) make that run's spec
 * invalid, naming the key; __jited after an __arch that is not x86_64 is
 * ignored, as test_loader ignores it on another architecture.
 */
#ifndef TWC_CASE_UPSTREAM_H
#define TWC_CASE_UPSTREAM_H

#include <stdbool.h>

#include "case/annot.h"

/* test_loader's default program flags (testing_prog_flags()):
 * BPF_F_TEST_RND_HI32 | BPF_F_TEST_REG_INVARIANTS; __flag(!...) clears. */
#define UPSTREAM_DEFAULT_FLAGS ((1U << 2) | (1U << 7))

/*
 * The upstream files of a run, as harness/sh/upstream.sh writes them, one
 * record a line ('#' lines are comments):
 *   file <stem> <source>   a progs file; its object is <obj-dir>/upstream/<stem>.bpf.o
 *   testmod <kfunc>        a kfunc of the selftests' test module (bpf_testmod)
 *   mapvals <table>        the map values written before test runs (below)
 *   expect <stem> <prog> success|failure
 *                          what a prog_tests/ test asserts of a program of a
 *                          skeleton-driven file, which has no annotations
 *                          (cases/upstream/prog_tests.tsv)
 */
struct upstream_expect {
	char *stem, *prog;
	enum annot_expect expect;
};

struct upstream_list {
	int n_files;
	char **stems;
	char **srcs;
	int n_testmod;
	char **testmod;
	char *mapvals;		/* the table's path, or NULL */
	int n_expects;
	struct upstream_expect *expects;
};

/* Parse a list; on a bad line *errmsg (malloc'd) names it.  0, -EINVAL or
 * -ENOMEM. */
int upstream_list__parse(struct upstream_list *l, const char *text, char **errmsg);
/* upstream_list__parse of a file; -errno when it cannot be read. */
int upstream_list__read(struct upstream_list *l, const char *path, char **errmsg);
bool upstream_list__is_testmod(const struct upstream_list *l, const char *kfunc);
/*
 * Give the programs of o, the object of file <stem>, the expectations l's
 * expect lines state for them: the program's spec (both runs) then
 * expects what the prog_tests/ test asserts.  A line naming a program o
 * does not have, or one annotated __success/__failure, is a problem of
 * the file: *why (malloc'd) says which.  0, or -ENOMEM.
 */
int upstream_list__apply_expects(const struct upstream_list *l, const char *stem,
				 struct annot_obj *o, char **why);
void upstream_list__free(struct upstream_list *l);

/*
 * The map values a file's test runs need (cases/upstream/map-values.tsv):
 * what a prog_tests/ file writes into a map of the object after the load
 * and before the test run (prog_tests/verifier.c's pre_execution_cb), as
 * data.  One row a line, fields separated by blanks, '#' to the end of a
 * line a comment:
 *   <stem> <map> <key> <value>
 * <key> and <value> are bytes as the map holds them: "<size>" zero bytes,
 * then ":<offset>=<hex>" pieces joined by ',' that set the bytes from
 * <offset> (decimal) on to <hex> (two digits a byte, in memory order),
 * e.g. "4" (a zero u32) or "48:0=1c000000,28=12efcdab".  Sizes are 1 to
 * UPSTREAM_MAPVAL_MAX bytes; a piece must fit its size.
 */
#define UPSTREAM_MAPVAL_MAX 1024
struct upstream_mapval {
	char *stem;
	char *map;
	char *key;		/* hex, two digits a byte, every byte */
	char *value;		/* hex, as key */
	int line;		/* of the table */
};

struct upstream_mapvals {
	char *path;		/* the table, for messages */
	int n;
	struct upstream_mapval *v;
};

/* Parse a table (path: for messages); on a bad row *errmsg (malloc'd)
 * names the file and the line.  0, -EINVAL or -ENOMEM. */
int upstream_mapvals__parse(struct upstream_mapvals *t, const char *path, const char *text,
			    char **errmsg);
/* upstream_mapvals__parse of a file; -errno when it cannot be read
 * (*errmsg names it). */
int upstream_mapvals__read(struct upstream_mapvals *t, const char *path, char **errmsg);
void upstream_mapvals__free(struct upstream_mapvals *t);

/* The runs of one program, from its "comment:" tags in source order:
 * *priv and *unpriv are filled (and must be freed) for the modes set in
 * *modes (UPSTREAM_PRIV, UPSTREAM_UNPRIV; at least one).  0 or -ENOMEM;
 * a bad tag is the spec's error. */
enum { UPSTREAM_PRIV = 1, UPSTREAM_UNPRIV = 2 };
int upstream_prog__specs(const char *name, const char *section, const char *const *tags,
			 int n_tags, struct annot_prog *priv, struct annot_prog *unpriv,
			 unsigned int *modes);

/*
 * Read an upstream object: obj->progs holds the specs of its programs in
 * ELF order, a program's privileged run before its unprivileged one.  Each
 * spec requires what the object needs from the kernel: "kfunc:NAME" for a
 * strong kfunc extern, "bpf_testmod" for an extern of the test module
 * (l's testmod kfuncs: libbpf refuses the whole object without it),
 * "kconfig" for a CONFIG_* __kconfig extern (libbpf reads the kernel's
 * config for it).  0 or -errno as annot_obj__read().
 */
int annot_obj__read_upstream(struct annot_obj *obj, const char *path,
			     const struct upstream_list *l);

#endif /* TWC_CASE_UPSTREAM_H */
