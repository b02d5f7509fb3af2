/* On 7.3 the wq's map must have BTF: a map created with key_size and
 * value_size only (libbpf passes no value type id) is refused.
 * Enforced by: check_map_field_pointer
 * Rule: KF-WQ-05
 */
#include "twc.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(int));
	__uint(value_size, 16);	/* no __type: no BTF */
} nobtf_map SEC(".maps");

SEC("tc")
__failure __msg("map 'nobtf_map' has to have BTF in order to use bpf_wq") __errno(EINVAL)
__rule("KF-WQ-05")
__description("bpf_wq_init on a value of a map created without BTF")
int wq_init_map_without_btf(struct __sk_buff *skb)
{
	int key = 0;
	void *val = bpf_map_lookup_elem(&nobtf_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(val, &nobtf_map, 0);
	return 0;
}
