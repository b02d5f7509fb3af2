/* A register store that is not 8-byte aligned is not tracked as a spill:
 * key 1 stored as u32 at fp-4 is unknown, so no NULL elision (a 0 stored
 * there would be STACK_ZERO and elided).
 * Enforced by: check_stack_write_fixed_off, get_constant_map_key, check_reg_type
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
__description("array lookup with key 1 stored as u32 at fp-4, no NULL check")
__naked int timer_init_array_key_unaligned_store(void)
{
	asm volatile (
	"r1 = 1;"
	"*(u32 *)(r10 - 4) = r1;"	/* fp-4: not 8-aligned */
	"r2 = r10;"
	"r2 += -4;"
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
