/* bpf_wq_init's map argument may not be NULL: the 7.3 NULL check on kfunc
 * pointer arguments refuses it before the map-pointer check.
 * Enforced by: check_kfunc_args
 * Rule: KF-WQ-09
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
__failure __msg("Possibly NULL pointer passed to trusted R2") __errno(EACCES)
__rule("KF-WQ-09")
__description("bpf_wq_init(&val->w, NULL, 0)")
int wq_init_map_null(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, NULL, 0);
	return 0;
}
