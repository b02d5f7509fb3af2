/* bpf_wq_set_callback's callback may not be NULL: on 7.3 the NULL check on
 * kfunc pointer arguments refuses it before the PTR_TO_FUNC check.
 * Enforced by: check_kfunc_args
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
__failure __msg("Possibly NULL pointer passed to trusted R2") __errno(EACCES)
__rule("KF-WQ-11")
__description("bpf_wq_set_callback(&val->w, NULL, 0)")
int wq_set_callback_null_func(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_set_callback(&val->w, NULL, 0);
	return 0;
}
