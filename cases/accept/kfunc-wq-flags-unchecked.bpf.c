/* Kfunc scalar parameters are not range-checked: bpf_wq_init and
 * bpf_wq_start with non-zero (undefined) flags load and fail only at run
 * time (-EINVAL).
 * Enforced by: check_kfunc_args (KF_ARG_ANYTHING: type only)
 * Rule: KF-GEN-05
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
__success __rule("KF-GEN-05")
__description("bpf_wq_init(.., 7) and bpf_wq_start(.., prandom)")
int kfunc_wq_flags_unchecked(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 7);
	bpf_wq_start(&val->w, bpf_get_prandom_u32());
	return 0;
}
