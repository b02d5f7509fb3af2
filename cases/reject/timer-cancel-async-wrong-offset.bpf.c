/* bpf_timer_cancel_async() runs the same exact-offset check as the timer
 * helpers: a pointer to the field after a timer at offset 0 (offset 16) is refused.
 * Enforced by: check_kfunc_args -> process_timer_func -> check_map_field_pointer
 * Rule: KF-TMR-04, TMR-ARG-08
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	u64 counter;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

SEC("tc")
__failure __msg("off 16 doesn't point to 'struct bpf_timer' that is at 0") __errno(EINVAL)
__rule("KF-TMR-04") __rule("TMR-ARG-08")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async on &val->counter (offset 16)")
int timer_cancel_async_wrong_offset(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_cancel_async((struct bpf_timer *)&val->counter);
	return 0;
}
