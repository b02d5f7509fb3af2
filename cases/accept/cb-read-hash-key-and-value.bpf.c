/* A timer callback's key argument (R2) is a readable map key of the map's
 * key size and its value argument (R3) a read-write map value: a hash map
 * callback may read all 16 key bytes and update its value.
 * Enforced by: set_timer_callback_state, check_mem_region_access
 * Rule: CB-ARG-01
 */
#include "twc.h"

struct key16 {
	u32 a;
	u32 b;
	u64 c;
};

struct elem {
	u64 sum;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct key16);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, struct key16 *key, struct elem *val)
{
	val->sum += key->a + key->b + key->c;
	return 0;
}

SEC("tc")
__success __rule("CB-ARG-01")
__description("hash-map callback reads a 16-byte key and writes its value")
int cb_read_hash_key_and_value(struct __sk_buff *skb)
{
	struct key16 key = {};
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
