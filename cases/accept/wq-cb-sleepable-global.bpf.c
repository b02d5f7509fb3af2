/* A global function that may sleep may be called from a bpf_wq callback,
 * which is sleepable even in a tc program.
 * Enforced by: check_func_call (subprog might_sleep, in_sleepable_context)
 * Rule: CB-SLP-06 (allowed side), CB-SLP-02
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
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u64);
} data_map SEC(".maps");

__attribute__((noinline)) int global_copy(void)
{
	int key = 0;
	u64 *d = bpf_map_lookup_elem(&data_map, &key);

	if (!d)
		return 0;
	return bpf_copy_from_user(d, sizeof(*d), NULL);
}

static int wq_cb(void *map, int *key, void *value)
{
	global_copy();
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-06") __rule("CB-SLP-02")
__description("tc program's wq callback calls a sleeping global function")
int wq_cb_sleepable_global(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
