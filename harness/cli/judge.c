// SPDX-License-Identifier: GPL-2.0
/*
 * judge.c: `twc judge`: judge every case of a run, print one progress line
 * per case and a summary, write results.json and results.ktap, and with
 * --bless write the goldens of the cases whose checks passed.
 *
 * Exit codes: 0 nothing failed, 1 a case failed (FAIL, XPASS, ERROR,
 * CRASH), 2 usage or I/O errors that prevent judging, or a stream that
 * answers another plan, 3 nothing ran (no boot reached the guest).  With --expect-*
 * options the status is that of the expectation (expect.h): 0 good, 1 bad,
 * 125 nothing could be told.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "judge/expect.h"
#include "judge/golden.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "judge/verdicts.h"
#include "lib/errnames.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "results/results.h"
#include "stream/stream.h"

struct judge_opts {
	const char *cases, *obj_dir, *plan, *stream, *expected, *out_dir, *btf;
	const char *upstream;	/* --upstream FILE: the upstream files of the run */
	const char *verdicts;	/* --verdicts FILE: judge against this table */
	const char *reference;
	bool bless, force;
	bool quiet;		/* --quiet: no line for a PASS */
	const char *goldens;	/* --goldens strict|report|auto */
	struct corpus_filter filter;
	struct run_info times;
	struct expect expect;	/* --expect-*: judge for git bisect run */
};

static double now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void judge__usage(FILE *f)
{
	fprintf(f,
		"usage: twc judge [--cases DIR] --obj-dir DIR --plan FILE --stream FILE\n"
		"                 --expected DIR --out-dir DIR [--bless [--force]]\n"
		"                 [--reference RELEASE] [--filter GLOB]... [--times K=SEC,...]\n"
		"                 [--btf DIR] [--verdicts FILE] [--kernel-name NAME] [--quiet]\n"
		"                 [--goldens strict|report|auto] [--upstream FILE]\n"
		"Judge a run: every case under --cases (broken ones too) gets PASS, FAIL,\n"
		"XFAIL, XPASS, SKIP, ERROR or CRASH; writes results.json, results.ktap and\n"
		"results.junit.xml.\n"
		"  --bless        write expected/<id>.log for cases whose verdict, errno and\n"
		"                 __msg checks pass (only on kernel --reference, or --force)\n"
		"  --reference RELEASE  the reference kernel's release (uname -r): --bless\n"
		"                 refuses a run of another kernel, and every golden's header\n"
		"                 must name it (without it, the kernel a golden names is not\n"
		"                 checked)\n"
		"  --filter GLOB  only ids matching GLOB (fnmatch; repeatable; '!GLOB' excludes)\n"
		"  --btf DIR      also the BTF cases of DIR (btf/*.case, btf/maps/*.case)\n"
		"  --upstream FILE  also the upstream selftest files FILE lists, judged by\n"
		"                 their annotations as test_loader judges them (no goldens)\n"
		"  --verdicts FILE  judge each case's outcome (verdict, errno, first error\n"
		"                 line) against this kernel's table instead of annotations and\n"
		"                 goldens; a missing FILE only records; with --bless, write FILE\n"
		"  --times        phase times to report, e.g. build=12.5,run=40.1\n"
		"  --kernel-name  the kernel as the user named it, for the results files\n"
		"  --quiet        no line for a PASS (twc run showed the cases as they ran)\n"
		"  --goldens strict|report|auto  a log that differs from its golden is a\n"
		"                 FAIL (strict), or reported in log-moves.diff (report: a\n"
		"                 patched kernel); auto (default): report when the run's\n"
		"                 kernel is not --reference, strict otherwise\n"
		"Expectations (for git bisect run; the exit status becomes 0 every case\n"
		"is good, 1 one is bad, 125 none could be told, e.g. libbpf failed first):\n"
		"  --expect accept|reject     the verifier's verdict\n"
		"  --expect-errno ENAME       the errno of the rejection\n"
		"  --expect-msg ERE           a line of the normalized log matches (repeatable)\n"
		"  --expect-no-msg ERE        no line matches (repeatable)\n"
		"  --expect-pass              the judge says PASS (or XFAIL)\n"
		"Exit: 0 nothing failed, 1 something failed, 2 usage or I/O error or a\n"
		"stream of another plan, 3 nothing ran (no boot reached the guest).\n");
}

/* "build=12.5,run=3" into t; -EINVAL when malformed. */
static int times__parse(struct run_info *t, const char *arg)
{
	char *save = NULL, *item, *eq, *end;

	free(t->spec);
	t->n = 0;
	t->spec = strdup(arg);
	if (!t->spec)
		return -ENOMEM;
	for (item = strtok_r(t->spec, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq || eq == item || t->n == 8)
			return -EINVAL;
		*eq = 0;
		t->secs[t->n] = strtod(eq + 1, &end);
		if (*end || end == eq + 1)
			return -EINVAL;
		t->keys[t->n++] = item;
	}
	return 0;
}

static const struct option judge_options[] = {
	{ "cases", required_argument, NULL, 'c' },
	{ "obj-dir", required_argument, NULL, 'o' },
	{ "plan", required_argument, NULL, 'p' },
	{ "stream", required_argument, NULL, 's' },
	{ "expected", required_argument, NULL, 'e' },
	{ "out-dir", required_argument, NULL, 'O' },
	{ "reference", required_argument, NULL, 'r' },
	{ "filter", required_argument, NULL, 'f' },
	{ "times", required_argument, NULL, 't' },
	{ "kernel-name", required_argument, NULL, 'K' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "goldens", required_argument, NULL, 'G' },
	{ "bless", no_argument, NULL, 'b' },
	{ "force", no_argument, NULL, 'F' },
	{ "btf", required_argument, NULL, 'B' },
	{ "upstream", required_argument, NULL, 'u' },
	{ "verdicts", required_argument, NULL, 'V' },
	{ "expect", required_argument, NULL, 'x' },
	{ "expect-errno", required_argument, NULL, 'x' },
	{ "expect-msg", required_argument, NULL, 'x' },
	{ "expect-no-msg", required_argument, NULL, 'x' },
	{ "expect-pass", no_argument, NULL, 'x' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

/* One option (getopt's opt, the option's index) into o; 0, 1 for --help,
 * -EINVAL on a usage error. */
static int judge__option(struct judge_opts *o, int opt, int idx)
{
	char *why = NULL;
	int err = 0;

	switch (opt) {
	case 'c': o->cases = optarg; break;
	case 'o': o->obj_dir = optarg; break;
	case 'p': o->plan = optarg; break;
	case 's': o->stream = optarg; break;
	case 'e': o->expected = optarg; break;
	case 'O': o->out_dir = optarg; break;
	case 'r': o->reference = optarg; break;
	case 'f': o->filter.globs[o->filter.n++] = optarg; break;
	case 'b': o->bless = true; break;
	case 'F': o->force = true; break;
	case 'B': o->btf = optarg; break;
	case 'u': o->upstream = optarg; break;
	case 'V': o->verdicts = optarg; break;
	case 'K': o->times.kernel_name = optarg; break;
	case 'q': o->quiet = true; break;
	case 'G': o->goldens = optarg; break;
	case 'h': return 1;
	case 't':
		if ((err = times__parse(&o->times, optarg)))
			pr_warn("judge: malformed --times: '%s'\n", optarg);
		break;
	case 'x':
		err = expect__add(&o->expect, judge_options[idx].name, optarg ? optarg : "", &why);
		if (err)
			pr_warn("judge: %s\n", why ? why : ESYM(err));
		free(why);
		break;
	default: return -EINVAL;
	}
	return err;
}

/* Options into o; 0, 1 for --help, -EINVAL on a usage error. */
static int judge__parse(struct judge_opts *o, int argc, char **argv)
{
	int opt, idx = 0, err;

	optind = 0;	/* GNU: restart the scan (the tests call us more than once) */
	while ((opt = getopt_long(argc, argv, "h", judge_options, &idx)) != -1)
		if ((err = judge__option(o, opt, idx)))
			return err;
	if ((!o->cases && !o->upstream) || !o->obj_dir || !o->plan || !o->stream || !o->expected ||
	    !o->out_dir || optind != argc)
		return -EINVAL;
	if (o->goldens && strcmp(o->goldens, "strict") && strcmp(o->goldens, "report") &&
	    strcmp(o->goldens, "auto")) {
		pr_warn("judge: --goldens '%s': want strict, report or auto\n", o->goldens);
		return -EINVAL;
	}
	return 0;
}

/* Whether a log that differs from its golden is reported, not failed. */
static bool judge__report_moves(const struct judge_opts *o, const struct stream *s)
{
	const char *rel = stream__fact(s, "release");

	if (o->verdicts || o->bless || (o->goldens && !strcmp(o->goldens, "strict")))
		return false;
	if (o->goldens && !strcmp(o->goldens, "report"))
		return true;
	return o->reference && rel && strcmp(rel, o->reference);
}

/* The report of a patched kernel: every moved log's diff in one file. */
static int judge__moves(const struct judge_opts *o, const struct result *rs, int n)
{
	struct sbuf path = {}, text = {};
	int moved = 0, err;

	for (int i = 0; i < n; i++)
		if (rs[i].log_moved && ++moved)
			sbuf__addf(&text, "=== %s\n%s", rs[i].kase->id, sbuf__str(&rs[i].detail));
	err = sbuf__addf(&path, "%s/log-moves.diff", o->out_dir) ?:
	      file__write(path.buf, sbuf__str(&text), text.len);
	if (!err)
		printf("logs: %d of %d cases' logs moved against the reference's goldens (this "
		       "kernel is not the reference: a report, not failures): %s\n", moved, n,
		       path.buf);
	sbuf__free(&path);
	sbuf__free(&text);
	return err;
}

/*
 * Read the stream of plan p; an empty file is a run that reached no case.
 * A stream that answers another plan (a stale run, another run's stream)
 * is refused whole: judged against this plan, its cases would be another
 * run's results under this run's names.
 */
static int judge__read_stream(struct stream *s, const char *path, const struct plan *p)
{
	char *msg = NULL, *buf, *why;
	size_t len;
	int err;

	memset(s, 0, sizeof(*s));
	err = file__read(path, &buf, &len);
	if (err) {
		pr_warn("judge: cannot read the stream: '%s': %s\n", path, ESYM(err));
		return err;
	}
	err = len ? stream__parse(s, buf, len, p->n_cases, &msg) : 0;
	free(buf);
	if (err)
		pr_warn("judge: unusable stream: '%s': %s\n", path, msg ? msg : ESYM(err));
	free(msg);
	why = err ? NULL : stream__foreign(s, p->run_id);
	if (why) {
		pr_warn("judge: the stream '%s' does not answer this plan: %s; nothing judged "
			"(make check runs the cases anew)\n", path, why);
		err = -ESTALE;
	}
	free(why);
	return err;
}

/* Goldens are blessed on the reference kernel only, unless forced. */
static int judge__bless_allowed(const struct judge_opts *o, const struct stream *s)
{
	const char *rel = stream__fact(s, "release");

	if (!o->bless || o->force || !o->reference || o->verdicts)
		return 0;
	if (rel && !strcmp(rel, o->reference))
		return 0;
	pr_warn("judge: refusing to bless: the run is from kernel '%s', goldens come from the "
		"reference kernel '%s' (--force to bless anyway)\n", rel ? rel : "unknown",
		o->reference);
	return -EPERM;
}

/* Judge every case in id order; the caller frees the results. */
static int judge__all(const struct judge_opts *o, const struct corpus *c,
		      const struct judge_ctx *ctx, struct result *rs, struct bless_stats *bs)
{
	int width = 0, err = 0;

	for (int i = 0; i < c->n_cases; i++)
		if ((int)strlen(c->cases[i].id) > width)
			width = strlen(c->cases[i].id);
	for (int i = 0; i < c->n_cases && !err; i++) {
		err = judge__case(ctx, &c->cases[i], &rs[i]);
		if (!err && o->bless && !o->verdicts)
			err = golden__bless(o->expected, ctx->stream, &rs[i], bs);
		if (err == -ENOMEM)
			break;
		err = 0;
		if (!o->quiet || rs[i].code != RES_PASS)
			results__print_case(&rs[i], width);
	}
	return err;
}

/* Write results.json and results.ktap into the output directory. */
static const struct {
	const char *name;
	int (*write)(const char *path, const struct result *rs, int n, const struct stream *s,
		     const struct run_info *t);
} reports[] = {
	{ "results.json", results__write_json },
	{ "results.ktap", results__write_ktap },
	{ "results.junit.xml", results__write_junit },
};

static int judge__reports(const struct judge_opts *o, const struct result *rs, int n,
			  const struct stream *s, const struct run_info *t)
{
	int err = 0;

	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]) && !err; i++) {
		struct sbuf path = {};

		err = sbuf__addf(&path, "%s/%s", o->out_dir, reports[i].name) ?:
		      reports[i].write(path.buf, rs, n, s, t);
		if (err && err != -ENOMEM)
			pr_warn("judge: cannot write '%s': %s\n", path.buf, ESYM(err));
		sbuf__free(&path);
	}
	return err;
}

/* Everything one judging holds. */
struct judge_run {
	struct corpus corpus;
	struct plan plan;
	struct stream stream;
	struct result *rs;
	struct bless_stats bs;
	struct verdicts verdicts;	/* --verdicts */
};

/* --verdicts FILE: the table; a missing one is said once (a recording). */
static int judge__read_verdicts(struct verdicts *v, const struct judge_opts *o)
{
	char *msg = NULL;
	int err;

	if (!o->verdicts)
		return 0;
	err = verdicts__read(v, o->verdicts, &msg);
	if (err)
		pr_warn("judge: cannot read the verdict table: '%s': %s\n", o->verdicts,
			msg ? msg : ESYM(err));
	else if (!v->exists && !o->bless)
		pr_warn("judge: no verdict table '%s': recording outcomes only "
			"(make matrix-bless writes it)\n", o->verdicts);
	free(msg);
	return err;
}

/* Read the plan, the stream and the cases; messages say what failed. */
static int judge_run__load(struct judge_run *jr, const struct judge_opts *o)
{
	const char *where;
	char *msg = NULL;
	int err;

	err = plan__read(&jr->plan, o->plan, &msg);
	if (err) {
		pr_warn("judge: cannot read the plan: '%s': %s\n", o->plan,
			msg ? msg : ESYM(err));
		free(msg);
		return err;
	}
	err = judge__read_stream(&jr->stream, o->stream, &jr->plan) ?:
	      judge__bless_allowed(o, &jr->stream) ?: judge__read_verdicts(&jr->verdicts, o);
	if (err)
		return err;
	err = corpus__read(&jr->corpus, &(struct corpus_sources){ .cases_dir = o->cases,
			   .obj_dir = o->obj_dir, .btf_dir = o->btf, .upstream = o->upstream },
			   &o->filter, &where);
	if (err) {
		pr_warn("judge: cannot read the cases: '%s': %s\n", where, ESYM(err));
		return err;
	}
	if (!jr->stream.n_boots && jr->plan.n_cases) {
		pr_warn("judge: '%s' holds no boot that reached the guest: nothing ran, so "
			"nothing is judged (the console says why: run/console.log)\n", o->stream);
		return -ENOEXEC;
	}
	if (jr->stream.n_stray)
		pr_warn("judge: %d malformed stream records belong to no case; the first: %s\n",
			jr->stream.n_stray, jr->stream.stray);
	jr->rs = calloc(jr->corpus.n_cases ? jr->corpus.n_cases : 1, sizeof(*jr->rs));
	return jr->rs ? 0 : -ENOMEM;
}

static void judge_run__free(struct judge_run *jr)
{
	for (int i = 0; jr->rs && i < jr->corpus.n_cases; i++)
		result__free(&jr->rs[i]);
	free(jr->rs);
	sbuf__free(&jr->bs.refused_ids);
	verdicts__free(&jr->verdicts);
	corpus__free(&jr->corpus);
	stream__free(&jr->stream);
	plan__free(&jr->plan);
}

/*
 * --verdicts FILE --bless: write the table from this run (the progress
 * lines above showed each change as a FAIL), then judge every case again
 * against it, so the summary and exit status are the new table's.
 */
static int judge__bless_verdicts(const struct judge_opts *o, struct judge_run *jr)
{
	const char *rel = stream__fact(&jr->stream, "release");
	struct verdicts_stats st = {};
	struct sbuf text = {};
	char *old = NULL, *msg = NULL;
	bool same;
	size_t len;
	int err;

	err = verdicts__render(&jr->verdicts, jr->rs, jr->corpus.n_cases, rel,
			       stream__fact(&jr->stream, "version"), o->filter.n > 0, &text, &st);
	if (!err && !st.rows) {
		printf("verdicts: not writing '%s': no case has an outcome on this kernel "
		       "(%d ERRORs)\n", o->verdicts, st.refused);
		goto out;
	}
	same = !err && !file__read(o->verdicts, &old, &len) && !strcmp(old, text.buf);
	if (!err && !same && (err = file__write(o->verdicts, text.buf, text.len)) &&
	    err != -ENOMEM)
		pr_warn("judge: cannot write the verdict table: '%s': %s\n", o->verdicts, ESYM(err));
	if (!err) {
		printf("verdicts: %s '%s': %d cases, %d new or changed, %d refused (ERROR: the "
		       "case says nothing about the kernel)%s%s\n", same ? "unchanged" : "wrote",
		       o->verdicts, st.rows, st.changed, st.refused, st.refused ? ":" : "",
		       sbuf__str(&st.refused_ids));
		verdicts__free(&jr->verdicts);
		err = verdicts__read(&jr->verdicts, o->verdicts, &msg);
	}
	for (int i = 0; !err && i < jr->corpus.n_cases; i++)
		err = verdicts__judge(&jr->verdicts, &jr->rs[i]);
out:
	free(msg);
	free(old);
	sbuf__free(&text);
	sbuf__free(&st.refused_ids);
	return err;
}

/* The verdict table after judging: write it (--bless), or say which of
 * its rows name no case any more. */
static int judge__table(const struct judge_opts *o, struct judge_run *jr)
{
	int stale;

	if (o->bless)
		return judge__bless_verdicts(o, jr);
	if (!o->filter.n && (stale = verdicts__stale(&jr->verdicts, jr->rs, jr->corpus.n_cases)))
		pr_warn("judge: %d rows of '%s' name no case (make matrix-bless drops them)\n",
			stale, o->verdicts);
	return 0;
}

/* Times, reports, the summary and the totals; the exit status: 0 nothing
 * failed, 1 something did, or the expectation's (--expect-*); 2 and *err
 * set when a report or the expectation could not be written. */
static int judge__finish(struct judge_opts *o, struct judge_run *jr, double t0, int *err)
{
	int n = jr->corpus.n_cases, failed = 0, ret;

	o->times.boot = jr->stream.init_ns / 1e9;
	for (int i = 0; i < n; i++) {
		o->times.load += jr->rs[i].sc ? jr->rs[i].sc->load_ns / 1e9 : 0;
		failed += result_code__failed(jr->rs[i].code);
	}
	o->times.judge = now_secs() - t0;
	if ((*err = judge__reports(o, jr->rs, n, &jr->stream, &o->times)))
		return 2;
	results__print_summary(jr->rs, n, &o->times);
	if (o->bless && !o->verdicts)
		golden__print_bless(&jr->bs);
	if (judge__report_moves(o, &jr->stream) && (*err = judge__moves(o, jr->rs, n)))
		return 2;
	results__print_totals(jr->rs, n);
	if (!o->expect.any)
		return failed ? 1 : 0;
	fflush(stdout);
	ret = expect__check(&o->expect, jr->rs, n, stdout);
	if (ret < 0)
		*err = ret, ret = 2;
	return ret;
}

int cmd_judge(int argc, char **argv)
{
	struct judge_opts o = { .filter.globs = calloc(argc, sizeof(char *)) };
	struct judge_run jr = {};
	double t0 = now_secs();
	int err, ret = 2;

	err = o.filter.globs ? judge__parse(&o, argc, argv) : -ENOMEM;
	if (err) {
		judge__usage(err > 0 ? stdout : stderr);
		ret = err > 0 ? 0 : 2;
		goto cleanup;
	}
	err = judge_run__load(&jr, &o) ?:
	      judge__all(&o, &jr.corpus, &(struct judge_ctx){ .plan = &jr.plan,
			 .stream = &jr.stream, .expected_dir = o.expected, .reference = o.reference,
			 .verdicts = o.verdicts ? &jr.verdicts : NULL,
			 .kernel_name = o.times.kernel_name,
			 .report_moves = judge__report_moves(&o, &jr.stream) }, jr.rs, &jr.bs);
	if (!err && o.verdicts)
		err = judge__table(&o, &jr);
	if (!err)
		ret = judge__finish(&o, &jr, t0, &err);
	else if (err == -ENOEXEC)
		ret = 3;
cleanup:
	if (err == -ENOMEM)
		pr_warn("judge: out of memory\n");
	judge_run__free(&jr);
	free(o.filter.globs);
	free(o.times.spec);
	expect__free(&o.expect);
	return ret;
}
