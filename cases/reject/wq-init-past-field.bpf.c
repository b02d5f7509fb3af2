/* bpf_wq_init needs a pointer to the bpf_wq field itself: a pointer 8 bytes
 * into the field is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-07
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
__failure __msg("off 16 doesn't point to 'struct bpf_wq' that is at 8") __errno(EINVAL)
__rule("KF-WQ-07")
__description("bpf_wq_init((void *)&val->w + 8, &wq_map, 0)")
int wq_init_past_field(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init((struct bpf_wq *)((void *)&val->w + 8), &wq_map, 0);
	return 0;
}
