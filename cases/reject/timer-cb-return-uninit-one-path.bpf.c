/* R0 must be written on every path to the callback's exit: a path that
 * skips the assignment reaches exit with R0 uninitialised.
 * Enforced by: check_return_code -> check_reg_arg
 * Rule: CB-RET-05
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
	"r1 = *(u64 *)(r3 + 16);"
	"if r1 == 0 goto 1f;"
	"r0 = 0;"
	"1:"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("R0 !read_ok") __errno(EACCES)
__rule("CB-RET-05")
__description("timer callback sets R0 only when its data is non-zero")
int timer_cb_return_uninit_one_path(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
