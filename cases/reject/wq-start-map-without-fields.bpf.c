/* The wq kfuncs need a map whose BTF record has a bpf_wq; a map with BTF
 * but no special field at all (no record) is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-06
 */
#include "twc.h"

struct plain {
	u64 a;
	u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct plain);
} plain_map SEC(".maps");

SEC("tc")
__failure __msg("map 'plain_map' has no valid bpf_wq") __errno(EINVAL)
__rule("KF-WQ-06")
__description("bpf_wq_start on a value of a map without special fields")
int wq_start_map_without_fields(struct __sk_buff *skb)
{
	int key = 0;
	struct plain *val = bpf_map_lookup_elem(&plain_map, &key);

	if (!val)
		return 0;
	bpf_wq_start((struct bpf_wq *)val, 0);
	return 0;
}
