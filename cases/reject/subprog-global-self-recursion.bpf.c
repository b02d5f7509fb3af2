/* A global (non-static) subprog that calls itself is rejected by the same
 * direct-call cycle check, although global callees are verified separately.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-03, CB-CFG-05
 */
#include "twc.h"

__attribute__((noinline)) int global_count_down(int n)
{
	int r;

	if (n <= 0)
		return 0;
	r = global_count_down(n - 1);
	__sink(r);	/* keep the call out of tail position */
	return r + 1;
}

SEC("tc")
__failure __msg("recursive call from global_count_down() to global_count_down()") __errno(EINVAL)
__rule("CB-REC-03") __rule("CB-CFG-05")
__description("global subprog calls itself")
int subprog_global_self_recursion(struct __sk_buff *skb)
{
	global_count_down(skb->len & 7);
	return 0;
}
