/* Every lookup in a map-in-map gets its own map_uid, even with the same
 * key: the verifier cannot tell the two inner pointers are one map, so a
 * timer of the first may not be initialised with the second.
 * Enforced by: process_map_ptr_arg (map_uid from the lookup's register id)
 * Rule: TMR-ARG-11, TMR-ARG-12
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
__failure
__msg("timer pointer in R1 map_uid={{[1-9][0-9]*}} doesn't match map pointer in R2 map_uid={{[1-9][0-9]*}}")
__errno(EINVAL) __rule("TMR-ARG-11") __rule("TMR-ARG-12")
__description("outer map looked up twice with key 0; timer of one, map of the other")
__naked int timer_init_inner_map_same_key_twice(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[outer] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"			/* inner #1 */
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[outer] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r7 = r0;"			/* inner #2, same key */
	"r1 = r6;"
	"r2 = r10;"
	"r2 += -4;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r1 = r0;"
	"r1 += 8;"
	"r2 = r7;"
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
