/* Without callbacks the main program and a static subprog it calls share
 * one 512-byte budget: 256 + 256 bytes is exactly at the limit.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-02
 */
#include "twc.h"

/* 256 bytes of stack */
__naked __noinline __used
static int sub_256(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("STK-02")
__description("tc: main 256 B + static subprog 256 B = 512 B")
__naked int stack_main_static_subprog_512(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 256) = r1;"
	"call sub_256;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
