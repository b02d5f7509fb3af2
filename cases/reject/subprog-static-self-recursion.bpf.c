/* A static subprog that calls itself forms a cycle in the direct-call
 * graph; 7.3 rejects it before do_check (6.12 ran out of call frames).
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-02, CB-CFG-05
 */
#include "twc.h"

/* r1 counts down; calls itself until it reaches 0 */
__naked __noinline __used
static int count_down(void)
{
	asm volatile (
	"if r1 == 0 goto 1f;"
	"r1 += -1;"
	"call count_down;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("recursive call from count_down() to count_down()") __errno(EINVAL)
__rule("CB-REC-02") __rule("CB-CFG-05")
__description("static subprog calls itself")
__naked int subprog_static_self_recursion(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"r1 = r0;"
	"r1 &= 7;"
	"call count_down;"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}
