/* The timer pointer must have a constant offset: a map value pointer moved
 * by an unknown (bounded) amount is refused before the offset comparison.
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-05
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("R1 doesn't have constant offset. bpf_timer has to be at the constant offset")
__errno(EINVAL) __rule("TMR-ARG-05")
__description("bpf_timer_init on val + (prandom & 16)")
__naked int timer_init_variable_offset(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r6 = r0;"
	"call %[bpf_get_prandom_u32];"
	"r0 &= 16;"
	"r6 += r0;"
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"r3 = 1;"
	"call %[bpf_timer_init];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem),
	  __imm(bpf_get_prandom_u32), __imm(bpf_timer_init)
	: __clobber_all);
}
