/* Even in a sleepable program, a global function marked might_sleep by
 * the wq callback it installs may not be called inside an RCU read-side
 * section.
 * Enforced by: merge_callee_effects, check_func_call (non_sleepable_context_description)
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

SEC("syscall")
__failure __msg("sleepable global function global_install_wq() called in rcu_read_lock region")
__errno(EINVAL) __rule("CB-CFG-04") __rule("CB-SLP-06")
__description("syscall program calls the wq installer inside bpf_rcu_read_lock")
int cb_wq_global_installer_in_rcu(void *ctx)
{
	int ret;

	bpf_rcu_read_lock();
	ret = global_install_wq();
	bpf_rcu_read_unlock();
	return ret;
}
