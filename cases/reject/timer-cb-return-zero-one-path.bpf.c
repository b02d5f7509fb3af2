/* The return value is checked on every path: a callback that sets R0 = 0
 * on only one branch returns an unknown value on the other.
 * Enforced by: check_return_code (mark_chain_precision on R0)
 * Rule: CB-RET-01
 */
#include "twc.h"

struct elem {
	u64 data;
	struct bpf_timer t;
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
	"if r0 s> 1000 goto 1f;"
	"r0 = 0;"
	"1:"
	"exit;"
	:
	: __imm(bpf_get_prandom_u32)
	: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 has smin=1001 should have been in [0, 0]") __errno(EINVAL)
__rule("CB-RET-01")
__description("callback skips r0 = 0 on one branch")
int timer_cb_return_zero_one_path(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
