/* might_sleep propagates to a static installer too, but static callees
 * are not checked for it: a static subprog installing a sleeping wq
 * callback may be called from a non-sleepable program.
 * Enforced by: merge_callee_effects, check_func_call (global callees only)
 * Rule: CB-CFG-04 (allowed side)
 */
#include "twc.h"

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

	bpf_copy_from_user(&e->data, sizeof(e->data), NULL);
	return 0;
}

static __attribute__((noinline)) int install_wq(void)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	return bpf_wq_set_callback(&val->w, wq_cb, 0);
}

SEC("tc")
__success __rule("CB-CFG-04")
__description("tc program calls a static subprog that installs a sleeping wq callback")
int cb_wq_static_installer_might_sleep(struct __sk_buff *skb)
{
	return install_wq();
}
