/* The program itself may throw while it also installs a timer callback:
 * only callback chains are barred from bpf_throw.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: CB-CTX-06 (allowed side)
 */
#include "twc.h"

extern void bpf_throw(u64 cookie) __ksym;

struct elem {
	struct bpf_timer t;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->data++;
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-06")
__description("tc program throws on long packets and installs a timer callback")
int cb_throw_in_main(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	if (skb->len > 1000)
		bpf_throw(0);
	return 0;
}
