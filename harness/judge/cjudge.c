// SPDX-License-Identifier: GPL-2.0
/*
 * cjudge.c: the stages of a C case after the ones every case has (stage.h).
 *
 * libbpf's failure before the kernel saw the program is a FAIL, never a
 * rejection; -EFAULT or a "verifier bug" line is a CRASH; a call libbpf left
 * unresolved that the verifier reached is an ERROR; the verdict, errno,
 * __msg, __xlated, __jited, __retval and __stderr/__stdout (bpfstream.c)
 * come before the golden, so a wrong verdict
 * is reported as such and is never blessed.
 *
 * __msg is matched against the raw log, as upstream does; the golden is
 * the normalized log.  Reports give the first error line: the last
 * non-empty line before the statistics and before the 7.3 kernel's
 * "Verification failed:" diagnostic block (which the golden keeps).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "judge/golden.h"
#include "judge/jited.h"
#include "judge/norm.h"
#include "judge/result.h"
#include "judge/stage.h"
#include "judge/xlated.h"
#include "lib/errnames.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

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
			     errname_str(aux_err, ebuf, sizeof(ebuf)), msg ? ": " : "", msg ? msg : "");
	else
		ret = decide(r, RES_FAIL, "libbpf failed before the kernel saw the program (%s): %s",
			     sc->phase, msg ? msg : errname_str(sc->err, ebuf, sizeof(ebuf)));
	free(msg);
	return ret;
}

/* -EFAULT or a "verifier bug" line: the verifier failed, not the case.
 * An upstream run's -EFAULT is judged by its annotations, as test_loader
 * judges it: the verifier refuses __bpf_trap() with -EFAULT on purpose
 * (verifier_bpf_trap.c). */
static int stage_verifier_bug(struct view *v, struct result *r)
{
	char *line = line_with(v->raw, "verifier bug");
	int ret;

	if (line) {
		ret = decide(r, RES_CRASH, "verifier bug: '%s'", line);
		free(line);
		return ret;
	}
	if (v->sc->err == -EFAULT && !v->k->upstream)
		return decide(r, RES_CRASH, "verifier bug: the load failed with -EFAULT");
	return STAGE_NEXT;
}

/*
 * The verifier reached a call libbpf poisoned: a weak kfunc extern this
 * kernel lacks, whose calls libbpf turns into "call unknown#2002000NNN"
 * (libbpf.c, poison_kfunc_call).  The rejection says nothing about the
 * verifier; the case misses a __requires (twc.h's renamed kfuncs carry
 * theirs).
 */
static int stage_unresolved(struct view *v, struct result *r)
{
	char *line = line_with(v->raw, "invalid func unknown#2002"), *name;
	const char *num;
	int ret;

	if (!line)
		return STAGE_NEXT;
	/* Which extern it was: the object numbers them as libbpf does. */
	num = strstr(line, "unknown#");
	name = v->k->obj ? annot_obj__extern_name(v->k->obj, strtol(num + 8, NULL, 10) -
						     2002000000L) : NULL;
	/* An upstream program states no requirement: on a kernel without
	 * the kfunc it says nothing about the verifier (test_loader would
	 * fail it; README, where twc differs). */
	if (v->k->upstream)
		ret = decide(r, RES_SKIP, "calls %s%s kfunc this kernel lacks (a weak kfunc "
			     "extern libbpf left unresolved): '%s'", name ? name : "a",
			     name ? ", a" : "", line);
	else
		ret = decide(r, RES_ERROR, "the verifier reached a call of %s%s kfunc libbpf "
			     "left unresolved (a weak kfunc extern this kernel lacks, and no "
			     "__requires for it): '%s'", name ? name : "a", name ? ", a" : "",
			     line);
	free(name);
	free(line);
	return ret;
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

/* A failed verdict, errno or __msg: what the kernel said, and the command
 * that runs the case alone on this kernel. */
int detail__said(struct view *v, struct result *r)
{
	const char *k = v->ctx->kernel_name;

	return (r->first_error ? sbuf__addf(&r->detail, "    first error: '%s'\n",
					    r->first_error) : 0) ?:
	       sbuf__addf(&r->detail, "    to run it alone: make check %s%s%sCASES=%s%s%s\n",
			  v->k->upstream ? "UPSTREAM=" : "", v->k->upstream ? v->k->src : "",
			  v->k->upstream ? " " : "", v->k->id, k ? " KERNEL=" : "", k ? k : "");
}

static int stage_verdict(struct view *v, struct result *r)
{
	bool want_ok = v->k->prog->expect == ANNOT_EXPECT_SUCCESS;
	char ebuf[32];

	if (want_ok && v->sc->err)
		return result__decide(r, RES_FAIL, "expected success, the verifier rejected it: "
				      "%s: '%s'", errname_str(v->sc->err, ebuf, sizeof(ebuf)),
				      r->first_error ? r->first_error : "") ?:
		       detail__said(v, r) ?: STAGE_DONE;
	if (!want_ok && !v->sc->err)
		return result__decide(r, RES_FAIL, "expected failure, the verifier accepted the "
				      "program") ?: detail__said(v, r) ?: STAGE_DONE;
	return STAGE_NEXT;
}

static int stage_errno(struct view *v, struct result *r)
{
	char want[32], got[32];
	int e = v->k->prog->expected_errno;

	if (!e || -v->sc->err == e)
		return STAGE_NEXT;
	return result__decide(r, RES_FAIL, "expected %s, got %s",
			      errname_str(-e, want, sizeof(want)),
			      errname_str(v->sc->err, got, sizeof(got))) ?:
	       detail__said(v, r) ?: STAGE_DONE;
}

static int stage_msgs(struct view *v, struct result *r)
{
	const char *log = v->raw ? v->raw : "";
	char *why = NULL;
	size_t at;
	int ret = annot_msgs__match(v->k->prog, log, &why, &at);

	if (ret < 0) {
		free(why);
		return ret == -ENOMEM ? ret : decide(r, RES_ERROR, "__msg: invalid pattern");
	}
	if (ret > 0) {
		ret = decide(r, RES_FAIL, "%s", why);
		free(why);
		if (ret == STAGE_DONE && (detail__said(v, r) ||
					  detail__around(&r->detail, log, at, 3, 8)))
			return -ENOMEM;
		return ret;
	}
	r->checks_ok = true;
	return STAGE_NEXT;
}

/* What the guest does after a load (the XLATED and RETVAL records): the
 * harness's ERROR when it did not, or could not, get to the kernel's
 * call; 0 when the record holds the kernel's answer. */
static int after_load__harness(struct result *r, bool has, const char *call, int err,
			       const char *record, const char *kernel_call, const char *doing,
			       const char *key)
{
	char ebuf[32];

	if (!has)
		return decide(r, RES_ERROR, "no %s record: the guest did not %s (%s)", record,
			      doing, key);
	if (strcmp(call, kernel_call))
		return decide(r, RES_ERROR, "the loader could not %s: %s failed: %s", doing, call,
			      errname_str(err, ebuf, sizeof(ebuf)));
	return 0;
}

/* What the guest reads after a load for a key of lines (__xlated,
 * __jited), as its record gives it. */
struct after_read {
	const char *key;	/* "__xlated" */
	const char *record;	/* "XLATED" */
	const char *doing;	/* "read the translated program" */
	const char *what;	/* "translated program": what a FAIL shows */
	const char *none;	/* "translated instructions": what a failed load has none of */
	bool planned;		/* the plan asked for it: a run expected to load */
	bool has;
	const char *call;
	int err;
};

/* What the guest read could not be had: a FAIL where test_loader fails
 * the run (a run expected to fail, the kernel's refusal), an ERROR where
 * the harness fell short (no record, the loader's own failure). */
static int after_read__missing(struct view *v, struct result *r, const struct after_read *a)
{
	char ebuf[32];
	int ret;

	if (!a->planned)
		return result__decide(r, RES_FAIL, "%s on a run expected to fail: a program "
				      "that did not load has no %s (test_loader fails the run)",
				      a->key, a->none) ?: STAGE_DONE;
	ret = after_load__harness(r, a->has, a->call, a->err, a->record, "get_info", a->doing,
				  a->key);
	if (ret)
		return ret;
	if (a->err)
		return result__decide(r, RES_FAIL, "reading the %s failed: "
				      "BPF_OBJ_GET_INFO_BY_FD: %s", a->what,
				      errname_str(a->err, ebuf, sizeof(ebuf))) ?:
		       detail__said(v, r) ?: STAGE_DONE;
	return STAGE_NEXT;
}

/* The lines of a->key against text, what the guest read printed as
 * test_loader prints it (match.c); a mismatch is a FAIL that shows text
 * around where the search stopped, and the run's checks pass only on a
 * match. */
static int after_read__match(struct view *v, struct result *r, const struct after_read *a,
			     const char *text, int (*match)(const struct annot_prog *,
							    const char *, char **, size_t *))
{
	char *why = NULL;
	size_t at;
	int ret = match(v->k->prog, text, &why, &at);

	if (ret < 0 && ret != -ENOMEM)
		ret = decide(r, RES_ERROR, "%s: invalid pattern", a->key);
	else if (ret > 0)
		ret = result__decide(r, RES_FAIL, "%s: %s", a->key, why) ?: detail__said(v, r) ?:
		      detail__around_of(&r->detail, a->what, text, at, 3, 8) ?: STAGE_DONE;
	r->checks_ok = ret == 0;
	free(why);
	return ret;
}

/*
 * __xlated: the program as the verifier rewrote it, printed as test_loader
 * prints it (xlated.c), against the __xlated lines, after __msg and
 * before __retval as test_loader checks them.
 */
static int stage_xlated(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	const struct after_read a = {
		"__xlated", "XLATED", "read the translated program", "translated program",
		"translated instructions", annot_prog__xlated(v->k->prog), sc->has_xlated,
		sc->xlated_call, sc->xlated_err,
	};
	char *text = NULL;
	int ret;

	if (!v->k->prog->n_xlated)
		return STAGE_NEXT;
	r->checks_ok = false;
	ret = after_read__missing(v, r, &a);
	if (ret)
		return ret;
	if (xlated__text(sc->xlated, sc->xlated_len, &text))
		return -ENOMEM;
	ret = after_read__match(v, r, &a, text, annot_xlated__match);
	free(text);
	return ret;
}

/* The JIT image as text (jited.c); an ERROR when LLVM cannot print it. */
static int jited__disasm(struct view *v, struct result *r, char **text)
{
	const struct stream_case *sc = v->sc;
	char *bad = NULL;
	int err = jited__text(sc->jited, sc->jited_len, sc->jited_lens, sc->n_jited_lens, text,
			      &bad);

	if (err && err != -ENOMEM)
		err = decide(r, RES_ERROR, "__jited: LLVM cannot disassemble the JIT image: %s",
			     bad ? bad : "?");
	free(bad);
	return err;
}

/*
 * __jited: the JIT image, printed as test_loader prints it (jited.c),
 * against the __jited lines, after __xlated and before __retval as
 * test_loader checks them; matched as __xlated is.  The kernel
 * withholding the bytes from a root that asked (call hidden) is the
 * harness's ERROR, as the loader's own failures are.
 */
static int stage_jited(struct view *v, struct result *r)
{
	const struct stream_case *sc = v->sc;
	const struct after_read a = {
		"__jited", "JITED", "read the JIT image", "JIT image", "JIT image",
		annot_prog__jited(v->k->prog), sc->has_jited, sc->jited_call, sc->jited_err,
	};
	char *text = NULL;
	int ret;

	if (!v->k->prog->n_jited)
		return STAGE_NEXT;
	r->checks_ok = false;
	ret = after_read__missing(v, r, &a) ?: jited__disasm(v, r, &text);
	if (ret)
		return ret;
	ret = after_read__match(v, r, &a, text, annot_jited__match);
	free(text);
	return ret;
}

/*
 * __retval: the test run's return value, as test_loader judges it
 * (run_subtest()): a test run the kernel refused fails the run, a value
 * other than the expected one fails it, and POINTER_VALUE takes any value.
 * No RETVAL record, or a loader that could not get to the run, is the
 * harness's ERROR.  A FAIL here is no pass of the checks: bless refuses it.
 */
static int stage_retval(struct view *v, struct result *r)
{
	const struct annot_prog *p = v->k->prog;
	const struct stream_case *sc = v->sc;
	char ebuf[32];
	int ret;

	if (!annot_prog__test_run(p))
		return STAGE_NEXT;
	r->checks_ok = false;
	ret = after_load__harness(r, sc->has_retval, sc->retval_call, sc->retval_err, "RETVAL",
				  "test_run", "test-run the program", "__retval");
	if (ret)
		return ret;
	if (sc->retval_err)
		return result__decide(r, RES_FAIL, "the test run failed: BPF_PROG_TEST_RUN: %s "
				      "(expected retval %d)", errname_str(sc->retval_err, ebuf,
				      sizeof(ebuf)), p->retval) ?: detail__said(v, r) ?: STAGE_DONE;
	if (sc->retval != p->retval && p->retval != ANNOT_RETVAL_ANY)
		return result__decide(r, RES_FAIL, "retval %d, expected %d", sc->retval,
				      p->retval) ?: detail__said(v, r) ?: STAGE_DONE;
	r->checks_ok = true;
	return STAGE_NEXT;
}

/* The normalized log against the golden. */
static int stage_golden(struct view *v, struct result *r)
{
	return golden__judge(v->ctx, v->k, r, false);
}

/* The stages in order; they run on a case whose program reached the
 * kernel (phase "load"), but for libbpf's. */
static const struct stage {
	const char *name;
	int (*run)(struct view *v, struct result *r);
	bool reference;		/* holds the case to the reference kernel */
	bool shows_golden;	/* a FAIL here also shows the golden diff */
} stages[] = {
	{ "verifier-bug", stage_verifier_bug, false, false },
	{ "unresolved", stage_unresolved, false, false },
	{ "truncated", stage_truncated, false, false },
	{ "verdict", stage_verdict, true, true },
	{ "errno", stage_errno, true, true },
	{ "msg", stage_msgs, true, true },
	{ "xlated", stage_xlated, true, true },
	{ "jited", stage_jited, true, true },
	{ "retval", stage_retval, true, true },
	{ "bpf-stream", stage_bpf_stream, true, true },
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
int cjudge__log(struct view *v, struct result *r)
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

int cjudge__case(struct view *v, struct result *r)
{
	int ret = stage_libbpf(v, r);

	if (ret == STAGE_DONE)
		r->stage = "libbpf";
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]) && ret == STAGE_NEXT; i++) {
		/* a --verdicts run judges the outcome against the kernel's table */
		if (v->ctx->verdicts && stages[i].reference)
			continue;
		ret = stages[i].run(v, r);
		if (ret == STAGE_DONE)
			r->stage = stages[i].name;
		/* a FAIL of the verdict, errno or __msg: show the golden diff too */
		if (ret == STAGE_DONE && r->code == RES_FAIL && stages[i].shows_golden)
			ret = golden__judge(v->ctx, v->k, r, true);
	}
	return ret;
}
