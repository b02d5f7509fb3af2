/* Without CAP_PERFMON a pointer returned by an async callback is refused
 * as an address leak, before the return-range check.
 * Enforced by: check_return_code (is_pointer_value)
 * Rule: CB-RET-04
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
	"r0 = r3;"
	"exit;"
	::: __clobber_all);
}

SEC("socket")
__failure_unpriv __caps_unpriv(CAP_BPF) __msg_unpriv("R0 leaks addr as return value")
__errno(EACCES) __rule("CB-RET-04")
__description("socket filter with only CAP_BPF; its timer callback returns its value pointer")
int timer_cb_return_pointer_unpriv(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
