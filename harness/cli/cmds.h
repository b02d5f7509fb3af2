/* SPDX-License-Identifier: GPL-2.0 */
/* cmds.h: the subcommands of the twc host tool (see twc.c). */
#ifndef TWC_CMDS_H
#define TWC_CMDS_H

int cmd_plan(int argc, char **argv);	/* plan.c */
int cmd_image(int argc, char **argv);	/* image.c */
int cmd_run(int argc, char **argv);	/* vm.c */
int cmd_judge(int argc, char **argv);	/* judge.c */

#endif /* TWC_CMDS_H */
