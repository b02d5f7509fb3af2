/* Any tail call in the program turns private stacks off: a kprobe main of
 * 256 bytes that tail-calls and calls a 272-byte subprog is held to the
 * shared 512-byte budget and refused (without the tail call it would load).
 * Enforced by: check_max_stack_depth (has_tail_call -> NO_PRIV_STACK)
 * Rule: STK-09
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} jmp_table SEC(".maps");

/* 272 bytes of stack */
__naked __noinline __used
static int sub_272(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 272) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("kprobe/do_nanosleep")
__failure __msg("combined stack size of 2 calls is 528. Too large") __errno(EACCES)
__rule("STK-09")
__description("kprobe with a tail call: main 256 B + subprog 272 B")
__naked int stack_priv_kprobe_tail_call(void)
{
	asm volatile (
	"r6 = r1;"
	"r2 = 0;"
	"*(u64 *)(r10 - 256) = r2;"
	"call sub_272;"
	"r1 = r6;"
	"r2 = %[jmp_table] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(jmp_table), __imm(bpf_tail_call)
	: __clobber_all);
}
