/* Two static subprogs calling each other (ping -> pong -> ping) form a
 * cycle in the direct-call graph.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-02, CB-CFG-05
 */
#include "twc.h"

__naked __noinline __used
static int pong(void)
{
	asm volatile (
	"if r1 == 0 goto 1f;"
	"r1 += -1;"
	"call ping;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int ping(void)
{
	asm volatile (
	"if r1 == 0 goto 1f;"
	"r1 += -1;"
	"call pong;"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("recursive call from pong() to ping()") __errno(EINVAL)
__rule("CB-REC-02") __rule("CB-CFG-05")
__description("ping calls pong, pong calls ping")
__naked int subprog_mutual_recursion(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"r1 = r0;"
	"r1 &= 7;"
	"call ping;"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}
