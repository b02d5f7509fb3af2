/* SPDX-License-Identifier: GPL-2.0 */
/*
 * golden.h: goldens (PROTOCOL.md "Goldens"): the normalized log of a C case,
 * or the rendered outcome of a BTF case, below a provenance header of "# "
 * lines, written only by `twc judge --bless`.
 */
#ifndef TWC_JUDGE_GOLDEN_H
#define TWC_JUDGE_GOLDEN_H

#include <stdbool.h>

#include "case/corpus.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

/* The first line of every golden, as `twc judge --bless` writes it. */
#define GOLDEN_MARKER "# twc golden: "

/* The body of a golden file (after its "# " header lines). */
const char *golden__body(const char *text);

/*
 * A golden's header read back: its "# key: value" lines, up to the body.
 * A field is NULL when the header has no such line; "kernel: <release>
 * <version>" is split at its first space.  Other "# " lines (the note of
 * btf/kernel.expected) are kept by no field.
 */
struct golden_header {
	bool marker;		/* the first line starts with GOLDEN_MARKER */
	char *case_id, *release, *version, *compiler, *log_level, *normalizer, *result;
};

int golden_header__parse(const char *text, struct golden_header *h);
void golden_header__free(struct golden_header *h);

/* What a golden's header must say for one judging. */
struct golden_want {
	const struct corpus_case *k;
	const char *shown;	/* the golden's name in messages */
	const char *reference;	/* the reference kernel's release; NULL: not checked */
	const char *result;	/* the load's "0"/"-ESYM" (C cases whose golden body is
				 * the log); NULL: not checked */
};

/*
 * Why golden text does not fit w, or *why = NULL: a carriage return
 * anywhere, no GOLDEN_MARKER line, a missing line, another case id,
 * normalizer, log level (C cases), kernel release or result.  *why names
 * the golden, the field, both values and what to do (malloc'd).  0 or
 * -ENOMEM.
 */
int golden__check_header(const char *text, const struct golden_want *w, char **why);

/* Where k's golden is, and its name as messages show it
 * ("expected/<id>.log", "btf/kernel.expected"). */
int golden__path(const char *expected_dir, const struct corpus_case *k, struct sbuf *path,
		 struct sbuf *shown);

/*
 * Whether the programs of upstream case k's file are held to goldens: once
 * blessed, its directory <expected>/upstream/<stem>/ exists, and from then
 * on a program without a golden is an ERROR as a twc case is; a file never
 * blessed (any progs file a run names) is judged by its annotations alone.
 */
bool golden__upstream_kept(const char *expected_dir, const struct corpus_case *k);

/*
 * r->log against k's golden (in ctx->expected_dir).  When r is not decided
 * yet: a missing golden is an ERROR (with the bless command), so is one
 * whose header does not fit the run (golden__check_header(); not in a
 * --verdicts run, where the table judges), with the diff when the bodies
 * differ too; a golden whose body differs is a FAIL with the diff and the
 * bless command.  When r is decided already (a FAIL of the verdict or a
 * message), only the diff is added: it shows what the kernel does now.
 * Returns 0 (same), STAGE_DONE (1) or -ENOMEM.
 */
int golden__judge(const struct judge_ctx *ctx, const struct corpus_case *k, struct result *r,
		  bool decided);

/* The golden file's text for judged r from the run of stream s. */
int golden__render(const struct result *r, const struct stream *s, struct sbuf *out);

/* What a bless did. */
struct bless_stats {
	int written, unchanged, refused;
	struct sbuf refused_ids;	/* " id id ..." */
};

/*
 * --bless: write r's golden when its checks (verdict, errno, __msg; a BTF
 * case's expect and msg lines) passed, only when its content changes; r
 * then passes.  A case whose checks failed is counted as refused.
 * 0 or -errno.
 */
int golden__bless(const char *expected_dir, const struct stream *s, struct result *r,
		  struct bless_stats *bs);
void golden__print_bless(const struct bless_stats *bs);

#endif /* TWC_JUDGE_GOLDEN_H */
