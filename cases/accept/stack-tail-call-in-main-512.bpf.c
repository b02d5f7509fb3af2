/* The 256-byte rule is about subprogs that tail-call; a tail call in the
 * main program is not limited by it: main 496 bytes doing a tail call and
 * calling a 16-byte subprog is accepted.
 * Enforced by: check_max_stack_depth_subprog (idx && has_tail_call)
 * Rule: STK-07
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
} jmp_table SEC(".maps");

__naked __noinline __used
static int sub_16(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 16) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-07")
__description("main 496 B with its own tail call, calling a 16 B subprog")
__naked int stack_tail_call_in_main_512(void)
{
	asm volatile (
	"r6 = r1;"
	"r2 = 0;"
	"*(u64 *)(r10 - 496) = r2;"
	"call sub_16;"
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
