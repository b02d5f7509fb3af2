// SPDX-License-Identifier: GPL-2.0
/*
 * unit.c: run every unit-test group of the host side and count.
 *
 *   twc-unit --fixtures DIR --obj-dir DIR --tmp DIR
 *
 * Prints one "ok"/"not ok" line per test and, last, "N passed, N failed".
 * Exit 0 when nothing failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit/unit.h"

struct unit_env unit_env;
static bool test_failed;

/* Every UNIT_GROUP linked in (unit.h), in link order. */
extern const struct unit_group *const __start_unit_groups[], *const __stop_unit_groups[];

bool unit__expect(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		printf("#   %s:%d: failed: %s\n", file, line, what);
		test_failed = true;
	}
	return ok;
}

bool unit__expect_int(long a, long b, const char *file, int line, const char *what)
{
	if (a != b)
		printf("#   %s:%d: %s: got %ld, want %ld\n", file, line, what, a, b);
	return unit__expect(a == b, file, line, what);
}

bool unit__expect_str(const char *a, const char *b, const char *file, int line,
		      const char *what)
{
	bool ok = a && b ? !strcmp(a, b) : a == b;

	if (!ok)
		printf("#   %s:%d: %s:\n#     got:  '%s'\n#     want: '%s'\n", file, line, what,
		       a ? a : "(null)", b ? b : "(null)");
	return unit__expect(ok, file, line, what);
}

bool unit__expect_substr(const char *hay, const char *needle, const char *file, int line,
			 const char *what)
{
	bool ok = hay && strstr(hay, needle);

	if (!ok)
		printf("#   %s:%d: %s:\n#     in:   '%s'\n#     want: '%s'\n", file, line, what,
		       hay ? hay : "(null)", needle);
	return unit__expect(ok, file, line, what);
}

const char *unit__path(const char *base, const char *rel)
{
	static char bufs[8][4096];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", base, rel);
	return b;
}

int unit__captured(const char *file, int (*fn)(int argc, char **argv), int argc, char **argv)
{
	int out = dup(1), err = dup(2), fd, ret;

	/* never write outside the scratch directory (the fixtures are inputs) */
	if (strncmp(file, unit_env.tmp, strlen(unit_env.tmp))) {
		printf("#   unit__captured: refusing to write '%s'\n", file);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || out < 0 || err < 0)
		return -1;
	dup2(fd, 1);
	dup2(fd, 2);
	close(fd);
	ret = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	return ret;
}

static int unit__parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fixtures", required_argument, NULL, 'f' },
		{ "obj-dir", required_argument, NULL, 'o' },
		{ "tmp", required_argument, NULL, 't' },
		{}
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': unit_env.fixtures = optarg; break;
		case 'o': unit_env.obj_dir = optarg; break;
		case 't': unit_env.tmp = optarg; break;
		default: return -1;
		}
	}
	return unit_env.fixtures && unit_env.obj_dir && unit_env.tmp ? 0 : -1;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, num = 0;

	if (unit__parse(argc, argv)) {
		fprintf(stderr, "usage: twc-unit --fixtures DIR --obj-dir DIR --tmp DIR\n");
		return 2;
	}
	for (const struct unit_group *const *g = __start_unit_groups; g < __stop_unit_groups; g++) {
		for (int i = 0; i < (*g)->n; i++) {
			const struct unit_test *t = &(*g)->tests[i];

			test_failed = false;
			t->fn();
			printf("%sok %d %s: %s\n", test_failed ? "not " : "", ++num,
			       (*g)->name, t->name);
			fflush(stdout);
			test_failed ? failed++ : passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
