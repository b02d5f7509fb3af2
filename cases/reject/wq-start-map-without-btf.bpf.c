/* On 7.3 the wq's map must have BTF, also for bpf_wq_start, which has no
 * map argument: the value of a map created without BTF is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-05
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(int));
	__uint(value_size, 16);	/* no __type: no BTF */
} nobtf_map SEC(".maps");

SEC("tc")
__failure __msg("map 'nobtf_map' has to have BTF in order to use bpf_wq") __errno(EINVAL)
__rule("KF-WQ-05")
__description("bpf_wq_start on a value of a hash map created without BTF")
int wq_start_map_without_btf(struct __sk_buff *skb)
{
	int key = 0;
	void *val = bpf_map_lookup_elem(&nobtf_map, &key);

	if (!val)
		return 0;
	bpf_wq_start(val, 0);
	return 0;
}
