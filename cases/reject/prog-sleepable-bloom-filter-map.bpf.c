/* A sleepable program may use timer maps (array, hash, LRU hash) but no
 * map type outside the sleepable list: referencing a bloom filter next to
 * the timer map refuses the whole lsm.s program.
 * Enforced by: check_map_prog_compatibility
 * Rule: PT-07
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, u64);
} bloom SEC(".maps");

static int timer_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("Sleepable programs can only use array, hash, ringbuf and local storage maps")
__errno(EINVAL) __rule("PT-07")
__description("lsm.s: timer array plus a bloom filter map")
int prog_sleepable_bloom_filter_map(u64 *ctx)
{
	int key = 0;
	u64 probe = 1;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return bpf_map_peek_elem(&bloom, &probe) ? 0 : 0;
}
