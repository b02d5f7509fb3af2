/* A bpf_for_each_map_elem callback gets the map (R1) and the element (R3)
 * of the map it walks; its wq may be initialised with that R1 map pointer.
 * Enforced by: process_map_ptr_arg (same map_ptr and map_uid)
 * Rule: KF-WQ-10
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

static long each_cb(void *map, int *key, struct elem *val, void *ctx)
{
	bpf_wq_init(&val->w, map, 0);
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}

SEC("tc")
__success __rule("KF-WQ-10")
__description("for_each callback: bpf_wq_init(&value->w, map, 0) with its own R1")
int wq_init_for_each_value(struct __sk_buff *skb)
{
	bpf_for_each_map_elem(&wq_map, each_cb, NULL, 0);
	return 0;
}
