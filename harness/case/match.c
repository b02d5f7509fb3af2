// SPDX-License-Identifier: GPL-2.0
/*
 * match.c: __msg / __not_msg matching against a verifier log, with the
 * semantics of the kernel selftests' test_loader (validate_msgs()).
 *
 * Positive messages are searched in order, each from the end of the
 * previous match.  The negative messages between two positive ones (a
 * "stride") must not occur in the span from the end of the positive match
 * before them to the start of the positive match after them; with no
 * positive neighbour the span reaches the start or the end of the log.
 * (Upstream checks every negative message of a stride with the pattern of
 * the first one; twc checks each with its own pattern, as intended.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "case/annot.h"
#include "lib/sbuf.h"

/* Verbatim text with {{regex}} islands -> one POSIX extended regex. */
int annot_msg__to_regex(const char *text, char **re)
{
	struct sbuf sb = {};
	bool in_regex = false;
	const char *s = text;
	int err = 0;

	while (*s && !err) {
		if (!in_regex && !strncmp(s, "{{", 2)) {
			in_regex = true;
			s += 2;
		} else if (in_regex && !strncmp(s, "}}", 2)) {
			in_regex = false;
			s += 2;
		} else if (!in_regex && strchr(".[]\\()*+?{}|^$", *s)) {
			err = sbuf__addf(&sb, "\\%c", *s++);
		} else {
			err = sbuf__add(&sb, s++, 1);
		}
	}
	if (!err && in_regex)
		err = -EINVAL;	/* "{{" without "}}" */
	if (!err && !sb.buf)
		err = sbuf__add(&sb, "", 0);
	if (err) {
		sbuf__free(&sb);
		return err;
	}
	*re = sbuf__detach(&sb);
	return 0;
}

/* One compiled message. */
struct msg_pat {
	const struct annot_msg *msg;
	bool is_regex;
	regex_t rx;
};

/* Find pat in [from, end); on a match set *start and *stop, return true. */
static bool msg_pat__find(struct msg_pat *pat, const char *from, const char *end,
			  const char **start, const char **stop)
{
	regmatch_t m[1];

	if (!pat->is_regex) {
		const char *hit = memmem(from, end - from, pat->msg->text, strlen(pat->msg->text));

		if (!hit)
			return false;
		*start = hit;
		*stop = hit + strlen(pat->msg->text);
		return true;
	}
	m[0].rm_so = 0;
	m[0].rm_eo = end - from;
	if (regexec(&pat->rx, from, 1, m, REG_STARTEND))
		return false;
	*start = from + m[0].rm_so;
	*stop = from + m[0].rm_eo;
	return true;
}

static int msg_pats__compile(struct msg_pat *pats, const struct annot_prog *prog)
{
	for (int i = 0; i < prog->n_msgs; i++) {
		char *re;
		int err;

		pats[i].msg = &prog->msgs[i];
		if (!strstr(prog->msgs[i].text, "{{"))
			continue;
		err = annot_msg__to_regex(prog->msgs[i].text, &re);
		if (err)
			return err;
		err = regcomp(&pats[i].rx, re, REG_EXTENDED | REG_NEWLINE);
		free(re);
		if (err)
			return -EINVAL;
		pats[i].is_regex = true;
	}
	return 0;
}

/* The line of the log that holds p, for a readable reason. */
static char *log__line_at(const char *log, const char *p)
{
	const char *b = p, *e = strchr(p, '\n');

	while (b > log && b[-1] != '\n')
		b--;
	return strndup(b, e ? (size_t)(e - b) : strlen(b));
}

/* Positive messages in order; 1 with *why and *stop (where the search
 * of the missing one began) when one is missing. */
static int match_positive(struct msg_pat *pats, int n, const char *log,
			  const char **starts, const char **ends, char **why, const char **stop)
{
	const char *pos = log, *log_end = log + strlen(log);

	for (int i = 0; i < n; i++) {
		if (pats[i].msg->negative)
			continue;
		if (!msg_pat__find(&pats[i], pos, log_end, &starts[i], &ends[i])) {
			*stop = pos;
			if (asprintf(why, "expected message not found%s: '%s'",
				     pos == log ? "" : " after the previous __msg",
				     pats[i].msg->text) < 0)
				return -ENOMEM;
			return 1;
		}
		pos = ends[i];
	}
	return 0;
}

/* Negative messages in the span between their positive neighbours; 1
 * with *why and *stop (the line found) when one occurs. */
static int match_negative(struct msg_pat *pats, int n, const char *log,
			  const char **starts, const char **ends, char **why, const char **stop)
{
	const char *span_start = log, *log_end = log + strlen(log);

	for (int i = 0; i < n; i++) {
		const char *span_end = log_end, *s, *e;
		char *line;
		int j;

		if (!pats[i].msg->negative) {
			span_start = ends[i];
			continue;
		}
		for (j = i + 1; j < n; j++)
			if (!pats[j].msg->negative) {
				span_end = starts[j];
				break;
			}
		if (!msg_pat__find(&pats[i], span_start, span_end, &s, &e))
			continue;
		*stop = s;
		line = log__line_at(log, s);
		if (!line || asprintf(why, "unexpected message '%s' found: '%s'",
				      pats[i].msg->text, line) < 0) {
			free(line);
			return -ENOMEM;
		}
		free(line);
		return 1;
	}
	return 0;
}

int annot_msgs__match(const struct annot_prog *prog, const char *log, char **why,
		      size_t *stop_at)
{
	const char **starts = NULL, **ends = NULL, *stop = log;
	struct msg_pat *pats;
	int n = prog->n_msgs, err;

	*why = NULL;
	if (stop_at)
		*stop_at = 0;
	if (!n)
		return 0;
	pats = calloc(n, sizeof(*pats));
	starts = calloc(n, sizeof(*starts));
	ends = calloc(n, sizeof(*ends));
	if (!pats || !starts || !ends) {
		err = -ENOMEM;
		goto cleanup;
	}
	err = msg_pats__compile(pats, prog);
	if (!err)
		err = match_positive(pats, n, log, starts, ends, why, &stop);
	if (!err)
		err = match_negative(pats, n, log, starts, ends, why, &stop);
	if (err > 0 && stop_at)
		*stop_at = stop - log;
cleanup:
	for (int i = 0; pats && i < n; i++)
		if (pats[i].is_regex)
			regfree(&pats[i].rx);
	free(pats);
	free(starts);
	free(ends);
	return err;
}

int annot_msgs__check(const struct annot_prog *prog, const char *log, char **why)
{
	return annot_msgs__match(prog, log, why, NULL);
}
