/* A wq callback may also be called directly as a static subprog; it is
 * verified with the caller's arguments and again as an async callback.
 * Enforced by: check_func_call, push_callback_call
 * Rule: CB-REC-05
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
	u64 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static __attribute__((noinline)) int wq_cb(void *map, int *key, void *value)
{
	struct elem *e = value;

	if (e)
		e->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-REC-05")
__description("wq_cb is called directly with the element and installed as a wq callback")
int wq_cb_called_directly(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	wq_cb(&wq_map, &key, val);
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
