/* A timer callback must set R0 before its exit: R0 is not initialised at
 * async callback entry.
 * Enforced by: check_return_code -> check_reg_arg
 * Rule: CB-RET-05
 */
#include "twc.h"

struct elem {
	u64 data;
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
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R0 !read_ok") __errno(EACCES)
__rule("CB-RET-05")
__description("timer callback exits without writing R0")
int timer_cb_return_uninit(struct __sk_buff *skb)
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
