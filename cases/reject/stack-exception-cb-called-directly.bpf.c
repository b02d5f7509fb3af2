/* The exception callback (named by the main program's exception_callback
 * decl tag) is an async-style root and may not be called directly.
 * Enforced by: check_max_stack_depth_subprog
 * Rule: STK-11
 * 7.3 prints this message without a newline, so the next log line is glued to it.
 */
#include "twc.h"

#define __exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

__noinline int exc_cb(u64 cookie)
{
	int ret;

	/* opaque to the compiler, so the call below stays a call with r1 */
	asm volatile ("%[ret] = %[c];" : [ret] "=r"(ret) : [c] "r"(cookie));
	return ret;
}

SEC("tc")
__failure __msg("insn {{[0-9]+}} cannot call exception cb directly") __errno(EINVAL)
__rule("STK-11")
__description("main calls its own exception callback")
__exception_cb(exc_cb)
int stack_exception_cb_called_directly(struct __sk_buff *skb)
{
	return exc_cb(0) ? 1 : 0;
}
