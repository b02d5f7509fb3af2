/* bpf_wq_start needs a pointer to the bpf_wq field itself: the value start
 * is refused when the wq is at offset 8.
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
__failure __msg("off 0 doesn't point to 'struct bpf_wq' that is at 8") __errno(EINVAL)
__rule("KF-WQ-07")
__description("bpf_wq_start on the value start, wq at offset 8")
int wq_start_wrong_offset(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_start((struct bpf_wq *)val, 0);
	return 0;
}
