/* bpf_wq_init's wq argument may not be NULL: 7.3 checks every non-nullable
 * kfunc pointer argument for NULL before looking at its type.
 * Enforced by: check_kfunc_args
 * Rule: KF-WQ-02
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
__failure __msg("Possibly NULL pointer passed to trusted R1") __errno(EACCES)
__rule("KF-WQ-02")
__description("bpf_wq_init(NULL, &wq_map, 0)")
int wq_init_null_wq(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(NULL, &wq_map, 0);
	return 0;
}
