/* bpf_timer_cancel_async() is registered for BPF_PROG_TYPE_UNSPEC, so a
 * socket filter, which has no kfunc set of its own for it, may call it.
 * Enforced by: btf_kfunc_is_allowed (common_kfunc_set, BPF_PROG_TYPE_UNSPEC)
 * Rule: KF-GEN-03, KF-TMR-05
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("socket")
__success __rule("KF-GEN-03") __rule("KF-TMR-05")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async from a socket filter")
int timer_cancel_async_socket_filter(struct __sk_buff *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel_async(&val->t);
	return 0;
}
