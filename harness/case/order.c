// SPDX-License-Identifier: GPL-2.0
/*
 * order.c: the order the guest runs a plan's cases in (order.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "case/order.h"

uint64_t order__golden_cost(const char *log)
{
	static const char key[] = "processed ";
	uint64_t cost = 0;

	for (const char *p = log; p && (p = strstr(p, key)); p += sizeof(key) - 1) {
		char *end;
		unsigned long long n;

		if (p != log && p[-1] != '\n')
			continue;	/* a line that starts so */
		n = strtoull(p + sizeof(key) - 1, &end, 10);
		if (end != p + sizeof(key) - 1 && !strncmp(end, " insns", 6))
			cost = n;
	}
	return cost;
}

/* Sort key of order__by_cost: cost, then index. */
struct order_key {
	uint64_t cost;
	int idx;
};

static int order_key__cmp(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	return x->idx - y->idx;
}

int order__by_cost(const uint64_t *cost, int n, int *order)
{
	struct order_key *keys = calloc(n > 0 ? n : 1, sizeof(*keys));

	if (!keys)
		return -ENOMEM;
	for (int i = 0; i < n; i++)
		keys[i] = (struct order_key){ cost[i], i };
	qsort(keys, n, sizeof(*keys), order_key__cmp);
	for (int i = 0; i < n; i++)
		order[i] = keys[i].idx;
	free(keys);
	return 0;
}

static bool order__has(const int *list, int n, int idx)
{
	for (int i = 0; i < n; i++)
		if (list[i] == idx)
			return true;
	return false;
}

int order__parse_list(const char *s, int n, int *out, int max)
{
	int count = 0;

	if (!*s || !strcmp(s, "-"))
		return 0;
	for (;;) {
		char *end;
		long v;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = strtol(s, &end, 10);
		if (v >= n || count == max || order__has(out, count, v))
			return -EINVAL;
		out[count++] = v;
		if (!*end)
			return count;
		if (*end != ',')
			return -EINVAL;
		s = end + 1;
	}
}

int order__queue(const int *order, int n, int start, const int *alone, int n_alone,
		 int *queue)
{
	int len = 0;

	if (start < 0 || start > n)
		return -EINVAL;
	for (int i = 0; i < n_alone; i++) {
		if (alone[i] < 0 || alone[i] >= n || order__has(queue, len, alone[i]))
			return -EINVAL;
		queue[len++] = alone[i];
	}
	for (int pos = start; pos < n; pos++) {
		int idx = order ? order[pos] : pos;

		if (!order__has(alone, n_alone, idx))
			queue[len++] = idx;
	}
	return len;
}

int order__serial(const int *order, int n, int start, int serial, const int *alone,
		  int n_alone)
{
	int count = 0;

	for (int pos = start < 0 ? 0 : start; pos < serial && pos < n; pos++)
		if (!order__has(alone, n_alone, order ? order[pos] : pos))
			count++;
	return count;
}
