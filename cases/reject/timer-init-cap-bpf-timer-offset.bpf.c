/* Without CAP_PERFMON (Spectre v1 sanitation) a map value pointer may not be
 * moved onto a special field: val + 8 lands on the timer and is refused, so
 * a CAP_BPF-only program can only use a timer at value offset 0.
 * Enforced by: sanitize_check_bounds -> check_map_access (ACCESS_HELPER)
 * Rule: TMR-ARG-22
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
__failure_unpriv __caps_unpriv(CAP_BPF)
__msg_unpriv("bpf_timer cannot be accessed directly by load/store")
__msg_unpriv("R1 pointer arithmetic of map value goes out of range, prohibited for !root")
__errno(EACCES) __rule("TMR-ARG-22")
__description("CAP_BPF only: r1 = val + 8 (the timer) for bpf_timer_init")
__naked int timer_init_cap_bpf_timer_offset(void)
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
	"r2 = %[timer_map] ll;"
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
