/* bpf_timer_init's map argument must be the map that holds the timer; a
 * different map of the same shape is refused (both map_uid are 0, the
 * map pointers differ).
 * Enforced by: process_map_ptr_arg
 * Rule: TMR-ARG-11
 */
#include "twc.h"

struct elem {
	u64 pad;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} map_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} map_b SEC(".maps");

SEC("tc")
__failure __msg("timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0")
__errno(EINVAL) __rule("TMR-ARG-11")
__description("timer of map_a initialised with map_b")
int timer_init_map_mismatch(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&map_a, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &map_b, CLOCK_MONOTONIC);
	return 0;
}
