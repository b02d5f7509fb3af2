/* R0 needs to be exactly 0 only as far as the verifier can tell: an
 * unknown value returned on the path where it was just compared equal
 * to 0 is accepted.
 * Enforced by: check_return_code (mark_chain_precision, branch refinement)
 * Rule: CB-RET-01 (allowed side)
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"call %[bpf_get_prandom_u32];"
	"if r0 != 0 goto 1f;"
	"exit;"
	"1:"
	"r0 = 0;"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("tc")
__success __rule("CB-RET-01")
__description("timer callback returns a random value known to be 0 on that path")
int timer_cb_return_checked_zero(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
