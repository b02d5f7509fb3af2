#!/bin/sh
# fetch.sh and the Makefile's tools against a fake cache, offline: a cached
# kernel is used only for the manifest line it was fetched for, a bad
# manifest line is one sentence naming file, line and fault (exit 2), and a
# checkout with a broken pinned line writes nothing into the shared cache.
# apt-get and apt-cache are fakes that fail (no network is touched) and log
# every call, so "used the cache" means "apt was never called".
#   harness/sh/tests/fetch-cache.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
fetch=$top/harness/sh/fetch.sh
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
passed=0 failed=0
C=$t/cache M=$t/kernels.list

mkdir -p "$t/bin"
for tool in apt-get apt-cache; do
	cat >"$t/bin/$tool" <<EOF
#!/bin/sh
echo "$tool \$*" >>"$t/apt.log"
if [ "$tool \$1" = "apt-get indextargets" ]; then
	echo "http://deb.debian.org/debian trixie-backports"
	echo "http://deb.debian.org/debian trixie"
	exit 0
fi
echo "E: fake $tool: no network in this test" >&2
exit 100
EOF
	chmod +x "$t/bin/$tool"
done

L73='7.3-cloud   image   trixie-backports  linux-binary-7.3.4+deb13-cloud-amd64     7.3.4-1~bpo13+1'
LSRC='src-7.3     source  trixie-backports  linux-source-7.3                         7.3.4-1~bpo13+1'
L619='6.19-cloud  image   trixie-backports  linux-binary-6.19.14+deb13-cloud-amd64   6.19.14-1~bpo13+1'

# norm LINE: the line as the cache keys it (fields separated by one space).
norm() { echo "$1" | awk '{ $1 = $1; print }'; }
# key LINE...: the cache key, computed here, not by the code under test:
# the first 12 hex digits of sha256 of the normalized lines, one a line.
key() { for l in "$@"; do norm "$l"; done | sha256sum | cut -c1-12; }

# manifest LINE...: the manifest, a header comment first (line 1).
manifest() {
	echo "# test manifest: name kind suite package version" >"$M"
	for l in "$@"; do echo "$l" >>"$M"; done
}

# kernel LINE: a fake cached image for LINE in the keyed format; prints its vmlinuz.
kernel() {
	set -- $(norm "$1")
	d=$C/kernels/$1-$(key "$*")
	mkdir -p "$d/deb/boot"
	echo "fake $1 $5" >"$d/deb/boot/vmlinuz-$1"
	echo "$*" >"$d/.done"
	echo "$d/deb/boot/vmlinuz-$1"
}

# legacy LINE: a fake image in the cache layout of before keys
# (kernels/NAME/, .done holding PACKAGE=VERSION); prints its vmlinuz.
legacy() {
	set -- $1
	d=$C/kernels/$1
	mkdir -p "$d/deb/boot"
	echo "fake $1 $5" >"$d/deb/boot/vmlinuz-$1"
	echo "$4=$5" >"$d/.done"
	echo "$d/deb/boot/vmlinuz-$1"
}

# snapshot [DIR]: every path under DIR (the cache) with its size, mode,
# time and content hash.
snapshot() {
	find "${1:-$C}" -printf '%p %s %m %T@ %l\n' 2>/dev/null | sort
	find "${1:-$C}" -type f -exec sha256sum {} + 2>/dev/null | sort
}

# run ARGS...: fetch.sh offline against the fake cache and manifest.
run() {
	: >"$t/apt.log"
	out=$(PATH=$t/bin:$PATH TWC_KERNELS=$M TWC_CACHE=$C "$fetch" "$@" 2>"$t/err"); rc=$?
	err=$(cat "$t/err")
}

# check WHAT CONDITION...: one ok/not ok line.
check() {
	what=$1
	shift
	if "$@"; then
		passed=$((passed + 1)); echo "ok - $what"
	else
		failed=$((failed + 1)); echo "not ok - $what"
		echo "#   exit $rc"
		printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   stdout: /'
		printf '%s\n' "$err" | sed 's/^/#   stderr: /'
		sed 's/^/#   apt: /' "$t/apt.log"
	fi
}
has() { printf '%s\n' "$err" | grep -qxF -- "$1"; }
no_apt() { [ ! -s "$t/apt.log" ]; }

# --- a kernel is used from the cache only for the line it was fetched for ---
rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"; v=$(kernel "$L619")
run path 6.19-cloud
check "an unchanged line uses its cached kernel without fetching" \
	eval '[ $rc = 0 ] && [ "$out" = "$v" ] && no_apt'

manifest "$L73" "$LSRC" "$(norm "$L619")"
run path 6.19-cloud
check "a line realigned with other spaces is the same line" \
	eval '[ $rc = 0 ] && [ "$out" = "$v" ] && no_apt'

L619b=$(echo "$L619" | sed 's/1~bpo13+1$/1~bpo13+2/')
legacy "$L619" >/dev/null
manifest "$L73" "$LSRC" "$L619b"
run path 6.19-cloud
check "a changed version does not use the old kernel: it fetches the new one" \
	eval '[ $rc = 1 ] && [ -z "$out" ] && ! no_apt &&
	has "fetch: apt-get update for suite trixie-backports failed; see $C/apt/trixie-backports/update.log"'
check "the old version's cache entries are left as they were" \
	eval '[ -f "$v" ] && [ -f "$C/kernels/6.19-cloud/.done" ]'

# --- fetch.sh config: the kernel's config, from the image's package or its linux-base-* ---
L61='6.1-cloud   image   bookworm          linux-image-6.1.0-50-cloud-amd64         6.1.176-1'
rm -rf "$C"; manifest "$L73" "$LSRC" "$L61"; v=$(kernel "$L61")
echo "CONFIG_BPF=y" >"${v%/vmlinuz-*}/config-6.1-cloud"
run config 6.1-cloud
check "a linux-image package's boot/config-* is the config, without apt" \
	eval '[ $rc = 0 ] && [ "$out" = "${v%/vmlinuz-*}/config-6.1-cloud" ] && no_apt'
v=$(kernel "$L73")
run config 7.3-cloud
check "a linux-binary package without its linux-base-*: fetched (here apt fails: exit 1, named)" \
	eval '[ $rc = 1 ] && [ -z "$out" ] &&
	has "fetch: 7.3-cloud: the kernel'"'"'s config is in linux-base-7.3.4+deb13-cloud-amd64=7.3.4-1~bpo13+1" &&
	has "fetch: apt-get update for suite trixie-backports failed; see $C/apt/trixie-backports/update.log"'
b=${v%/deb/boot/*}/base/usr/lib/modules/7.3.4+deb13-cloud-amd64
mkdir -p "$b" && echo "CONFIG_BPF=y" >"$b/config"
run config 7.3-cloud
check "... and once unpacked into base/ of the image's entry, used without apt" \
	eval '[ $rc = 0 ] && [ "$out" = "$b/config" ] && no_apt'
run config src-7.3
check "config of a source is a usage error (exit 2)" \
	eval '[ $rc = 2 ] && has "fetch: src-7.3: a source, not a kernel image"'

# --- the cache of before keys: used where its .done names the line's package and version ---
rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"; old=$(legacy "$L619")
before=$(snapshot "$C/kernels/6.19-cloud")
run path 6.19-cloud
check "a cache of before keys with the line's package=version is used without fetching" \
	eval '[ $rc = 0 ] && [ "$(cat "$out")" = "fake 6.19-cloud 6.19.14-1~bpo13+1" ] && no_apt'
check "... and is left as it was, for checkouts of before keys" \
	eval '[ "$(snapshot "$C/kernels/6.19-cloud")" = "$before" ]'
run path 6.19-cloud
check "... and the second time it is a keyed entry" \
	eval '[ $rc = 0 ] && [ "$(cat "$C/kernels/6.19-cloud-$(key "$L619")/.done")" = "$(norm "$L619")" ] && no_apt'

rm -rf "$C"; manifest "$L73" "$LSRC" "$L619b"; legacy "$L619" >/dev/null
run path 6.19-cloud
check "a cache of before keys with another version is not used" \
	eval '[ $rc = 1 ] && [ -z "$out" ] && ! no_apt'

# --- a .deb already downloaded: unpacked for its own version only, without apt ---
# deb LINE: a fake package of LINE's package and version in the private apt archives.
deb() {
	set -- $1
	r=$t/debroot && rm -rf "$r" && mkdir -p "$r/DEBIAN" "$r/boot"
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: twc <twc@invalid>\nDescription: fake\n' \
		"$4" "$5" >"$r/DEBIAN/control"
	echo "fake deb $1 $5" >"$r/boot/vmlinuz-$1"
	mkdir -p "$C/apt/$3/archives"
	dpkg-deb --root-owner-group -b "$r" "$C/apt/$3/archives/${4}_$(echo "$5" | sed 's/:/%3a/')_amd64.deb" >/dev/null
}
rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"; deb "$L619"
run path 6.19-cloud
check "a .deb of the line's version already downloaded is unpacked without apt" \
	eval '[ $rc = 0 ] && [ "$(cat "$out")" = "fake deb 6.19-cloud 6.19.14-1~bpo13+1" ] && no_apt &&
	[ "$(cat "$C/kernels/6.19-cloud-$(key "$L619")/.done")" = "$(norm "$L619")" ]'
manifest "$L73" "$LSRC" "$L619b"
run path 6.19-cloud
check "a .deb of another version of the package is not unpacked for the line" \
	eval '[ $rc = 1 ] && [ -z "$out" ] && ! no_apt'

# --- each kind of bad line: one sentence naming file, line and fault; exit 2 ---
# bad WHAT LINE SENTENCE: the manifest with LINE as its line 4; any use of it fails.
bad() {
	rm -rf "$C"; kernel "$L73" >/dev/null
	manifest "$L73" "$LSRC" "$2"
	before=$(snapshot) sentence=$3
	run path 7.3-cloud
	check "$1" eval '[ $rc = 2 ] && [ -z "$out" ] && has "fetch: $M:4: $sentence" &&
		[ "$(printf "%s\n" "$err" | wc -l)" = 1 ] && no_apt && [ "$(snapshot)" = "$before" ]'
}
bad "a line without a version" \
	'6.19-cloud  image   trixie-backports  linux-binary-6.19.14+deb13-cloud-amd64' \
	"'6.19-cloud' has no version (want: NAME image SUITE PACKAGE VERSION)"
bad "a line with '-' for the version of an image" \
	'6.19-cloud  image   trixie-backports  linux-binary-6.19.14+deb13-cloud-amd64 -' \
	"'6.19-cloud' has no version (want: NAME image SUITE PACKAGE VERSION)"
bad "a line with a field too many" \
	"$L619 amd64" \
	"'6.19-cloud' has 6 fields, not 5 (want: NAME image SUITE PACKAGE VERSION)"
bad "a line with a comment after its fields" \
	"$L619 # the last before the series" \
	"'6.19-cloud' has a comment after its fields (a comment is a line of its own, starting with #)"
bad "a line with too few fields" \
	'6.19-cloud  image   linux-binary-6.19.14+deb13-cloud-amd64' \
	"'6.19-cloud' has 3 fields, not 5 (want: NAME image SUITE PACKAGE VERSION)"
bad "a line of an unknown kind" \
	"$(echo "$L619" | sed 's/ image / imgae /')" \
	"'6.19-cloud' has unknown kind 'imgae' (want: image, source, file or build)"
bad "a version apt would not accept" \
	"$(echo "$L619" | sed 's/6\.19\.14-1~bpo13+1$/v6.19.14_1/')" \
	"'6.19-cloud' has version 'v6.19.14_1', which apt would not accept (a Debian version starts with a digit and has only letters, digits and . + ~ - :)"
bad "a name given twice" \
	"$(echo "$L619" | sed 's/^6\.19-cloud/7.3-cloud /')" \
	"'7.3-cloud' is named again (first on line 2)"
bad "a file line with a version" \
	'mine        file    -                 ../linux/arch/x86/boot/bzImage           1.0' \
	"'mine' is a file: its suite and version are '-' (want: NAME file - BZIMAGE -)"

# Every use of the manifest checks every line, not only the line it needs.
rm -rf "$C"; manifest "$L73" "$LSRC" '6.19-cloud image trixie-backports linux-binary-6.19.14+deb13-cloud-amd64'
for cmd in list reference "release 7.3-cloud" check; do
	run $cmd
	check "fetch.sh $cmd refuses a manifest with a bad line" \
		eval '[ $rc = 2 ] && has "fetch: $M:4: '"'6.19-cloud'"' has no version (want: NAME image SUITE PACKAGE VERSION)"'
done

# --- the tools: keyed on the pinned lines; a broken line writes nothing ---
# tools DIR: a fake tools directory, built as far as make is concerned.
tools() {
	mkdir -p "$1/libbpf/lib64" "$1/bpftool" "$1/include"
	echo pinned >"$1/pinned"
	for f in libbpf/lib64/libbpf.a bpftool/bpftool include/vmlinux.h; do echo "fake $f" >"$1/$f"; done
	touch -d '2000-01-01' "$1/pinned"
}
# mk TARGET...: make in the tree with the fake cache, manifest and apt.
mk() {
	: >"$t/apt.log"
	out=$(PATH=$t/bin:$PATH TWC_KERNELS=$M TWC_CACHE=$C make -C "$top" --no-print-directory \
		O="$t/build" "$@" 2>"$t/err"); rc=$?	# a later -C wins
	err=$(cat "$t/err")
}
tkey=$(key "$LSRC" "$L73")

rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"; tools "$C/tools/src-7.3-$tkey"
mk --eval 'show-tools: ; @echo $(TOOLS)' show-tools
check "the tools directory is keyed on the source's and the reference's lines" \
	eval '[ $rc = 0 ] && [ "$out" = "$C/tools/src-7.3-$tkey" ]'

rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"
tools "$C/tools/src-7.3"; printf '%s\n%s\n' "$L73" "$LSRC" >"$C/tools/src-7.3/pinned"
touch -d '2000-01-01' "$C/tools/src-7.3/pinned"
run tools src-7.3 7.3-cloud
check "tools built before keys for the same lines are taken over, not rebuilt" \
	eval '[ $rc = 0 ] && [ "$out" = "$C/tools/src-7.3-$tkey" ] &&
	[ "$(cat "$out/libbpf/lib64/libbpf.a")" = "fake libbpf/lib64/libbpf.a" ] &&
	[ "$(cat "$C/tools/src-7.3/bpftool/bpftool")" = "fake bpftool/bpftool" ]'

rm -rf "$C"; manifest "$L73" "$LSRC" "$L619"
tools "$C/tools/src-7.3"; printf '%s\n%s\n' "$L73" "$(echo "$LSRC" | sed 's/+1$/+2/')" >"$C/tools/src-7.3/pinned"
touch -d '2000-01-01' "$C/tools/src-7.3/pinned"
run tools src-7.3 7.3-cloud
check "tools built before keys for other lines are not taken over" \
	eval '[ $rc = 0 ] && [ "$out" = "$C/tools/src-7.3-$tkey" ] && [ ! -e "$out" ]'

# A checkout whose reference line is broken, sharing the cache with good
# tools of before keys and keyed ones: a copy of this tree's Makefile and
# harness/ whose own harness/kernels/kernels.list has the broken line.
rm -rf "$C" "$t/tree"; kernel "$L73" >/dev/null
tools "$C/tools/src-7.3-$tkey"
tools "$C/tools/src-7.3"; printf '%s\n%s\n' "$L73" "$LSRC" >"$C/tools/src-7.3/pinned"
touch -d '2000-01-01' "$C/tools/src-7.3/pinned"
mkdir -p "$t/tree" && cp -a "$top/Makefile" "$top/harness" "$t/tree/"
M=$t/tree/harness/kernels/kernels.list
manifest '7.3-cloud   image   trixie-backports  linux-binary-7.3.4+deb13-cloud-amd64' "$LSRC" "$L619"
before=$(snapshot)
mk -C "$t/tree" tools
check "make tools with a broken reference line fails with the sentence, exit 2" \
	eval '[ $rc = 2 ] && has "fetch: harness/kernels/kernels.list:2: '"'7.3-cloud'"' has no version (want: NAME image SUITE PACKAGE VERSION)"'
check "... and writes nothing into the shared cache" eval '[ "$(snapshot)" = "$before" ] && no_apt'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
