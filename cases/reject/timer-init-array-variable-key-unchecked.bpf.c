/* NULL elision for array lookups needs a verifier-constant key: with an
 * unknown key the result stays map_value_or_null and the timer helper
 * refuses it.
 * Enforced by: check_func_arg (get_constant_map_key), check_reg_type
 * Rule: TMR-ARG-04, TMR-ARG-03
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

SEC("tc")
__failure __msg("R1 type=map_value_or_null expected=map_value") __errno(EACCES)
__rule("TMR-ARG-04") __rule("TMR-ARG-03")
__description("array lookup with an unknown key, no NULL check, bpf_timer_init")
__naked int timer_init_array_variable_key_unchecked(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"r0 &= 1;"
	"*(u32 *)(r10 - 4) = r0;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"r1 = r0;"			/* no NULL check */
	"r2 = %[timer_map] ll;"
	"r3 = 1;"
	"call %[bpf_timer_init];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem),
	  __imm(bpf_get_prandom_u32), __imm(bpf_timer_init)
	: __clobber_all);
}
