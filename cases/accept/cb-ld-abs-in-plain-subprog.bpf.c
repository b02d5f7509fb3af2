/* LD_ABS is fine in a subprog that is not a callback, in a program that
 * also installs a timer callback.
 * Enforced by: check_max_stack_depth_subprog (has_ld_abs, is_cb)
 * Rule: CB-CTX-07 (allowed side)
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
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

__naked __noinline __used
static int load_byte(void)
{
	asm volatile (
	"r6 = r1;"
	"r0 = *(u8 *)skb[0];"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__success __rule("CB-CTX-07")
__description("LD_ABS in a plain subprog beside a timer callback")
__naked int cb_ld_abs_in_plain_subprog(void)
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
	"call load_byte;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map),
	  __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
