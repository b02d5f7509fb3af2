#!/bin/sh
# bisect-demo.sh: `make bisect-demo`.  No kernel git history is reachable
# from these machines, so this shows harness/sh/bisect.sh under `git bisect run`
# on a small synthetic history: the pinned source (linux-source-7.3) as the
# first commit, then four commits, one of which is a regression that makes
# bpf_timer_init accept a timer of one inner map with another inner map of
# the same outer map (it compares the map pointers only, not their uids).
#
#   harness/sh/bisect-demo.sh [DIR]     DIR: where the demo tree lives
#                                    (default $TWC_CACHE/bisect-demo)
#
# The tree and its build directory are kept, so a second run only rebuilds
# the commits git bisect checks out.  Exit 0 when git bisect names the
# regression as the first bad commit, 1 otherwise, 2 when the demo cannot
# be set up.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
dir=${1:-$cache/bisect-demo}
tree=$dir/linux
case_id=reject/timer-init-inner-map-mismatch
regression="bpf: compare only map pointers in process_map_ptr_arg (synthetic regression)"

say() { echo "bisect-demo: $*" >&2; }
die() { say "$*"; exit 2; }
g() { git -C "$tree" -c user.name="twc bisect demo" -c user.email=demo@twc.invalid "$@"; }

# edit FILE PYTHON-FREE-SED-SCRIPT: apply a sed script, fail when it changed nothing.
edit() {
	cp "$tree/$1" "$dir/before"
	sed -i "$2" "$tree/$1"
	! cmp -s "$tree/$1" "$dir/before" || die "$1: the edit found nothing to change; is this 7.3.4?"
}

if ! [ -f "$dir/.done" ]; then
	src=$("$top/harness/sh/fetch.sh" path src-7.3) || die "cannot fetch the pinned source"
	rm -rf "$dir" && mkdir -p "$dir"
	say "copying $src into $tree and committing it (a few minutes)"
	cp -a "$src" "$tree"
	git init -q "$tree"
	# -f: Debian's top-level .gitignore ignores everything but debian/
	g add -A -f . && g commit -q -m "Linux 7.3.4 (Debian linux-source-7.3, unpacked)"

	edit kernel/bpf/verifier.c '/^static int set_timer_callback_state(/i\
/* A timer callback gets (map, key, value) of the element holding the timer. */'
	g commit -q -a -m "bpf: document the async callback arguments (synthetic)"

	# process_map_ptr_arg: "if (meta->map.ptr &&\n (... || meta->map.uid != reg->map_uid))"
	edit kernel/bpf/verifier.c '/^\tif (meta->map.ptr &&$/{
N
s/^\tif (meta->map.ptr &&\n\t    (meta->map.ptr != reg->map_ptr || meta->map.uid != reg->map_uid)) {$/\tif (meta->map.ptr \&\& meta->map.ptr != reg->map_ptr) {/
}'
	g commit -q -a -m "$regression"

	edit kernel/bpf/helpers.c '/^struct bpf_work {/i\
/* The state behind a struct bpf_wq of a map value. */'
	g commit -q -a -m "bpf: comment on struct bpf_work (synthetic)"

	edit Documentation/bpf/index.rst '$a\
.. twc bisect demo: a documentation-only commit (synthetic).'
	g commit -q -a -m "Documentation: bpf: a note (synthetic)"
	touch "$dir/.done"
fi

good=$(g rev-list --max-parents=0 HEAD)
g log --oneline | cat >&2
say "git bisect run harness/sh/bisect.sh --case $case_id --expect reject --expect-msg \"doesn't match map pointer\""
t0=$(date +%s)
g bisect reset -q >/dev/null 2>&1 || true
g bisect start HEAD "$good" >&2
g bisect run "$top/harness/sh/bisect.sh" --ksrc "$tree" --name bisect-demo \
	--out "$dir/twc" --case "$case_id" --expect reject --expect-msg "doesn't match map pointer" \
	>"$dir/run.log" 2>&1 || true
grep -E '^bisect: |is the first bad commit' "$dir/run.log" >&2 || true
first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$dir/run.log")
g bisect reset -q >/dev/null 2>&1 || true
subject=$( [ -n "$first" ] && g log -1 --format=%s "$first" || echo "none")
say "$(( $(date +%s) - t0 )) s; first bad commit: ${first:-none}: $subject (log: $dir/run.log)"
if [ "$subject" = "$regression" ]; then
	say "PASS: git bisect found the synthetic regression"
else
	say "FAIL: expected the commit '$regression'"
	exit 1
fi
