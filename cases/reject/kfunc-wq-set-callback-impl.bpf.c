/* 7.3 replaced bpf_wq_set_callback_impl by bpf_wq_set_callback
 * (KF_IMPLICIT_ARGS); the _impl name survives only as a BTF prototype made
 * by resolve_btfids, with no kernel symbol, so it is not callable.
 * Enforced by: bpf_add_kfunc_call (kallsyms_lookup_name)
 * Rule: KF-GEN-04
 * rules.md says "... is not allowed" (-EACCES); 7.3.4 fails first in bpf_add_kfunc_call: no kernel symbol (-EINVAL).
 */
#include "twc.h"

extern int bpf_wq_set_callback_impl(struct bpf_wq *wq,
				    int (*callback_fn)(void *, int *, void *),
				    unsigned int flags, struct bpf_prog_aux *aux) __ksym;

struct elem {
	u64 pad;
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *val)
{
	return 0;
}

SEC("tc")
__failure __msg("cannot find address for kernel function bpf_wq_set_callback_impl")
__errno(EINVAL) __rule("KF-GEN-04") __requires("kfunc:bpf_wq_set_callback")
__description("6.12-style bpf_wq_set_callback_impl(wq, cb, 0, NULL) on 7.3")
int kfunc_wq_set_callback_impl(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	bpf_wq_init(&val->w, &wq_map, 0);
	bpf_wq_set_callback_impl(&val->w, wq_cb, 0, NULL);
	return 0;
}
