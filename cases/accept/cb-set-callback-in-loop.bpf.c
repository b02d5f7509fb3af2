/* A set_callback call inside a bounded loop pushes one async state per
 * iteration; the call is a prune point and the callback's entry states
 * are equivalent, so verification converges.
 * Enforced by: visit_insn (mark_prune_point on async-callback calls), is_state_visited
 * Rule: CB-CFG-02
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-CFG-02")
__description("bpf_timer_set_callback on eight elements in a loop")
int cb_set_callback_in_loop(struct __sk_buff *skb)
{
	int i;

	for (i = 0; i < 8; i++) {
		int key = i;
		struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

		if (!val)
			continue;
		bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
		bpf_timer_set_callback(&val->t, timer_cb);
	}
	return 0;
}
