/* A hash lookup result that was not NULL-checked is refused by
 * bpf_wq_start's NULL check on pointer arguments.
 * Enforced by: check_kfunc_args
 * Rule: KF-WQ-02
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

SEC("tc")
__failure __msg("Possibly NULL pointer passed to trusted R1") __errno(EACCES)
__rule("KF-WQ-02")
__description("bpf_wq_start on an unchecked hash lookup result")
int wq_start_hash_unchecked(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	/* no NULL check; the wq is at offset 0, so R1 = R0 */
	bpf_wq_start(&val->w, 0);
	return 0;
}
