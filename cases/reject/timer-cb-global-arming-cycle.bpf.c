/* A global installer closes a recursion cycle as a static one does: main
 * calls global_arm(), global_arm() references timer_cb and timer_cb calls
 * global_arm() directly.
 * Enforced by: sort_subprogs_topo (only bpf_pseudo_func back edges are skipped)
 * Rule: CB-REC-04, CB-CFG-05
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

__attribute__((noinline)) int global_arm(void)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	global_arm();
	return 0;
}

SEC("tc")
__failure __msg("recursive call from timer_cb() to global_arm()") __errno(EINVAL)
__rule("CB-REC-04") __rule("CB-CFG-05")
__description("main calls global_arm; global_arm installs timer_cb; timer_cb calls global_arm")
int timer_cb_global_arming_cycle(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	return global_arm();
}
