/* A timer callback may update its own element, but not with its value
 * argument as the new value: the helper would read the bpf_timer field
 * of that map value, which no helper memory access may cover.
 * rules.md says update of the own element is allowed; 7.3.4 refuses it when the source is the timer-holding value itself.
 * Enforced by: check_helper_mem_access -> check_map_access (special field)
 * Rule: CB-CTX-10
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	bpf_map_update_elem(map, key, val, BPF_EXIST);
	return 0;
}

SEC("tc")
__failure __msg("bpf_timer cannot be accessed directly by load/store") __errno(EACCES)
__rule("CB-CTX-10")
__description("hash-map timer callback updates its element with its own value pointer")
int timer_cb_update_own_element_from_value(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
