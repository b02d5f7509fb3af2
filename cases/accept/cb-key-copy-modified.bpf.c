/* The key is read-only but may be copied: a callback may derive the next
 * key from a stack copy of its own and use its map and key arguments as
 * helper arguments.
 * Enforced by: check_mem_access (PTR_TO_MAP_KEY reads), check_func_arg (ARG_PTR_TO_MAP_KEY)
 * Rule: CB-ARG-05 (allowed side), CB-ARG-01, CB-ARG-03 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, u32);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, u32 *key, struct elem *val)
{
	u32 next = *key + 1;
	struct elem *self = bpf_map_lookup_elem(map, key);
	struct elem *n = bpf_map_lookup_elem(map, &next);

	if (self)
		self->runs++;
	if (n)
		n->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-05") __rule("CB-ARG-01") __rule("CB-ARG-03")
__description("callback looks up its own key and key + 1")
int cb_key_copy_modified(struct __sk_buff *skb)
{
	u32 key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
