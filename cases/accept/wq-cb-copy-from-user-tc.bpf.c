/* bpf_wq callbacks are always sleepable, even when installed from a non-sleepable tc program:
 * bpf_copy_from_user is allowed in them.
 * Enforced by: is_async_cb_sleepable (true for bpf_wq_set_callback), push_async_cb
 * Rule: CB-SLP-02
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	struct elem *e = value;

	bpf_copy_from_user(&e->data, sizeof(e->data), NULL);
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-02")
__description("tc program's wq callback calls bpf_copy_from_user")
int wq_cb_copy_from_user_tc(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	bpf_wq_start(&val->w, 0);
	return 0;
}
