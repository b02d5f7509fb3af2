// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_annot.c: libFuzzer target for the C case annotations: the decl tag
 * reader, annot_prog__add_tag() and annot_prog__finish() (case/annot.c),
 * then the __msg/__not_msg matcher, annot_msgs__check(), and the __xlated
 * one, annot_xlated__match() (case/match.c).
 *
 * Input: tags, one a line ("comment:3:test_expect_msg=..."), up to the
 * first empty line; the rest is the verifier log the messages are matched
 * against.  Any input must be accepted or refused with a message, never
 * crash, leak or read out of bounds (ASan, UBSan).  A literal message (no
 * "{{") turned into a regex matches exactly its own text, and a program
 * whose messages are all literal and positive matches a log that holds
 * them in order; literal __xlated lines match their text one a line.
 * `make fuzz` seeds it with the tags of the compiled cases
 * and their goldens as logs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "lib/sbuf.h"

/* A literal message's regex matches the message, all of it, first. */
static void msg__check_literal(const char *text)
{
	regmatch_t m[1];
	char *re = NULL;
	regex_t rx;

	if (annot_msg__to_regex(text, &re) || regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE))
		abort();
	if (regexec(&rx, text, 1, m, 0) || m[0].rm_so != 0 ||
	    m[0].rm_eo != (regoff_t)strlen(text))
		abort();
	regfree(&rx);
	free(re);
}

/* Literal positive messages only: their concatenation must match. */
static void prog__check_literal(const struct annot_prog *prog)
{
	struct sbuf log = {};
	char *why = NULL;

	for (int i = 0; i < prog->n_msgs; i++)
		if (prog->msgs[i].negative || strstr(prog->msgs[i].text, "{{"))
			return;
	for (int i = 0; i < prog->n_msgs; i++) {
		msg__check_literal(prog->msgs[i].text);
		if (sbuf__adds(&log, prog->msgs[i].text))
			abort();
	}
	if (annot_msgs__check(prog, sbuf__str(&log), &why) != 0)
		abort();
	sbuf__free(&log);
}

/* Literal __xlated lines only: written one a line, they must match, each
 * on the line after the previous one's. */
static void prog__check_xlated(const struct annot_prog *prog)
{
	struct sbuf text = {};
	char *why = NULL;
	size_t at;

	for (int i = 0; i < prog->n_xlated; i++)
		if (strstr(prog->xlated[i].text, "{{"))
			return;
	for (int i = 0; i < prog->n_xlated; i++)
		if (sbuf__addf(&text, "%s\n", prog->xlated[i].text))
			abort();
	if (annot_xlated__match(prog, sbuf__str(&text), &why, &at) != 0)
		abort();
	sbuf__free(&text);
}

/* Apply the tags of [p, end), one a line; returns where the log starts. */
static const char *prog__add_tags(struct annot_prog *prog, const char *p, const char *end)
{
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', end - p);
		char *tag = strndup(p, (nl ? nl : end) - p);
		int err;

		if (!tag)
			abort();
		err = annot_prog__add_tag(prog, tag);
		if ((err && err != -EINVAL) || (err == -EINVAL && !prog->error))
			abort();	/* a refusal names the key */
		free(tag);
		p = nl ? nl + 1 : end;
	}
	return p < end ? p + 1 : end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *end = (const char *)data + size, *at;
	struct annot_prog prog;
	char *log, *why = NULL;
	int err;

	annot_prog__init(&prog);
	at = prog__add_tags(&prog, (const char *)data, end);
	err = annot_prog__finish(&prog);
	if ((err && err != -EINVAL) || (err == -EINVAL && !prog.error) || (!err && prog.error))
		abort();
	log = strndup(at, end - at);
	if (!log)
		abort();
	err = annot_msgs__check(&prog, log, &why);
	if (err < -4095 || err > 1 || (err == 1) != (why != NULL))
		abort();	/* 0, 1 with the reason, or -errno */
	free(why);
	why = NULL;
	err = annot_xlated__match(&prog, log, &why, &(size_t){ 0 });
	if (err < -4095 || err > 1 || (err == 1) != (why != NULL))
		abort();
	if (!prog.error)
		prog__check_literal(&prog);
	if (!prog.error)
		prog__check_xlated(&prog);
	free(why);
	free(log);
	annot_prog__free(&prog);
	return 0;
}
