// SPDX-License-Identifier: GPL-2.0
/*
 * jited.c: the JIT image of a JITED record as text (jited.h).
 *
 * test_loader matches __jited against what its jit_disasm_helpers.c
 * prints with LLVM's C disassembler, so this prints with the same API and
 * the same conventions: two passes over each function, the first to find
 * the jump targets inside it (LLVM asks the symbol callback about every
 * branch), the second to print each instruction with the targets named
 * "L<n>".  Written for twc from those conventions, not copied.
 *
 * The image is always x86-64 (the guest's JIT), so the triple is fixed;
 * test_loader takes the host's default triple, CPU and features, which
 * on an x86-64 test machine print the same text.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Disassembler.h>
#include <llvm-c/Target.h>

#include "judge/jited.h"
#include "lib/sbuf.h"

#define JITED_TRIPLE	"x86_64-pc-linux-gnu"
#define MAX_LABELS	32	/* test_loader's MAX_LOCAL_LABELS */
#define LINE_BYTES	12	/* bytes shown before the padding stops */

/* The jump targets of one function: found in the first pass (each branch
 * LLVM reports, in order, repeats included, as test_loader keeps them),
 * sorted, then named by their index in the second. */
struct labels {
	bool naming;		/* second pass: answer with names */
	uint32_t len;		/* the function's bytes: a target must be inside */
	uint32_t n;
	uint32_t pcs[MAX_LABELS];
	char names[MAX_LABELS][8];
};

/* LLVM's symbol callback: a branch target inside the function is noted
 * (first pass) or named (second pass); nothing else gets a name. */
static const char *labels__lookup(void *data, uint64_t value, uint64_t *type, uint64_t pc,
				  const char **name)
{
	struct labels *l = data;
	uint64_t kind = *type;

	*type = LLVMDisassembler_ReferenceType_InOut_None;
	*name = NULL;
	if (kind != LLVMDisassembler_ReferenceType_In_Branch)
		return NULL;
	if (l->naming) {
		for (uint32_t i = 0; i < l->n; i++)
			if (l->pcs[i] == value)
				return l->names[i];
	} else if (l->n < MAX_LABELS && value < l->len) {
		l->pcs[l->n++] = value;
	}
	return NULL;
}

static int u32__cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* One function's disassembly, as test_loader's disasm_one_func(). */
struct func {
	LLVMDisasmContextRef ctx;
	const unsigned char *code;
	uint32_t len;
	int index;		/* func #index */
	struct labels labels;
};

/* "func #i offset 0x..: bytes" of an instruction LLVM cannot decode. */
static int func__bad(const struct func *f, uint32_t pc, char **bad)
{
	struct sbuf sb = {};

	if (sbuf__addf(&sb, "func #%d, offset %#x:", f->index, pc))
		return -ENOMEM;
	for (uint32_t i = 0; i < 16 && pc + i < f->len; i++)
		if (sbuf__addf(&sb, " %02x", f->code[pc + i]))
			return sbuf__free(&sb), -ENOMEM;
	*bad = sbuf__detach(&sb);
	return *bad ? -EILSEQ : -ENOMEM;
}

/* One instruction at pc into buf; its length, or func__bad()'s error. */
static int func__insn(struct func *f, uint32_t pc, char *buf, size_t size, char **bad)
{
	size_t n = LLVMDisasmInstruction(f->ctx, (uint8_t *)f->code + pc, f->len - pc, pc, buf,
					 size);

	return n > 0 ? (int)n : func__bad(f, pc, bad);
}

/* The first pass: every jump target inside the function, sorted, named. */
static int func__find_labels(struct func *f, char **bad)
{
	char buf[64];
	int n;

	for (uint32_t pc = 0; pc < f->len; pc += n) {
		n = func__insn(f, pc, buf, 1, bad);
		if (n < 0)
			return n;
	}
	qsort(f->labels.pcs, f->labels.n, sizeof(f->labels.pcs[0]), u32__cmp);
	for (uint32_t i = 0; i < f->labels.n && i < MAX_LABELS; i++)
		snprintf(f->labels.names[i], sizeof(f->labels.names[i]), "L%u", i);
	f->labels.naming = true;
	return 0;
}

/* One line: "<pc>:\t<bytes, padded><label:><text>". */
static int func__line(struct func *f, struct sbuf *sb, uint32_t pc, int n, const char *text)
{
	/* bsearch as test_loader's: with a target found twice, the one it hits */
	uint32_t *at = bsearch(&pc, f->labels.pcs, f->labels.n, sizeof(pc), u32__cmp);
	const char *label = at ? f->labels.names[at - f->labels.pcs] : "";
	int err = sbuf__addf(sb, "%x:\t", pc);

	for (int i = 0; i < n && !err; i++)
		err = sbuf__addf(sb, "%02x ", f->code[pc + i]);
	for (int i = n; i < LINE_BYTES && !err; i++)
		err = sbuf__adds(sb, "   ");
	return err ?: sbuf__addf(sb, "%s%s%s\n", label, at ? ":" : "", text);
}

/* Both passes over one function into sb. */
static int func__print(struct func *f, struct sbuf *sb, char **bad)
{
	char buf[64];	/* test_loader's: longer text is cut */
	int n, err = func__find_labels(f, bad);

	for (uint32_t pc = 0; !err && pc < f->len; pc += n) {
		n = func__insn(f, pc, buf, sizeof(buf), bad);
		err = n < 0 ? n : func__line(f, sb, pc, n, buf);
	}
	return err;
}

/* LLVM's x86 parts, registered once (test_loader registers every target). */
static void llvm__init(void)
{
	static bool done;

	if (done)
		return;
	LLVMInitializeX86TargetInfo();
	LLVMInitializeX86TargetMC();
	LLVMInitializeX86Disassembler();
	done = true;
}

/* "func #i:", the function's lines and an empty line. */
static int func__text(struct func *f, struct sbuf *sb, char **bad)
{
	int err;

	f->ctx = LLVMCreateDisasmCPUFeatures(JITED_TRIPLE, "", "", &f->labels, 0, NULL,
					     labels__lookup);
	if (!f->ctx || LLVMSetDisasmOptions(f->ctx, LLVMDisassembler_Option_PrintImmHex) != 1) {
		if (f->ctx)
			LLVMDisasmDispose(f->ctx);
		*bad = strdup("LLVM cannot make an x86-64 disassembler (" JITED_TRIPLE ")");
		return *bad ? -EINVAL : -ENOMEM;
	}
	err = sbuf__addf(sb, "func #%d:\n", f->index) ?: func__print(f, sb, bad) ?:
	      sbuf__adds(sb, "\n");
	LLVMDisasmDispose(f->ctx);
	return err;
}

int jited__text(const unsigned char *image, size_t len, const uint32_t *lens, int n_lens,
		char **text, char **bad)
{
	struct sbuf sb = {};
	size_t off = 0;
	int err = 0;

	*text = *bad = NULL;
	llvm__init();
	for (int i = 0; i < n_lens && !err; off += lens[i++]) {
		struct func f = { .code = image + off, .len = lens[i], .index = i,
				  .labels.len = lens[i] };

		if (lens[i] > len - off) {
			err = asprintf(bad, "func #%d: %u bytes past the image's %zu", i, lens[i],
				       len) < 0 ? -ENOMEM : -EINVAL;
			break;
		}
		err = func__text(&f, &sb, bad);
	}
	if (!err && !sb.buf)
		err = sbuf__add(&sb, "", 0);
	if (err) {
		sbuf__free(&sb);
		return err;
	}
	*text = sbuf__detach(&sb);
	return *text ? 0 : -ENOMEM;
}
