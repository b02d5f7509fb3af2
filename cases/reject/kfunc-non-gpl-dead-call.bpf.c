/* The kfunc GPL check runs when the call instruction is first registered,
 * before verification: a non-GPL program is refused even when its only
 * kfunc call is on a branch the verifier would never take.
 * Enforced by: add_kfuncs -> bpf_add_kfunc_call
 * Rule: KF-GEN-02
 */
#define TWC_NO_LICENSE
#include "twc.h"

char _license[] SEC("license") = "Proprietary";

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

SEC("tc")
__failure __msg("cannot call kernel function from non-GPL compatible program")
__errno(EINVAL) __rule("KF-GEN-02")
__requires("kfunc:bpf_timer_cancel_async")
__description("non-GPL program, bpf_timer_cancel_async only on a dead branch")
int kfunc_non_gpl_dead_call(struct __sk_buff *skb)
{
	int key = 0, never;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	asm volatile ("%0 = 0" : "=r"(never));	/* 0, unknown to clang */
	if (val && never)
		bpf_timer_cancel_async(&val->t);
	return 0;
}
