/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jited.h: a program's JIT image, printed as the selftests' test_loader
 * prints it for __jited (jit_disasm_helpers.c, get_jited_program_text()).
 */
#ifndef TWC_JUDGE_JITED_H
#define TWC_JUDGE_JITED_H

#include <stddef.h>
#include <stdint.h>

/*
 * The text of an x86-64 JIT image of n_lens functions (a JITED record:
 * lens[i] bytes each, one after the other in image, len bytes in all),
 * as test_loader writes it, disassembled by LLVM's C disassembler
 * (llvm-c/Disassembler.h, AT&T syntax, immediates in hex):
 *
 *   func #0:
 *   0:\tf3 0f 1e fa                         \tendbr64
 *   ...
 *   2f:\teb 02                               L0:\tjmp\tL1
 *   <empty line after each function>
 *
 * A line is the offset in the function (hex), a tab, each byte as "%02x "
 * padded with spaces to 36 columns, the label of a jump target inside the
 * function ("L<n>:", numbered in the order of the targets' offsets, at
 * most 32 a function), then LLVM's text (cut at 63 characters; a jump to
 * a label names it).  0 with *text (malloc'd); -ENOMEM; -EINVAL when the
 * lengths overrun the image or LLVM cannot make its disassembler
 * (*bad says which); -EILSEQ when LLVM cannot decode an instruction:
 * *bad (malloc'd) names the function, the offset and up to 16 bytes
 * there, as test_loader prints them.
 */
int jited__text(const unsigned char *image, size_t len, const uint32_t *lens, int n_lens,
		char **text, char **bad);

#endif /* TWC_JUDGE_JITED_H */
