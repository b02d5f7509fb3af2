/* On 7.3 the wq pointer must have a constant offset (6.12 compared only the
 * known bits); a value pointer moved by an unknown amount is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-04
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	u64 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

SEC("tc")
__failure __msg("R1 doesn't have constant offset. bpf_wq has to be at the constant offset")
__errno(EINVAL) __rule("KF-WQ-04")
__description("bpf_wq_init on (void *)val + (prandom & 16)")
int wq_init_variable_offset(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);
	u32 off;

	if (!val)
		return 0;
	off = bpf_get_prandom_u32() & 16;
	bpf_wq_init((struct bpf_wq *)((void *)val + off), &wq_map, 0);
	return 0;
}
