/* bpf_timer_cancel_async() requires its struct bpf_timer argument to be a
 * map value; a stack timer fails the kfunc's timer-argument check.
 * Enforced by: check_kfunc_args (KF_ARG_PTR_TO_TIMER)
 * Rule: KF-TMR-03
 */
#include "twc.h"

SEC("tc")
__failure __msg("R1 doesn't point to a map value") __errno(EINVAL)
__rule("KF-TMR-03")
__requires("kfunc:bpf_timer_cancel_async")
__description("bpf_timer_cancel_async on a stack struct bpf_timer")
int timer_cancel_async_stack_timer(struct __sk_buff *skb)
{
	struct bpf_timer t = {};

	bpf_timer_cancel_async(&t);
	return 0;
}
