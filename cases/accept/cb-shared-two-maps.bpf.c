/* One callback may serve timers of two maps when its accesses fit both
 * value types: it is verified once per call site.
 * Enforced by: push_callback_call -> set_timer_callback_state
 * Rule: CB-DO-04, CB-ARG-01
 */
#include "twc.h"

struct va {
	struct bpf_timer t;
	u64 x[2];
};

struct vb {
	struct bpf_timer t;
	u32 y[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct va);
} map_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct vb);
} map_b SEC(".maps");

/* reads the u64 at offset 16 of its value: in bounds for both */
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
__success __rule("CB-DO-04") __rule("CB-ARG-01")
__description("one callback on an array and a hash map of 32-byte values")
int cb_shared_two_maps(struct __sk_buff *skb)
{
	int key = 0;
	struct va *a = bpf_map_lookup_elem(&map_a, &key);
	struct vb *b = bpf_map_lookup_elem(&map_b, &key);

	if (!a || !b)
		return 0;
	bpf_timer_init(&a->t, &map_a, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&a->t, timer_cb);
	bpf_timer_init(&b->t, &map_b, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&b->t, timer_cb);
	return 0;
}
