/* A subprog used as an async timer callback may also be called directly
 * as an ordinary static subprog; it is then verified in both roles.
 * Enforced by: check_func_call, push_callback_call, check_max_stack_depth_subprog
 * Rule: CB-REC-05
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static __attribute__((noinline)) int timer_cb(void *map, int *key, struct elem *val)
{
	asm volatile ("" ::: "memory");	/* keep the direct call */
	return 0;
}

SEC("tc")
__success __rule("CB-REC-05")
__description("timer_cb is both an async callback and a direct callee")
int timer_cb_called_directly(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	timer_cb(NULL, NULL, NULL);
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
