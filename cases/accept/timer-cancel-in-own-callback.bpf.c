/* bpf_timer_cancel on the callback's own timer loads: the verifier leaves
 * the self-cancel deadlock to the helper (-EDEADLK at run time).
 * Enforced by: none (bpf_timer_cancel checks at run time)
 * Rule: TMR-ARG-16, TMR-ARG-20
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_timer_cancel(&val->t);
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-16") __rule("TMR-ARG-20")
__description("timer callback calls bpf_timer_cancel on its own timer")
int timer_cancel_in_own_callback(struct __sk_buff *skb)
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
