/* The wq argument must be a map value; the program's context pointer is
 * refused.
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

SEC("tc")
__failure __msg("R1 doesn't point to a map value") __errno(EINVAL)
__rule("KF-WQ-03")
__description("bpf_wq_start((struct bpf_wq *)skb, 0)")
int wq_start_ctx_wq(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_start((struct bpf_wq *)skb, 0);
	return 0;
}
