/* bpf_wq_set_callback's flags must be a scalar: a map value pointer as
 * flags is refused.
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

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__failure __msg("R3 is not a scalar") __errno(EINVAL)
__rule("KF-GEN-05")
__description("bpf_wq_set_callback(&val->w, wq_cb, (u64)val)")
int wq_set_callback_pointer_flags(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	u64 flags;

	/* right before the call, so clang needs no 32-bit copy (w3 = wN),
	 * which would turn the pointer into a scalar */
	asm volatile ("%0 = %1" : "=r"(flags) : "r"(val));
	bpf_wq_set_callback(&val->w, wq_cb, flags);
	return 0;
}
