/* A bpf_wq callback may initialise and arm another element's wq and
 * timer through its map argument.
 * Enforced by: check_kfunc_args, check_helper_call, process_map_ptr_arg
 * Rule: CB-CTX-10, CB-ARG-01
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct elem);
} both_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	return 0;
}

static int wq_cb(void *map, int *key, void *value)
{
	int other = 1;
	struct elem *o = bpf_map_lookup_elem(map, &other);

	if (!o)
		return 0;
	if (bpf_wq_init(&o->w, map, 0) == 0) {
		bpf_wq_set_callback(&o->w, wq_cb, 0);
		bpf_wq_start(&o->w, 0);
	}
	bpf_timer_init(&o->t, map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&o->t, timer_cb);
	bpf_timer_start(&o->t, 1000, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-10") __rule("CB-ARG-01")
__description("wq callback sets up element 1's wq and timer")
int wq_cb_init_other_elements(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&both_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &both_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
