/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h: the unit-test library of twc's host side.
 *
 * A test is a function in a table; it makes checks with EXPECT*, which
 * print a diagnostic on failure and mark the test failed.  The runner
 * (unit.c) prints "ok N group: name" or "not ok N group: name" per test
 * and ends with "N passed, N failed".
 */
#ifndef TWC_UNIT_UNIT_H
#define TWC_UNIT_UNIT_H

#include <stdbool.h>
#include <stddef.h>




struct unit_test {
	const char *name;
	void (*fn)(void);
};

struct unit_group {
	const char *name;
	const struct unit_test *tests;
	int n;
};

/* Paths from the command line. */
struct unit_env {
	const char *fixtures;	/* harness/judge/tests/fixtures */
	const char *obj_dir;	/* compiled fixture cases */
	const char *tmp;	/* scratch directory, emptied by make */
};

extern struct unit_env unit_env;

/* A group registers itself: a pointer to it in the section unit_groups,
 * which unit.c walks (no list to forget a new test file in). */
#define UNIT_GROUP(gname, ...)						\
	static const struct unit_test gname##_list[] = { __VA_ARGS__ };	\
	static const struct unit_group gname##_group = {		\
		#gname, gname##_list,					\
		sizeof(gname##_list) / sizeof(gname##_list[0]) };	\
	static const struct unit_group *const gname##_ptr		\
	__attribute__((used, section("unit_groups"))) = &gname##_group

bool unit__expect(bool ok, const char *file, int line, const char *what);
bool unit__expect_int(long a, long b, const char *file, int line, const char *what);
bool unit__expect_str(const char *a, const char *b, const char *file, int line,
		      const char *what);
bool unit__expect_substr(const char *hay, const char *needle, const char *file, int line,
			 const char *what);
/* "<fixtures>/<rel>" etc., in a rotating static buffer (valid for a while). */
const char *unit__path(const char *base, const char *rel);
/* Run fn with stdout and stderr sent to file; returns fn's result. */
int unit__captured(const char *file, int (*fn)(int argc, char **argv), int argc, char **argv);

#define EXPECT(c)		unit__expect(!!(c), __FILE__, __LINE__, #c)
#define EXPECT_INT(a, b)	unit__expect_int((a), (b), __FILE__, __LINE__, #a " == " #b)
#define EXPECT_STR(a, b)	unit__expect_str((a), (b), __FILE__, __LINE__, #a " == " #b)
#define EXPECT_SUBSTR(h, n)	unit__expect_substr((h), (n), __FILE__, __LINE__, #h " has " #n)

#endif /* TWC_UNIT_UNIT_H */
