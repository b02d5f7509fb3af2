/* A wq callback's third argument points to the start of the element, not
 * to the bpf_wq: passing it to bpf_wq_start is refused when the wq is not
 * the first member.
 * Enforced by: set_timer_callback_state, check_map_field_pointer
 * Rule: CB-ARG-04
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

static int wq_cb(void *map, int *key, void *value)
{
	bpf_wq_start(value, 0);
	return 0;
}

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_wq' that is at 8") __errno(EINVAL)
__rule("CB-ARG-04")
__description("wq callback restarts its wq through R3; the wq is at offset 8")
int wq_cb_value_as_wq(struct __sk_buff *skb)
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
