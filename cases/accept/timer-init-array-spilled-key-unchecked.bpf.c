/* The NULL elision for ARRAY lookups also takes a constant key spilled from
 * a register: a 4-byte spill of 1 at an 8-aligned slot, in range 0..1.
 * Enforced by: get_constant_map_key, can_elide_value_nullness
 * Rule: TMR-ARG-04
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
__success
__rule("TMR-ARG-04")
__description("array lookup with key 1 from a 4-byte register spill, no NULL check")
__naked int timer_init_array_spilled_key_unchecked(void)
{
	asm volatile (
	"r1 = 1;"
	"*(u32 *)(r10 - 8) = r1;"	/* 4-byte spill at an 8-aligned slot */
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
