/* A cycle made of a callback reference plus a direct call is real
 * recursion on 7.3: arm_timer() references timer_cb and timer_cb calls
 * arm_timer() directly, so the direct edge closes the cycle.
 * Enforced by: sort_subprogs_topo (only bpf_pseudo_func back edges are skipped)
 * Rule: CB-CFG-05, CB-REC-04
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val);

static __attribute__((noinline)) int arm_timer(struct elem *val)
{
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

static __attribute__((noinline)) int timer_cb(void *map, int *key, struct elem *val)
{
	arm_timer(val);
	return 0;
}

SEC("tc")
__failure __msg("recursive call from timer_cb() to arm_timer()") __errno(EINVAL)
__rule("CB-CFG-05") __rule("CB-REC-04")
__description("arm_timer references timer_cb; timer_cb calls arm_timer")
int timer_cb_calls_arming_subprog(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	return arm_timer(val);
}
