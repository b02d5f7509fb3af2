/* bpf_timer_init's map argument must be a map pointer that is known not to
 * be NULL: an unchecked map-in-map lookup result is map_ptr_or_null.
 * Enforced by: check_func_arg -> check_reg_type (ARG_CONST_MAP_PTR)
 * Rule: TMR-ARG-10
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
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
__failure __msg("R2 type=map_ptr_or_null expected=map_ptr") __errno(EACCES)
__rule("TMR-ARG-10")
__description("bpf_timer_init with an inner map that was not NULL-checked")
__naked int timer_init_map_arg_inner_unchecked(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[outer] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r1 = r0;"
	"r2 = r10;"
	"r2 += -4;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[outer] ll;"
	"call %[bpf_map_lookup_elem];"	/* second inner pointer, unchecked */
	"r2 = r0;"
	"r1 = r6;"
	"r1 += 8;"
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
