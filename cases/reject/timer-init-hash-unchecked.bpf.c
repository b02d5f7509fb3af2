/* A hash lookup result that was not NULL-checked is map_value_or_null and
 * does not match the timer helpers' map_value argument type.
 * Enforced by: check_func_arg -> check_reg_type
 * Rule: TMR-ARG-03
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("R1 type=map_value_or_null expected=map_value") __errno(EACCES)
__rule("TMR-ARG-03")
__description("bpf_timer_init on an unchecked hash lookup result")
__naked int timer_init_hash_unchecked(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
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
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm(bpf_timer_init)
	: __clobber_all);
}
