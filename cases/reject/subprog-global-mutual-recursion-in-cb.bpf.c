/* Global functions reached from a timer callback may not call each other
 * in a cycle: global_ping -> global_pong -> global_ping is rejected by the
 * same direct-call cycle check as static recursion.
 * Enforced by: sort_subprogs_topo
 * Rule: CB-REC-03, CB-CFG-05
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

int global_pong(int n);

__attribute__((noinline)) int global_ping(int n)
{
	return n > 0 ? global_pong(n - 1) : 0;
}

__attribute__((noinline)) int global_pong(int n)
{
	return n > 0 ? global_ping(n - 1) : 0;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	global_ping(*key);
	return 0;
}

SEC("tc")
__failure __msg("recursive call from global_pong() to global_ping()") __errno(EINVAL)
__rule("CB-REC-03") __rule("CB-CFG-05")
__description("timer callback calls global_ping; global_ping and global_pong call each other")
int subprog_global_mutual_recursion_in_cb(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
