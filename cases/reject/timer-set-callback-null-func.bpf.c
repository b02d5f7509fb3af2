/* bpf_timer_set_callback's second argument must be a function pointer made
 * by ld_imm64 BPF_PSEUDO_FUNC; a NULL constant is a scalar, not PTR_TO_FUNC.
 * Enforced by: check_func_arg -> check_reg_type (ARG_PTR_TO_FUNC)
 * Rule: TMR-ARG-13
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
__failure __msg("R2 type=scalar expected=func") __errno(EACCES)
__rule("TMR-ARG-13")
__description("bpf_timer_set_callback(timer, NULL)")
__naked int timer_set_callback_null_func(void)
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
	"r2 = 0;"
	"call %[bpf_timer_set_callback];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem),
	  __imm(bpf_timer_set_callback)
	: __clobber_all);
}
