// SPDX-License-Identifier: GPL-2.0
/*
 * result.c: result codes, and setting and freeing a result (result.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/result.h"
#include "lib/sbuf.h"

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

const char *result__class(const struct result *r)
{
	switch (r->code) {
	case RES_PASS: return "pass";
	case RES_SKIP: return "skip";
	case RES_XFAIL: return "xfail";
	case RES_FAIL: case RES_XPASS: return "kernel";
	case RES_CRASH: return "kernel-crash";
	default: return "harness";
	}
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

void verdict__free(struct verdict *row)
{
	free(row->id);
	free(row->outcome);
	free(row->errno_s);
	free(row->message);
	memset(row, 0, sizeof(*row));
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
