/* LRU hash maps are on the sleepable list: a sleepable lsm.s program may
 * use a bpf_timer in an LRU hash value.
 * Enforced by: check_map_prog_compatibility
 * Rule: PT-07
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct elem);
} lru_map SEC(".maps");

static int timer_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("lsm.s/file_open")
__success __rule("PT-07")
__description("lsm.s: bpf_timer in an LRU hash value")
int prog_sleepable_lru_hash_timer(u64 *ctx)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&lru_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &lru_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
