/* R3 of a timer callback is a map value of exactly the map's value size:
 * a read past its end is refused.
 * Enforced by: set_timer_callback_state, check_map_access
 * Rule: CB-ARG-01
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
	"r0 = *(u64 *)(r3 + 24);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid access to map value, value_size=24 off=24 size=8") __errno(EACCES)
__rule("CB-ARG-01")
__description("timer callback reads 8 bytes past its 24-byte value")
int cb_read_value_oob(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
