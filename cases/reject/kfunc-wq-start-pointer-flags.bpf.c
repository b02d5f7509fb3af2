/* A kfunc's scalar parameter (bpf_wq_start's flags) must be a scalar: a
 * map value pointer in R2 is refused.
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
__failure __msg("R2 is not a scalar") __errno(EINVAL) __rule("KF-GEN-05")
__description("bpf_wq_start(&val->w, (u64)val)")
int kfunc_wq_start_pointer_flags(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);
	u64 flags;

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	/* right before the call, so clang needs no 32-bit copy (w2 = wN)
	 * that would turn the pointer into a scalar */
	asm volatile ("%0 = %1" : "=r"(flags) : "r"(val));
	bpf_wq_start(&val->w, flags);
	return 0;
}
