/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btfjudge.h: BTF cases (btf/, the language of btfcase.h) on the host:
 * found and validated into the corpus next to the C cases, planned as BTF
 * lines, and judged step by step against their expectations and goldens.
 *
 *   btf/maps/<name>.case   id btf/<name>, golden expected/btf/<name>.log
 *   btf/<name>.case        id btf/<name>, golden btf/<name>.expected (the
 *                          kernel BTF expectations: btf/kernel.case)
 */
#ifndef TWC_BTFJUDGE_H
#define TWC_BTFJUDGE_H

#include "annot.h"
#include "btfcase.h"
#include "judge.h"

/* What the corpus holds for a BTF case. */
struct btfjudge_case {
	struct btfcase bc;	/* parsed and built (sizes filled in) */
	struct annot_prog prog;	/* description, rules, requires: for reports */
};

/* Add the BTF cases of btf_dir that the filter selects to c, keeping c
 * sorted by id.  A case that does not parse or build is a CASE_BTF_SYNTAX
 * case whose reason names the file, the line and the field.  0 or -errno
 * (a directory that cannot be read).
 */
int corpus__load_btf(struct corpus *c, const char *btf_dir, const struct corpus_filter *filter);
void btfjudge_case__free(struct btfjudge_case *b);

/* Judge BTF case k from its stream record sc (after the generic stages:
 * plan, crash, stream, console, requires).  Sets r; 1 or -ENOMEM.
 */
int btfjudge__case(const struct judge_ctx *ctx, const struct corpus_case *k,
		   const struct stream_case *sc, struct result *r);

/* The golden of a judged BTF case: header and the rendered outcome. */
int btfjudge__golden(const struct result *r, const struct stream *s, struct sbuf *out);

#endif /* TWC_BTFJUDGE_H */
