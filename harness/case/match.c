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
 *
 * __xlated lines are matched the same way against the disassembly of the
 * translated program, with test_loader's one more rule: a line marked
 * on_next_line must be found on the line after the previous match's; so
 * are __stdout and __stderr lines against the program's BPF streams.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "case/annot.h"
#include "lib/regex.h"
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

static int msg_pats__compile(struct msg_pat *pats, const struct annot_msg *msgs, int n)
{
	for (int i = 0; i < n; i++) {
		char *re, *why;
		int err;

		pats[i].msg = &msgs[i];
		if (!strstr(msgs[i].text, "{{"))
			continue;
		err = annot_msg__to_regex(msgs[i].text, &re);
		if (err)
			return err;
		err = regex__compile(&pats[i].rx, re, REG_EXTENDED | REG_NEWLINE, &why);
		free(re);
		free(why);
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

/* What the patterns are, for the reasons: __msg's messages or __xlated's
 * instructions. */
struct pat_kind {
	const char *noun, *key;
};

/* Newlines in [from, to). */
static int lines_between(const char *from, const char *to)
{
	int n = 0;

	for (; from < to; from++)
		n += *from == '\n';
	return n;
}

/* Positive messages in order; 1 with *why and *stop (where the search
 * of the missing one began, or the match on the wrong line) when one is
 * missing or, marked on_next_line, not on the line after the previous
 * match's (test_loader counts lines from match start to match start). */
static int match_positive(struct msg_pat *pats, int n, const char *log, const struct pat_kind *kd,
			  const char **starts, const char **ends, char **why, const char **stop)
{
	const char *pos = log, *log_end = log + strlen(log), *prev = NULL;
	int line = 0, prev_line = 0;

	for (int i = 0; i < n; i++) {
		if (pats[i].msg->negative)
			continue;
		if (!msg_pat__find(&pats[i], pos, log_end, &starts[i], &ends[i])) {
			*stop = pos;
			return asprintf(why, "expected %s not found%s%s: '%s'", kd->noun,
					pos == log ? "" : " after the previous ",
					pos == log ? "" : kd->key, pats[i].msg->text) < 0 ? -ENOMEM : 1;
		}
		line += lines_between(prev ? prev : log, starts[i]);
		if (prev && pats[i].msg->on_next_line && line != prev_line + 1) {
			*stop = starts[i];
			/* lines counted from 1 in the reason, as the detail shows them */
			return asprintf(why, "expected %s on line %d, the line after the previous "
					"match, found on line %d: '%s'", kd->noun, prev_line + 2,
					line + 1, pats[i].msg->text) < 0 ? -ENOMEM : 1;
		}
		prev = starts[i], prev_line = line;
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

/* Match msgs[0..n) against text (match_positive(), match_negative()). */
static int msgs__match(const struct annot_msg *msgs, int n, const struct pat_kind *kd,
		       const char *log, char **why, size_t *stop_at)
{
	const char **starts = NULL, **ends = NULL, *stop = log;
	struct msg_pat *pats;
	int err;

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
	err = msg_pats__compile(pats, msgs, n);
	if (!err)
		err = match_positive(pats, n, log, kd, starts, ends, why, &stop);
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

int annot_msgs__match(const struct annot_prog *prog, const char *log, char **why,
		      size_t *stop_at)
{
	static const struct pat_kind kd = { "message", "__msg" };

	return msgs__match(prog->msgs, prog->n_msgs, &kd, log, why, stop_at);
}

int annot_msgs__check(const struct annot_prog *prog, const char *log, char **why)
{
	return annot_msgs__match(prog, log, why, NULL);
}

int annot_xlated__match(const struct annot_prog *prog, const char *text, char **why,
			size_t *stop_at)
{
	static const struct pat_kind kd = { "instruction", "__xlated" };

	return msgs__match(prog->xlated, prog->n_xlated, &kd, text, why, stop_at);
}

int annot_stream__match(const struct annot_prog *prog, int which, const char *text, char **why,
			size_t *stop_at)
{
	static const struct pat_kind kd[ANNOT_N_STREAMS] = {
		[ANNOT_STDOUT] = { "line", "__stdout" }, [ANNOT_STDERR] = { "line", "__stderr" },
	};
	const struct annot_lines *l = &prog->bpf_stream[which];

	return msgs__match(l->v, l->n, &kd[which], text, why, stop_at);
}

int annot_jited__match(const struct annot_prog *prog, const char *text, char **why,
		       size_t *stop_at)
{
	static const struct pat_kind kd = { "instruction", "__jited" };

	return msgs__match(prog->jited, prog->n_jited, &kd, text, why, stop_at);
}
