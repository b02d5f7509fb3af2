/* An async callback may open and close RCU, preempt-off and IRQ-off
 * regions as long as all are closed at its exit.
 * Enforced by: check_resource_leak
 * Rule: CB-CTX-02 (allowed side), CB-CTX-03 (allowed side), CB-CTX-04 (allowed side)
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

static int timer_cb(void *map, int *key, struct elem *val)
{
	unsigned long flags;

	bpf_rcu_read_lock();
	bpf_preempt_disable();
	bpf_local_irq_save(&flags);
	val->data++;
	bpf_local_irq_restore(&flags);
	bpf_preempt_enable();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-02") __rule("CB-CTX-03") __rule("CB-CTX-04")
__description("timer callback nests RCU, preempt-off and IRQ-off regions and closes them")
int timer_cb_regions_balanced(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
