// SPDX-License-Identifier: GPL-2.0
/*
 * xlated.c: the translated program of an XLATED record as text (xlated.h).
 *
 * The disassembler is upstream's, linked from the pinned source tree, not
 * a copy: test_loader matches __xlated against what it prints, so any
 * other printer would match other text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include "judge/xlated.h"
#include "lib/sbuf.h"

/* tools/testing/selftests/bpf/disasm_helpers.c of the pinned tree: prints
 * insn into buf and returns the next instruction. */
struct bpf_insn *disasm_insn(struct bpf_insn *insn, char *buf, size_t buf_sz);

int xlated__text(const unsigned char *bytes, size_t len, char **text)
{
	size_t n = len / sizeof(struct bpf_insn);
	/* one zero instruction more: the second half of an ld_imm64 cut off */
	struct bpf_insn *insns = calloc(n + 1, sizeof(*insns)), *insn = insns;
	struct sbuf sb = {};
	char buf[64];	/* test_loader's: longer text is cut */
	int err = insns ? 0 : -ENOMEM;

	if (n)
		memcpy(insns, bytes, n * sizeof(*insns));
	while (!err && insn < insns + n) {
		long i = insn - insns;

		insn = disasm_insn(insn, buf, sizeof(buf));
		err = sbuf__addf(&sb, "%ld: %s\n", i, buf);
	}
	free(insns);
	if (!err && !sb.buf)
		err = sbuf__add(&sb, "", 0);
	if (err) {
		sbuf__free(&sb);
		return -ENOMEM;
	}
	*text = sbuf__detach(&sb);
	return 0;
}
