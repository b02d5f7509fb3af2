/* The NULL elision for ARRAY lookups needs the constant key to be in range:
 * key 2 of a 2-entry array keeps map_value_or_null.
 * Enforced by: check_helper_call (const_map_key < max_entries), check_reg_type
 * Rule: TMR-ARG-04, TMR-ARG-03
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 tail;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("R1 type=map_value_or_null expected=map_value") __errno(EACCES)
__rule("TMR-ARG-04") __rule("TMR-ARG-03")
__description("array lookup with constant key 2 of max_entries 2, no NULL check")
__naked int timer_init_array_key_out_of_range(void)
{
	asm volatile (
	"r1 = 2;"
	"*(u32 *)(r10 - 8) = r1;"
	"r2 = r10;"
	"r2 += -8;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"r1 = r0;"			/* no NULL check on purpose */
	"r2 = %[timer_map] ll;"
	"r3 = %[clock];"
	"call %[bpf_timer_init];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_const(clock, CLOCK_MONOTONIC),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init)
	: __clobber_all);
}
