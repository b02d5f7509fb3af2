/* A timer callback may install itself again with bpf_timer_set_callback and
 * restart its own timer: callback references are not recursion, so the
 * self-referencing ld_imm64 passes both the CFG and the recursion check.
 * Enforced by: sort_subprogs_topo (skips bpf_pseudo_func edges), push_callback_call
 * Rule: CB-REC-01, CB-CFG-03, CB-CFG-05 (allowed side)
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
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01") __rule("CB-CFG-03") __rule("CB-CFG-05")
__description("callback re-installs itself and restarts its own timer")
int timer_cb_rearm_self(struct __sk_buff *skb)
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
