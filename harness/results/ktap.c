// SPDX-License-Identifier: GPL-2.0
/*
 * ktap.c: results.ktap, KTAP version 1.  PASS is "ok", SKIP "ok ... # SKIP
 * why", XFAIL "ok ... # TODO xfail: why", everything else "not ok" after
 * "# CODE: why" diagnostic lines.
 */
#define _GNU_SOURCE
#include <errno.h>
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

static int ktap__case(struct sbuf *sb, const struct result *r, int num)
{
	const char *code = result_code__name(r->code), *why = r->reason ? r->reason : "";
	int err = 0;

	if (r->code == RES_PASS)
		return sbuf__addf(sb, "ok %d %s\n", num, r->kase->id);
	if (r->code == RES_SKIP)
		return sbuf__addf(sb, "ok %d %s # SKIP %s\n", num, r->kase->id, why);
	if (r->code != RES_XFAIL)
		err = sbuf__addf(sb, "# %s: %s\n", code, why) ?: ktap__diag(sb, r->detail.buf);
	if (!err && r->code == RES_XFAIL)
		err = sbuf__addf(sb, "ok %d %s # TODO %s\n", num, r->kase->id, why);
	else if (!err)
		err = sbuf__addf(sb, "not ok %d %s\n", num, r->kase->id);
	return err;
}

int results__write_ktap(const char *path, const struct result *rs, int n)
{
	struct sbuf sb = {};
	int err = sbuf__addf(&sb, "KTAP version 1\n1..%d\n", n);

	for (int i = 0; !err && i < n; i++)
		err = ktap__case(&sb, &rs[i], i + 1);
	if (!err)
		err = file__write(path, sb.buf, sb.len);
	sbuf__free(&sb);
	return err;
}
