/* Every stack access must lie within 512 bytes below the frame pointer: a
 * load from r10-520 is refused (root may read uninitialised stack, but not
 * outside the 512 bytes).
 * Enforced by: check_stack_access_within_bounds
 * Rule: STK-01
 */
#include "twc.h"

SEC("tc")
__failure __msg("invalid read from stack R10 off=-520 size=8") __errno(EACCES)
__rule("STK-01")
__description("main loads from r10-520")
__naked int stack_main_read_beyond_512(void)
{
	asm volatile (
	"r0 = *(u64 *)(r10 - 520);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
