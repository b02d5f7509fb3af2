// SPDX-License-Identifier: GPL-2.0
/*
 * expect.c: judging a run against a stated expectation (expect.h), for
 * `git bisect run` through harness/sh/bisect.sh.
 *
 * A case that never reached the verifier (libbpf failed before the load, a
 * requirement skipped it, the harness could not judge it) says nothing
 * about the commit under test: it is "skip".  A crash of the kernel is bad
 * whatever was expected.  Messages are POSIX extended regexes matched per
 * line (REG_NEWLINE) against the normalized log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "judge/expect.h"
#include "judge/result.h"
#include "lib/errnames.h"
#include "lib/regex.h"
#include "lib/sbuf.h"

static int expect__regex(regex_t *re, const char *src, const char *name, char **why)
{
	char *what;
	int err = regex__compile(re, src, REG_EXTENDED | REG_NEWLINE | REG_NOSUB, &what);

	if (!err)
		return 0;
	if (asprintf(why, "--%s: %s", name, what ? what : src) < 0)
		*why = NULL;
	free(what);
	return -EINVAL;
}

int expect__add(struct expect *e, const char *name, const char *val, char **why)
{
	int err = 0;

	*why = NULL;
	if (!strcmp(name, "expect")) {
		if (strcmp(val, "accept") && strcmp(val, "reject"))
			err = asprintf(why, "--expect accept|reject, not '%s'", val) < 0 ? -ENOMEM : -EINVAL;
		else
			e->verdict = val;
	} else if (!strcmp(name, "expect-errno")) {
		e->err = errname_parse(val);
		if (e->err <= 0)
			err = asprintf(why, "--expect-errno: unknown errno '%s' (EINVAL, EACCES, ...)",
				       val) < 0 ? -ENOMEM : -EINVAL;
	} else if (!strcmp(name, "expect-msg") || !strcmp(name, "expect-no-msg")) {
		bool no = name[7] == 'n';
		int *n = no ? &e->n_nomsgs : &e->n_msgs;

		if (*n == EXPECT_MAX_RES)
			err = asprintf(why, "--%s: at most %d", name, EXPECT_MAX_RES) < 0 ? -ENOMEM : -EINVAL;
		else if (!(err = expect__regex(no ? &e->nomsgs[*n] : &e->msgs[*n], val, name, why)))
			(no ? e->nomsg_src : e->msg_src)[(*n)++] = val;
	} else if (!strcmp(name, "expect-pass")) {
		e->pass = true;
	} else {
		err = asprintf(why, "unknown expectation --%s", name) < 0 ? -ENOMEM : -EINVAL;
	}
	if (!err)
		e->any = true;
	return err;
}

void expect__free(struct expect *e)
{
	for (int i = 0; i < e->n_msgs; i++)
		regfree(&e->msgs[i]);
	for (int i = 0; i < e->n_nomsgs; i++)
		regfree(&e->nomsgs[i]);
	e->n_msgs = e->n_nomsgs = 0;
}

/* Why r says nothing about the kernel, or NULL when it does. */
static const char *expect__untold(const struct result *r)
{
	if (r->code == RES_CRASH)
		return NULL;
	if (r->code == RES_ERROR || r->code == RES_SKIP)
		return r->reason ? r->reason : result_code__name(r->code);
	if (!r->loaded)
		return "no result in the stream";
	if (r->phase && strcmp(r->phase, "load"))
		return r->phase;	/* libbpf stopped before BPF_PROG_LOAD */
	return NULL;
}

/* The reasons r is bad, "; "-separated into why (empty when good). */
static int expect__why(const struct expect *e, const struct result *r, struct sbuf *why)
{
	const char *log = r->log ? r->log : "";
	bool rejected = r->err != 0;
	char eb[32];
	int err = sbuf__add(why, "", 0);

#define WHY(...) (err = err ?: sbuf__addf(why, "%s", why->len ? "; " : "") ?: sbuf__addf(why, __VA_ARGS__))
	if (r->code == RES_CRASH)
		WHY("crash: %s", r->reason ? r->reason : "");
	if (e->verdict && !strcmp(e->verdict, "reject") != rejected)
		WHY("%s%s, expected %s", rejected ? "rejected " : "accepted",
		    rejected ? errname_str(r->err, eb, sizeof(eb)) : "", e->verdict);
	if (e->err && r->err != -e->err)
		WHY("errno %s, expected %s", errname_str(r->err, eb, sizeof(eb)),
		    errname_str(-e->err, (char[32]){ 0 }, 32));
	for (int i = 0; i < e->n_msgs; i++)
		if (regexec(&e->msgs[i], log, 0, NULL, 0))
			WHY("no line matches /%s/", e->msg_src[i]);
	for (int i = 0; i < e->n_nomsgs; i++)
		if (!regexec(&e->nomsgs[i], log, 0, NULL, 0))
			WHY("a line matches /%s/", e->nomsg_src[i]);
	if (e->pass && r->code != RES_PASS && r->code != RES_XFAIL)
		WHY("judged %s%s%s", result_code__name(r->code), r->reason ? ": " : "",
		    r->reason ? r->reason : "");
#undef WHY
	return err;
}

int expect__check(const struct expect *e, const struct result *rs, int n, FILE *out)
{
	int status = n ? EXPECT_GOOD : EXPECT_SKIP;
	struct sbuf why = {};

	if (!n)
		fprintf(out, "expect: skip: no case matched\n");
	for (int i = 0; i < n; i++) {
		const struct result *r = &rs[i];
		const char *untold = expect__untold(r);
		const char *first = r->first_error ? r->first_error : r->err ? "" : "accepted";

		why.len = 0;
		if (untold) {
			fprintf(out, "expect: %s: skip: never reached the verifier: %s\n",
				r->kase->id, untold);
			if (status == EXPECT_GOOD)
				status = EXPECT_SKIP;
			continue;
		}
		if (expect__why(e, r, &why)) {
			sbuf__free(&why);
			return -ENOMEM;
		}
		if (why.len) {
			fprintf(out, "expect: %s: bad: %s (first error: %s)\n", r->kase->id,
				why.buf, first);
			status = EXPECT_BAD;
		} else {
			fprintf(out, "expect: %s: good (%s)\n", r->kase->id, first);
		}
	}
	sbuf__free(&why);
	return status;
}
