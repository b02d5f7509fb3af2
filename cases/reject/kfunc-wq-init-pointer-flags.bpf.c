/* A kfunc's scalar parameter (bpf_wq_init's flags) must be a scalar: the
 * context pointer in R3 is refused.
 * Enforced by: check_kfunc_args (KF_ARG_ANYTHING)
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
__failure __msg("R3 is not a scalar") __errno(EINVAL) __rule("KF-GEN-05")
__description("bpf_wq_init(&val->w, &wq_map, (u64)skb)")
int kfunc_wq_init_pointer_flags(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);
	u64 flags;

	if (!val)
		return 0;
	asm volatile ("%0 = %1" : "=r"(flags) : "r"(skb));	/* keep the pointer */
	bpf_wq_init(&val->w, &wq_map, flags);
	return 0;
}
