/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regex.h: regcomp() of a pattern a case or a user wrote, refused before
 * compiling when glibc would build it too large.  glibc expands a
 * repetition by copying its operand ("x+" is "xx*", "x{3}" is "xxx"), so
 * stacked or nested repetitions multiply: "o" followed by sixty '+' asks
 * for 2^60 copies and takes all memory before regcomp() returns (found by
 * make fuzz in an __stderr pattern).  Upstream's patterns are far below
 * the bound.
 */
#ifndef TWC_LIB_REGEX_H
#define TWC_LIB_REGEX_H

#include <regex.h>

/* The most nodes a pattern may expand to. */
#define REGEX_MAX_NODES 65536

/* About how many nodes glibc's regcomp() makes of POSIX extended regex re,
 * copies of repeated operands counted (capped just above REGEX_MAX_NODES). */
double regex__size(const char *re);

/*
 * regcomp(rx, re, cflags) (cflags must hold REG_EXTENDED), unless re is
 * too large.  0, or -E2BIG (too large) or -EINVAL (regcomp's error) with
 * *why malloc'd (may be NULL on no memory) and rx not to be freed.
 */
int regex__compile(regex_t *rx, const char *re, int cflags, char **why);

#endif /* TWC_LIB_REGEX_H */
