// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_stream.c: libFuzzer target for what the judge does with a run's
 * stream: stream__parse() (stream/stream.c), then norm__log()
 * (judge/norm.c) on every LOG and STEPLOG it kept, stream__foreign(),
 * libbpf__reason(), stream__free().  It lives in judge/ because it takes
 * the judge's path through two parts (judge depends on stream, never the
 * other way).
 *
 * Input: one byte that sets the plan's size (0 to 63 cases), then the
 * stream.  Any bytes must parse or be refused with a message, never crash,
 * leak or read out of bounds (ASan, UBSan); the case table is the plan's
 * size whatever index a record names (`make fuzz` runs this target with
 * a small -malloc_limit_mb, so a table sized by an index would fail); a
 * normalized log keeps the normalizer's promises (norm.h).  `make fuzz`
 * seeds it with the fixture streams and a slice of the last run's stream.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "judge/norm.h"
#include "stream/stream.h"

#define MAX_CASES 64

/* What norm.h promises of a normalized log: no NUL, no whitespace at a
 * line's end, and a non-empty log ends with exactly one newline. */
static void norm__check(const char *raw, size_t len)
{
	char *out = NULL, *again = NULL;
	size_t n;

	if (norm__log(raw, len, &out))
		abort();	/* only -ENOMEM, which libFuzzer's limit reports */
	n = strlen(out);
	for (size_t i = 0; i < n; i++)
		if (out[i] == '\n' && i && strchr(" \t\r", out[i - 1]))
			abort();
	if (n && (out[n - 1] != '\n' || (n > 1 && out[n - 2] == '\n')))
		abort();
	if (norm__log(out, n, &again))
		abort();
	if (strcmp(out, again))
		abort();	/* normalizing twice changes nothing */
	free(again);
	free(out);
}

/* A JITED kept: lengths that add up to its bytes, none with an error. */
static void jited__check(const struct stream_case *c, size_t size)
{
	unsigned long long sum = 0;

	if (c->jited_len > size || (c->jited_len && !c->jited) ||
	    (c->jited_err && (c->jited_len || c->n_jited_lens)) ||
	    (!c->jited_err && c->n_jited_lens < 1) || (c->n_jited_lens && !c->jited_lens))
		abort();
	for (int i = 0; i < c->n_jited_lens; i++)
		sum += c->jited_lens[i];
	if (sum != c->jited_len)
		abort();
}

/* Everything a case kept is within the input, and NUL-terminated. */
static void case__check(const struct stream_case *c, size_t size)
{
	if (c->has_log) {
		if (!c->log || c->log_len > size || c->log[c->log_len])
			abort();
		norm__check(c->log, c->log_len);
	}
	/* an XLATED kept is whole instructions, bytes only without an error */
	if (c->has_xlated && (c->xlated_len % 8 || c->xlated_len > size ||
			      (c->xlated_err && c->xlated_len) || (c->xlated_len && !c->xlated)))
		abort();
	/* a BPF stream kept is NUL-terminated, bytes only without an error */
	for (int j = 0; j < STREAM_BPF_N; j++) {
		const struct stream_bpf *b = &c->bpf_stream[j];

		if (b->has && (!b->text || b->len > size || b->text[b->len] ||
			       (b->err && b->len)))
			abort();
	}
	if (c->has_jited)
		jited__check(c, size);
	if (c->truncated && !c->error)
		abort();	/* a truncated case is always an ERROR */
	for (int j = 0; j < c->n_steps; j++) {
		const struct stream_step *t = &c->steps[j];

		if (t->n < 0 || t->n > STREAM_MAX_STEP || t->err > 0)
			abort();
		if (t->log && (t->log_len > size || t->log[t->log_len]))
			abort();
		if (t->log)
			norm__check(t->log, t->log_len);
	}
	free(c->libbpf ? libbpf__reason(c->libbpf) : NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s;
	char *msg = NULL, *why;
	int n, err;

	if (!size)
		return 0;
	n = data[0] % MAX_CASES;
	err = stream__parse(&s, (const char *)data + 1, size - 1, n, &msg);
	if ((err && err != -EINVAL) || (err == -EINVAL && !msg) || (!err && msg))
		abort();
	if (s.n_cases != n || stream__case(&s, n) || stream__case(&s, -1))
		abort();	/* the table is the plan's size, whatever the input says */
	for (int i = 0; !err && i < n; i++)
		case__check(stream__case(&s, i), size);
	why = err ? NULL : stream__foreign(&s, s.plan_id);
	if (s.n_outside && !why)
		abort();	/* a record the plan does not have makes the stream foreign */
	free(why);
	free(err ? NULL : stream__foreign(&s, NULL));
	stream__fact(&s, "release");
	free(msg);
	stream__free(&s);
	return 0;
}
