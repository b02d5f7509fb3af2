// SPDX-License-Identifier: GPL-2.0
/*
 * btfcase_steps.c: the steps of a BTF case (btf, map, probe, run, update,
 * delete, mmap, freeze, close, kernel) and their msg lines.
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

/* ---- steps ---- */

static const struct {
	const char *name;
	uint32_t bit;
} map_flags[] = {
	{ "BPF_F_NO_PREALLOC", 1 << 0 }, { "BPF_F_NO_COMMON_LRU", 1 << 1 },
	{ "BPF_F_NUMA_NODE", 1 << 2 }, { "BPF_F_RDONLY", 1 << 3 },
	{ "BPF_F_WRONLY", 1 << 4 }, { "BPF_F_STACK_BUILD_ID", 1 << 5 },
	{ "BPF_F_ZERO_SEED", 1 << 6 }, { "BPF_F_RDONLY_PROG", 1 << 7 },
	{ "BPF_F_WRONLY_PROG", 1 << 8 }, { "BPF_F_CLONE", 1 << 9 },
	{ "BPF_F_MMAPABLE", 1 << 10 }, { "BPF_F_PRESERVE_ELEMS", 1 << 11 },
	{ "BPF_F_INNER_MAP", 1 << 12 }, { "BPF_F_LINK", 1 << 13 },
	{ "BPF_F_PATH_FD", 1 << 14 }, { "BPF_F_VTYPE_BTF_OBJ_FD", 1 << 15 },
	{ "BPF_F_TOKEN_FD", 1 << 16 }, { "BPF_F_SEGV_ON_FAULT", 1 << 17 },
	{ "BPF_F_NO_USER_CONV", 1 << 18 }, { "BPF_F_RB_OVERWRITE", 1 << 19 },
};

/* The map or probe step named name (verb BTFCASE_STEP__COUNT: either). */
static int object__find(const struct btfcase *bc, const char *name, enum btfcase_verb verb)
{
	for (int i = 0; i < bc->n_steps; i++) {
		const struct btfcase_step *s = &bc->steps[i];

		if (s->name && !strcmp(s->name, name) &&
		    (verb == BTFCASE_STEP__COUNT || s->verb == verb))
			return i;
	}
	return -1;
}

static int object__ref(struct parser *ps, const char *field, const char *name,
		       enum btfcase_verb verb, int *idx)
{
	*idx = object__find(ps->bc, name, verb);
	if (*idx >= 0)
		return 0;
	return btfcase__bad(ps, field, "no %s named '%s' before this line", verb == BTFCASE_STEP_MAP ?
		   "map" : verb == BTFCASE_STEP_PROBE ? "probe" : "map or probe", name);
}

/* A new object name: unique, and short enough to be the kernel's name. */
static int object__name(struct parser *ps, struct btfcase_step *s, const char *name)
{
	int err = btfcase__check_name(ps, "name", name);

	if (err)
		return err;
	if (strlen(name) >= BTFCASE_OBJ_NAME_LEN)
		return btfcase__bad(ps, "name", "longer than %d characters: '%s'",
			   BTFCASE_OBJ_NAME_LEN - 1, name);
	if (object__find(ps->bc, name, BTFCASE_STEP__COUNT) >= 0)
		return btfcase__bad(ps, "name", "a map or probe of that name exists: '%s'", name);
	s->name = strdup(name);
	return s->name ? 0 : -ENOMEM;
}

/* The value of option key ("key=" prefix) in tok, or NULL. */
static const char *opt(const char *tok, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(tok, key, n) && tok[n] == '=' ? tok + n + 1 : NULL;
}

/* flags=BPF_F_A|BPF_F_B (or a number) */
static int parse_map_flags(struct parser *ps, const char *s, uint32_t *flags)
{
	char buf[512], *save = NULL, *f;

	if (s[0] >= '0' && s[0] <= '9')
		return btfcase__parse_u32(ps, "flags", s, flags);
	if (strlen(s) >= sizeof(buf))
		return btfcase__bad(ps, "flags", "too long");
	strcpy(buf, s);
	*flags = 0;
	for (f = strtok_r(buf, "|", &save); f; f = strtok_r(NULL, "|", &save)) {
		size_t i;

		for (i = 0; i < sizeof(map_flags) / sizeof(map_flags[0]); i++)
			if (!strcmp(f, map_flags[i].name))
				break;
		if (i == sizeof(map_flags) / sizeof(map_flags[0]))
			return btfcase__bad(ps, "flags", "unknown map flag: '%s'", f);
		*flags |= map_flags[i].bit;
	}
	return 0;
}

/* The key/value options of a map line. */
static int map__kv_option(struct parser *ps, struct btfcase_step *s, const char *o)
{
	const char *v;

	if ((v = opt(o, "key")))
		return btfcase_type_ref(ps, "key", v, false, &s->key_type);
	if ((v = opt(o, "value")))
		return btfcase_type_ref(ps, "value", v, false, &s->value_type);
	if ((v = opt(o, "key_size")))
		return s->has_key_size = true, btfcase__parse_u32(ps, "key_size", v, &s->key_size);
	if ((v = opt(o, "value_size")))
		return s->has_value_size = true, btfcase__parse_u32(ps, "value_size", v, &s->value_size);
	return 1;
}

static int map__option(struct parser *ps, struct btfcase_step *s, const char *o)
{
	const char *v;
	int err = map__kv_option(ps, s, o);

	if (err <= 0)
		return err;
	if ((v = opt(o, "entries")))
		return btfcase__parse_u32(ps, "entries", v, &s->max_entries);
	if ((v = opt(o, "flags")))
		return parse_map_flags(ps, v, &s->map_flags);
	if ((v = opt(o, "extra")))
		return btfcase__parse_u64(ps, "extra", v, UINT64_MAX, &s->map_extra);
	if ((v = opt(o, "inner")))
		return object__ref(ps, "inner", v, BTFCASE_STEP_MAP, &s->inner);
	if (!strcmp(o, "unpriv"))
		return s->unpriv = true, 0;
	return btfcase__bad(ps, "map", "unknown option: '%s'", o);
}

/* map <name> <maptype> <options...> */
static int step_map(struct parser *ps, struct btfcase_step *s, int n)
{
	bool has_entries = false;
	int err;

	if (n < 3)
		return btfcase__bad(ps, "map", "want 'map <name> <maptype> entries=<n> ...'");
	err = object__name(ps, s, ps->tok[1]);
	for (s->map_type = 1; !err && s->map_type < btfcase__map_type_count(); s->map_type++)
		if (!strcmp(ps->tok[2], btfcase_map_type_names[s->map_type]))
			break;
	if (!err && s->map_type == btfcase__map_type_count())
		return btfcase__bad(ps, "maptype", "unknown map type: '%s'", ps->tok[2]);
	for (int i = 3; i < n && !err; i++) {
		has_entries |= opt(ps->tok[i], "entries") != NULL;
		err = map__option(ps, s, ps->tok[i]);
	}
	if (err)
		return err;
	if (!has_entries)
		return btfcase__bad(ps, "entries", "missing");
	if (s->key_type < 0 && !s->has_key_size)
		return btfcase__bad(ps, "key", "want key=<type> or key_size=<n>");
	if (s->value_type < 0 && !s->has_value_size)
		return btfcase__bad(ps, "value", "want value=<type> or value_size=<n>");
	if ((s->key_type >= 0 || s->value_type >= 0) && ps->bc->btf_step < 0)
		return btfcase__bad(ps, "value", "a map with BTF types needs the btf step before it");
	return 0;
}

/* probe <name> <kind> <map> <off> [outer=<map>] [flags=<n>] */
static int step_probe(struct parser *ps, struct btfcase_step *s, int n)
{
	int err;

	if (n < 5)
		return btfcase__bad(ps, "probe", "want 'probe <name> <kind> <map> <offset> ...'");
	err = object__name(ps, s, ps->tok[1]);
	for (s->probe = 0; !err && s->probe < BTFCASE_PROBE__COUNT; s->probe++)
		if (!strcmp(ps->tok[2], btfcase_probe_names[s->probe]))
			break;
	if (!err && s->probe == BTFCASE_PROBE__COUNT)
		return btfcase__bad(ps, "kind", "unknown probe kind: '%s'", ps->tok[2]);
	err = err ?: object__ref(ps, "map", ps->tok[3], BTFCASE_STEP_MAP, &s->target) ?:
	      btfcase__parse_u32(ps, "offset", ps->tok[4], &s->off);
	for (int i = 5; i < n && !err; i++) {
		const char *v;

		if ((v = opt(ps->tok[i], "outer")))
			err = object__ref(ps, "outer", v, BTFCASE_STEP_MAP, &s->outer);
		else if ((v = opt(ps->tok[i], "flags")))
			s->has_flags = true,
			err = btfcase__parse_u64(ps, "flags", v, UINT64_MAX, &s->flags);
		else if ((v = opt(ps->tok[i], "ns")) && s->probe == BTFCASE_PROBE_TIMER_START)
			err = btfcase__parse_u64(ps, "ns", v, UINT64_MAX, &s->ns);
		else
			err = btfcase__bad(ps, "probe", "unknown option: '%s'", ps->tok[i]);
	}
	return err;
}

/* update's flags=: BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK by name, '|'-joined. */
static int update_flags(struct parser *ps, const char *v, struct btfcase_step *s)
{
	static const struct { const char *name; uint64_t bit; } names[] = {
		{ "any", 0 }, { "noexist", 1 }, { "exist", 2 }, { "lock", 4 },
	};
	const char *p = v;

	s->has_flags = true;
	s->flags = 0;
	while (*p) {
		size_t len = strcspn(p, "|"), i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len && !strncmp(p, names[i].name, len))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return btfcase__bad(ps, "flags", "not any|noexist|exist|lock, '|'-joined: '%s'", v);
		s->flags |= names[i].bit;
		p += len + (p[len] == '|');
	}
	return 0;
}

/* update|delete|mmap|freeze <map> [key=<n>] [fd=<map>] [flags=<F>[|<F>]] */
static int step_map_op(struct parser *ps, struct btfcase_step *s, int n)
{
	const char *name = btfcase_verb_names[s->verb];
	int err;

	if (n < 2)
		return btfcase__bad(ps, name, "want '%s <map> ...'", name);
	err = object__ref(ps, "map", ps->tok[1], BTFCASE_STEP_MAP, &s->target);
	for (int i = 2; i < n && !err; i++) {
		const char *v = NULL;
		bool keyed = s->verb == BTFCASE_STEP_UPDATE || s->verb == BTFCASE_STEP_DELETE;

		if (keyed && (v = opt(ps->tok[i], "key")))
			err = btfcase__parse_u32(ps, "key", v, &s->key);
		else if (s->verb == BTFCASE_STEP_UPDATE && (v = opt(ps->tok[i], "fd")))
			err = object__ref(ps, "fd", v, BTFCASE_STEP_MAP, &s->fd_map);
		else if (s->verb == BTFCASE_STEP_UPDATE && (v = opt(ps->tok[i], "flags")))
			err = update_flags(ps, v, s);
		else
			err = btfcase__bad(ps, name, "unknown option: '%s'", ps->tok[i]);
	}
	return err;
}

/* run <probe> | close <map>|<probe> | kernel struct|func <name> | btf */
static int step_simple(struct parser *ps, struct btfcase_step *s, int n)
{
	switch (s->verb) {
	case BTFCASE_STEP_BTF:
		if (ps->bc->btf_step >= 0)
			return btfcase__bad(ps, "btf", "a second btf step");
		ps->bc->btf_step = ps->bc->n_steps;
		return n == 1 ? 0 : btfcase__bad(ps, "btf", "want 'btf expect <outcome>'");
	case BTFCASE_STEP_RUN:
		if (n != 2)
			return btfcase__bad(ps, "run", "want 'run <probe> expect <retval>'");
		return object__ref(ps, "probe", ps->tok[1], BTFCASE_STEP_PROBE, &s->target);
	case BTFCASE_STEP_CLOSE:
		if (n != 2)
			return btfcase__bad(ps, "close", "want 'close <map>|<probe>'");
		return object__ref(ps, "name", ps->tok[1], BTFCASE_STEP__COUNT, &s->target);
	default:
		if (n != 3 || (strcmp(ps->tok[1], "struct") && strcmp(ps->tok[1], "func")))
			return btfcase__bad(ps, "kernel", "want 'kernel struct|func <name> expect <outcome>'");
		s->kernel_func = !strcmp(ps->tok[1], "func");
		s->name = strdup(ps->tok[2]);
		return s->name ? 0 : -ENOMEM;
	}
}

/* "expect <outcome>" at the end of the line: the number of tokens before it. */
static int step__expect(struct parser *ps, struct btfcase_step *s, int *n)
{
	*n = ps->ntok;
	if (ps->ntok >= 2 && !strcmp(ps->tok[ps->ntok - 2], "expect")) {
		*n = ps->ntok - 2;
		s->has_expect = true;
		if (s->verb == BTFCASE_STEP_CLOSE)
			return btfcase__bad(ps, "expect", "close has no outcome to expect");
		if (s->verb == BTFCASE_STEP_RUN)
			return btfcase__parse_retval(ps, ps->tok[ps->ntok - 1], &s->expect_value);
		return btfcase__parse_outcome(ps, ps->tok[ps->ntok - 1], &s->expect_err);
	}
	for (int i = 0; i < ps->ntok; i++)
		if (!strcmp(ps->tok[i], "expect"))
			return btfcase__bad(ps, "expect", "want 'expect <outcome>' at the end of the line");
	if (s->verb != BTFCASE_STEP_CLOSE)
		return btfcase__bad(ps, "expect", "missing: every step but close says what the kernel "
			   "must answer ('expect ok', 'expect -EINVAL'%s)",
			   s->verb == BTFCASE_STEP_RUN ? ", 'expect 0'" : "");
	return 0;
}

/* The statement as written, one blank between tokens, without "expect". */
static int step__text(struct parser *ps, struct btfcase_step *s, int n)
{
	size_t len = 0;
	char *p;

	for (int i = 0; i < n; i++)
		len += strlen(ps->tok[i]) + 1;
	s->text = p = malloc(len + 1);
	if (!p)
		return -ENOMEM;
	*p = 0;
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? " " : "", ps->tok[i]);
	return 0;
}

int btfcase__stmt_step(struct parser *ps, enum btfcase_verb verb)
{
	struct btfcase *bc = ps->bc;
	struct btfcase_step *s;
	int n, err;

	if (bc->n_steps >= BTFCASE_MAX_STEPS)
		return btfcase__bad(ps, btfcase_verb_names[verb], "more than %d steps", BTFCASE_MAX_STEPS);
	s = realloc(bc->steps, (bc->n_steps + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	bc->steps = s;
	s = &s[bc->n_steps];
	memset(s, 0, sizeof(*s));
	s->verb = verb;
	s->line = ps->line;
	s->target = s->inner = s->outer = s->fd_map = s->key_type = s->value_type = -1;
	s->ns = 10ULL * 1000 * 1000 * 1000;
	err = step__expect(ps, s, &n) ?: step__text(ps, s, n);
	if (!err && verb == BTFCASE_STEP_MAP)
		err = step_map(ps, s, n);
	else if (!err && verb == BTFCASE_STEP_PROBE)
		err = step_probe(ps, s, n);
	else if (!err && verb >= BTFCASE_STEP_UPDATE && verb <= BTFCASE_STEP_FREEZE)
		err = step_map_op(ps, s, n);
	else if (!err)
		err = step_simple(ps, s, n);
	bc->n_steps++;		/* owned by the case now, even half filled */
	ps->composite = -1;
	return err;
}

/* msg "<text>": C escapes \" \\ \n \t in the quoted text. */
int btfcase__stmt_msg(struct parser *ps, const char *rest)
{
	struct btfcase_step *s = ps->bc->n_steps ? &ps->bc->steps[ps->bc->n_steps - 1] : NULL;
	char *text, *q;
	const char *p = rest;
	bool closed;

	if (!s || s->verb == BTFCASE_STEP_CLOSE)
		return btfcase__bad(ps, "msg", "not after a step with a log");
	if (s->n_msgs >= BTFCASE_MAX_MSGS)
		return btfcase__bad(ps, "msg", "more than %d msg lines for one step", BTFCASE_MAX_MSGS);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '"')
		return btfcase__bad(ps, "msg", "want 'msg \"<text>\"'");
	text = q = malloc(strlen(p) + 1);
	if (!text)
		return -ENOMEM;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1] && strchr("\"\\nt", p[1]))
			p++, *q++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		else
			*q++ = *p;
	}
	*q = 0;
	closed = *p == '"';
	if (closed)
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
	if (!closed || *p || !text[0]) {
		free(text);
		return btfcase__bad(ps, "msg", "want one non-empty quoted text and nothing after it");
	}
	s->msgs[s->n_msgs++] = text;
	return 0;
}
