/* bpf_timer_init's map argument must be a map pointer; a pointer to the
 * lookup key on the stack is refused.
 * Enforced by: check_func_arg -> check_reg_type (ARG_CONST_MAP_PTR)
 * Rule: TMR-ARG-10
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("R2 type=fp expected=map_ptr") __errno(EACCES)
__rule("TMR-ARG-10")
__description("bpf_timer_init(&val->t, &key, CLOCK_MONOTONIC)")
__naked int timer_init_map_arg_stack(void)
{
	asm volatile (
	"r1 = 0;"
	"*(u32 *)(r10 - 4) = r1;"
	"r2 = r10;"
	"r2 += -4;"
	"r1 = %[timer_map] ll;"
	"call %[bpf_map_lookup_elem];"
	"if r0 == 0 goto 1f;"
	"r1 = r0;"
	"r1 += 8;"
	"r2 = r10;"
	"r2 += -4;"
	"r3 = %[clock];"
	"call %[bpf_timer_init];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm_const(clock, CLOCK_MONOTONIC),
	  __imm(bpf_map_lookup_elem), __imm(bpf_timer_init)
	: __clobber_all);
}
