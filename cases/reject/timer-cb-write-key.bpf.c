/* A timer callback's key argument (R2) is a read-only map key pointer; a
 * store through it is refused.
 * Enforced by: check_mem_access (PTR_TO_MAP_KEY)
 * Rule: CB-ARG-05
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
	"r1 = 1;"
	"*(u32 *)(r2 + 0) = r1;"
	"r0 = 0;"
	"exit;"
	::: __clobber_all);
}

SEC("tc")
__failure __msg("write to change key R2 not allowed") __errno(EACCES)
__rule("CB-ARG-05")
__description("timer callback stores through its key pointer")
int timer_cb_write_key(struct __sk_buff *skb)
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
