/* Hash maps are on the sleepable list: a sleepable fentry.s program may use
 * a bpf_wq in a hash value.
 * Enforced by: check_map_prog_compatibility
 * Rule: PT-07
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
} wq_hash SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("fentry.s/__x64_sys_getpgid")
__success __rule("PT-07")
__description("fentry.s: bpf_wq in a hash value")
int prog_sleepable_hash_wq(u64 *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_hash, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_hash, 0);
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}
