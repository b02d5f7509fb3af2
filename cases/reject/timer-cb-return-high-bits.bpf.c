/* A timer callback's return value is checked as a 64-bit value: 1 << 32,
 * whose low 32 bits are 0, is outside [0, 0].
 * Enforced by: check_return_code (retval_range_within, 64-bit for async callbacks)
 * Rule: CB-RET-01
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
	"r0 = 1;"
	"r0 <<= 32;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 has smin=4294967296 smax=4294967296 should have been in [0, 0]")
__errno(EINVAL) __rule("CB-RET-01")
__description("timer callback returns 1 << 32")
int timer_cb_return_high_bits(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
