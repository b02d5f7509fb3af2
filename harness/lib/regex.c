// SPDX-License-Identifier: GPL-2.0
/* regex.c: regcomp() behind a bound on what the pattern expands to (regex.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/regex.h"

#define CAP (REGEX_MAX_NODES * 2.0)

static double cap(double n)
{
	return n > CAP ? CAP : n;
}

/* Past a bracket expression at p ('['), its classes ("[:alpha:]") too. */
static const char *bracket__end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char close = p[1];

			for (p += 2; *p && !(p[0] == close && p[1] == ']'); p++)
				;
			p += *p ? 2 : 0;
			continue;
		}
		p++;
	}
	return *p ? p + 1 : p;
}

/* The copies a repetition at *pp makes of its operand, *pp moved past it;
 * 0 when *pp is no repetition ('{' not followed by a count is a character). */
static double repeat__copies(const char **pp)
{
	const char *p = *pp;
	char *end;
	long lo, hi;

	if (*p == '*' || *p == '?' || *p == '+') {
		*pp = p + 1;
		return *p == '+' ? 2 : 1;	/* x+ is xx*; x* and x? keep one x */
	}
	if (*p != '{' || !((p[1] >= '0' && p[1] <= '9') || p[1] == ','))
		return 0;
	lo = strtol(p + 1, &end, 10);	/* "{,n}" is "{0,n}" to glibc */
	hi = lo;
	if (*end == ',') {
		end++;
		hi = *end >= '0' && *end <= '9' ? strtol(end, &end, 10) : lo + 1;
	}
	if (*end != '}')
		return 0;
	*pp = end + 1;
	return hi > lo ? hi : lo > 0 ? lo : 1;
}

/* The nodes of the sequence at *pp up to an unmatched ')' or the end. */
static double seq__size(const char **pp)
{
	double sum = 0, last = 0, copies;
	const char *p = *pp;

	while (*p && *p != ')') {
		if ((copies = repeat__copies(&p))) {
			sum = cap(sum + last * (copies - 1));
			last = cap(last * copies);
			continue;
		}
		if (*p == '(') {
			p++;
			last = cap(seq__size(&p) + 1);
			p += *p == ')';
		} else if (*p == '[') {
			p = bracket__end(p), last = 1;
		} else if (*p == '|') {
			p++, last = 0;
		} else {
			p += p[0] == '\\' && p[1] ? 2 : 1, last = 1;
		}
		sum = cap(sum + last);
	}
	*pp = p;
	return sum;
}

double regex__size(const char *re)
{
	double n = 0;

	while (*re) {	/* an unmatched ')': a character, or regcomp's error */
		n = cap(n + seq__size(&re) + (*re == ')'));
		re += *re == ')';
	}
	return n;
}

int regex__compile(regex_t *rx, const char *re, int cflags, char **why)
{
	char buf[256];
	int rc;

	*why = NULL;
	if (regex__size(re) > REGEX_MAX_NODES) {
		if (asprintf(why, "the pattern would expand to more than %d nodes (stacked or "
			     "nested repetitions multiply): '%s'", REGEX_MAX_NODES, re) < 0)
			*why = NULL;
		return -E2BIG;
	}
	rc = regcomp(rx, re, cflags);
	if (!rc)
		return 0;
	regerror(rc, rx, buf, sizeof(buf));
	if (asprintf(why, "%s: '%s'", buf, re) < 0)
		*why = NULL;
	return -EINVAL;
}
