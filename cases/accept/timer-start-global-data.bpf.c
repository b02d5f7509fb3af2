/* A bpf_timer in a global variable is a valid timer: ld_imm64
 * BPF_PSEUDO_MAP_VALUE gives a map value pointer into the .bss array map,
 * and its timer callback's R1 is that map, usable for bpf_timer_init.
 * Enforced by: check_ld_imm (BPF_PSEUDO_MAP_VALUE), check_map_field_pointer
 * Rule: TMR-ARG-20, TMR-ARG-12, TMR-ARG-03 (allowed side)
 */
#include "twc.h"

/* Only static variables in .bss: libbpf then does not mmap the map, which
 * the kernel refuses for a map holding a timer. */
static struct {
	u64 pad;
	struct bpf_timer t;
} gtimer;

static int timer_cb(void *map, int *key, void *val)
{
	bpf_timer_init(&gtimer.t, map, CLOCK_MONOTONIC);
	return 0;
}

SEC("tc")
__success __rule("TMR-ARG-20") __rule("TMR-ARG-12") __rule("TMR-ARG-03")
__requires("kfunc:bpf_timer_cancel_async")
__description("set_callback, start, cancel, cancel_async on a static global timer")
int timer_start_global_data(struct __sk_buff *skb)
{
	bpf_timer_set_callback(&gtimer.t, timer_cb);
	bpf_timer_start(&gtimer.t, 1000, 0);
	bpf_timer_cancel(&gtimer.t);
	bpf_timer_cancel_async(&gtimer.t);
	return 0;
}
