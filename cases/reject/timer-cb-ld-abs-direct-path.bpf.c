/* LD_ABS may not be in a subprog that is an async callback, even on a
 * path reached only when main calls it directly with its ctx (as a
 * callback R2 is a non-NULL key and the branch skips the LD_ABS).
 * rules.md says ctx errors trigger first in practice; this shape reaches the callback check.
 * Enforced by: check_max_stack_depth_subprog (has_ld_abs, is_cb)
 * Rule: CB-CTX-07
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

/* direct call: r1 = ctx, r2 = 0; callback: r1 = map, r2 = key */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"if r2 != 0 goto 1f;"
	"r6 = r1;"
	"r0 = *(u8 *)skb[0];"
	"1:"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("cannot use BPF_LD_[ABS|IND] within callback") __errno(EINVAL)
__rule("CB-CTX-07")
__description("LD_ABS on the direct-call path of a subprog that is also a timer callback")
__naked int timer_cb_ld_abs_direct_path(void)
{
	asm volatile (
	"r6 = r1;"
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r1 = r0;"
	"r2 = timer_cb ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = r6;"
	"r2 = 0;"
	"call timer_cb;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
