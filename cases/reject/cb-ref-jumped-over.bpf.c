/* A callback is reachable only through an ld_imm64 reference that the CFG
 * walk reaches; a reference that an unconditional jump skips leaves the
 * reference and the whole callback body unreachable.
 * Enforced by: check_cfg (visit_insn, visit_func_call_insn)
 * Rule: CB-CFG-01
 */
#include "twc.h"

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("unreachable insn 1") __errno(EINVAL)
__rule("CB-CFG-01")
__description("the only reference to the callback is jumped over")
__naked int cb_ref_jumped_over(void)
{
	asm volatile (
	"goto 1f;"
	"r2 = timer_cb ll;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}
