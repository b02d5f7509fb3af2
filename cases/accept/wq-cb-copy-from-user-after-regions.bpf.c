/* A bpf_wq callback may sleep once its RCU, preempt-off and IRQ-off
 * regions are closed: bpf_copy_from_user after them is accepted.
 * Enforced by: check_helper_call (in_sleepable_context)
 * Rule: CB-SLP-05 (allowed side), CB-SLP-02
 */
#include "twc.h"

extern void bpf_preempt_disable(void) __ksym;
extern void bpf_preempt_enable(void) __ksym;
extern void bpf_local_irq_save(unsigned long *flags__irq_flag) __ksym;
extern void bpf_local_irq_restore(unsigned long *flags__irq_flag) __ksym;

struct elem {
	struct bpf_wq w;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	struct elem *e = value;
	unsigned long flags;

	bpf_rcu_read_lock();
	e->data++;
	bpf_rcu_read_unlock();
	bpf_preempt_disable();
	e->data++;
	bpf_preempt_enable();
	bpf_local_irq_save(&flags);
	e->data++;
	bpf_local_irq_restore(&flags);
	bpf_copy_from_user(&e->data, sizeof(e->data), NULL);
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-05") __rule("CB-SLP-02")
__description("wq callback closes RCU, preempt and IRQ regions, then copies from user")
int wq_cb_copy_from_user_after_regions(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
