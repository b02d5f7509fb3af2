/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qmp.h: what one line from QEMU's machine protocol (QMP) says (private to
 * vm/): QEMU sends one JSON object a line, the greeting ({"QMP": ...}), a
 * command's reply ({"return": ...} or {"error": ...}) or an event
 * ({"timestamp": ..., "event": ...}).  twc run reads no more than a line's
 * kind and a string field or two (a migration's "status", an error's
 * "desc"), so this is a scanner of JSON's strings and nesting, not a
 * parser of its values.
 */
#ifndef TWC_VM_QMP_H
#define TWC_VM_QMP_H

#include <stddef.h>

enum qmp_kind {
	QMP_OTHER,		/* not a QMP line (or not one of these) */
	QMP_GREETING,		/* {"QMP": ...} */
	QMP_EVENT,		/* {..., "event": "STOP"} */
	QMP_RETURN,		/* {"return": ...}: a command succeeded */
	QMP_ERROR,		/* {"error": {"class": ..., "desc": ...}} */
};

/* The kind of line, by the keys of its outermost object. */
enum qmp_kind qmp__kind(const char *line);

/*
 * The first string value of key at any depth of line ("status" of
 * query-migrate's reply, "desc" of an error) into val (at most len - 1
 * bytes; JSON's escapes of '"' and '\' undone, others kept); 0, or
 * -ENOENT when no such key has a string value.
 */
int qmp__str(const char *line, const char *key, char *val, size_t len);

#endif /* TWC_VM_QMP_H */
