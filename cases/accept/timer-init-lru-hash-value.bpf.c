/* A bpf_timer in a BPF_MAP_TYPE_LRU_HASH value can be initialised, armed and
 * started through the (NULL-checked) lookup result.
 * Enforced by: map_check_btf (map type allowed), check_map_field_pointer
 * Rule: MAP-03, TMR-ARG-20 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 pad;
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
	return 0;
}

SEC("tc")
__success __rule("MAP-03") __rule("TMR-ARG-20")
__description("timer in a LRU_HASH value: init, set_callback, start")
int timer_init_lru_hash_value(struct __sk_buff *skb)
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
