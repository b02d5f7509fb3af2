/* Callbacks are verified per call site: one callback installed on timers
 * of two maps is checked against each map's value type, and a read that
 * fits the larger value is out of bounds for the smaller one.
 * Enforced by: push_callback_call -> set_timer_callback_state, check_map_access
 * Rule: CB-DO-04, CB-ARG-01
 */
#include "twc.h"

struct big {
	struct bpf_timer t;
	u64 x[2];
};

struct small {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct big);
} big_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct small);
} small_map SEC(".maps");

/* reads the u64 at offset 16 of its value */
__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = *(u64 *)(r3 + 16);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid access to map value, value_size=16 off=16 size=8") __errno(EACCES)
__rule("CB-DO-04") __rule("CB-ARG-01")
__description("one callback on a 32-byte and a 16-byte value reads offset 16")
int cb_shared_two_maps_value_oob(struct __sk_buff *skb)
{
	int key = 0;
	struct big *b = bpf_map_lookup_elem(&big_map, &key);
	struct small *s = bpf_map_lookup_elem(&small_map, &key);

	if (!b || !s)
		return 0;
	bpf_timer_init(&b->t, &big_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&b->t, timer_cb);
	bpf_timer_init(&s->t, &small_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&s->t, timer_cb);
	return 0;
}
