/* The NULL elision needs a spill exactly as wide as the key: 0 spilled as a
 * u64 and read as a 4-byte key is not taken as a constant key.
 * Enforced by: get_constant_map_key (spill_size != key_size), check_reg_type
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
__description("array lookup with key 0 spilled as 8 bytes for a 4-byte key, no NULL check")
__naked int timer_init_array_key_wide_spill(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u64 *)(r10 - 8) = r1;"	/* 8-byte spill, key is its low half */
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
