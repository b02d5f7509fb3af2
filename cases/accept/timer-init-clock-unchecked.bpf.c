/* bpf_timer_init's flags (clock id) are ARG_ANYTHING: the verifier does not
 * check the value; clock id 99 and an unknown value both load and fail
 * only at run time (-EINVAL).
 * Enforced by: check_func_arg (ARG_ANYTHING); bpf_timer_init at run time
 * Rule: TMR-ARG-15, TMR-ARG-16
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
__success __rule("TMR-ARG-15") __rule("TMR-ARG-16")
__description("bpf_timer_init with clock id 99, then with a random clock id")
__naked int timer_init_clock_unchecked(void)
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
	"r6 += 8;"
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"r3 = 99;"
	"call %[bpf_timer_init];"
	"call %[bpf_get_prandom_u32];"
	"r3 = r0;"
	"r1 = r6;"
	"r2 = %[timer_map] ll;"
	"call %[bpf_timer_init];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem),
	  __imm(bpf_get_prandom_u32), __imm(bpf_timer_init)
	: __clobber_all);
}
