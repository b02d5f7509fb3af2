/* The CFG walk follows both sides of every conditional jump, but do_check
 * verifies an async callback only when it reaches the set_callback call:
 * a callback installed on a branch proven dead is never verified, so its
 * illegal return value (1) is not seen and the dead code is removed.
 * Enforced by: check_cfg, push_callback_call (only on a live path), opt_remove_dead_code
 * Rule: CB-CFG-01 (allowed side), CB-DO-01
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-CFG-01") __rule("CB-DO-01")
__description("callback returning 1 installed only on a dead branch")
__naked int cb_installed_on_dead_branch(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r7 = 0;"
	"if r7 == 0 goto 1f;"		/* always taken: r7 is the constant 0 */
	"r1 = r6;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
