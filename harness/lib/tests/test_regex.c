// SPDX-License-Identifier: GPL-2.0
/* test_regex.c: the bound on what a pattern expands to, before regcomp(). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/regex.h"
#include "lib/sbuf.h"
#include "unit/unit.h"

static void test_sizes(void)
{
	EXPECT(regex__size("") == 0);
	EXPECT(regex__size("abc") == 3);
	EXPECT(regex__size("a*b?") == 2);
	EXPECT(regex__size("a+") == 2);
	EXPECT(regex__size("a{3}") == 3);
	EXPECT(regex__size("a{2,5}") == 5);
	EXPECT(regex__size("a{,4}") == 4);
	EXPECT(regex__size("(ab){3}") == 9);		/* the group counts once more */
	EXPECT(regex__size("[a-f0-9]{16}") == 16);
	EXPECT(regex__size("[]{}]x") == 2);		/* ']' first in a bracket */
	EXPECT(regex__size("[[:digit:]]+") == 2);
	EXPECT(regex__size("\\{3}") == 3);		/* an escaped brace, "3" and "}": characters */
	EXPECT(regex__size("a{b") == 3);		/* '{' without a count: a character */
	EXPECT(regex__size("a)b") == 3);		/* an unmatched ")" counts as one */
	EXPECT(regex__size("(a|bc)") == 4);
}

static void test_multiplying(void)
{
	EXPECT(regex__size("a++") == 4);
	EXPECT(regex__size("((a{10}){10}){10}") == 1110);
	EXPECT(regex__size("a{1000}{1000}") > REGEX_MAX_NODES);
	EXPECT(regex__size("(((a{100}){100}){100})") > REGEX_MAX_NODES);
}

/* make fuzz's input that took 2 GB inside regcomp(): "lo" and 66 '+'. */
static void test_fuzz_input_refused(void)
{
	struct sbuf re = {};
	regex_t rx;
	char *why;

	sbuf__adds(&re, "Attempted lo");
	for (int i = 0; i < 66; i++)
		sbuf__adds(&re, "+");
	sbuf__adds(&re, "ck   = (08[0-9a-f]+)");
	EXPECT_INT(regex__compile(&rx, re.buf, REG_EXTENDED | REG_NEWLINE, &why), -E2BIG);
	EXPECT(why && strstr(why, "more than 65536 nodes") && strstr(why, "lo++++"));
	free(why);
	sbuf__free(&re);
}

static void test_compile(void)
{
	regex_t rx;
	char *why;

	EXPECT_INT(regex__compile(&rx, "R[0-9]+ ", REG_EXTENDED | REG_NOSUB, &why), 0);
	EXPECT(why == NULL);
	EXPECT_INT(regexec(&rx, "R10 =", 0, NULL, 0), 0);
	regfree(&rx);
	EXPECT_INT(regex__compile(&rx, "a(b", REG_EXTENDED, &why), -EINVAL);
	EXPECT(why && strstr(why, "'a(b'"));
	free(why);
}

UNIT_GROUP(regex,
	{ "nodes of plain patterns, brackets, groups, braces", test_sizes },
	{ "stacked and nested repetitions multiply", test_multiplying },
	{ "the fuzz input that exhausted memory is refused", test_fuzz_input_refused },
	{ "compiled, or regcomp's own error with the pattern", test_compile },
);
