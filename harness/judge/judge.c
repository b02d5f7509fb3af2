// SPDX-License-Identifier: GPL-2.0
/*
 * judge.c: judge one case (judge.h).
 *
 * A case goes through a fixed list of stages; the first stage that decides
 * (ERROR, SKIP, CRASH, FAIL) ends the list, and a case that gets through
 * all of them passes.  The order is the policy: a case that cannot be
 * judged is an ERROR before anything else; a kernel crash or warning is a
 * CRASH whatever the case expected; a missing kernel feature is a SKIP
 * before libbpf's failure over it can count.  This file runs the stages
 * every case has; then a C case goes on in cjudge.c (libbpf, verifier bug,
 * verdict, errno, __msg, __xlated, __retval, golden), a BTF case in btfjudge.c.  A --verdicts
 * run judges the outcome against the kernel's table (verdicts.c) instead
 * of the reference kernel's annotations and goldens; otherwise an __xfail
 * case's FAIL becomes XFAIL and its PASS XPASS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "judge/crash.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "judge/stage.h"
#include "judge/verdicts.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

int detail__tail(struct sbuf *d, const char *text, int n)
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

int detail__around(struct sbuf *d, const char *text, size_t at, int before, int after)
{
	return detail__around_of(d, "log", text, at, before, after);
}

int detail__around_of(struct sbuf *d, const char *what, const char *text, size_t at, int before,
		      int after)
{
	const char *p = text, *mark = text + at;
	int line = 1, from, n_lines = 1;

	for (const char *q = text; q < mark && *q; q++)
		line += *q == '\n';
	for (const char *q = text; *q; q++)
		n_lines += *q == '\n' && q[1];
	from = line > before ? line - before : 1;
	if (sbuf__addf(d, "    the %s around line %d of %d:\n", what, line, n_lines))
		return -ENOMEM;
	for (int l = 1; *p && l <= line + after; l++) {
		size_t len = strcspn(p, "\n");

		if (l >= from && sbuf__addf(d, "    |%c%5d: %.*s\n", l == line ? '>' : ' ', l,
					    (int)len, p))
			return -ENOMEM;
		p += len + (p[len] == '\n');
	}
	return 0;
}

char *line_with(const char *text, const char *needle)
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
	else if (pc->test_run != annot_prog__test_run(k->prog))
		what = "test run";
	else if (pc->xlated != annot_prog__xlated(k->prog))
		what = "translated program";
	else if (pc->read_stdout != annot_prog__reads_stream(k->prog, ANNOT_STDOUT) ||
		 pc->read_stderr != annot_prog__reads_stream(k->prog, ANNOT_STDERR))
		what = "BPF streams to read";
	else if (pc->jited != annot_prog__jited(k->prog))
		what = "JIT image";
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

/* The guest died or hung in the case: a CRASH, with what the console
 * said first (the signature a verdict table keeps) and its tail. */
static int stage_crash(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	const char *tail;
	char *sig;
	int ret;

	if (!sc->crash)
		return STAGE_NEXT;
	tail = sc->console ? sc->console + sc->console_last : "";
	if (detail__tail(&r->detail, tail, 25))
		return -ENOMEM;
	sig = crash__signature(sc->console);
	ret = decide(r, RES_CRASH, "kernel %s while the case was loading%s%s%s",
		     !strcmp(sc->crash, "panic") ? "panic" :
		     !strcmp(sc->crash, "hang") ? "hang (no output before the timeout)" :
		     "exit (the guest died)", sig ? ": '" : "", sig ? sig : "", sig ? "'" : "");
	free(sig);
	return ret;
}

/* The loader died on the case: a fault of the harness, never a verdict. */
static int stage_fault(struct view *v, struct result *r)
{
	const char *libbpf = v->sc->libbpf;

	if (!v->sc->fault)
		return STAGE_NEXT;
	if (libbpf && detail__tail(&r->detail, libbpf, 10))
		return -ENOMEM;
	return decide(r, RES_ERROR, "the loader died on this case (%s): a fault of twc-init or "
		      "libbpf, not a verdict of the kernel; the run went on with the next case",
		      v->sc->fault);
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

/* The kernel printed a WARNING, BUG, Oops ... while the case ran: the
 * kernel went wrong, whatever the case expected. */
static int stage_console(struct view *v, struct result *r)
{
	char *sig = crash__signature(v->sc->console);
	int ret;

	if (!sig)
		return STAGE_NEXT;
	ret = detail__tail(&r->detail, v->sc->console, 25) ?:
	      decide(r, RES_CRASH, "the kernel complained while loading: '%s'", sig);
	free(sig);
	return ret;
}

/* Alternatives "kfunc:A|kfunc:B": why none of them holds, or NULL if one does. */
static int requires__any(const struct stream *s, const char *req, char **why)
{
	struct sbuf names = {};
	bool kfuncs = true;
	int n = 0;

	*why = NULL;
	for (const char *f = req;; f += strcspn(f, "|") + 1) {
		char *fact = strndup(f, strcspn(f, "|"));
		const char *val = fact ? stream__fact(s, fact) : NULL;
		bool last = !f[strcspn(f, "|")];

		if (!fact || sbuf__addf(&names, "%s%s", names.len ? " or " : "", fact))
			n = -1;
		else if (!val)
			n = asprintf(why, "!the guest did not report the fact '%s' (stale plan?)", fact);
		kfuncs &= fact && !strncmp(fact, "kfunc:", 6);
		if (n >= 0 && val && strcmp(val, "1") && last)
			n = asprintf(why, kfuncs ? "requires %s, missing from this kernel's BTF" :
				     "requires %s, and none holds here", names.buf);
		free(fact);
		if (n < 0 || *why || !strcmp(val, "1"))
			break;
	}
	sbuf__free(&names);
	return n < 0 ? -ENOMEM : 0;
}

/* Why bpf_testmod is not there: a SKIP when the host packed no test module
 * for this kernel (no FACT module:bpf_testmod), an ERROR ("!") naming the
 * errno when it packed one and finit_module() refused it, or when it loaded
 * and still the kernel shows no BTF of it. */
static int testmod__why(const struct stream *s, char **why)
{
	const char *load = stream__fact(s, "module:bpf_testmod");

	if (!load)
		return asprintf(why, "requires bpf_testmod, the selftests' test module, which this "
				"guest does not load (libbpf refuses the object without its kfuncs)");
	if (strcmp(load, "0"))
		return asprintf(why, "!requires bpf_testmod, and the guest could not load the "
				"bpf_testmod.ko packed for this kernel: finit_module: %s", load);
	return asprintf(why, "!requires bpf_testmod: bpf_testmod.ko loaded, but the kernel "
			"shows no BTF of it (/sys/kernel/btf/bpf_testmod; "
			"CONFIG_DEBUG_INFO_BTF_MODULES?)");
}

/* Why a fact the case requires is false here, or NULL if it holds. */
static int requires__check(const struct stream *s, const char *req, char **why)
{
	bool want = req[0] != '!';
	const char *fact = req + !want, *val = stream__fact(s, fact);
	int n = 0;

	*why = NULL;
	if (strchr(req, '|'))
		return requires__any(s, req, why);
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
	else if (want && !strcmp(fact, "bpf_testmod"))
		n = testmod__why(s, why);
	else if (!strcmp(fact, "jit_enabled"))
		n = asprintf(why, want ? "requires the BPF JIT (__load_if_JITed), and this kernel's "
			     "is off (net.core.bpf_jit_enable is 0)" : "requires the BPF JIT off "
			     "(__load_if_no_JITed), and this kernel's is on (net.core.bpf_jit_enable)");
	else if (want && !strcmp(fact, "kconfig"))
		n = asprintf(why, "requires the kernel's config for its __kconfig externs, which "
			     "this guest does not have (no /boot/config-<release>, no "
			     "/proc/config.gz)");
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

/* The stages every case goes through, in order. */
static const struct stage {
	const char *name;
	int (*run)(struct view *v, struct result *r);
} stages[] = {
	{ "annotation", stage_static }, { "arch", stage_arch }, { "plan", stage_plan },
	{ "reached", stage_reached }, { "crash", stage_crash }, { "fault", stage_fault },
	{ "stream", stage_stream }, { "console", stage_console }, { "requires", stage_requires },
};

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

	memset(r, 0, sizeof(*r));
	r->kase = k;
	r->code = RES_PASS;
	r->insns = r->states = r->peak_states = r->vtime_usec = -1;
	if (!k->problem)
		v.pc = plan__find(ctx->plan, k->id);
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]) && ret == STAGE_NEXT; i++) {
		/* the log is read once the case is known to have run: a crash
		 * or a complaint still shows what the verifier said */
		if (stages[i].run == stage_crash && !k->btf)
			ret = cjudge__log(&v, r);
		ret = ret ?: stages[i].run(&v, r);
		if (ret == STAGE_DONE)
			r->stage = stages[i].name;
	}
	if (ret == STAGE_NEXT)
		ret = k->btf ? btfjudge__case(&v, r) : cjudge__case(&v, r);
	free(v.raw);
	if (ret < 0)
		return ret;
	if (ctx->verdicts)
		return verdicts__judge(ctx->verdicts, r);
	return k->prog && k->prog->xfail ? result__xfail(r, k->prog->xfail) : 0;
}
