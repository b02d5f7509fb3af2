/* bpf_wq_set_callback's callback must be a PTR_TO_FUNC (ld_imm64 of a
 * static subprog); a non-zero scalar is refused.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_CALLBACK)
 * Rule: KF-WQ-11
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
__failure __msg("R2 expected pointer to func") __errno(EINVAL)
__rule("KF-WQ-11")
__description("bpf_wq_set_callback(&val->w, (void *)16, 0)")
int wq_set_callback_scalar_func(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_set_callback(&val->w, (void *)16, 0);
	return 0;
}
