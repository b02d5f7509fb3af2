/* A bpf_wq callback is sleepable, but not inside a bpf_local_irq_save()
 * region: calling bpf_copy_from_user there is refused, naming the region.
 * Enforced by: check_helper_call (in_sleepable_context, non_sleepable_context_description)
 * Rule: CB-SLP-05
 */
#include "twc.h"

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

	bpf_local_irq_save(&flags);
	bpf_copy_from_user(&e->data, sizeof(e->data), NULL);
	bpf_local_irq_restore(&flags);
	return 0;
}

SEC("tc")
__failure __msg("sleepable helper bpf_copy_from_user#148 in IRQ-disabled region")
__errno(EINVAL) __rule("CB-SLP-05")
__description("wq callback copies from user with IRQs disabled")
int wq_cb_copy_from_user_irq_off(struct __sk_buff *skb)
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
