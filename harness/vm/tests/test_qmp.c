// SPDX-License-Identifier: GPL-2.0
/*
 * test_qmp.c: the lines of QEMU's machine protocol twc run reads
 * (vm/qmp.c), as QEMU 7.2 writes them, and the parameters a boot gets on
 * the control port (vm/snap.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit/unit.h"
#include "vm/boot.h"
#include "vm/qmp.h"
#include "vm/snap.h"

static void test_kinds(void)
{
	EXPECT_INT(qmp__kind("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, "
			     "\"major\": 7}, \"package\": \"Debian\"}, \"capabilities\": "
			     "[\"oob\"]}}\r"), QMP_GREETING);
	EXPECT_INT(qmp__kind("{\"return\": {}}"), QMP_RETURN);
	EXPECT_INT(qmp__kind("{\"timestamp\": {\"seconds\": 1764696000, \"microseconds\": 1}, "
			     "\"event\": \"STOP\"}"), QMP_EVENT);
	EXPECT_INT(qmp__kind("{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}"),
		   QMP_ERROR);
	/* a key of an inner object is no kind; neither is a string value */
	EXPECT_INT(qmp__kind("{\"id\": {\"return\": 1}}"), QMP_OTHER);
	EXPECT_INT(qmp__kind("{\"x\": \"return\"}"), QMP_OTHER);
	EXPECT_INT(qmp__kind("{\"x\": \"a \\\"}\\\" b\", \"return\": {}}"), QMP_RETURN);
	EXPECT_INT(qmp__kind(""), QMP_OTHER);
	EXPECT_INT(qmp__kind("{\"return"), QMP_OTHER);
	EXPECT_INT(qmp__kind("garbage {"), QMP_OTHER);
}

static void test_str(void)
{
	static const char migrate[] = "{\"return\": {\"expected-downtime\": 300, \"status\": "
		"\"completed\", \"setup-time\": 1, \"total-time\": 151, \"ram\": {\"total\": "
		"1074069504, \"mbps\": 34.1}}}";
	char v[16];

	EXPECT_INT(qmp__str(migrate, "status", v, sizeof(v)), 0);
	EXPECT_STR(v, "completed");
	EXPECT_INT(qmp__str("{\"return\": {\"status\": \"active\"}}", "status", v, sizeof(v)), 0);
	EXPECT_STR(v, "active");
	EXPECT_INT(qmp__str("{\"error\": {\"class\": \"GenericError\", \"desc\": \"a \\\"b\\\" "
			    "c\"}}", "desc", v, sizeof(v)), 0);
	EXPECT_STR(v, "a \"b\" c");
	/* cut to the buffer; a number is no string; no such key */
	EXPECT_INT(qmp__str("{\"desc\": \"0123456789abcdefghij\"}", "desc", v, sizeof(v)), 0);
	EXPECT_STR(v, "0123456789abcde");
	EXPECT_INT(qmp__str("{\"status\": 3}", "status", v, sizeof(v)), -ENOENT);
	EXPECT_STR(v, "");
	EXPECT_INT(qmp__str(migrate, "desc", v, sizeof(v)), -ENOENT);
	EXPECT_INT(qmp__str("{\"status\": \"unterminated", "status", v, sizeof(v)), -ENOENT);
	/* a value that looks like the key is not the key */
	EXPECT_INT(qmp__str("{\"a\": \"status\", \"status\": \"ok\"}", "status", v, sizeof(v)), 0);
	EXPECT_STR(v, "ok");
}

static void test_params(void)
{
	struct boot_start at = { .start = 3 };
	char buf[64];

	snap__params(&at, buf, sizeof(buf));
	EXPECT_STR(buf, "twc.start=3\n");
	at.n_alone = 2;
	at.alone[0] = 0;
	at.alone[1] = 17;
	snap__params(&at, buf, sizeof(buf));
	EXPECT_STR(buf, "twc.start=3 twc.alone=0,17\n");
}

UNIT_GROUP(qmp, { "line kinds", test_kinds }, { "string fields", test_str },
	   { "a boot's parameters", test_params });
