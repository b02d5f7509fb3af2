/* A timer callback may re-arm its own timer with bpf_timer_start alone
 * (the callback stays installed); bpf_timer_start pushes no async state.
 * Enforced by: check_helper_call (bpf_timer_start on the callback's value)
 * Rule: CB-REC-01, CB-CTX-10
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
	if (++val->runs < 10)
		bpf_timer_start(&val->t, 1000000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01") __rule("CB-CTX-10")
__description("timer callback restarts its own timer ten times")
int timer_cb_rearm_via_start(struct __sk_buff *skb)
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
