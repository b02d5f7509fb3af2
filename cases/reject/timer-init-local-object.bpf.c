/* A bpf_timer in an object from bpf_obj_new is no timer: local objects are
 * parsed without timer fields, and the timer helpers want a map value.
 * Enforced by: btf_parse_struct_metas (no BPF_TIMER), check_reg_type
 * Rule: BTF-10
 * The kernel prints the object's type as "ptr_", without the struct's name.
 */
#include "twc.h"
#include <bpf/bpf_core_read.h>

extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *kptr, void *meta__ign) __ksym;

struct twc_obj {
	struct bpf_timer t;
	u64 x;
};

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __errno(EACCES) __rule("BTF-10")
__msg("R1 type=ptr_ expected=map_value")
__description("bpf_timer_init on the timer of a bpf_obj_new object")
int timer_init_local_object(struct __sk_buff *skb)
{
	struct twc_obj *n = bpf_obj_new_impl(bpf_core_type_id_local(struct twc_obj), NULL);

	if (!n)
		return 0;
	bpf_timer_init(&n->t, &timer_map, CLOCK_MONOTONIC);
	bpf_obj_drop_impl(n, NULL);
	return 0;
}
