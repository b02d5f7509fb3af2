/* The wq argument must be a map value; a non-zero scalar cast to a
 * pointer is refused (only 0 would be taken as NULL).
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
__description("bpf_wq_init((struct bpf_wq *)16, &wq_map, 0)")
int wq_init_scalar_wq(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init((struct bpf_wq *)16, &wq_map, 0);
	return 0;
}
