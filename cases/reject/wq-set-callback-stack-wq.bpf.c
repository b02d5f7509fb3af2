/* The wq argument of bpf_wq_set_callback must be a map value; a struct
 * bpf_wq on the BPF stack is refused.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_WORKQUEUE)
 * Rule: KF-WQ-03
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
__failure __msg("R1 doesn't point to a map value") __errno(EINVAL)
__rule("KF-WQ-03")
__description("bpf_wq_set_callback on a stack struct bpf_wq")
int wq_set_callback_stack_wq(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	struct bpf_wq w = {};

	bpf_wq_set_callback(&w, wq_cb, 0);
	return 0;
}
