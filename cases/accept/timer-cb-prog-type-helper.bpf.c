/* The same helper is allowed in a tc program's timer callback: the
 * callback's helper set is its program type's (bpf_csum_diff needs no
 * ctx).
 * Enforced by: check_helper_call (env->ops->get_func_proto)
 * Rule: CB-CTX-09 (allowed side)
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u32 a;
	u32 b;
	s64 sum;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->sum = bpf_csum_diff(&val->a, sizeof(val->a), &val->b, sizeof(val->b), 0);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-09")
__description("tc program's timer callback calls bpf_csum_diff")
int timer_cb_prog_type_helper(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
