/* Three timer callbacks installing each other in a ring (a -> b -> c -> a)
 * form a cycle of callback references only, which is not recursion.
 * Enforced by: sort_subprogs_topo (skips bpf_pseudo_func back edges), is_state_visited
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

static int cb_b(void *map, int *key, struct elem *val);
static int cb_c(void *map, int *key, struct elem *val);

static int cb_a(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_timer_set_callback(&val->t, cb_b);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

static int cb_b(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_timer_set_callback(&val->t, cb_c);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

static int cb_c(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_timer_set_callback(&val->t, cb_a);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-REC-01") __rule("CB-CFG-05")
__description("cb_a installs cb_b, cb_b installs cb_c, cb_c installs cb_a")
int timer_cb_rearm_cycle_three(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, cb_a);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
