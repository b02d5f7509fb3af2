/* A timer callback must return a scalar: returning the map value pointer is
 * refused (as "leaks addr" without CAP_PERFMON, else as a non-scalar).
 * Enforced by: check_return_code
 * Rule: CB-RET-04
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
	"r0 = r3;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("At async callback return the register R0 is not a known value (map_value)") __errno(EINVAL)
__rule("CB-RET-04")
__description("timer callback returns its value pointer")
int timer_cb_return_pointer(struct __sk_buff *skb)
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
