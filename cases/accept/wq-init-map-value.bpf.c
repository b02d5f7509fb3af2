/* A bpf_wq in an array value, passed at its field offset with its own map,
 * may be initialised, given a callback and started through the kfuncs.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_WORKQUEUE) -> check_map_field_pointer, process_map_ptr_arg
 * Rule: KF-WQ-07, KF-WQ-10, CB-RET-02 (allowed side)
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__success __rule("KF-WQ-07") __rule("KF-WQ-10") __rule("CB-RET-02")
__description("bpf_wq at offset 8: init, set_callback, start")
int wq_init_map_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	if (bpf_wq_set_callback(&val->w, wq_cb, 0))
		return 0;
	bpf_wq_start(&val->w, 0);
	return 0;
}
