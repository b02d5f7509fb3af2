/* 7.3 propagates might_sleep from a callback to the subprog holding its
 * reference: a global function that only installs a wq callback which
 * sleeps is itself "sleepable" and may not be called from a
 * non-sleepable program, though it never sleeps itself.
 * Enforced by: merge_callee_effects (check_cfg), check_func_call
 * Rule: CB-CFG-04, CB-SLP-06
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
__failure __msg("sleepable global function global_install_wq() called in non-sleepable prog")
__errno(EINVAL) __rule("CB-CFG-04") __rule("CB-SLP-06")
__description("tc program calls a global that installs a sleeping wq callback")
int cb_wq_global_installer_might_sleep(struct __sk_buff *skb)
{
	return global_install_wq();
}
