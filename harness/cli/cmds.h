/* SPDX-License-Identifier: GPL-2.0 */
/* cmds.h: the subcommands of the twc host tool (cli/twc.c), one file each. */
#ifndef TWC_CLI_CMDS_H
#define TWC_CLI_CMDS_H

int cmd_plan(int argc, char **argv);	/* cli/plan.c */
int cmd_image(int argc, char **argv);	/* cli/image.c */
int cmd_run(int argc, char **argv);	/* cli/run.c */
int cmd_judge(int argc, char **argv);	/* cli/judge.c */

#endif /* TWC_CLI_CMDS_H */
