// SPDX-License-Identifier: GPL-2.0
/*
 * btfjudge.c: the stages of a BTF case (btf/, case/btfcase.h) after the
 * ones every case has (stage.h: plan, crash, stream, console, requires).
 *
 * A BTF case is judged from its STEP records: every
 * step must have one; a "verifier bug" line or -EFAULT is a CRASH; then
 * each step's outcome against its "expect", each "msg" against its log;
 * then the rendered outcome of all steps against the golden.  The rendered
 * outcome is one line per step ("<statement>: <outcome>") followed by the
 * step's normalized log, each line prefixed "  | ".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "case/btfcase.h"
#include "judge/golden.h"
#include "judge/norm.h"
#include "judge/result.h"
#include "judge/stage.h"
#include "lib/errnames.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

/* A BTF case as its stages see it. */
struct bview {
	const struct btfcase *bc;
	const struct stream_case *sc;
	struct result *r;
};

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
		ret = line ? decide(v->r, RES_ERROR, "the guest could not read the case: %s",
					line) : -ENOMEM;
		free(line);
		return ret;
	}
	for (int i = 0; i < bc->n_steps; i++) {
		const char *verb = btfcase__verb_name(bc->steps[i].verb);

		if (i >= sc->n_steps)
			return decide(v->r, RES_ERROR, "malformed stream: no STEP record for "
					  "step %d (line %d) '%s'", i, bc->steps[i].line,
					  bc->steps[i].text);
		if (sc->steps[i].n != i || strcmp(sc->steps[i].verb, verb))
			return decide(v->r, RES_ERROR, "the stream's step %d is '%s %d', the "
					  "case's is '%s %d' (stale run? make check runs it anew)",
					  i, sc->steps[i].verb, sc->steps[i].n, verb, i);
	}
	if (sc->n_steps > bc->n_steps)
		return decide(v->r, RES_ERROR, "malformed stream: %d STEP records for %d steps",
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
			ret = line ? decide(v->r, RES_CRASH, "step %d (line %d): '%s'", i,
						v->bc->steps[i].line, line) : -ENOMEM;
			free(line);
			return ret;
		}
		if (t->err == -EFAULT)
			return decide(v->r, RES_CRASH, "step %d (line %d) '%s': -EFAULT, a kernel "
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
		ret = why ? decide(v->r, RES_FAIL, "step %d (line %d) '%s': expected %s, got "
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
			ret = decide(v->r, RES_ERROR, "step %d (line %d): msg: invalid pattern",
					 i, s->line);
		else if (ret > 0)
			ret = decide(v->r, RES_FAIL, "step %d (line %d) '%s': %s", i, s->line,
					 s->text, why);
		free(why);
		if (ret)
			return ret;
	}
	return 0;
}

int btfjudge__case(struct view *view, struct result *r)
{
	struct bview v = { .bc = &view->k->btf->bc, .sc = view->sc, .r = r };
	int ret;

	r->stage = "btf-records";
	ret = bj__records(&v) ?: (r->stage = "verifier-bug", bj__bugs(&v));
	if (ret)
		return ret;
	r->stage = "btf-expect";
	ret = bj__render(&v) ?: bj__expect(&v) ?: (r->stage = "btf-msg", bj__msgs(&v));
	if (ret < 0)
		return ret;
	if (ret)	/* a FAIL (or ERROR) of the checks: show the golden diff too */
		return r->code == RES_FAIL ? golden__judge(view->ctx, view->k, r, true) : ret;
	r->checks_ok = true;
	r->stage = "golden";
	ret = golden__judge(view->ctx, view->k, r, false);
	if (ret)
		return ret;
	r->stage = NULL;
	r->code = RES_PASS;
	return STAGE_DONE;
}
