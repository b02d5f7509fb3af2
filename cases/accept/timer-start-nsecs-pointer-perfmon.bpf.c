/* With CAP_PERFMON (pointer leaks allowed) a pointer in an ARG_ANYTHING
 * argument is accepted, and the value pointer may be moved onto the timer
 * at offset 8; CAP_BPF and CAP_PERFMON suffice, no CAP_SYS_ADMIN.
 * Enforced by: check_func_arg (ARG_ANYTHING), sanitize_check_bounds
 * Rule: TMR-ARG-15, TMR-ARG-22
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

SEC("socket")
__success_unpriv __caps_unpriv(CAP_BPF | CAP_PERFMON)
__rule("TMR-ARG-15") __rule("TMR-ARG-22")
__description("CAP_BPF and CAP_PERFMON: bpf_timer_start(&val->t, (u64)val, 0)")
__naked int timer_start_nsecs_pointer_perfmon(void)
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
	"r2 = r0;"			/* the value pointer as nsecs */
	"r3 = 0;"
	"call %[bpf_timer_start];"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(timer_map), __imm(bpf_map_lookup_elem), __imm(bpf_timer_start)
	: __clobber_all);
}
