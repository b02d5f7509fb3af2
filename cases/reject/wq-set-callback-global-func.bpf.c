/* A wq callback must be a static subprog: taking the address of a global
 * function for bpf_wq_set_callback is refused when the ld_imm64 is checked.
 * Enforced by: check_ld_imm (BPF_PSEUDO_FUNC)
 * Rule: KF-WQ-11
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

__noinline int global_wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("tc")
__failure __msg("callback function not static") __errno(EINVAL)
__rule("KF-WQ-11")
__description("bpf_wq_set_callback with a global function")
int wq_set_callback_global_func(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback(&val->w, global_wq_cb, 0);
	return 0;
}
