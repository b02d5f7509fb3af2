// SPDX-License-Identifier: GPL-2.0
/*
 * test_setup.c: what an upstream run needs beyond its load, from the
 * tags and the table to the plan: __btf_path's object (BTFPATH),
 * __linear_size (LINEAR), and the map values of cases/upstream/'s table
 * (upstream.h, MAPVAL).  The runs are case/tests/fixtures/upstream/up_setup.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "case/upstream.h"
#include "lib/file.h"
#include "unit/unit.h"

/* The value prog_tests/verifier.c writes (struct test_val): index 28,
 * foo[6] 0xabcdef12, 48 bytes. */
#define TEST_VAL_HEX "1c000000" "00000000" "00000000" "00000000" "00000000" "00000000" \
	"00000000" "12efcdab" "00000000" "00000000" "00000000" "00000000"

static void test_table(void)
{
	struct upstream_mapvals t;
	char *msg;

	EXPECT_INT(upstream_mapvals__parse(&t, "m.tsv", "# stem map key value\n\n"
					   "verifier_array_access\tmap_array_ro 4 "
					   "48:0=1c000000,28=12efcdab  # struct test_val\n"
					   "x map 2:1=ff 1\n", &msg), 0);
	EXPECT_INT(t.n, 2);
	EXPECT_STR(t.v[0].stem, "verifier_array_access");
	EXPECT_STR(t.v[0].map, "map_array_ro");
	EXPECT_STR(t.v[0].key, "00000000");
	EXPECT_STR(t.v[0].value, TEST_VAL_HEX);
	EXPECT_INT(t.v[0].line, 3);
	EXPECT_STR(t.v[1].key, "00ff");
	EXPECT_STR(t.v[1].value, "00");
	upstream_mapvals__free(&t);
}

/* Each bad row stops the run naming the file and its line. */
static void test_table_errors(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "a m 4\n", "m.tsv: line 1: not four fields" },
		{ "# c\na m 4 4 extra\n", "m.tsv: line 2: not four fields" },
		{ "a 1m 4 4\n", "line 1: the map is not a C identifier" },
		{ "a/b m 4 4\n", "line 1: the stem is not a progs file's" },
		{ "a m 0 4\n", "line 1: the size is not a number from 1 to 1024" },
		{ "a m 1025 4\n", "line 1: the size is not a number" },
		{ "a m 4 x\n", "line 1: the size is not a number" },
		{ "a m 4 4:4=00\n", "line 1: a piece goes past the size" },
		{ "a m 4 4:2=000000\n", "line 1: a piece goes past the size" },
		{ "a m 4 4:0=0\n", "line 1: a piece's bytes are not hex digits, two a byte" },
		{ "a m 4 4:0=zz\n", "line 1: a piece's bytes are not hex digits" },
		{ "a m 4 4:=00\n", "line 1: a piece is not <offset>=<hex>" },
		{ "a m 4 4:0\n", "line 1: a piece is not <offset>=<hex>" },
		{ "a m 4 4:0=00,\n", "line 1: a piece is not" },
	};
	struct upstream_mapvals t;
	char *msg;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_INT(upstream_mapvals__parse(&t, "m.tsv", bad[i].text, &msg), -EINVAL);
		EXPECT_SUBSTR(msg, bad[i].why);
		EXPECT_INT(t.n, 0);
		free(msg);
	}
	EXPECT_INT(upstream_mapvals__read(&t, unit__path(unit_env.tmp, "none.tsv"), &msg),
		   -ENOENT);
	EXPECT_SUBSTR(msg, "none.tsv: cannot read the map values");
	free(msg);
}

/* The list names the table once. */
static void test_list_line(void)
{
	struct upstream_list l;
	char *msg;

	EXPECT_INT(upstream_list__parse(&l, "file a /x/a.c\nmapvals /s/map-values.tsv\n", &msg),
		   0);
	EXPECT_STR(l.mapvals, "/s/map-values.tsv");
	upstream_list__free(&l);
	EXPECT_INT(upstream_list__parse(&l, "mapvals /a\nmapvals /b\n", &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 2: malformed");
	free(msg);
}

/* A list of up_setup.c with a table of text, written into the scratch
 * directory, with the __btf_path object its first program names. */
static const char *setup_files(const char *table)
{
	static char list[4096];
	const char *tsv = unit__path(unit_env.tmp, "map-values.tsv");
	const char *btf = unit__path(unit_env.obj_dir, "upstream/btf/btf__up_setup.bpf.o");

	snprintf(list, sizeof(list), "file up_setup harness/case/tests/fixtures/upstream/"
		 "up_setup.c\nmapvals %s\n", tsv);
	EXPECT_INT(file__write(tsv, table, strlen(table)), 0);
	EXPECT_INT(file__write(btf, "", 0), 0);	/* only looked for */
	EXPECT_INT(file__write(unit__path(unit_env.tmp, "setup.list"), list, strlen(list)), 0);
	return unit__path(unit_env.tmp, "setup.list");
}

static const struct corpus_case *case_of(const struct corpus *c, const char *id)
{
	for (int i = 0; i < c->n_cases; i++)
		if (!strcmp(c->cases[i].id, id))
			return &c->cases[i];
	return NULL;
}

/* The plan of test_corpus()'s corpus: its setup records. */
static void plan_of(const struct corpus *c)
{
	const struct plan_case *pc;
	struct plan p;

	if (!EXPECT_INT(plan__build(&p, c, "r1"), 0))
		return;
	pc = plan__find(&p, "upstream/up_setup/btf_found");
	EXPECT(pc && pc->btf_path && !strcmp(pc->btf_path, "obj/upstream/btf/btf__up_setup.bpf.o"));
	EXPECT(pc && !pc->linear_size && !pc->n_mapvals);	/* not test-run */
	pc = plan__find(&p, "upstream/up_setup/linear_tc");
	EXPECT(pc && pc->linear_size == 20 && pc->n_mapvals == 1 && !pc->btf_path);
	EXPECT(pc && pc->n_mapvals == 1 && !strcmp(pc->mapvals[0].value, "0100000000000000"));
	pc = plan__find(&p, "upstream/up_setup/linear_no_run");
	EXPECT(pc && !pc->linear_size);	/* nothing to the guest without a test run */
	EXPECT(!plan__find(&p, "upstream/up_setup/linear_xdp"));	/* an ERROR, not planned */
	plan__free(&p);
}

/* The corpus: each run's object, linear area and map values, or why not. */
static void test_corpus(void)
{
	struct corpus_filter none = {};
	const struct corpus_case *k;
	struct corpus c = {};
	char *msg = NULL;

	EXPECT_INT(corpus__load_upstream(&c, setup_files("up_setup vals 4 8:0=01\nother m 1 1\n"),
					 unit_env.obj_dir, &none, &msg), 0);
	k = case_of(&c, "upstream/up_setup/btf_found");
	EXPECT(k && !k->problem && k->btf_guest &&
	       !strcmp(k->btf_guest, "obj/upstream/btf/btf__up_setup.bpf.o"));
	k = case_of(&c, "upstream/up_setup/btf_missing");
	EXPECT(k && k->problem == CASE_ANNOTATION);
	EXPECT_SUBSTR(k ? k->reason : NULL, "__btf_path: no object '");
	EXPECT_SUBSTR(k ? k->reason : NULL, "upstream/btf/btf__up_none.bpf.o' (its progs file");
	k = case_of(&c, "upstream/up_setup/linear_xdp");
	EXPECT(k && k->problem == CASE_ANNOTATION);
	EXPECT_SUBSTR(k ? k->reason : NULL, "__linear_size for unsupported program type");
	k = case_of(&c, "upstream/up_setup/linear_tc");
	/* the file's rows go to each of its runs that is test-run, as
	 * pre_execution_cb runs before each */
	EXPECT(k && !k->problem && k->prog->linear_size == 20 && k->n_mapvals == 1);
	k = case_of(&c, "upstream/up_setup/map_run");
	EXPECT(k && !k->problem && k->n_mapvals == 1);
	EXPECT(k && k->n_mapvals == 1 && !strcmp(k->mapvals[0].map, "vals") &&
	       !strcmp(k->mapvals[0].key, "00000000") &&
	       !strcmp(k->mapvals[0].value, "0100000000000000"));
	k = case_of(&c, "upstream/up_setup/map_no_run");
	EXPECT(k && !k->problem && !k->n_mapvals);
	plan_of(&c);
	corpus__free(&c);
}

/* A row the object does not take: the runs that would write it ERROR,
 * naming the table's line; a bad table stops the run. */
static void test_corpus_bad_rows(void)
{
	struct corpus_filter none = {};
	const struct corpus_case *k;
	struct corpus c = {};
	char *msg = NULL;

	EXPECT_INT(corpus__load_upstream(&c, setup_files("up_setup vals 4 8\nup_setup nomap 4 4\n"),
					 unit_env.obj_dir, &none, &msg), 0);
	k = case_of(&c, "upstream/up_setup/map_run");
	EXPECT(k && k->problem == CASE_ANNOTATION);
	EXPECT_SUBSTR(k ? k->reason : NULL, "map-values.tsv: line 2: no map 'nomap' in the object");
	k = case_of(&c, "upstream/up_setup/map_no_run");
	EXPECT(k && !k->problem);
	corpus__free(&c);
	EXPECT_INT(corpus__load_upstream(&c, setup_files("up_setup vals 2 8\n"), unit_env.obj_dir,
					 &none, &msg), 0);
	k = case_of(&c, "upstream/up_setup/map_run");
	EXPECT_SUBSTR(k ? k->reason : NULL, "line 1: map 'vals' has 4-byte keys and 8-byte "
		      "values, the row gives 2 and 8");
	corpus__free(&c);
	EXPECT_INT(corpus__load_upstream(&c, setup_files("up_setup vals 4\n"), unit_env.obj_dir,
					 &none, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "map-values.tsv: line 1: not four fields");
	free(msg);
	corpus__free(&c);
}

UNIT_GROUP(setup,
	   { "the map-value table: rows, bytes from pieces", test_table },
	   { "the map-value table: a bad row names its line", test_table_errors },
	   { "the list names the table", test_list_line },
	   { "a run's BTF object, linear area and map values", test_corpus },
	   { "rows the object does not take", test_corpus_bad_rows });
