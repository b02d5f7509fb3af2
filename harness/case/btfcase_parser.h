/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btfcase_parser.h: what the files of the BTF case reader share (private
 * to case/btfcase_*.c; the language's API is btfcase.h).
 *
 * Every function sets the case's error through btfcase__bad() and returns
 * 0, -EINVAL (bc->error says which line and field) or -ENOMEM.
 */
#ifndef TWC_CASE_BTFCASE_PARSER_H
#define TWC_CASE_BTFCASE_PARSER_H

#include <stdbool.h>
#include <stdint.h>

#include "case/btfcase.h"

/* Parser state: the case being filled, the line being read. */
struct parser {
	struct btfcase *bc;
	int line;
	int ntok;
	char *tok[64];
	int composite;		/* type index that field/var lines add to, -1 */
	bool in_header;		/* still in the leading comment block */
};

extern const char *const btfcase_map_type_names[];
extern const char *const btfcase_probe_names[BTFCASE_PROBE__COUNT];
extern const char *const btfcase_verb_names[BTFCASE_STEP__COUNT];
extern const char *const btfcase_kind_names[];

/* Set the case's error "line N: field 'F': what" (the first one wins). */
__attribute__((format(printf, 3, 4)))
int btfcase__bad(struct parser *ps, const char *field, const char *fmt, ...);

/* Whole-token values; each names field in its error. */
int btfcase__parse_u64(struct parser *ps, const char *field, const char *s, uint64_t max,
		       uint64_t *v);
int btfcase__parse_u32(struct parser *ps, const char *field, const char *s, uint32_t *v);
int btfcase__parse_outcome(struct parser *ps, const char *s, int *err);
int btfcase__parse_retval(struct parser *ps, const char *s, long long *v);
int btfcase__check_name(struct parser *ps, const char *field, const char *s);

/* Types (btfcase_types.c). */
int btfcase_type_find(const struct btfcase *bc, const char *name);
int btfcase_type_ref(struct parser *ps, const char *field, const char *name, bool void_ok,
		     int *idx);
int btfcase__stmt_std(struct parser *ps);
int btfcase__stmt_type(struct parser *ps);
int btfcase__stmt_field(struct parser *ps);
int btfcase__stmt_var(struct parser *ps);

/* Steps (btfcase_steps.c). */
int btfcase__stmt_step(struct parser *ps, enum btfcase_verb verb);
int btfcase__stmt_msg(struct parser *ps, const char *rest);

#endif /* TWC_CASE_BTFCASE_PARSER_H */
