// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_btfcase.c: libFuzzer target for the BTF case reader and builder
 * (case/btfcase_*.c), which both the host tool and the guest run on case files.
 * Any input must parse or fail with a message naming a line and a field,
 * and a case that parses must build or fail the same way; never crash,
 * leak or read out of bounds (ASan, UBSan).  `make fuzz` runs it briefly,
 * seeded with the corpus's own case files.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "case/btfcase.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfcase bc;
	struct btf *btf = NULL;
	int err;

	libbpf_set_print(quiet);
	err = btfcase__parse(&bc, (const char *)data, size);
	if (!err)
		err = btfcase__build(&bc, &btf);
	if (err && (!bc.error || strncmp(bc.error, "line ", 5) || !strstr(bc.error, "field '")))
		abort();	/* every refusal names the line and the field */
	btf__free(btf);
	btfcase__free(&bc);
	return 0;
}
