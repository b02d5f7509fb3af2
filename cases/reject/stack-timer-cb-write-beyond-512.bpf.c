/* Each callback frame has the ordinary 512-byte stack: a store 520 bytes
 * below the callback's frame pointer is refused.
 * Enforced by: check_stack_access_within_bounds
 * Rule: STK-01
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
	"r1 = 0;"
	"*(u64 *)(r10 - 520) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("invalid write to stack R10 off=-520 size=8") __errno(EACCES)
__rule("STK-01")
__description("timer callback stores at r10-520")
int stack_timer_cb_write_beyond_512(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	return 0;
}
