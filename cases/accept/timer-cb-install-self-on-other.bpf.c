/* A timer callback may install itself on another element's timer (looked
 * up through its map argument) and start it.
 * Enforced by: push_callback_call, process_map_ptr_arg
 * Rule: CB-REC-01, CB-CTX-10
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, u32);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, u32 *key, struct elem *val)
{
	u32 next = (*key + 1) & 7;
	struct elem *n = bpf_map_lookup_elem(map, &next);

	if (!n)
		return 0;
	bpf_timer_set_callback(&n->t, timer_cb);
	bpf_timer_start(&n->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01") __rule("CB-CTX-10")
__description("timer callback installs itself on the next element's timer")
int timer_cb_install_self_on_other(struct __sk_buff *skb)
{
	u32 key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
