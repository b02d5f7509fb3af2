/* On 7.3 the wq pointer of bpf_wq_start must have a constant offset; the
 * field address plus an unknown 0-or-8 is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-04
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
__failure __msg("R1 doesn't have constant offset. bpf_wq has to be at the constant offset") __errno(EINVAL)
__rule("KF-WQ-04")
__description("bpf_wq_start(&val->w + (prandom & 8), 0)")
int wq_start_variable_offset(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	u32 off = bpf_get_prandom_u32() & 8;

	bpf_wq_start((struct bpf_wq *)((void *)&val->w + off), 0);
	return 0;
}
