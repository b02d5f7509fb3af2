/* A timer callback must return a scalar: its map argument is refused.
 * Enforced by: check_return_code
 * Rule: CB-RET-04
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = r1;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 is not a known value (map_ptr)")
__errno(EINVAL) __rule("CB-RET-04")
__description("timer callback returns its map pointer")
int timer_cb_return_map_pointer(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
