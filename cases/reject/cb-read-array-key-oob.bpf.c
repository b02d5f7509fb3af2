/* The key argument of an array map's timer callback is the u32 index:
 * reading past its four bytes is refused.
 * Enforced by: set_timer_callback_state (PTR_TO_MAP_KEY), check_mem_region_access
 * Rule: CB-ARG-01
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

__naked __noinline __used
static int timer_cb(void)
{
	asm volatile (
	"r0 = *(u32 *)(r2 + 4);"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid access to map key, key_size=4 off=4 size=4") __errno(EACCES)
__rule("CB-ARG-01")
__description("array-map timer callback reads key bytes 4..7")
int cb_read_array_key_oob(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
