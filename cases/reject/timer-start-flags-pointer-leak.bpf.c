/* Without CAP_PERFMON pointers may not leak into ARG_ANYTHING arguments:
 * a map value pointer as bpf_timer_start's flags is refused.
 * Enforced by: check_func_arg (ARG_ANYTHING, is_pointer_value)
 * Rule: TMR-ARG-15
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;	/* at 0: see reject/timer-init-cap-bpf-timer-offset */
	u64 tail;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("socket")
__failure_unpriv __msg_unpriv("R3 leaks addr into helper function")
__errno(EACCES) __caps_unpriv(CAP_BPF) __rule("TMR-ARG-15")
__description("CAP_BPF only: bpf_timer_start(&val->t, 1000, (u64)val)")
__naked int timer_start_flags_pointer_leak(void)
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
	"r2 = 1000;"
	"r3 = r0;"			/* the value pointer as flags */
	"call %[bpf_timer_start];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm(bpf_timer_start)
	: __clobber_all);
}
