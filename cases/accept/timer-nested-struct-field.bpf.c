/* A bpf_timer inside a nested struct of the value is a valid timer at its
 * flattened offset (16 here): every helper and the kfunc take &val->in.t.
 * Enforced by: btf_find_nested_struct, check_map_field_pointer
 * Rule: TMR-ARG-08, KF-TMR-04
 */
#include "twc.h"

struct nest {
	u64 pad;
	struct {
		u32 x;
		struct bpf_timer t;
	} in;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct nest);
} nest_map SEC(".maps");

static int timer_cb(void *map, int *key, void *val)
{
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-08") __rule("KF-TMR-04")
__requires("kfunc:bpf_timer_cancel_async")
__description("init, set_callback, start, cancel, cancel_async on &val->in.t")
int timer_nested_struct_field(struct __sk_buff *skb)
{
	int key = 0;
	struct nest *val = bpf_map_lookup_elem(&nest_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->in.t, &nest_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->in.t, timer_cb);
	bpf_timer_start(&val->in.t, 1000, 0);
	bpf_timer_cancel(&val->in.t);
	bpf_timer_cancel_async(&val->in.t);
	return 0;
}
