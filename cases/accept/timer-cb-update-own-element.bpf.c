/* A timer callback may overwrite its own element (the old timer's free is
 * deferred) with its map and key arguments and a new value on its stack.
 * Enforced by: check_func_arg (CONST_PTR_TO_MAP, PTR_TO_MAP_KEY, stack value)
 * Rule: CB-CTX-10, CB-ARG-01
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	struct elem fresh = {};

	fresh.runs = val->runs + 1;
	bpf_map_update_elem(map, key, &fresh, BPF_EXIST);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-10") __rule("CB-ARG-01")
__description("hash-map timer callback replaces its own element")
int timer_cb_update_own_element(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
