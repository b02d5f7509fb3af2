/* A timer callback may delete its own element (the timer's free is
 * deferred): bpf_map_delete_elem with its map and key arguments.
 * Enforced by: check_func_arg
 * Rule: CB-CTX-10
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_map_delete_elem(map, key);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-10")
__description("LRU-hash timer callback deletes its own element")
int timer_cb_delete_own_element(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
