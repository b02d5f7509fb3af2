/* A bpf_wq callback may not return with IRQs disabled by
 * bpf_local_irq_save.
 * Enforced by: process_bpf_exit_full -> check_resource_leak
 * Rule: CB-CTX-04
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
	e->data++;
	return 0;
}

SEC("tc")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_local_irq_save-ed region")
__errno(EINVAL) __rule("CB-CTX-04")
__description("wq callback returns with IRQs disabled")
int wq_cb_exit_irq_saved(struct __sk_buff *skb)
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
