/* The helpers' GPL check runs only on calls the verifier reaches: a
 * non-GPL program whose bpf_timer_init sits behind a branch the verifier
 * knows is never taken loads (the kfunc check is stricter, see
 * reject/kfunc-non-gpl-dead-call).
 * Enforced by: check_helper_call (gpl_only, reached calls only)
 * Rule: TMR-ARG-02
 */
#define TWC_NO_LICENSE
#include "twc.h"

char _license[] SEC("license") = "Proprietary";

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
__success __rule("TMR-ARG-02")
__description("non-GPL program, bpf_timer_init only on a dead branch")
__naked int timer_init_non_gpl_dead_code(void)
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
	"r6 = 0;"
	"if r6 == 0 goto 1f;"		/* always taken */
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
