// SPDX-License-Identifier: GPL-2.0
/*
 * check.c: judge one case.
 *
 * A case goes through a fixed list of stages; the first stage that decides
 * (ERROR, SKIP, CRASH, FAIL) ends the list, and a case that gets through
 * all of them passes.  The order is the policy: a case that cannot be
 * judged is an ERROR before anything else; a kernel crash or warning is a
 * CRASH whatever the case expected; a missing kernel feature is a SKIP
 * before libbpf's failure over it can count; the verdict, errno and __msg
 * come before the golden, so a wrong verdict is reported as such and is
 * never blessed.  An __xfail case's FAIL becomes XFAIL and PASS XPASS.
 *
 * __msg is matched against the raw log, as upstream does; the golden is
 * the normalized log.  Reports give the first error line: the last
 * non-empty line before the statistics and before the 7.3 kernel's
 * "Verification failed:" diagnostic block (which the golden keeps).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btfjudge.h"
#include "diff.h"
#include "judge.h"
#include "norm.h"
#include "verdicts.h"

struct view {
	const struct judge_ctx *ctx;
	const struct corpus_case *k;
	const struct plan_case *pc;
	const struct stream_case *sc;
	char *raw;		/* the log without NUL bytes */
};

enum { STAGE_NEXT = 0, STAGE_DONE = 1 };

static const char *const code_names[RES__COUNT] = {
	[RES_PASS] = "PASS", [RES_FAIL] = "FAIL", [RES_XFAIL] = "XFAIL",
	[RES_XPASS] = "XPASS", [RES_SKIP] = "SKIP", [RES_ERROR] = "ERROR",
	[RES_CRASH] = "CRASH",
};

const char *result_code__name(enum result_code code)
{
	return code < RES__COUNT ? code_names[code] : "?";
}

bool result_code__failed(enum result_code code)
{
	return code == RES_FAIL || code == RES_XPASS || code == RES_ERROR || code == RES_CRASH;
}

int result__decide(struct result *r, enum result_code code, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->code = code;
	free(r->reason);
	va_start(ap, fmt);
	n = vasprintf(&r->reason, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->reason = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Decide the case; a stage's return: STAGE_DONE or -ENOMEM. */
#define decide(...) (result__decide(__VA_ARGS__) ?: STAGE_DONE)

/* Append the last n lines of text to detail, indented. */
static int detail__tail(struct sbuf *d, const char *text, int n)
{
	const char *p = text + strlen(text);

	while (p > text && p[-1] == '\n')
		p--;
	while (p > text && n > 0)
		if (*--p == '\n')
			n--;
	if (*p == '\n')
		p++;
	while (*p) {
		size_t len = strcspn(p, "\n");

		if (sbuf__addf(d, "    | %.*s\n", (int)len, p))
			return -ENOMEM;
		p += len + (p[len] == '\n');
	}
	return 0;
}

/* The line of text holding needle, malloc'd; NULL if none. */
static char *line_with(const char *text, const char *needle)
{
	const char *m = text ? strstr(text, needle) : NULL, *b = m;

	if (!m)
		return NULL;
	while (b > text && b[-1] != '\n')
		b--;
	return strndup(b, strcspn(b, "\n"));
}

static int stage_static(struct view *v, struct result *r)
{
	if (!v->k->problem)
		return STAGE_NEXT;
	if (v->k->detail && sbuf__adds(&r->detail, v->k->detail))
		return -ENOMEM;
	return decide(r, RES_ERROR, "%s", v->k->reason);
}

static int stage_arch(struct view *v, struct result *r)
{
	return v->k->arch_ok ? STAGE_NEXT :
	       decide(r, RES_SKIP, "__arch: not for x86_64, the only architecture twc boots");
}

/* The plan must hold the case as the objects describe it now. */
static int stage_plan(struct view *v, struct result *r)
{
	const struct plan_case *pc = v->pc;
	const struct corpus_case *k = v->k;
	const char *what = NULL;

	if (!pc)
		return decide(r, RES_ERROR, "not in the plan (stale plan? make check writes it anew)");
	if (strcmp(pc->object, k->guest_obj))
		what = "object";
	else if (strcmp(pc->prog, k->prog->name))
		what = "program";
	else if (pc->log_level != k->log_level)
		what = "log level";
	else if (pc->prog_flags != k->prog->prog_flags)
		what = "program flags";
	else if (strcmp(pc->aux, k->aux))
		what = "auxiliary programs";
	if (what)
		return decide(r, RES_ERROR, "the plan is stale: its %s differs from the object's",
			      what);
	v->sc = r->sc = stream__case(v->ctx->stream, pc->idx);
	if (!v->sc || !v->sc->begun)
		v->sc = r->sc = v->sc && v->sc->crash ? v->sc : NULL;
	return STAGE_NEXT;
}

static int stage_reached(struct view *v, struct result *r)
{
	return v->sc ? STAGE_NEXT :
	       decide(r, RES_ERROR, "no result in the stream: the guest never reached this case");
}

static int stage_crash(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	const char *tail;

	if (!sc->crash)
		return STAGE_NEXT;
	tail = sc->console ? sc->console + sc->console_last : "";
	if (detail__tail(&r->detail, tail, 25))
		return -ENOMEM;
	return decide(r, RES_CRASH, "kernel %s while the case was loading",
		      !strcmp(sc->crash, "panic") ? "panic" :
		      !strcmp(sc->crash, "hang") ? "hang (no output before the timeout)" :
		      "exit (the guest died)");
}

static int stage_stream(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;

	if (sc->truncated)
		return decide(r, RES_ERROR, "truncated stream: %s", sc->error);
	if (sc->error)
		return decide(r, RES_ERROR, "malformed stream record: %s", sc->error);
	if (!sc->ended)
		return decide(r, RES_ERROR, "truncated stream: the case began but never ended");
	if (!sc->loaded && !v->k->btf)
		return decide(r, RES_ERROR, "malformed stream: no LOAD record for the case");
	if (!strcmp(sc->phase, "load") && v->k->log_level && !sc->has_log)
		return decide(r, RES_ERROR, "malformed stream: no LOG record for the case");
	return STAGE_NEXT;
}

/* Kernel messages that mean the kernel, not the case, went wrong. */
static const char *const console_alarms[] = {
	"WARNING:", "BUG:", "Oops", "Kernel panic", "general protection",
};

static int stage_console(struct view *v, struct result *r)
{
	for (size_t i = 0; i < sizeof(console_alarms) / sizeof(console_alarms[0]); i++) {
		char *line = line_with(v->sc->console, console_alarms[i]);
		int ret;

		if (!line)
			continue;
		ret = detail__tail(&r->detail, v->sc->console, 25) ?:
		      decide(r, RES_CRASH, "the kernel complained while loading: '%s'", line);
		free(line);
		return ret;
	}
	return STAGE_NEXT;
}

/* Why a fact the case requires is false here, or NULL if it holds. */
static int requires__check(const struct stream *s, const char *req, char **why)
{
	bool want = req[0] != '!';
	const char *fact = req + !want, *val = stream__fact(s, fact);
	int n = 0;

	*why = NULL;
	if (!val)
		n = asprintf(why, "!the guest did not report the fact '%s' (stale plan?)", fact);
	else if ((strcmp(val, "1") == 0) == want)
		return 0;
	else if (!strncmp(fact, "kfunc:", 6))
		n = asprintf(why, want ? "requires %s, missing from this kernel's BTF" :
			     "requires %s to be absent from this kernel's BTF", fact);
	else if (!strcmp(fact, "preempt_rt"))
		n = asprintf(why, want ? "requires a PREEMPT_RT kernel" :
			     "requires a kernel without PREEMPT_RT");
	else
		n = asprintf(why, "requires %s'%s', which is %s here", want ? "" : "not ", fact, val);
	return n < 0 ? -ENOMEM : 0;
}

static int stage_requires(struct view *v, struct result *r)
{
	const char *unpriv = stream__fact(v->ctx->stream, "unpriv_bpf");

	if (v->k->prog->unpriv && unpriv && strcmp(unpriv, "1"))
		return decide(r, RES_SKIP, "an unprivileged case, and this kernel refuses "
			      "unprivileged BPF (kernel.unprivileged_bpf_disabled is 1)");
	for (int i = 0; i < v->k->prog->n_reqs; i++) {
		char *why;
		int ret;

		if (requires__check(v->ctx->stream, v->k->prog->reqs[i], &why))
			return -ENOMEM;
		if (!why)
			continue;
		ret = why[0] == '!' ? decide(r, RES_ERROR, "%s", why + 1) :
				      decide(r, RES_SKIP, "%s", why);
		free(why);
		return ret;
	}
	return STAGE_NEXT;
}

/* The last non-empty line of text, malloc'd; NULL if none. */
static char *last_line(const char *text)
{
	const char *e = text ? text + strlen(text) : NULL, *b;

	while (e && e > text && (e[-1] == '\n' || e[-1] == ' '))
		e--;
	if (!e || e == text)
		return NULL;
	for (b = e; b > text && b[-1] != '\n'; b--)
		;
	return strndup(b, e - b);
}

/* libbpf's last message that says why, not that, loading failed. */
char *libbpf__reason(const char *text)
{
	struct sbuf kept = {};
	const char *p = text;
	char *line;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		if (!memmem(p, len, "failed to load object", 21))
			sbuf__addf(&kept, "%.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	line = last_line(kept.len ? kept.buf : text);
	sbuf__free(&kept);
	return line;
}

/* open, prepare, aux: libbpf stopped before the kernel saw the program. */
static int stage_libbpf(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	char *msg, ebuf[32];
	const char *aux = NULL;
	int ret, aux_err = 0;

	if (!strcmp(sc->phase, "load"))
		return STAGE_NEXT;
	for (int i = 0; i < sc->n_aux && !aux; i++)
		if (sc->aux[i].err)
			aux = sc->aux[i].prog, aux_err = sc->aux[i].err;
	msg = libbpf__reason(sc->libbpf);
	if (aux)
		ret = decide(r, RES_FAIL, "libbpf failed before the kernel saw the program (aux): "
			     "auxiliary program '%s' failed: %s%s%s", aux,
			     errno__str(aux_err, ebuf, sizeof(ebuf)), msg ? ": " : "", msg ? msg : "");
	else
		ret = decide(r, RES_FAIL, "libbpf failed before the kernel saw the program (%s): %s",
			     sc->phase, msg ? msg : errno__str(sc->err, ebuf, sizeof(ebuf)));
	free(msg);
	return ret;
}

/* -EFAULT or a "verifier bug" line: the verifier failed, not the case. */
static int stage_verifier_bug(struct view *v, struct result *r)
{
	char *line = line_with(v->raw, "verifier bug");
	int ret;

	if (line) {
		ret = decide(r, RES_CRASH, "verifier bug: '%s'", line);
		free(line);
		return ret;
	}
	if (v->sc->err == -EFAULT)
		return decide(r, RES_CRASH, "verifier bug: the load failed with -EFAULT");
	return STAGE_NEXT;
}

/*
 * A log is truncated when the load failed with -ENOSPC: the loader grows its
 * buffer to log_true_size and retries, so this is left only for a log past
 * the loader's limit.  log_true_size itself is no measure of the text: at
 * level 1 the verifier rolls back what it printed for pruned paths, and
 * log_true_size counts the longest the log ever was (kernel/bpf/log.c).
 */
static int stage_truncated(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;

	if (!sc->has_log || sc->err != -ENOSPC)
		return STAGE_NEXT;
	return decide(r, RES_ERROR, "truncated log: the kernel needed %llu bytes, more than "
		      "the loader's limit; lower the case's log level",
		      (unsigned long long)sc->log_true_size);
}

static int stage_verdict(struct view *v, struct result *r)
{
	bool want_ok = v->k->prog->expect == ANNOT_EXPECT_SUCCESS;
	char ebuf[32];

	if (want_ok && v->sc->err)
		return decide(r, RES_FAIL, "expected success, the verifier rejected it: %s: '%s'",
			      errno__str(v->sc->err, ebuf, sizeof(ebuf)),
			      r->first_error ? r->first_error : "");
	if (!want_ok && !v->sc->err)
		return decide(r, RES_FAIL, "expected failure, the verifier accepted the program");
	return STAGE_NEXT;
}

static int stage_errno(struct view *v, struct result *r)
{
	char want[32], got[32];
	int e = v->k->prog->expected_errno;

	if (!e || -v->sc->err == e)
		return STAGE_NEXT;
	return decide(r, RES_FAIL, "expected %s, got %s", errno__str(-e, want, sizeof(want)),
		      errno__str(v->sc->err, got, sizeof(got)));
}

static int stage_msgs(struct view *v, struct result *r)
{
	char *why = NULL;
	int ret = annot_msgs__check(v->k->prog, v->raw ? v->raw : "", &why);

	if (ret < 0) {
		free(why);
		return ret == -ENOMEM ? ret : decide(r, RES_ERROR, "__msg: invalid pattern");
	}
	if (ret > 0) {
		ret = decide(r, RES_FAIL, "%s", why);
		free(why);
		return ret;
	}
	r->checks_ok = true;
	return STAGE_NEXT;
}

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

/* The golden as messages name it: "expected/<id>.log" whatever the
 * directory's full path (the bless command works from the top).
 */
static int golden__names(const struct view *v, struct sbuf *path, struct sbuf *shown)
{
	const char *dir = v->ctx->expected_dir;
	size_t n = strlen(dir), b;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (b = n; b > 0 && dir[b - 1] != '/'; b--)
		;
	return sbuf__addf(path, "%.*s/%s.log", (int)n, dir, v->k->id) ?:
	       sbuf__addf(shown, "%.*s/%s.log", (int)(n - b), dir + b, v->k->id);
}

/* The normalized log against expected/<id>.log (body after the header). */
static int stage_golden(struct view *v, struct result *r)
{
	struct sbuf path = {}, shown = {};
	const char *id = v->k->id, *log = r->log ? r->log : "";
	char *text = NULL;
	size_t len;
	int err, ret = STAGE_NEXT;

	if (golden__names(v, &path, &shown))
		return -ENOMEM;
	err = file__read(path.buf, &text, &len);
	if (err == -ENOENT) {
		r->golden_missing = r->golden_differs = true;
		ret = decide(r, RES_ERROR, "no golden '%s'; to write it: make bless CASES=%s",
			     shown.buf, id);
	} else if (err) {
		ret = decide(r, RES_ERROR, "cannot read the golden '%s': %s", path.buf, ESYM(err));
	} else if (strcmp(golden__body(text), log)) {
		r->golden_differs = true;
		err = diff__unified(golden__body(text), log, shown.buf, "actual (normalized)", 3,
				    &r->detail);
		if (err >= 0)
			err = sbuf__addf(&r->detail, "to accept: make bless CASES=%s\n", id);
		ret = err < 0 ? -ENOMEM :
		      decide(r, RES_FAIL, "the log differs from the golden '%s'", shown.buf);
	}
	free(text);
	sbuf__free(&path);
	sbuf__free(&shown);
	return ret;
}

/*
 * A case that failed its verdict, errno or __msg check says so first; the
 * diff against its golden follows, since it shows what the kernel does now.
 * No bless hint: bless refuses such a case.
 */
static int golden__show_diff(struct view *v, struct result *r)
{
	struct sbuf path = {}, shown = {};
	char *text = NULL;
	size_t len;
	int err;

	if (golden__names(v, &path, &shown))
		return -ENOMEM;
	err = file__read(path.buf, &text, &len);
	if (!err && strcmp(golden__body(text), r->log ? r->log : "")) {
		r->golden_differs = true;
		err = diff__unified(golden__body(text), r->log ? r->log : "", shown.buf,
				    "actual (normalized)", 3, &r->detail);
	}
	free(text);
	sbuf__free(&path);
	sbuf__free(&shown);
	return err == -ENOMEM ? err : 0;
}

static int stage_log(struct view *v, struct result *r);

/* A BTF case (btf/) is judged from its steps by btfjudge.c. */
static int stage_btf(struct view *v, struct result *r)
{
	return v->k->btf ? btfjudge__case(v->ctx, v->k, v->sc, r) : STAGE_NEXT;
}

/* The stages in order; they run on a case that reached the named point. */
static const struct stage {
	const char *name;
	int (*run)(struct view *v, struct result *r);
	bool needs_load;	/* only for phase "load" */
	bool shows_golden;	/* a FAIL here also shows the golden diff */
} stages[] = {
	{ "annotation", stage_static, false, false },
	{ "arch", stage_arch, false, false },
	{ "plan", stage_plan, false, false },
	{ "reached", stage_reached, false, false },
	{ "log", stage_log, false, false },
	{ "crash", stage_crash, false, false },
	{ "stream", stage_stream, false, false },
	{ "console", stage_console, false, false },
	{ "requires", stage_requires, false, false },
	{ "btf", stage_btf, false, false },
	{ "libbpf", stage_libbpf, false, false },
	{ "verifier-bug", stage_verifier_bug, true, false },
	{ "truncated", stage_truncated, true, false },
	{ "verdict", stage_verdict, true, true },
	{ "errno", stage_errno, true, true },
	{ "msg", stage_msgs, true, true },
	{ "golden", stage_golden, true, false },
};

static bool line__is_stats(const char *l, size_t len)
{
	static const char *const pfx[] = {
		"verification time ", "stack depth ", "processed ", "subprog ",
	};

	for (size_t i = 0; i < sizeof(pfx) / sizeof(pfx[0]); i++)
		if (len >= strlen(pfx[i]) && !strncmp(l, pfx[i], strlen(pfx[i])))
			return true;
	return false;
}

/*
 * The first error line of a rejected load: the last non-empty line before
 * the trailing statistics and before a "\nVerification failed:" block.
 */
static int log__first_error(const char *log, char **out)
{
	const char *end = log + strlen(log), *diag = strstr(log, "\n\nVerification failed:");
	const char *b;

	*out = NULL;
	if (diag)
		end = diag + 1;
	for (;;) {
		while (end > log && end[-1] == '\n')
			end--;
		if (end == log)
			return 0;
		for (b = end; b > log && b[-1] != '\n'; b--)
			;
		if (diag || !line__is_stats(b, end - b))
			break;
		end = b;
	}
	*out = strndup(b, end - b);
	return *out ? 0 : -ENOMEM;
}

/* Statistics from the raw log (before the normalizer hides the time). */
static void log__stats(const char *raw, struct result *r)
{
	const char *p = raw;
	char line[256];
	long a, b, c, d;

	r->insns = r->states = r->peak_states = r->vtime_usec = -1;
	while (p && *p) {
		size_t len = strcspn(p, "\n");

		/* sscanf() takes strlen() of its input: scan a bounded copy of
		 * the line, or a log of many lines costs quadratic time (60 MB
		 * logs exist).
		 */
		if (len < sizeof(line) && (!strncmp(p, "processed ", 10) ||
					   !strncmp(p, "verification time ", 18))) {
			memcpy(line, p, len);
			line[len] = 0;
			if (sscanf(line, "processed %ld insns (limit %*d) max_states_per_insn %ld "
				   "total_states %ld peak_states %ld", &a, &b, &c, &d) == 4)
				r->insns = a, r->states = c, r->peak_states = d;
			else if (sscanf(line, "verification time %ld usec", &a) == 1)
				r->vtime_usec = a;
		}
		p = p[len] ? p + len + 1 : NULL;
	}
}

/* Normalize the case's log and read what reports show from it (sets no
 * verdict: the crash and console stages come first).
 */
static int stage_log(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	struct sbuf raw = {};

	if (!sc->loaded)
		return STAGE_NEXT;
	r->loaded = true;
	r->err = sc->err;
	r->phase = sc->phase;
	log__stats(NULL, r);
	if (!sc->has_log)
		return STAGE_NEXT;
	for (size_t i = 0; i < sc->log_len; i += strlen(sc->log + i) + 1)
		if (sbuf__adds(&raw, sc->log + i))
			return -ENOMEM;
	v->raw = sbuf__detach(&raw);
	if (!v->raw || norm__log(sc->log, sc->log_len, &r->log))
		return -ENOMEM;
	log__stats(v->raw, r);
	return sc->err ? log__first_error(r->log, &r->first_error) : STAGE_NEXT;
}

/*
 * The stages that hold a case to the reference kernel: its annotated
 * verdict, errno and messages, and its golden.  A --verdicts run skips
 * them and judges the case's outcome against the kernel's table instead.
 */
static bool stage__reference_only(const struct stage *s)
{
	return s->run == stage_verdict || s->run == stage_errno || s->run == stage_msgs ||
	       s->run == stage_golden;
}

/* __xfail turns FAIL into XFAIL and PASS into XPASS. */
static int result__xfail(struct result *r, const char *why)
{
	char *old = r->reason;
	int ret = 0;

	r->reason = NULL;
	if (r->code == RES_FAIL)
		ret = decide(r, RES_XFAIL, "xfail: %s (%s)", why, old);
	else if (r->code == RES_PASS)
		ret = decide(r, RES_XPASS, "passed, but marked __xfail: %s", why);
	else
		r->reason = old, old = NULL;
	free(old);
	return ret < 0 ? ret : 0;
}

int judge__case(const struct judge_ctx *ctx, const struct corpus_case *k, struct result *r)
{
	struct view v = { .ctx = ctx, .k = k };
	int ret = STAGE_NEXT;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->kase = k;
	r->code = RES_PASS;
	log__stats(NULL, r);
	if (!k->problem)
		v.pc = plan__find(ctx->plan, k->id);
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]) && ret == STAGE_NEXT; i++) {
		if (stages[i].needs_load && strcmp(v.sc->phase, "load"))
			break;
		if (ctx->verdicts && stage__reference_only(&stages[i]))
			continue;
		ret = stages[i].run(&v, r);
	}
	if (ctx->verdicts) {
		free(v.raw);
		return ret < 0 ? ret : verdicts__judge(ctx->verdicts, r);
	}
	/* i is one past the deciding stage: verdict, errno or msg? */
	if (ret >= 0 && r->code == RES_FAIL && i > 0 && stages[i - 1].shows_golden)
		ret = golden__show_diff(&v, r) ?: ret;
	if (ret >= 0 && k->prog && k->prog->xfail)
		ret = result__xfail(r, k->prog->xfail);
	free(v.raw);
	return ret < 0 ? ret : 0;
}

void result__free(struct result *r)
{
	free(r->reason);
	free(r->first_error);
	free(r->log);
	sbuf__free(&r->detail);
	if (r->verdict)
		verdict__free(r->verdict);
	free(r->verdict);
	memset(r, 0, sizeof(*r));
}

/* The golden for r: provenance header, then the normalized log. */
int golden__render(const struct result *r, const struct stream *s, struct sbuf *out)
{
	const char *rel = stream__fact(s, "release"), *ver = stream__fact(s, "version");
	char ebuf[32];

	if (r->kase->btf)
		return btfjudge__golden(r, s, out);
	return sbuf__adds(out, "# twc golden: written by 'make bless' from a kernel run; "
			  "do not edit.\n") ?:
	       sbuf__addf(out, "# case: %s\n", r->kase->id) ?:
	       sbuf__addf(out, "# kernel: %s%s%s\n", rel ? rel : "unknown", ver ? " " : "",
			  ver ? ver : "") ?:
	       sbuf__addf(out, "# compiler: %s\n", r->kase->compiler ? r->kase->compiler :
			  "unknown") ?:
	       sbuf__addf(out, "# log-level: %d\n", r->kase->log_level) ?:
	       sbuf__addf(out, "# normalizer: %d\n", NORM_VERSION) ?:
	       sbuf__addf(out, "# result: %s\n", errno__str(r->err, ebuf, sizeof(ebuf))) ?:
	       sbuf__adds(out, r->log ? r->log : "");
}
