/* An async callback starts in frame 0 of its own state, so the 16-frame
 * limit applies to its chain alone: a timer callback may itself call a chain of 15 static subprogs (16 frames), whatever depth main had when it installed the callback.
 * Enforced by: push_async_cb (frame 0), setup_func_entry
 * Rule: STK-06, STK-03
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

/* One link of a static call chain: call the next function, return its r0. */
#define LINK(name, next)						\
__naked __noinline __used static int name(void)			\
{									\
	asm volatile ("call " #next "; exit;" ::: __clobber_all);	\
}

__naked __noinline __used static int c15(void)
{
	asm volatile ("r0 = 0; exit;" ::: __clobber_all);
}
LINK(c14, c15) LINK(c13, c14) LINK(c12, c13) LINK(c11, c12) LINK(c10, c11)
LINK(c9, c10) LINK(c8, c9) LINK(c7, c8) LINK(c6, c7) LINK(c5, c6)
LINK(c4, c5) LINK(c3, c4) LINK(c2, c3) LINK(c1, c2)

__naked __noinline __used static int timer_cb(void)
{
	asm volatile ("call c1; r0 = 0; exit;" ::: __clobber_all);
}

/* main installs the callback from the 15th frame (m1 .. m14 below main) */
__noinline __used static int arm(void)
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
LINK(m14, arm) LINK(m13, m14) LINK(m12, m13) LINK(m11, m12) LINK(m10, m11)
LINK(m9, m10) LINK(m8, m9) LINK(m7, m8) LINK(m6, m7) LINK(m5, m6)
LINK(m4, m5) LINK(m3, m4) LINK(m2, m3) LINK(m1, m2)

SEC("tc")
__success
__rule("STK-06") __rule("STK-03")
__description("main -> m1..m14 -> arm installs timer_cb; timer_cb -> c1..c15")
__naked int stack_timer_cb_call_depth_16(void)
{
	asm volatile ("call m1; r0 = 0; exit;" ::: __clobber_all);
}
