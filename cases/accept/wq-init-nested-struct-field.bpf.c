/* A bpf_wq nested inside a struct member is still the value's wq field: the
 * kfuncs take the nested field's address (offset 16) with its own map.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_WORKQUEUE) -> check_map_field_pointer
 * Rule: KF-WQ-01, KF-WQ-07
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct {
		u32 x;
		struct bpf_wq w;
	} in;
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
__success __rule("KF-WQ-01") __rule("KF-WQ-07")
__description("bpf_wq at offset 16 inside a nested struct: init, set_callback, start")
int wq_init_nested_struct_field(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->in.w, &wq_map, 0);
	bpf_wq_set_callback(&val->in.w, wq_cb, 0);
	bpf_wq_start(&val->in.w, 0);
	return 0;
}
