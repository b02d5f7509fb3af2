/* 7.3 lets a timer callback call a non-sleeping global function with
 * preemption disabled, with IRQs disabled or inside an RCU section; only
 * a held spin lock (or a sleeping global) is refused.
 * rules.md lists "global function calls are not allowed with preemption disabled" for 6.12; 7.3.4 has no such check.
 * Enforced by: check_func_call
 * Rule: CB-CTX-11 (allowed side)
 */
#include "twc.h"

extern void bpf_preempt_disable(void) __ksym;
extern void bpf_preempt_enable(void) __ksym;
extern void bpf_local_irq_save(unsigned long *flags__irq_flag) __ksym;
extern void bpf_local_irq_restore(unsigned long *flags__irq_flag) __ksym;

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

__attribute__((noinline)) int global_twice(int x)
{
	return 2 * x;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	unsigned long flags;

	bpf_preempt_disable();
	val->data = global_twice(*key);
	bpf_preempt_enable();
	bpf_local_irq_save(&flags);
	val->data += global_twice(*key);
	bpf_local_irq_restore(&flags);
	bpf_rcu_read_lock();
	val->data += global_twice(*key);
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-11")
__description("timer callback calls a global function with preemption off, IRQs off, under RCU")
int timer_cb_global_call_preempt_off(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
