/* A global function made "sleepable" by the wq callback it installs may
 * be called from a sleepable program (syscall).
 * Enforced by: merge_callee_effects, check_func_call (in_sleepable_context)
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
__success __rule("CB-CFG-04")
__description("syscall program calls a global that installs a sleeping wq callback")
int cb_wq_global_installer_sleepable_prog(void *ctx)
{
	return global_install_wq();
}
