// SPDX-License-Identifier: GPL-2.0
/*
 * btfjudge.c: BTF cases on the host (btfjudge.h).
 *
 * Loading: every .case file of btf/ and btf/maps/ is parsed and its BTF
 * built with libbpf, so a case the guest could not run is an ERROR before
 * any boot, naming the line and the field.
 *
 * Judging: after the generic stages of check.c (plan, crash, stream,
 * console, requires), a BTF case is judged from its STEP records: every
 * step must have one; a "verifier bug" line or -EFAULT is a CRASH; then
 * each step's outcome against its "expect", each "msg" against its log;
 * then the rendered outcome of all steps against the golden.  The rendered
 * outcome is one line per step ("<statement>: <outcome>") followed by the
 * step's normalized log, each line prefixed "  | ".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "btfjudge.h"
#include "diff.h"
#include "errnames.h"
#include "norm.h"

/* ---- loading ---- */

void btfjudge_case__free(struct btfjudge_case *b)
{
	if (!b)
		return;
	btfcase__free(&b->bc);
	annot_prog__free(&b->prog);
	free(b);
}

/* Copy what reports show (description, rules, requires) into the prog. */
static int btfjudge__prog(struct btfjudge_case *b)
{
	struct annot_prog *p = &b->prog;

	p->description = b->bc.description ? strdup(b->bc.description) : NULL;
	for (int i = 0; i < b->bc.n_rules && i < ANNOT_MAX_RULES; i++)
		if (!(p->rules[p->n_rules++] = strdup(b->bc.rules[i])))
			return -ENOMEM;
	for (int i = 0; i < b->bc.n_reqs && i < ANNOT_MAX_REQS; i++)
		if (!(p->reqs[p->n_reqs++] = strdup(b->bc.reqs[i])))
			return -ENOMEM;
	return 0;
}

/* Parse and build one case file; a problem becomes the case's reason. */
static int btfjudge__read(struct corpus_case *k)
{
	struct btfjudge_case *b = calloc(1, sizeof(*b));
	char *text = NULL;
	size_t len;
	int err;

	if (!b)
		return -ENOMEM;
	k->btf = b;
	k->prog = &b->prog;
	annot_prog__init(&b->prog);
	b->prog.name = strdup("-");
	if (!b->prog.name)
		return -ENOMEM;
	err = file__read(k->src, &text, &len);
	if (!err) {
		err = btfcase__parse(&b->bc, text, len) ?: btfcase__build(&b->bc, NULL);
		free(text);
		if (err == -ENOMEM)
			return err;
		if (err && asprintf(&k->reason, "malformed BTF case '%s': %s", k->guest_obj,
				    b->bc.error ? b->bc.error : ESYM(err)) < 0)
			return -ENOMEM;
	} else if (asprintf(&k->reason, "cannot read '%s': %s", k->src, ESYM(err)) < 0) {
		return -ENOMEM;
	}
	if (err)
		k->problem = CASE_BTF_SYNTAX;
	return btfjudge__prog(b);
}

/* A new corpus case for <dir>/<rel> (rel: "x.case" or "maps/x.case"). */
static int btfjudge__add(struct corpus *c, const char *dir, const char *rel,
			 const struct corpus_filter *filter)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	struct corpus_case *k, *t;
	char *id = NULL;

	if (asprintf(&id, "btf/%.*s", (int)(strlen(base) - 5), base) < 0)
		return -ENOMEM;
	if (!corpus_filter__match(filter, id, id)) {
		free(id);
		return 0;
	}
	t = realloc(c->cases, (c->n_cases + 1) * sizeof(*t));
	if (!t) {
		free(id);
		return -ENOMEM;
	}
	c->cases = t;
	k = &t[c->n_cases++];
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->arch_ok = true;
	if (!(k->file_id = strdup(id)) || !(k->aux = strdup("-")) ||
	    asprintf(&k->src, "%s/%s", dir, rel) < 0 || !(k->obj = strdup(k->src)) ||
	    asprintf(&k->guest_obj, "btf/%s", rel) < 0)
		return -ENOMEM;
	if (!strchr(rel, '/') && asprintf(&k->golden, "%s/%.*s.expected", dir,
					  (int)(strlen(rel) - 5), rel) < 0)
		return -ENOMEM;
	for (int i = 0; i < c->n_cases - 1; i++)
		if (!strcmp(c->cases[i].id, id)) {
			k->problem = CASE_BTF_SYNTAX;
			return asprintf(&k->reason, "the id is taken by '%s'; rename one",
					c->cases[i].guest_obj) < 0 ? -ENOMEM : 0;
		}
	return btfjudge__read(k);
}

static int str__cmpp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "<sub><name>.case" files of dir/sub, sorted; missing dir: none. */
static int btfjudge__list(const char *dir, const char *sub, char ***names, int *n)
{
	struct sbuf path = {};
	struct dirent *de;
	DIR *d;
	int err = sbuf__addf(&path, "%s/%s", dir, sub);

	*names = NULL;
	*n = 0;
	d = err ? NULL : opendir(path.buf);
	sbuf__free(&path);
	if (!d)
		return err ?: (errno == ENOENT ? 0 : -errno);
	while (!err && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **t;

		if (de->d_name[0] == '.' || len <= 5 || strcmp(de->d_name + len - 5, ".case"))
			continue;
		t = realloc(*names, (*n + 1) * sizeof(*t));
		if (!t || asprintf(&t[*n], "%s%s", sub, de->d_name) < 0)
			err = -ENOMEM;
		if (t)
			*names = t;
		*n += !err;
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), str__cmpp);
	return err;
}

static int case__cmp(const void *a, const void *b)
{
	return strcmp(((const struct corpus_case *)a)->id, ((const struct corpus_case *)b)->id);
}

int corpus__load_btf(struct corpus *c, const char *btf_dir, const struct corpus_filter *filter)
{
	static const char *const subs[] = { "", "maps/" };
	int err = 0;

	for (size_t s = 0; s < sizeof(subs) / sizeof(subs[0]) && !err; s++) {
		char **names;
		int n;

		err = btfjudge__list(btf_dir, subs[s], &names, &n);
		for (int i = 0; i < n; i++) {
			if (!err)
				err = btfjudge__add(c, btf_dir, names[i], filter);
			free(names[i]);
		}
		free(names);
	}
	qsort(c->cases, c->n_cases, sizeof(*c->cases), case__cmp);
	return err;
}

/* ---- judging ---- */

struct bview {
	const struct judge_ctx *ctx;
	const struct corpus_case *k;
	const struct btfcase *bc;
	const struct stream_case *sc;
	struct result *r;
};

/* Set the result's code and reason; 1 (decided) or -ENOMEM. */
#define bj__decide(...) (result__decide(__VA_ARGS__) ?: 1)

/* The first line of text, or "" (for reasons). */
static char *first_line(const char *text)
{
	return strndup(text ? text : "", text ? strcspn(text, "\n") : 0);
}

/* Every step has its STEP record, in order, with the verb of the case. */
static int bj__records(struct bview *v)
{
	const struct stream_case *sc = v->sc;
	const struct btfcase *bc = v->bc;
	char *line;
	int ret;

	if (sc->n_steps && !strcmp(sc->steps[0].verb, "parse")) {
		line = first_line(sc->steps[0].log);
		ret = line ? bj__decide(v->r, RES_ERROR, "the guest could not read the case: %s",
					line) : -ENOMEM;
		free(line);
		return ret;
	}
	for (int i = 0; i < bc->n_steps; i++) {
		const char *verb = btfcase__verb_name(bc->steps[i].verb);

		if (i >= sc->n_steps)
			return bj__decide(v->r, RES_ERROR, "malformed stream: no STEP record for "
					  "step %d (line %d) '%s'", i, bc->steps[i].line,
					  bc->steps[i].text);
		if (sc->steps[i].n != i || strcmp(sc->steps[i].verb, verb))
			return bj__decide(v->r, RES_ERROR, "the stream's step %d is '%s %d', the "
					  "case's is '%s %d' (stale run? make check runs it anew)",
					  i, sc->steps[i].verb, sc->steps[i].n, verb, i);
	}
	if (sc->n_steps > bc->n_steps)
		return bj__decide(v->r, RES_ERROR, "malformed stream: %d STEP records for %d steps",
				  sc->n_steps, bc->n_steps);
	return 0;
}

/* -EFAULT or a "verifier bug" line: the kernel failed, not the case. */
static int bj__bugs(struct bview *v)
{
	for (int i = 0; i < v->bc->n_steps; i++) {
		const struct stream_step *t = &v->sc->steps[i];
		const char *bug = t->log ? strstr(t->log, "verifier bug") : NULL;
		char *line;
		int ret;

		if (bug) {
			line = first_line(bug);
			ret = line ? bj__decide(v->r, RES_CRASH, "step %d (line %d): '%s'", i,
						v->bc->steps[i].line, line) : -ENOMEM;
			free(line);
			return ret;
		}
		if (t->err == -EFAULT)
			return bj__decide(v->r, RES_CRASH, "step %d (line %d) '%s': -EFAULT, a kernel "
					  "bug", i, v->bc->steps[i].line, v->bc->steps[i].text);
	}
	return 0;
}

/* "ok", "-EINVAL", "retval 0", "retval -1 (-EPERM)", "test_run failed: -E..." */
static void bj__outcome_str(const struct btfcase_step *s, int err, bool has_value,
			    long long value, char *buf, size_t len)
{
	char e[32];
	bool named;

	if (s->verb == BTFCASE_STEP_RUN && !err && has_value) {
		/* a negative errno the program returned: say which ("-E4095" is none) */
		named = value < 0 && value > -4096 && (errname_str(value, e, sizeof(e)),
						       e[2] < '0' || e[2] > '9');
		if (named)
			snprintf(buf, len, "retval %lld (%s)", value, e);
		else
			snprintf(buf, len, "retval %lld", value);
	} else if (s->verb == BTFCASE_STEP_RUN && err)
		snprintf(buf, len, "test_run failed: %s", errname_str(err, e, sizeof(e)));
	else
		snprintf(buf, len, "%s", err ? errname_str(err, e, sizeof(e)) : "ok");
}

/* One step's line and its normalized log, "  | " before each log line. */
static int bj__render_step(struct sbuf *out, const struct btfcase_step *s,
			   const struct stream_step *t)
{
	char outcome[96], *norm = NULL;
	int err;

	bj__outcome_str(s, t->err, t->has_value, t->value, outcome, sizeof(outcome));
	err = s->verb == BTFCASE_STEP_CLOSE ? sbuf__addf(out, "%s\n", s->text) :
	      sbuf__addf(out, "%s: %s\n", s->text, outcome);
	if (err || !t->log)
		return err;
	err = norm__log(t->log, t->log_len, &norm);
	for (const char *p = norm; !err && p && *p; ) {
		size_t n = strcspn(p, "\n");

		err = sbuf__addf(out, "  |%s%.*s\n", n ? " " : "", (int)n, p);
		p += n + (p[n] == '\n');
	}
	free(norm);
	return err;
}

static int bj__render(struct bview *v)
{
	struct sbuf out = {};
	int err = 0;

	for (int i = 0; i < v->bc->n_steps && !err; i++)
		err = bj__render_step(&out, &v->bc->steps[i], &v->sc->steps[i]);
	v->r->log = err ? NULL : sbuf__detach(&out);
	sbuf__free(&out);
	return v->r->log ? 0 : -ENOMEM;
}

/* The last line before the statistics or the 7.3 diagnostic block. */
static char *log__error_line(const char *log)
{
	const char *end = log ? strstr(log, "\n\nVerification failed:") : NULL, *b;

	if (!log)
		return strdup("");
	if (!end)
		end = strstr(log, "\nverification time") ?: strstr(log, "\nprocessed ") ?:
		      log + strlen(log);
	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (b = end; b > log && b[-1] != '\n'; b--)
		;
	return strndup(b, end - b);
}

/* Each step's outcome against its "expect". */
static int bj__expect(struct bview *v)
{
	for (int i = 0; i < v->bc->n_steps; i++) {
		const struct btfcase_step *s = &v->bc->steps[i];
		const struct stream_step *t = &v->sc->steps[i];
		bool run = s->verb == BTFCASE_STEP_RUN;
		char want[96], got[96], *why;
		int ret;

		if (!s->has_expect || (run ? !t->err && t->has_value && t->value ==
				       s->expect_value : t->err == s->expect_err))
			continue;
		bj__outcome_str(s, run ? 0 : s->expect_err, true, s->expect_value, want,
				sizeof(want));
		bj__outcome_str(s, t->err, t->has_value, t->value, got, sizeof(got));
		why = log__error_line(t->log);
		ret = why ? bj__decide(v->r, RES_FAIL, "step %d (line %d) '%s': expected %s, got "
				       "%s%s%s%s", i, s->line, s->text, want, got, *why ? ": '" : "",
				       why, *why ? "'" : "") : -ENOMEM;
		free(why);
		return ret;
	}
	return 0;
}

/* Each step's msg lines against its raw log (as __msg against a log). */
static int bj__msgs(struct bview *v)
{
	for (int i = 0; i < v->bc->n_steps; i++) {
		const struct btfcase_step *s = &v->bc->steps[i];
		struct annot_prog p;
		char *why = NULL;
		int ret;

		annot_prog__init(&p);
		for (int m = 0; m < s->n_msgs; m++)
			p.msgs[p.n_msgs++] = (struct annot_msg){ .text = s->msgs[m] };
		ret = annot_msgs__check(&p, v->sc->steps[i].log ? v->sc->steps[i].log : "", &why);
		if (ret < 0 && ret != -ENOMEM)
			ret = bj__decide(v->r, RES_ERROR, "step %d (line %d): msg: invalid pattern",
					 i, s->line);
		else if (ret > 0)
			ret = bj__decide(v->r, RES_FAIL, "step %d (line %d) '%s': %s", i, s->line,
					 s->text, why);
		free(why);
		if (ret)
			return ret;
	}
	return 0;
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

/* The golden's path, and its name as messages show it: from the expected
 * directory's name on ("expected/btf/x.log"), or "btf/kernel.expected".
 */
static int bj__golden_names(struct bview *v, struct sbuf *path, struct sbuf *shown)
{
	const char *dir = v->ctx->expected_dir;
	size_t n = strlen(dir), b;

	if (v->k->golden)
		return sbuf__adds(path, v->k->golden) ?:
		       sbuf__adds(shown, path__tail2(v->k->golden));
	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (b = n; b > 0 && dir[b - 1] != '/'; b--)
		;
	return sbuf__addf(path, "%.*s/%s.log", (int)n, dir, v->k->id) ?:
	       sbuf__addf(shown, "%.*s/%s.log", (int)(n - b), dir + b, v->k->id);
}

/* The rendered outcome against the golden; decided_fail: a FAIL is set
 * already (expect, msg) and only the diff is added.
 */
static int bj__golden(struct bview *v, bool decided_fail)
{
	struct sbuf path = {}, shown = {};
	struct result *r = v->r;
	char *text = NULL;
	size_t len;
	int err, ret = 0;

	if (bj__golden_names(v, &path, &shown))
		return -ENOMEM;
	err = file__read(path.buf, &text, &len);
	if (err == -ENOENT && !decided_fail) {
		r->golden_missing = r->golden_differs = true;
		ret = bj__decide(r, RES_ERROR, "no golden '%s'; to write it: make bless CASES=%s",
				 shown.buf, v->k->id);
	} else if (err && !decided_fail) {
		ret = bj__decide(r, RES_ERROR, "cannot read the golden '%s': %s", path.buf,
				 ESYM(err));
	} else if (!err && strcmp(golden__body(text), r->log)) {
		r->golden_differs = true;
		ret = diff__unified(golden__body(text), r->log, shown.buf, "actual (normalized)", 3,
				    &r->detail);
		if (ret >= 0 && !decided_fail)
			ret = sbuf__addf(&r->detail, "to accept: make bless CASES=%s\n", v->k->id) ?:
			      bj__decide(r, RES_FAIL, "the outcome differs from the golden '%s'",
					 shown.buf);
		ret = ret < 0 ? -ENOMEM : ret > 0;
	}
	free(text);
	sbuf__free(&path);
	sbuf__free(&shown);
	return ret;
}

int btfjudge__case(const struct judge_ctx *ctx, const struct corpus_case *k,
		   const struct stream_case *sc, struct result *r)
{
	struct bview v = { .ctx = ctx, .k = k, .bc = &k->btf->bc, .sc = sc, .r = r };
	int ret;

	ret = bj__records(&v) ?: bj__bugs(&v);
	if (ret)
		return ret;
	ret = bj__render(&v) ?: bj__expect(&v) ?: bj__msgs(&v);
	if (ret < 0)
		return ret;
	if (ret)	/* a FAIL (or ERROR) of the checks: show the golden diff too */
		return r->code == RES_FAIL ? (bj__golden(&v, true) < 0 ? -ENOMEM : 1) : ret;
	r->checks_ok = true;
	ret = bj__golden(&v, false);
	if (ret)
		return ret;
	r->code = RES_PASS;
	return 1;
}

/* The golden file of a BTF case: provenance header, then the outcome. */
int btfjudge__golden(const struct result *r, const struct stream *s, struct sbuf *out)
{
	const char *rel = stream__fact(s, "release"), *ver = stream__fact(s, "version");
	int err;

	err = sbuf__adds(out, "# twc golden: written by 'make bless' from a kernel run; "
			 "do not edit.\n") ?:
	      sbuf__addf(out, "# case: %s\n", r->kase->id) ?:
	      sbuf__addf(out, "# kernel: %s%s%s\n", rel ? rel : "unknown", ver ? " " : "",
			 ver ? ver : "") ?:
	      sbuf__addf(out, "# normalizer: %d\n", NORM_VERSION);
	if (!err && r->kase->golden)
		err = sbuf__adds(out, "# The kfunc flags (KF_ACQUIRE, KF_RCU, KF_SLEEPABLE, "
				 "KF_IMPLICIT_ARGS, ...) are not\n# in BTF: the kernel keeps them "
				 "in its BTF_ID_FLAGS sets.  BTF has the\n# prototypes and the "
				 "decl tags (bpf_kfunc, bpf_fastcall) shown here.\n");
	return err ?: sbuf__adds(out, r->log ? r->log : "");
}
