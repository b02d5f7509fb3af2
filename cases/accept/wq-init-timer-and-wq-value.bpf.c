/* A value may hold a bpf_timer and a bpf_wq side by side; each is used at
 * its own offset with the map that holds it.
 * Enforced by: check_map_field_pointer, process_map_ptr_arg
 * Rule: KF-WQ-07, KF-WQ-10
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} both_map SEC(".maps");

static int timer_cb(void *map, int *key, void *value)
{
	return 0;
}

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__success __rule("KF-WQ-07") __rule("KF-WQ-10")
__description("timer at 0 and wq at 16 in one value, both armed")
int wq_init_timer_and_wq_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&both_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &both_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_wq_init(&val->w, &both_map, 0);
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}
