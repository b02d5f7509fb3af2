/* Every stack access must end below the frame pointer: a store at r10+0 is
 * refused.
 * Enforced by: check_stack_access_within_bounds
 * Rule: STK-01
 */
#include "twc.h"

SEC("tc")
__failure __msg("invalid write to stack R10 off=0 size=8") __errno(EACCES)
__rule("STK-01")
__description("main stores at r10+0")
__naked int stack_main_write_at_fp(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 + 0) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
