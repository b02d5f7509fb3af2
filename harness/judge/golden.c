// SPDX-License-Identifier: GPL-2.0
/*
 * golden.c: reading, comparing and writing goldens (golden.h), for C and
 * BTF cases alike.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "judge/golden.h"
#include "judge/norm.h"
#include "judge/result.h"
#include "judge/stage.h"
#include "lib/diff.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

const char *golden__body(const char *text)
{
	while (!strncmp(text, "# ", 2)) {
		const char *nl = strchr(text, '\n');

		if (!nl)
			return text + strlen(text);
		text = nl + 1;
	}
	return text;
}

/* The last two components of a path: "btf/kernel.expected". */
static const char *path__tail2(const char *path)
{
	const char *last = strrchr(path, '/'), *p;

	if (!last)
		return path;
	for (p = last; p > path && p[-1] != '/'; p--)
		;
	return p;
}

/* A golden is named from the expected directory's last component on
 * ("expected/<id>.log", whatever the directory's full path: the bless
 * command works from the top); a case's own golden path by its last two.
 */
int golden__path(const char *dir, const struct corpus_case *k, struct sbuf *path,
		 struct sbuf *shown)
{
	size_t n = strlen(dir), b;

	if (k->golden)
		return sbuf__adds(path, k->golden) ?: sbuf__adds(shown, path__tail2(k->golden));
	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (b = n; b > 0 && dir[b - 1] != '/'; b--)
		;
	return sbuf__addf(path, "%.*s/%s.log", (int)n, dir, k->id) ?:
	       sbuf__addf(shown, "%.*s/%s.log", (int)(n - b), dir + b, k->id);
}

/* A golden that differs from log: the diff, and for an undecided case the
 * bless command and the FAIL. */
static int golden__differs(const struct corpus_case *k, struct result *r, const char *body,
			   const char *shown, bool decided)
{
	int err;

	r->golden_differs = true;
	err = diff__unified(body, r->log ? r->log : "", shown, "actual (normalized)", 3,
			    &r->detail);
	if (err < 0)
		return -ENOMEM;
	if (decided)
		return STAGE_DONE;
	return sbuf__addf(&r->detail, "to accept: make bless CASES=%s\n", k->id) ?:
	       decide(r, RES_FAIL, "the %s differs from the golden '%s'",
		      k->btf ? "outcome" : "log", shown);
}

int golden__judge(const char *expected_dir, const struct corpus_case *k, struct result *r,
		  bool decided)
{
	struct sbuf path = {}, shown = {};
	char *text = NULL;
	size_t len;
	int err, ret = STAGE_NEXT;

	if (golden__path(expected_dir, k, &path, &shown))
		return -ENOMEM;
	err = file__read(path.buf, &text, &len);
	if (decided) {
		ret = STAGE_DONE;
	} else if (err == -ENOENT) {
		r->golden_missing = r->golden_differs = true;
		ret = decide(r, RES_ERROR, "no golden '%s'; to write it: make bless CASES=%s",
			     shown.buf, k->id);
	} else if (err) {
		ret = decide(r, RES_ERROR, "cannot read the golden '%s': %s", path.buf, ESYM(err));
	}
	if (!err && strcmp(golden__body(text), r->log ? r->log : ""))
		ret = golden__differs(k, r, golden__body(text), shown.buf, decided);
	free(text);
	sbuf__free(&path);
	sbuf__free(&shown);
	return ret;
}

/* The kernel BTF expectations say what BTF cannot show. */
static const char kernel_btf_note[] =
	"# The kfunc flags (KF_ACQUIRE, KF_RCU, KF_SLEEPABLE, KF_IMPLICIT_ARGS, ...) are not\n"
	"# in BTF: the kernel keeps them in its BTF_ID_FLAGS sets.  BTF has the\n"
	"# prototypes and the decl tags (bpf_kfunc, bpf_fastcall) shown here.\n";

/* Provenance: where the golden came from.  A C case's golden also names
 * the compiler, the log level and the load's result. */
int golden__render(const struct result *r, const struct stream *s, struct sbuf *out)
{
	const char *rel = stream__fact(s, "release"), *ver = stream__fact(s, "version");
	const struct corpus_case *k = r->kase;
	char ebuf[32];
	int err;

	err = sbuf__adds(out, "# twc golden: written by 'make bless' from a kernel run; "
			 "do not edit.\n") ?:
	      sbuf__addf(out, "# case: %s\n", k->id) ?:
	      sbuf__addf(out, "# kernel: %s%s%s\n", rel ? rel : "unknown", ver ? " " : "",
			 ver ? ver : "");
	if (!err && !k->btf)
		err = sbuf__addf(out, "# compiler: %s\n", k->compiler ? k->compiler : "unknown") ?:
		      sbuf__addf(out, "# log-level: %d\n", k->log_level);
	err = err ?: sbuf__addf(out, "# normalizer: %d\n", NORM_VERSION);
	if (!err && !k->btf)
		err = sbuf__addf(out, "# result: %s\n", errname_str(r->err, ebuf, sizeof(ebuf)));
	if (!err && k->btf && k->golden)
		err = sbuf__adds(out, kernel_btf_note);
	return err ?: sbuf__adds(out, r->log ? r->log : "");
}

/* Count a case bless refuses: its verdict, errno or __msg check failed. */
static void bless__refuse(const struct result *r, struct bless_stats *bs)
{
	if (r->code == RES_FAIL || r->code == RES_XFAIL) {
		bs->refused++;
		sbuf__addf(&bs->refused_ids, " %s", r->kase->id);
	}
}

/* A blessed case passes: say which file now holds its log. */
static int bless__passed(struct result *r, const char *path)
{
	bool xfail = r->kase->prog->xfail;

	r->code = xfail ? RES_XPASS : RES_PASS;
	free(r->reason);
	r->reason = NULL;
	return asprintf(&r->reason, "%sblessed: wrote '%s'",
			xfail ? "marked __xfail but passes; " : "", path) < 0 ? -ENOMEM : 0;
}

int golden__bless(const char *expected_dir, const struct stream *s, struct result *r,
		  struct bless_stats *bs)
{
	struct sbuf path = {}, shown = {}, text = {};
	char *old = NULL;
	size_t len;
	int err;

	if (!r->checks_ok) {
		bless__refuse(r, bs);
		return 0;
	}
	err = golden__path(expected_dir, r->kase, &path, &shown) ?: golden__render(r, s, &text);
	if (!err && !file__read(path.buf, &old, &len) && !strcmp(old, text.buf)) {
		bs->unchanged++;
	} else if (!err && !(err = file__write(path.buf, text.buf, text.len))) {
		bs->written++;
		r->blessed = true;
	} else if (err != -ENOMEM) {
		pr_warn("%s: cannot write the golden: '%s': %s\n", r->kase->id, path.buf,
			ESYM(err));
	}
	if (!err && r->golden_differs)
		err = bless__passed(r, path.buf);
	free(old);
	sbuf__free(&path);
	sbuf__free(&shown);
	sbuf__free(&text);
	return err;
}

void golden__print_bless(const struct bless_stats *bs)
{
	printf("bless: %d goldens written, %d unchanged, %d refused (verdict, errno or "
	       "__msg failed; fix the case, not the golden)%s%s\n", bs->written, bs->unchanged,
	       bs->refused, bs->refused ? ":" : "", sbuf__str(&bs->refused_ids));
}
