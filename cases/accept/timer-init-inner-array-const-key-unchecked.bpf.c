/* The NULL elision also applies to a lookup in an inner ARRAY with a
 * constant in-range key: without BPF_F_INNER_MAP every inner array must have
 * the template's max_entries (array_map_meta_equal), so the key is in range.
 * Enforced by: can_elide_value_nullness (map_flags of inner_map_meta)
 * Rule: TMR-ARG-04, TMR-ARG-19
 * rules.md says non-inner ARRAY only; 7.3.4 elides for inner arrays too, refusing only BPF_F_INNER_MAP.
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 tail;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner },
};

SEC("tc")
__success
__rule("TMR-ARG-04") __rule("TMR-ARG-19")
__description("inner array lookup with constant key 0, no NULL check")
__naked int timer_init_inner_array_const_key_unchecked(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"	/* key 0: STACK_ZERO */
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[outer] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r1 = r0;"
	"r2 = r10;"
	"r2 += -4;"
	"call %[bpf_map_lookup_elem];"
	"r1 = r0;"			/* no NULL check on purpose */
	"r2 = r6;"
	"r3 = %[clock];"
	"call %[bpf_timer_init];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(outer), __imm_const(clock, CLOCK_MONOTONIC),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init)
	: __clobber_all);
}
