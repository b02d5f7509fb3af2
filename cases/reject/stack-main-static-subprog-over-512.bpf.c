/* Without callbacks the main program and a static subprog it calls share
 * one 512-byte budget: 256 + 272 bytes is refused after do_check.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-02
 */
#include "twc.h"

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

SEC("tc")
__failure __msg("combined stack size of 2 calls is 528. Too large") __errno(EACCES)
__rule("STK-02")
__description("tc: main 256 B + static subprog 272 B = 528 B")
__naked int stack_main_static_subprog_over_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"call sub_272;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
