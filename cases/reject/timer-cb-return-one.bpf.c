/* A timer callback must return exactly 0: the constant 1 is outside the
 * async callback return range [0, 0].
 * Enforced by: check_return_code (frame->callback_ret_range)
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
	"r0 = 1;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 has smin=1 smax=1 should have been in [0, 0]") __errno(EINVAL)
__rule("CB-RET-01")
__description("timer callback returns the constant 1")
int timer_cb_return_one(struct __sk_buff *skb)
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
