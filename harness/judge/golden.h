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
#include "judge/result.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

/* The body of a golden file (after its "# " header lines). */
const char *golden__body(const char *text);

/* Where k's golden is, and its name as messages show it
 * ("expected/<id>.log", "btf/kernel.expected"). */
int golden__path(const char *expected_dir, const struct corpus_case *k, struct sbuf *path,
		 struct sbuf *shown);

/*
 * r->log against k's golden.  When r is not decided yet: a missing golden
 * is an ERROR (with the bless command), a different one a FAIL with the
 * diff and the bless command.  When r is decided already (a FAIL of the
 * verdict or a message), only the diff is added: it shows what the kernel
 * does now.  Returns 0 (same), STAGE_DONE (1) or -ENOMEM.
 */
int golden__judge(const char *expected_dir, const struct corpus_case *k, struct result *r,
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
