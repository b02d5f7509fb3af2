# steps.sh: the accounting of make test's steps (sourced by test.sh and by
# its test, tests/steps.sh).  Each step's totals line ("N passed, N failed[,
# N skipped]") is added up in up, uf and us; failed_steps names each step
# that failed, with its count, and a step that printed no totals line (it
# died or was killed: e.g. a test that wrote to a pipe whose reader was
# gone) is said so and counted as one failure.  Each step's wall time in
# whole seconds goes into step_seconds (" name=Ns ..."), so the end of a CI
# log says where the time went.  Needs $log, a file.
up=0 uf=0 us=0 failed_steps= step_seconds=

# took NAME T0: add NAME's seconds since T0 (date +%s) to step_seconds.
took() { step_seconds="$step_seconds $1=$(( $(date +%s) - $2 ))s"; }

counts() {	# the last "N passed, N failed[, N skipped]" line of $log
	grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 |
		awk -F'[ ,]+' '{ print $1, $3, ($5 == "" ? 0 : $5) }'
}

# step NAME CMD...: run CMD, its output shown and kept in $log; add its
# totals line to the harness's; a step without one is one failure.
step() {
	name=$1 t0=$(date +%s)
	shift
	"$@" 2>&1 | tee "$log"
	took "$name" "$t0"
	set -- $(counts)
	if [ $# = 0 ]; then
		echo "test: $name printed no totals line: counted as one failure" >&2
		set -- 0 1 0
	fi
	up=$((up + $1)) uf=$((uf + $2)) us=$((us + $3))
	[ "$2" = 0 ] || failed_steps="$failed_steps $name($2)"
}

# whole NAME CMD...: a step that passes or fails as a whole (its exit status).
whole() {
	name=$1 t0=$(date +%s)
	shift
	if "$@" >"$log" 2>&1; then up=$((up + 1)); cat "$log"
	else cat "$log"; uf=$((uf + 1)) failed_steps="$failed_steps $name"; fi
	took "$name" "$t0"
}

