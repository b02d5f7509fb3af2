#!/bin/sh
# harness/sh/select-objs.sh: the objects a CASES= selection compiles, on the
# real corpus (make check CASES=<one case> compiles that case alone).
#   harness/sh/tests/select-objs.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
sel() { TWC_CASES="$1" "$top/harness/sh/select-objs.sh" O; }
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

all=$(find "$top/cases" -name '*.bpf.c' | wc -l)
t "one case id: its object alone" \
	"[ \"\$(sel accept/timer-init-map-value)\" = O/obj/accept/timer-init-map-value.bpf.o ]"
t "a pattern: the files it matches" \
	"[ \"\$(sel 'reject/timer-start-*' | wc -l)\" = $(ls "$top"/cases/reject/timer-start-*.bpf.c | wc -l) ]"
t "a program pattern under a file id: that file" \
	"[ \"\$(sel 'accept/timer-init-map-value/*')\" = O/obj/accept/timer-init-map-value.bpf.o ]"
t "an exclusion alone: every other file" \
	"[ \"\$(sel '!reject/*' | wc -l)\" = $((all - $(ls "$top"/cases/reject/*.bpf.c | wc -l))) ]"
t "a pattern less an exclusion" \
	"[ -z \"\$(sel 'reject/timer-start-* !reject/timer-start-*')\" ]"
t "no CASES: the whole corpus" "[ \"\$(sel '' | wc -l)\" = $all ]"
t "a case that does not exist: nothing" "[ -z \"\$(sel accept/no-such-case)\" ]"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
