// SPDX-License-Identifier: GPL-2.0
/*
 * facts.c: kernel facts a case may require (facts.h).
 */
#include <string.h>

#include "case/facts.h"

/* word occurs in text delimited by blanks (or the ends). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; p && (p = strstr(p, word)); p += n)
		if ((p == text || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return true;
	return false;
}

bool facts__preempt_rt(const char *uname_version, const char *realtime)
{
	if (realtime && realtime[0] == '1')
		return true;
	return uname_version && has_word(uname_version, "PREEMPT_RT");
}
