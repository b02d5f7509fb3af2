/* bpf_throw in a static subprog that an async callback calls is refused:
 * the walk looks for a callback anywhere in the caller chain.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: CB-CTX-06
 */
#include "twc.h"

extern void bpf_throw(u64 cookie) __ksym;

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

static __attribute__((noinline)) int check(struct elem *val)
{
	if (val->data)
		bpf_throw(0);
	return 0;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	check(val);
	return 0;
}

SEC("tc")
__failure __msg("bpf_throw kfunc (insn {{[0-9]+}}) cannot be called from callback subprog {{[0-9]+}}")
__errno(EINVAL) __rule("CB-CTX-06")
__description("timer callback calls a static subprog that throws")
int timer_cb_throw_in_subprog(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
