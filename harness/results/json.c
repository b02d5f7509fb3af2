// SPDX-License-Identifier: GPL-2.0
/*
 * json.c: results.json, the machine-readable results of `twc judge`: one
 * object per case (id, code, reason, expectation, errno, log level,
 * verifier statistics, first error line, normalized log), plus the kernel,
 * the normalizer version, phase times and totals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "judge/norm.h"
#include "judge/result.h"
#include "judge/verdicts.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "results/results.h"
#include "stream/stream.h"

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8__seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 :
		     s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : 0;

	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* A JSON string; invalid UTF-8 becomes U+FFFD.  NULL is null. */
static int json__str(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int err;

	if (!s)
		return sbuf__adds(sb, "null");
	err = sbuf__add(sb, "\"", 1);
	for (size_t n = strlen(s); *p && !err; ) {
		size_t len = *p >= 0x80 ? utf8__seq(p, n - (p - (const unsigned char *)s)) : 1;

		if (*p == '"' || *p == '\\')
			err = sbuf__addf(sb, "\\%c", *p);
		else if (*p == '\n')
			err = sbuf__adds(sb, "\\n");
		else if (*p == '\t')
			err = sbuf__adds(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			err = sbuf__addf(sb, "\\u%04x", *p);
		else if (!len)
			err = sbuf__adds(sb, "\\ufffd");
		else
			err = sbuf__add(sb, p, len);
		p += len ? len : 1;
	}
	return err ?: sbuf__add(sb, "\"", 1);
}

/* "key": <long or null when negative> */
static int json__num(struct sbuf *sb, const char *key, long v)
{
	return v < 0 ? sbuf__addf(sb, ",\n      \"%s\": null", key) :
		       sbuf__addf(sb, ",\n      \"%s\": %ld", key, v);
}

static int json__key_str(struct sbuf *sb, const char *key, const char *v)
{
	return sbuf__addf(sb, ",\n      \"%s\": ", key) ?: json__str(sb, v);
}

/* "outcome", "outcome_errno", "message": what the case did (verdicts.h). */
static int json__outcome(struct sbuf *sb, const struct result *r)
{
	struct verdict v;
	int err = verdict__of(r, &v);

	err = err ?: json__key_str(sb, "outcome", v.outcome) ?:
	      json__key_str(sb, "outcome_errno", v.errno_s) ?:
	      json__key_str(sb, "message", v.message);
	verdict__free(&v);
	return err;
}

static int json__case(struct sbuf *sb, const struct result *r)
{
	const struct annot_prog *p = r->kase->prog;
	char ebuf[32], xbuf[32];
	int err;

	err = sbuf__adds(sb, "    {\n      \"id\": ") ?: json__str(sb, r->kase->id) ?:
	      json__key_str(sb, "code", result_code__name(r->code)) ?:
	      json__key_str(sb, "class", result__class(r)) ?:
	      json__key_str(sb, "stage", r->stage) ?:
	      json__key_str(sb, "reason", r->reason) ?:
	      json__key_str(sb, "expected", !p || !p->expect ? NULL :
			    p->expect == ANNOT_EXPECT_SUCCESS ? "success" : "failure") ?:
	      json__key_str(sb, "expected_errno", p && p->expected_errno ?
			    errname_str(-p->expected_errno, xbuf, sizeof(xbuf)) : NULL) ?:
	      json__key_str(sb, "phase", r->loaded ? r->phase : NULL) ?:
	      json__key_str(sb, "errno", r->loaded ? errname_str(r->err, ebuf, sizeof(ebuf)) : NULL) ?:
	      json__num(sb, "log_level", r->kase->log_level) ?:
	      json__num(sb, "insns_processed", r->insns) ?:
	      json__num(sb, "total_states", r->states) ?:
	      json__num(sb, "peak_states", r->peak_states) ?:
	      json__num(sb, "verification_time_usec", r->vtime_usec) ?:
	      json__num(sb, "load_ns", r->sc && r->loaded ? (long)r->sc->load_ns : -1) ?:
	      json__key_str(sb, "first_error", r->first_error) ?: json__outcome(sb, r) ?:
	      json__key_str(sb, "description", p ? p->description : NULL) ?:
	      json__key_str(sb, "xfail", p ? p->xfail : NULL) ?:
	      sbuf__adds(sb, ",\n      \"rules\": [");
	for (int i = 0; !err && p && i < p->n_rules; i++)
		err = sbuf__adds(sb, i ? ", " : "") ?: json__str(sb, p->rules[i]);
	return err ?: sbuf__addf(sb, "],\n      \"blessed\": %s,\n      \"log_moved\": %s",
				 r->blessed ? "true" : "false", r->log_moved ? "true" : "false") ?:
	       json__key_str(sb, "log", r->log) ?: sbuf__adds(sb, "\n    }");
}

/* Kernel, normalizer, times and totals: everything but the cases. */
static int json__head(struct sbuf *sb, const struct result *rs, int n,
		      const struct stream *s, const struct run_info *t)
{
	struct results_count c;
	int err;

	results__count(rs, n, &c);
	err = sbuf__adds(sb, "{\n  \"format\": \"twc-results\",\n  \"version\": 2,\n"
			 "  \"kernel\": {\"name\": ") ?: json__str(sb, t->kernel_name) ?:
	      sbuf__adds(sb, ", \"release\": ") ?:
	      json__str(sb, stream__fact(s, "release")) ?: sbuf__adds(sb, ", \"version\": ") ?:
	      json__str(sb, stream__fact(s, "version")) ?:
	      sbuf__addf(sb, "},\n  \"normalizer\": %d,\n  \"times\": {", NORM_VERSION);
	for (int i = 0; !err && i < t->n; i++)
		err = json__str(sb, t->keys[i]) ?: sbuf__addf(sb, ": %.3f, ", t->secs[i]);
	err = err ?: sbuf__addf(sb, "\"boot\": %.3f, \"load\": %.3f, \"judge\": %.3f},\n"
				"  \"summary\": {", t->boot, t->load, t->judge);
	for (int code = 0; !err && code < RES__COUNT; code++)
		err = sbuf__addf(sb, "\"%s\": %d, ", result_code__name(code), c.code[code]);
	return err ?: sbuf__addf(sb, "\"passed\": %d, \"failed\": %d, \"skipped\": %d},\n"
				 "  \"cases\": [\n", c.passed, c.failed, c.skipped);
}

int results__write_json(const char *path, const struct result *rs, int n,
			 const struct stream *s, const struct run_info *t)
{
	struct sbuf sb = {};
	int err = json__head(&sb, rs, n, s, t);

	for (int i = 0; !err && i < n; i++)
		err = json__case(&sb, &rs[i]) ?: sbuf__adds(&sb, i + 1 < n ? ",\n" : "\n");
	err = err ?: sbuf__adds(&sb, "  ]\n}\n");
	if (!err)
		err = file__write(path, sb.buf, sb.len);
	sbuf__free(&sb);
	return err;
}
