/* A struct_ops program (here tcp_congestion_ops.init) may use bpf_wq like
 * any other program type: init, set a static callback, start.
 * Enforced by: check_map_prog_compatibility, check_kfunc_call
 * Rule: PT-03
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} obj_map SEC(".maps");

static int obj_cb(void *map, int *key, void *value)
{
	return 0;
}

SEC("struct_ops/twc_init_wq")
__success __rule("PT-03")
__description("struct_ops tcp_congestion_ops.init: bpf_wq init, set_callback, start")
void BPF_PROG(prog_struct_ops_wq, struct sock *sk)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&obj_map, &key);

	if (!val)
		return;
	bpf_wq_init(&val->w, &obj_map, 0);
	bpf_wq_set_callback(&val->w, obj_cb, 0);
	bpf_wq_start(&val->w, 0);
}

SEC(".struct_ops")
struct tcp_congestion_ops twc_ca_wq = {
	.init = (void *)prog_struct_ops_wq,
	.name = "twc_ca_wq",
};
