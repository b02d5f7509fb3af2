/* A synchronous callback runs on top of its caller's stack and is counted
 * at its ld_imm64 reference: main 256 bytes + bpf_loop callback 256 bytes
 * is 512 bytes.
 * Enforced by: check_max_stack_depth_subprog (bpf_pseudo_func of a non-async cb)
 * Rule: STK-05
 */
#include "twc.h"

/* 256 bytes of stack; returns 0 (continue) */
__naked __noinline __used
static int loop_cb(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success
__rule("STK-05")
__description("main 256 B + bpf_loop(loop_cb 256 B)")
__naked int stack_bpf_loop_cb_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r1 = 1;"
	"r2 = %[loop_cb] ll;"
	"r3 = 0;"
	"r4 = 0;"
	"call %[bpf_loop];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(loop_cb), __imm(bpf_loop)
	: __clobber_all);
}
