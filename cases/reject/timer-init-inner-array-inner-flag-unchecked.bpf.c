/* An inner ARRAY declared with BPF_F_INNER_MAP may be replaced by arrays of
 * other sizes, so its lookups keep map_value_or_null even with key 0.
 * 7.3.4 elides NULL for inner arrays without the flag (see the accept twin).
 * Enforced by: can_elide_value_nullness (BPF_F_INNER_MAP), check_reg_type
 * Rule: TMR-ARG-04, TMR-ARG-03
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 tail;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_INNER_MAP);
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
__failure __msg("R1 type=map_value_or_null expected=map_value") __errno(EACCES)
__rule("TMR-ARG-04") __rule("TMR-ARG-03")
__description("BPF_F_INNER_MAP inner array lookup with key 0, no NULL check")
__naked int timer_init_inner_array_inner_flag_unchecked(void)
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
