/* Two timer callbacks that install each other form a cycle made only of
 * callback references (ld_imm64), which is not a recursive call.
 * Enforced by: sort_subprogs_topo (skips bpf_pseudo_func back edges)
 * Rule: CB-REC-01, CB-CFG-05 (allowed side)
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

static int timer_cb_b(void *map, int *key, struct elem *val);

static int timer_cb_a(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_timer_set_callback(&val->t, timer_cb_b);
	bpf_timer_start(&val->t, 1000000, 0);
	return 0;
}

static int timer_cb_b(void *map, int *key, struct elem *val)
{
	val->runs += 2;
	bpf_timer_set_callback(&val->t, timer_cb_a);
	bpf_timer_start(&val->t, 1000000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01") __rule("CB-CFG-05")
__description("cb_a installs cb_b and cb_b installs cb_a")
int timer_cb_rearm_mutual(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb_a);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
