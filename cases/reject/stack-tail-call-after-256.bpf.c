/* A subprog that does a tail call may not be entered when the frames below
 * it already use 256 bytes or more: main 256 bytes calling it is refused.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-07
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} jmp_table SEC(".maps");

/* tail call through jmp_table[0] with the ctx it was given in r1 */
__naked __noinline __used
static int tail_sub(void)
{
	asm volatile (
	"r2 = %[jmp_table] ll;"
	"r3 = 0;"
	"call %[bpf_tail_call];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(jmp_table), __imm(bpf_tail_call)
	: __clobber_all);
}

SEC("tc")
__failure __msg("tail_calls are not allowed when call stack of previous frames is 256 bytes. Too large")
__errno(EACCES) __rule("STK-07")
__description("main 256 B calls a subprog that tail-calls")
__naked int stack_tail_call_after_256(void)
{
	asm volatile (
	"r2 = 0;"
	"*(u64 *)(r10 - 256) = r2;"
	"call tail_sub;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
