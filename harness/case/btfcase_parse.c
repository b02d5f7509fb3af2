// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_parse.c: the BTF case language (btfcase.h): names, the line
 * reader, the header and the statement dispatch.  Types are read by
 * btfcase_types.c, steps by btfcase_steps.c; btfcase_build.c builds the BTF.
 * Compiled into the host tool (which validates cases and reports a
 * malformed one as an ERROR naming the line and the field) and into the
 * guest loader (which runs them), so both read a case the same way.  No
 * system calls here: the guest's side of running a case is
 * guest/btfcase_run.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include <bpf/btf.h>

#include "case/btfcase.h"
#include "case/btfcase_parser.h"
#include "lib/errnames.h"

/* ---- names ---- */

const char *const btfcase_map_type_names[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash",
	"percpu_array", "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash",
	"lpm_trie", "array_of_maps", "hash_of_maps", "devmap", "sockmap", "cpumap",
	"xskmap", "sockhash", "cgroup_storage", "reuseport_sockarray",
	"percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
	"struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter",
	"user_ringbuf", "cgrp_storage", "arena", "insn_array", "rhash",
};

#define N_MAP_TYPES (int)(sizeof(btfcase_map_type_names) / sizeof(btfcase_map_type_names[0]))

const char *const btfcase_probe_names[BTFCASE_PROBE__COUNT] = {
	"timer-init", "timer-setcb", "timer-start", "timer-cancel", "timer-cancel-async",
	"wq-init", "wq-setcb", "wq-start",
};

const char *const btfcase_verb_names[BTFCASE_STEP__COUNT] = {
	"btf", "map", "probe", "run", "update", "delete", "mmap", "freeze", "close", "kernel",
};

const char *btfcase__map_type_name(int map_type)
{
	return map_type > 0 && map_type < N_MAP_TYPES ? btfcase_map_type_names[map_type] : NULL;
}

int btfcase__map_type_count(void)
{
	return N_MAP_TYPES;
}

const char *btfcase__probe_name(enum btfcase_probe p)
{
	return p < BTFCASE_PROBE__COUNT ? btfcase_probe_names[p] : "?";
}

const char *btfcase__verb_name(enum btfcase_verb v)
{
	return v < BTFCASE_STEP__COUNT ? btfcase_verb_names[v] : "?";
}

const char *const btfcase_kind_names[] = {
	[BTFCASE_INT] = "int", [BTFCASE_STRUCT] = "struct", [BTFCASE_UNION] = "union",
	[BTFCASE_TYPEDEF] = "typedef", [BTFCASE_CONST] = "const",
	[BTFCASE_VOLATILE] = "volatile", [BTFCASE_PTR] = "ptr", [BTFCASE_ARRAY] = "array",
	[BTFCASE_TYPE_TAG] = "type_tag", [BTFCASE_FWD] = "fwd", [BTFCASE_DATASEC] = "datasec",
};

/* ---- errors ---- */

/* Set the case's error (the first one wins); returns -EINVAL. */
__attribute__((format(printf, 3, 4)))
int btfcase__bad(struct parser *ps, const char *field, const char *fmt, ...)
{
	char *what = NULL, *msg = NULL;
	va_list ap;

	if (ps->bc->error)
		return -EINVAL;
	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		what = NULL;
	va_end(ap);
	if (what && asprintf(&msg, "line %d: field '%s': %s", ps->line, field, what) < 0)
		msg = NULL;
	free(what);
	ps->bc->error = msg;
	return msg ? -EINVAL : -ENOMEM;
}

/* ---- small parsers ---- */

/* A whole token as an unsigned number (decimal or 0x hex) up to max. */
int btfcase__parse_u64(struct parser *ps, const char *field, const char *s, uint64_t max,
		     uint64_t *v)
{
	char *end;

	errno = 0;
	*v = s[0] == '-' ? 0 : strtoull(s, &end, 0);
	if (s[0] == '-' || !s[0] || errno || *end || *v > max)
		return btfcase__bad(ps, field, "not a number up to %llu: '%s'", (unsigned long long)max, s);
	return 0;
}

int btfcase__parse_u32(struct parser *ps, const char *field, const char *s, uint32_t *v)
{
	uint64_t x;
	int err = btfcase__parse_u64(ps, field, s, UINT32_MAX, &x);

	*v = err ? 0 : x;	/* x may be past UINT32_MAX only on an error */
	return err;
}

/* "ok" (0) or an errno name ("-EINVAL", "EINVAL") as -errno. */
int btfcase__parse_outcome(struct parser *ps, const char *s, int *err)
{
	int e;

	if (!strcmp(s, "ok")) {
		*err = 0;
		return 0;
	}
	e = s[0] == '-' || s[0] == 'E' ? errname_parse(s) : 0;
	if (!e)
		return btfcase__bad(ps, "expect", "neither 'ok' nor a known errno: '%s'", s);
	*err = -e;
	return 0;
}

/* A return value: a decimal integer or an errno name. */
int btfcase__parse_retval(struct parser *ps, const char *s, long long *v)
{
	char *end;
	int e = 0;

	if ((s[0] == '-' && s[1] == 'E') || s[0] == 'E')
		e = errname_parse(s);
	if (e) {
		*v = -e;
		return 0;
	}
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (!s[0] || errno || *end || *v < INT32_MIN || *v > UINT32_MAX)
		return btfcase__bad(ps, "expect", "neither an integer nor a known errno: '%s'", s);
	return 0;
}

/* A name of the case (type, map, probe): printable, no '=' or quotes. */
int btfcase__check_name(struct parser *ps, const char *field, const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '=' || *p == '"' || *p == '|')
			return btfcase__bad(ps, field, "invalid character in name: '%s'", s);
	if (!strcmp(s, "void") || !strcmp(s, "-") || !s[0])
		return btfcase__bad(ps, field, "reserved name: '%s'", s);
	return 0;
}

/* ---- header and declarations ---- */

/* Rule ids: upper-case words and a number, "BTF-01", "KF-WQ-07". */
static bool rule_id__valid(const char *s)
{
	const char *dash = strrchr(s, '-');

	if (!dash || dash == s || !dash[1] || strspn(dash + 1, "0123456789") != strlen(dash + 1))
		return false;
	for (const char *p = s; p < dash; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p == '-' && p > s && p[-1] != '-')))
			return false;
	return dash[-1] != '-';
}

static int header__rules(struct parser *ps, char *ids)
{
	char *save = NULL, *id;

	for (id = strtok_r(ids, ", \t", &save); id; id = strtok_r(NULL, ", \t", &save)) {
		if (!rule_id__valid(id))
			return btfcase__bad(ps, "Rule", "not a rule id (e.g. BTF-01): '%s'", id);
		if (ps->bc->n_rules >= BTFCASE_MAX_RULES)
			return btfcase__bad(ps, "Rule", "more than %d rule ids", BTFCASE_MAX_RULES);
		ps->bc->rules[ps->bc->n_rules] = strdup(id);
		if (!ps->bc->rules[ps->bc->n_rules++])
			return -ENOMEM;
	}
	return 0;
}

/* One line of the leading comment block (text after '#'). */
static int header__line(struct parser *ps, char *text)
{
	struct btfcase *bc = ps->bc;
	char *joined;

	while (*text == ' ' || *text == '\t')
		text++;
	if (!strncmp(text, "Enforced by:", 12)) {
		text += 12 + strspn(text + 12, " \t");
		free(bc->enforced_by);
		bc->enforced_by = strdup(text);
		return bc->enforced_by ? 0 : -ENOMEM;
	}
	if (!strncmp(text, "Rule:", 5))
		return header__rules(ps, text + 5);
	if (bc->enforced_by || bc->n_rules || !*text)
		return 0;	/* free text after the rule lines */
	if (asprintf(&joined, "%s%s%s", bc->description ? bc->description : "",
		     bc->description ? " " : "", text) < 0)
		return -ENOMEM;
	free(bc->description);
	bc->description = joined;
	return 0;
}

/* requires kfunc:NAME | preempt_rt | !preempt_rt | !kfunc:NAME */
static int stmt_requires(struct parser *ps)
{
	const char *f;

	if (ps->ntok != 2)
		return btfcase__bad(ps, "requires", "want 'requires <fact>'");
	f = ps->tok[1] + (ps->tok[1][0] == '!');
	if (strcmp(f, "preempt_rt") && (strncmp(f, "kfunc:", 6) || !f[6]))
		return btfcase__bad(ps, "requires", "neither kfunc:<name> nor preempt_rt: '%s'", ps->tok[1]);
	if (ps->bc->n_reqs >= BTFCASE_MAX_REQS)
		return btfcase__bad(ps, "requires", "more than %d facts", BTFCASE_MAX_REQS);
	ps->bc->reqs[ps->bc->n_reqs] = strdup(ps->tok[1]);
	return ps->bc->reqs[ps->bc->n_reqs++] ? 0 : -ENOMEM;
}

/* Declarations come before the btf step that loads them. */
static int stmt_decl(struct parser *ps)
{
	const char *w = ps->tok[0];

	if (ps->bc->btf_step >= 0 && strcmp(w, "requires"))
		return btfcase__bad(ps, w, "a declaration after the btf step");
	if (!strcmp(w, "std"))
		return ps->composite = -1, btfcase__stmt_std(ps);
	if (!strcmp(w, "type"))
		return btfcase__stmt_type(ps);
	if (!strcmp(w, "field"))
		return btfcase__stmt_field(ps);
	if (!strcmp(w, "var"))
		return btfcase__stmt_var(ps);
	return stmt_requires(ps);
}

static int parse_line(struct parser *ps, char *s)
{
	char *save = NULL, *t;

	s += strspn(s, " \t");
	if (!*s) {
		ps->in_header = false;
		return 0;
	}
	if (*s == '#')
		return ps->in_header ? header__line(ps, s + 1) : 0;
	ps->in_header = false;
	if (!strncmp(s, "msg", 3) && (s[3] == ' ' || s[3] == '\t' || s[3] == '"'))
		return btfcase__stmt_msg(ps, s + 3);
	ps->ntok = 0;
	for (t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (ps->ntok == (int)(sizeof(ps->tok) / sizeof(ps->tok[0])))
			return btfcase__bad(ps, "line", "more than %d words", ps->ntok);
		ps->tok[ps->ntok++] = t;
	}
	for (int v = 0; v < BTFCASE_STEP__COUNT; v++)
		if (!strcmp(ps->tok[0], btfcase_verb_names[v]))
			return btfcase__stmt_step(ps, v);
	if (!strcmp(ps->tok[0], "std") || !strcmp(ps->tok[0], "type") ||
	    !strcmp(ps->tok[0], "field") || !strcmp(ps->tok[0], "var") ||
	    !strcmp(ps->tok[0], "requires"))
		return stmt_decl(ps);
	return btfcase__bad(ps, "statement", "unknown statement: '%.40s'", ps->tok[0]);
}

/* What the whole case must have once every line is read. */
static int parse_finish(struct parser *ps)
{
	struct btfcase *bc = ps->bc;

	ps->line = 1;
	if (!bc->description)
		return btfcase__bad(ps, "header", "no leading comment with the rule in one sentence");
	if (!bc->enforced_by || !bc->enforced_by[0])
		return btfcase__bad(ps, "Enforced by", "missing from the header");
	if (!bc->n_rules)
		return btfcase__bad(ps, "Rule", "missing from the header (e.g. '# Rule: BTF-01')");
	if (bc->n_types && bc->btf_step < 0) {
		ps->line = bc->types[0].line;
		return btfcase__bad(ps, "btf", "types are declared but no 'btf expect ...' step loads them");
	}
	if (!bc->n_steps)
		return btfcase__bad(ps, "step", "the case has no step");
	return 0;
}

int btfcase__parse(struct btfcase *bc, const char *text, size_t len)
{
	struct parser ps = { .bc = bc, .composite = -1, .in_header = true };
	const char *p = text, *end = text + len;
	char line[BTFCASE_MAX_LINE];
	int err = 0;

	memset(bc, 0, sizeof(*bc));
	bc->btf_step = -1;
	while (p < end && !err) {
		const char *nl = memchr(p, '\n', end - p);
		size_t full = nl ? (size_t)(nl - p) : (size_t)(end - p), n = full;

		ps.line++;
		if (n >= sizeof(line))
			err = btfcase__bad(&ps, "line", "longer than %d characters", BTFCASE_MAX_LINE - 1);
		else if (memchr(p, 0, n))
			err = btfcase__bad(&ps, "line", "a NUL byte");
		if (err)
			break;
		memcpy(line, p, n);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		line[n] = 0;
		err = parse_line(&ps, line);
		p += full + (nl != NULL);
	}
	return err ?: parse_finish(&ps);
}

void btfcase__free(struct btfcase *bc)
{
	for (int i = 0; i < bc->n_types; i++) {
		struct btfcase_type *t = &bc->types[i];

		for (int m = 0; m < t->n_members; m++)
			free(t->members[m].name);
		free(t->members);
		free(t->name);
		free(t->btf_name);
		free(t->tag);
	}
	for (int i = 0; i < bc->n_steps; i++) {
		free(bc->steps[i].text);
		free(bc->steps[i].name);
		for (int m = 0; m < bc->steps[i].n_msgs; m++)
			free(bc->steps[i].msgs[m]);
	}
	for (int i = 0; i < bc->n_rules; i++)
		free(bc->rules[i]);
	for (int i = 0; i < bc->n_reqs; i++)
		free(bc->reqs[i]);
	free(bc->types);
	free(bc->steps);
	free(bc->description);
	free(bc->enforced_by);
	free(bc->error);
	memset(bc, 0, sizeof(*bc));
}
