/* timer, wq and task_work fields never make a type NMI-unsafe for
 * bpf_obj_drop in tracing programs (and local objects do not even record a
 * timer): an fentry program may drop an object holding a bpf_timer.
 * Enforced by: check_kfunc_call (btf_record_has_nmi_unsafe_fields)
 * Rule: PT-09
 */
#include "twc.h"
#include <bpf/bpf_core_read.h>

extern void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;

struct twc_node {
	u64 x;
	struct bpf_timer t;
};

SEC("fentry/bpf_fentry_test1")
__success
__rule("PT-09")
__description("fentry: bpf_obj_new + bpf_obj_drop of a local type with a bpf_timer")
int prog_fentry_obj_drop_timer_field(u64 *ctx)
{
	struct twc_node *n = bpf_obj_new_impl(bpf_core_type_id_local(struct twc_node), NULL);

	if (!n)
		return 0;
	bpf_obj_drop_impl(n, NULL);
	return 0;
}
