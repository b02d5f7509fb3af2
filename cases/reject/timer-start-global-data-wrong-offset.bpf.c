/* A global timer is checked like any map value: the pointer's offset in
 * the .bss value must be the timer's (the variable's start is at 0, the
 * timer at 8).
 * Enforced by: check_map_field_pointer (via process_timer_func)
 * Rule: TMR-ARG-20, TMR-ARG-08
 */
#include "twc.h"

static struct {
	u64 pad;
	struct bpf_timer t;
} gtimer;

SEC("tc")
__failure __msg("off 0 doesn't point to 'struct bpf_timer' that is at 8")
__errno(EINVAL) __rule("TMR-ARG-20") __rule("TMR-ARG-08")
__description("bpf_timer_start on the start of a static global holding a timer")
__naked int timer_start_global_data_wrong_offset(void)
{
	asm volatile (
	"r1 = %[gtimer] ll;"
	"r2 = 1000;"
	"r3 = 0;"
	"call %[bpf_timer_start];"
	"r0 = 0;"
	"exit;"
	:
	: __imm_addr(gtimer), __imm(bpf_timer_start)
	: __clobber_all);
}
