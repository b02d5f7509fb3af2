/* A global installer of a wq callback that does not sleep is not marked
 * might_sleep and may be called from a non-sleepable program.
 * Enforced by: merge_callee_effects, check_func_call
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

	e->data++;
	return 0;
}

__attribute__((noinline)) int global_install_wq(void)
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
__description("tc program calls a global that installs a non-sleeping wq callback")
int cb_wq_global_installer_quiet_cb(struct __sk_buff *skb)
{
	return global_install_wq();
}
