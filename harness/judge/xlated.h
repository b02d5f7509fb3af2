/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlated.h: the program as the verifier rewrote it, printed as the
 * selftests' test_loader prints it for __xlated.
 */
#ifndef TWC_JUDGE_XLATED_H
#define TWC_JUDGE_XLATED_H

#include <stddef.h>

/*
 * The text of len bytes of struct bpf_insn (an XLATED record), as
 * test_loader's get_xlated_program_text() writes it: one line "N: insn"
 * per instruction, N its index (an ld_imm64 takes two), disassembled by
 * the kernel's own printer (kernel/bpf/disasm.c) through the selftests'
 * disasm_helpers.c, both built from the pinned source tree (Makefile:
 * DISASM_A), so the text is upstream's to the byte: "(85) call foo#10"
 * becomes "call foo", an instruction is cut at 63 characters.  A trailing
 * byte short of an instruction is dropped; an ld_imm64 cut in half reads
 * zeros.  *text is malloc'd.  0 or -ENOMEM.
 */
int xlated__text(const unsigned char *insns, size_t len, char **text);

#endif /* TWC_JUDGE_XLATED_H */
