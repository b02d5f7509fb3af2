/* Where helpers may take packet pointers (cgroup sockopt: optval is a
 * packet pointer), the timer argument type check still refuses them.
 * Enforced by: check_func_arg -> check_reg_type (timer_types)
 * Rule: TMR-ARG-03
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("cgroup/getsockopt")
__failure __msg("R1 type=pkt expected=map_value") __errno(EACCES)
__rule("TMR-ARG-03")
__description("bpf_timer_init on ctx->optval of a getsockopt program")
__naked int timer_init_sockopt_packet(void)
{
	asm volatile (
	"r1 = *(u64 *)(r1 + %[optval]);"
	"r2 = %[timer_map] ll;"
	"r3 = %[clock];"
	"call %[bpf_timer_init];"
	"r0 = 1;"
	"exit;"
	:
	: __imm_const(optval, offsetof(struct bpf_sockopt, optval)),
	  __imm_addr(timer_map), __imm_const(clock, CLOCK_MONOTONIC),
	  __imm(bpf_timer_init)
	: __clobber_all);
}
