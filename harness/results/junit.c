// SPDX-License-Identifier: GPL-2.0
/*
 * junit.c: results.junit.xml, for CI systems that read JUnit XML: one
 * testsuite named after the kernel, one testcase per case (classname the
 * case's directory: accept, reject, btf), FAIL and XPASS as <failure>,
 * ERROR and CRASH as <error>, SKIP as <skipped>, the reason as the
 * message, the details (a diff, a console tail) as the element's text,
 * and the normalized log in <system-out>.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "judge/result.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "results/results.h"

/* XML-escaped text; characters XML 1.0 cannot hold become '?'. */
static int xml__text(struct sbuf *sb, const char *s)
{
	int err = 0;

	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && !err; p++) {
		if (*p == '&')
			err = sbuf__adds(sb, "&amp;");
		else if (*p == '<')
			err = sbuf__adds(sb, "&lt;");
		else if (*p == '>')
			err = sbuf__adds(sb, "&gt;");
		else if (*p == '"')
			err = sbuf__adds(sb, "&quot;");
		else if (*p < 0x20 && *p != '\n' && *p != '\t')
			err = sbuf__adds(sb, "?");
		else
			err = sbuf__add(sb, p, 1);
	}
	return err;
}

/* The element a result's outcome is in, or NULL for a pass. */
static const char *junit__element(const struct result *r)
{
	switch (r->code) {
	case RES_FAIL: case RES_XPASS: return "failure";
	case RES_ERROR: case RES_CRASH: return "error";
	case RES_SKIP: return "skipped";
	default: return NULL;
	}
}

static int junit__case(struct sbuf *sb, const struct result *r)
{
	const char *el = junit__element(r), *id = r->kase->id;
	int err;

	err = sbuf__addf(sb, "    <testcase classname=\"%.*s\" name=\"", (int)strcspn(id, "/"), id) ?:
	      xml__text(sb, id) ?:
	      sbuf__addf(sb, "\" time=\"%.6f\">\n", r->sc && r->loaded ? r->sc->load_ns / 1e9 : 0.0);
	if (!err && el)
		err = sbuf__addf(sb, "      <%s type=\"%s\" message=\"", el, result_code__name(r->code)) ?:
		      xml__text(sb, r->reason) ?: sbuf__adds(sb, "\">") ?:
		      xml__text(sb, r->detail.buf) ?: sbuf__addf(sb, "</%s>\n", el);
	if (!err && (r->log || r->code == RES_XFAIL))
		err = sbuf__adds(sb, "      <system-out>") ?:
		      xml__text(sb, r->code == RES_XFAIL ? r->reason : NULL) ?:
		      sbuf__adds(sb, r->code == RES_XFAIL && r->log ? "\n" : "") ?:
		      xml__text(sb, r->log) ?: sbuf__adds(sb, "</system-out>\n");
	return err ?: sbuf__adds(sb, "    </testcase>\n");
}

int results__write_junit(const char *path, const struct result *rs, int n,
			 const struct stream *s, const struct run_info *t)
{
	char *kernel = results__kernel(s, t);
	struct results_count c;
	struct sbuf sb = {};
	int err = kernel ? 0 : -ENOMEM;

	results__count(rs, n, &c);
	err = err ?: sbuf__adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
				"  <testsuite name=\"twc ") ?:
	      xml__text(&sb, kernel) ?:
	      sbuf__addf(&sb, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
			 "time=\"%.3f\">\n", n, c.code[RES_FAIL] + c.code[RES_XPASS],
			 c.code[RES_ERROR] + c.code[RES_CRASH], c.code[RES_SKIP], t ? t->load : 0.0);
	for (int i = 0; !err && i < n; i++)
		err = junit__case(&sb, &rs[i]);
	err = err ?: sbuf__adds(&sb, "  </testsuite>\n</testsuites>\n");
	if (!err)
		err = file__write(path, sb.buf, sb.len);
	sbuf__free(&sb);
	free(kernel);
	return err;
}
