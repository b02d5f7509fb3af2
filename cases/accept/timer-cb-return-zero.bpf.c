/* A timer callback that returns the constant 0 satisfies the async
 * callback return range [0, 0].
 * Enforced by: check_return_code (frame->callback_ret_range)
 * Rule: CB-RET-01 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-RET-01")
__description("timer callback returns 0")
int timer_cb_return_zero(struct __sk_buff *skb)
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
