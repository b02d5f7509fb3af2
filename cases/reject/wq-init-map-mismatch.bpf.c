/* bpf_wq_init's map argument must be the map holding the wq; another map
 * is refused by the map-uid/pointer comparison.
 * Enforced by: check_kfunc_args (KF_ARG_CONST_MAP_PTR) -> process_map_ptr_arg
 * Rule: KF-WQ-10
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} other_map SEC(".maps");

SEC("tc")
__failure __msg("workqueue pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
__errno(EINVAL) __rule("KF-WQ-10")
__description("wq of wq_map initialised with other_map")
int wq_init_map_mismatch(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &other_map, 0);
	return 0;
}
