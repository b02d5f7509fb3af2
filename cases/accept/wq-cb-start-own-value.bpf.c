/* When the bpf_wq is the first member of the value, a wq callback's third
 * argument is the wq itself and may be passed to bpf_wq_start.
 * Enforced by: set_timer_callback_state, check_map_field_pointer
 * Rule: CB-ARG-04 (allowed side), CB-REC-01
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

static int wq_cb(void *map, int *key, void *value)
{
	bpf_wq_start(value, 0);
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-04") __rule("CB-REC-01")
__description("wq callback restarts its wq through R3; the wq is at offset 0")
int wq_cb_start_own_value(struct __sk_buff *skb)
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
