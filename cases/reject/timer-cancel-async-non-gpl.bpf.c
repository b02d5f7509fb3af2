/* Kfuncs, bpf_timer_cancel_async() included, are only for GPL-compatible
 * programs; the check runs when the kfunc call is first registered.
 * Enforced by: bpf_add_kfunc_call
 * Rule: KF-GEN-02, KF-TMR-01
 */
#define TWC_NO_LICENSE
#include "twc.h"

char _license[] SEC("license") = "Proprietary";

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("cannot call kernel function from non-GPL compatible program")
__errno(EINVAL) __rule("KF-GEN-02") __rule("KF-TMR-01")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async from a \"Proprietary\" program")
int timer_cancel_async_non_gpl(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel_async(&val->t);
	return 0;
}
