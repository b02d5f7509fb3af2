/* bpf_wq_init's map argument must be a map pointer; a non-zero scalar is
 * refused.
 * Enforced by: check_kfunc_args (KF_ARG_CONST_MAP_PTR)
 * Rule: KF-WQ-09
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
__failure __msg("pointer in R2 isn't map pointer") __errno(EINVAL)
__rule("KF-WQ-09")
__description("bpf_wq_init(&val->w, (void *)16, 0)")
int wq_init_scalar_map(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, (void *)16, 0);
	return 0;
}
