/* The timer helpers belong to the CAP_BPF tier of bpf_base_func_proto: a
 * socket filter loaded without CAP_BPF finds no bpf_timer_init prototype
 * (libbpf cannot load BTF without CAP_BPF either, so the map has none).
 * Enforced by: bpf_base_func_proto (bpf_token_capable), check_helper_call
 * Rule: TMR-ARG-01
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("socket")
__failure_unpriv __msg_unpriv("program of this type cannot use helper bpf_timer_init#169")
__errno(EINVAL) __rule("TMR-ARG-01")
__description("unprivileged socket filter calls bpf_timer_init")
int timer_init_without_cap_bpf(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	return 0;
}
