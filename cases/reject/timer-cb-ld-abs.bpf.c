/* An async callback has no ctx: an LD_ABS in a timer callback fails on
 * its implicit R6 operand before the callback-specific check is reached.
 * Enforced by: check_ld_abs (check_reg_arg on R6)
 * Rule: CB-CTX-07
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
	"r0 = *(u8 *)skb[0];"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R6 !read_ok") __errno(EACCES)
__rule("CB-CTX-07")
__description("timer callback does an LD_ABS")
int timer_cb_ld_abs(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
