// SPDX-License-Identifier: GPL-2.0
/*
 * golden.c: reading, comparing and writing goldens (golden.h), for C and
 * BTF cases alike: the header is read back and checked against the run
 * before the bodies are compared, so a golden of another case, kernel,
 * normalizer or log level, or one written by hand, is an ERROR that says
 * what to do, never a quiet PASS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The field of h that a header line's key (len bytes) names, or NULL. */
static char **header__field(struct golden_header *h, const char *key, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "case", offsetof(struct golden_header, case_id) },
		{ "kernel", offsetof(struct golden_header, release) },
		{ "compiler", offsetof(struct golden_header, compiler) },
		{ "log-level", offsetof(struct golden_header, log_level) },
		{ "normalizer", offsetof(struct golden_header, normalizer) },
		{ "result", offsetof(struct golden_header, result) },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == len && !strncmp(key, keys[i].key, len))
			return (char **)((char *)h + keys[i].off);
	return NULL;
}

void golden_header__free(struct golden_header *h)
{
	free(h->case_id);
	free(h->release);
	free(h->version);
	free(h->compiler);
	free(h->log_level);
	free(h->normalizer);
	free(h->result);
	memset(h, 0, sizeof(*h));
}

int golden_header__parse(const char *text, struct golden_header *h)
{
	const char *p = text;
	char *sp;

	memset(h, 0, sizeof(*h));
	h->marker = !strncmp(text, GOLDEN_MARKER, strlen(GOLDEN_MARKER));
	while (!strncmp(p, "# ", 2)) {
		size_t len = strcspn(p, "\n"), klen = strcspn(p + 2, ":\n");
		const char *v = p + 2 + klen, *end = p + len;
		char **f = *v == ':' ? header__field(h, p + 2, klen) : NULL;

		v += v < end;		/* the ':' */
		v += v < end && *v == ' ';
		if (f && !*f && !(*f = strndup(v, end - v)))
			return -ENOMEM;
		p = end + (*end == '\n');
	}
	/* "kernel: <release> <version>" */
	sp = h->release ? strchr(h->release, ' ') : NULL;
	if (sp && !(h->version = strdup(sp + 1)))
		return -ENOMEM;
	if (sp)
		*sp = 0;
	return 0;
}

/* What a header that is wrong needs: written anew by make bless. */
#define HEADER_TODO "to write it anew: make bless %s%s%sCASES=%s (on the reference kernel)"
/* HEADER_TODO's arguments for case k: an upstream program's bless names
 * its file too. */
#define BLESS_ARGS(k) (k)->upstream ? "UPSTREAM=" : "", (k)->upstream ? (k)->src : "", \
		      (k)->upstream ? " " : "", (k)->id

/* A carriage return in text: which line, and is it a CRLF line end. */
static int header__cr(const char *text, const struct golden_want *w, char **why)
{
	const char *cr = strchr(text, '\r');
	int line = 1;

	for (const char *p = text; p < cr; p++)
		line += *p == '\n';
	return asprintf(why, "the golden '%s' has carriage returns (line %d %s, shown as ^M in "
			"the diff: CRLF line ends from an editor or a checkout?); " HEADER_TODO,
			w->shown, line, cr[1] == '\n' ? "ends in \\r\\n" : "holds a \\r",
			BLESS_ARGS(w->k)) < 0 ? -ENOMEM : 0;
}

/* The header's fields against w: each must be there, and say what w says. */
static int header__fields(const struct golden_header *h, const struct golden_want *w,
			  char **why)
{
	const struct corpus_case *k = w->k;
	char norm[16], level[16];
	const struct {
		const char *field, *got, *want, *hint;
		bool c_only;
	} f[] = {
		{ "case", h->case_id, k->id, "the case it is the golden of: a copy of another "
		  "case's golden?", false },
		{ "normalizer", h->normalizer, norm, "this judge's normalizer version, "
		  "harness/judge/norm.c", false },
		{ "log-level", h->log_level, level, "the case's log level", true },
		{ "kernel", h->release, w->reference, "the reference kernel's release: blessed "
		  "with FORCE=1 on another kernel?", false },
		{ "compiler", h->compiler, NULL, NULL, true },
		{ "result", h->result, w->result, "what the load returned, with the same log", true },
	};
	size_t n = sizeof(f) / sizeof(f[0]), i;

	snprintf(norm, sizeof(norm), "%d", NORM_VERSION);
	snprintf(level, sizeof(level), "%d", k->log_level);
	for (i = 0; i < n; i++)
		if ((!f[i].c_only || !k->btf) && !f[i].got)
			return asprintf(why, "the golden '%s' has no '%s:' line in its header (make "
					"bless writes one); " HEADER_TODO, w->shown, f[i].field,
					BLESS_ARGS(k)) < 0 ? -ENOMEM : 0;
	for (i = 0; i < n; i++)
		if ((!f[i].c_only || !k->btf) && f[i].want && strcmp(f[i].got, f[i].want))
			return asprintf(why, "the golden '%s' says '%s: %s' in its header, not "
					"'%s: %s' (%s); " HEADER_TODO, w->shown, f[i].field,
					f[i].got, f[i].field, f[i].want, f[i].hint,
					BLESS_ARGS(k)) < 0 ? -ENOMEM : 0;
	return 0;
}

int golden__check_header(const char *text, const struct golden_want *w, char **why)
{
	struct golden_header h;
	int err;

	*why = NULL;
	if (strchr(text, '\r'))
		return header__cr(text, w, why);
	if (strncmp(text, GOLDEN_MARKER, strlen(GOLDEN_MARKER)))
		return asprintf(why, "the golden '%s' has no header: its first line is not "
				"'" GOLDEN_MARKER "...', so make bless did not write it; " HEADER_TODO,
				w->shown, BLESS_ARGS(w->k)) < 0 ? -ENOMEM : 0;
	err = golden_header__parse(text, &h) ?: header__fields(&h, w, why);
	golden_header__free(&h);
	return err;
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

/* A golden whose body differs from r's log: the diff, and for an undecided
 * case the bless command and the FAIL. */
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
	return sbuf__addf(&r->detail, "to accept: make bless %s%s%sCASES=%s\n", BLESS_ARGS(k)) ?:
	       decide(r, RES_FAIL, "the %s differs from the golden '%s'",
		      k->btf ? "outcome" : "log", shown);
}

/* An undecided case's golden text: its header against the run (but in a
 * --verdicts run), then its body against r's log. */
static int golden__compare(const struct judge_ctx *ctx, const struct corpus_case *k,
			   struct result *r, const char *text, const char *shown)
{
	const char *body = golden__body(text);
	bool same = !strcmp(body, r->log ? r->log : "");
	char ebuf[32], *why = NULL;
	struct golden_want w = {
		.k = k, .shown = shown, .reference = ctx->report_moves ? NULL : ctx->reference,
		.result = same && !k->btf ? errname_str(r->err, ebuf, sizeof(ebuf)) : NULL,
	};
	int ret;

	if (!ctx->verdicts && golden__check_header(text, &w, &why))
		return -ENOMEM;
	if (!why && !same && ctx->report_moves) {	/* another kernel: a report, no verdict */
		r->log_moved = true;
		return golden__differs(k, r, body, shown, true) < 0 ? -ENOMEM : STAGE_NEXT;
	}
	if (!why)
		return same ? STAGE_NEXT : golden__differs(k, r, body, shown, false);
	/* bless writes it anew, and the case then passes */
	r->golden_differs = true;
	ret = same ? STAGE_DONE : golden__differs(k, r, body, shown, true);
	ret = ret < 0 ? ret : decide(r, RES_ERROR, "%s", why);
	free(why);
	return ret;
}

bool golden__upstream_kept(const char *expected_dir, const struct corpus_case *k)
{
	struct stat st;
	char *dir;
	bool kept;

	if (asprintf(&dir, "%s/%s", expected_dir, k->file_id) < 0)
		return true;	/* then the golden's own read says what is wrong */
	kept = !stat(dir, &st) && S_ISDIR(st.st_mode);
	free(dir);
	return kept;
}

int golden__judge(const struct judge_ctx *ctx, const struct corpus_case *k, struct result *r,
		  bool decided)
{
	struct sbuf path = {}, shown = {};
	char *text = NULL;
	size_t len;
	int err, ret = STAGE_DONE;

	if (k->upstream && !golden__upstream_kept(ctx->expected_dir, k))
		return decided ? STAGE_DONE : STAGE_NEXT;	/* its annotations alone */
	if (golden__path(ctx->expected_dir, k, &path, &shown))
		return -ENOMEM;
	err = file__read(path.buf, &text, &len);
	if (decided) {
		if (!err && strcmp(golden__body(text), r->log ? r->log : ""))
			ret = golden__differs(k, r, golden__body(text), shown.buf, true);
	} else if (err == -ENOENT) {
		r->golden_missing = r->golden_differs = true;
		ret = decide(r, RES_ERROR, "no golden '%s'; to write it: make bless %s%s%sCASES=%s",
			     shown.buf, BLESS_ARGS(k));
	} else if (err) {
		ret = decide(r, RES_ERROR, "cannot read the golden '%s': %s", path.buf, ESYM(err));
	} else {
		ret = golden__compare(ctx, k, r, text, shown.buf);
	}
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

	err = sbuf__adds(out, GOLDEN_MARKER "written by 'make bless' from a kernel run; "
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
