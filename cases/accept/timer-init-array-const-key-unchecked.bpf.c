/* On 7.3 a lookup in a plain ARRAY with a verifier-constant in-range key
 * returns a non-NULL map_value, so timer helpers accept the result without
 * a NULL check (6.12 rejects the same program with map_value_or_null).
 * Enforced by: can_elide_value_nullness (check_helper_call), check_reg_type
 * Rule: TMR-ARG-04
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-04")
__description("array lookup with constant key 0, no NULL check, timer helpers")
__naked int timer_init_array_const_key_unchecked(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"	/* key 0: four STACK_ZERO bytes */
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"r6 = r0;"			/* no NULL check on purpose */
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"r3 = %[clock];"
	"call %[bpf_timer_init];"
	"r1 = r6;"
	"r2 = %[timer_cb] ll;"
	"call %[bpf_timer_set_callback];"
	"r1 = r6;"
	"r2 = 1000;"
	"r3 = 0;"
	"call %[bpf_timer_start];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_addr(timer_cb),
	  __imm_const(clock, CLOCK_MONOTONIC),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init),
	  __imm(bpf_timer_set_callback), __imm(bpf_timer_start)
	: __clobber_all);
}
