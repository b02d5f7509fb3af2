// SPDX-License-Identifier: GPL-2.0
/*
 * ktap.c: results.ktap, KTAP version 1 (the kernel's
 * Documentation/dev-tools/ktap.rst).  A "# kernel: ..." line names the
 * kernel; PASS is "ok", SKIP "ok ... # SKIP why", XFAIL "ok ... # XFAIL
 * why", ERROR "not ok ... # ERROR why" (the case could not be judged), a
 * hang "not ok ... # TIMEOUT why", FAIL, XPASS and other CRASHes plain
 * "not ok"; every one but PASS after "# CODE: why" and its detail as
 * diagnostic lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "judge/result.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "results/results.h"

/* "# " + each line of text (KTAP diagnostic lines). */
static int ktap__diag(struct sbuf *sb, const char *text)
{
	int err = 0;

	while (text && *text && !err) {
		size_t len = strcspn(text, "\n");

		err = sbuf__addf(sb, "# %.*s\n", (int)len, text);
		text += len + (text[len] == '\n');
	}
	return err;
}

/* The KTAP directive of a result, or NULL for none. */
static const char *ktap__directive(const struct result *r)
{
	switch (r->code) {
	case RES_SKIP: return "SKIP";
	case RES_XFAIL: return "XFAIL";
	case RES_ERROR: return "ERROR";
	case RES_CRASH:
		return r->sc && r->sc->crash && !strcmp(r->sc->crash, "hang") ? "TIMEOUT" : NULL;
	default: return NULL;
	}
}

static int ktap__case(struct sbuf *sb, const struct result *r, int num)
{
	const char *why = r->reason ? r->reason : "", *dir = ktap__directive(r);
	bool ok = r->code == RES_PASS || r->code == RES_SKIP || r->code == RES_XFAIL;
	int err = 0;

	if (r->code != RES_PASS && r->code != RES_SKIP)
		err = sbuf__addf(sb, "# %s: %s\n", result_code__name(r->code), why) ?:
		      ktap__diag(sb, r->detail.buf);
	return err ?: sbuf__addf(sb, "%s %d %s%s%s%s%s\n", ok ? "ok" : "not ok", num, r->kase->id,
				 dir ? " # " : "", dir ? dir : "", dir && *why ? " " : "",
				 dir ? why : "");
}

int results__write_ktap(const char *path, const struct result *rs, int n,
			const struct stream *s, const struct run_info *t)
{
	char *kernel = results__kernel(s, t);
	struct sbuf sb = {};
	int err = kernel ? sbuf__addf(&sb, "KTAP version 1\n# kernel: %s\n1..%d\n", kernel, n) :
		  -ENOMEM;

	for (int i = 0; !err && i < n; i++)
		err = ktap__case(&sb, &rs[i], i + 1);
	if (!err)
		err = file__write(path, sb.buf, sb.len);
	sbuf__free(&sb);
	free(kernel);
	return err;
}
