#!/bin/sh
# fetch.sh: fetch a kernel or kernel-source package named in harness/kernels/kernels.list
# through apt with a private state directory, and unpack it into the cache.
# Nothing is installed on the system and the system's apt setup is untouched:
# the mirror is read from the machine's own apt configuration.
#
#   harness/sh/fetch.sh path NAME     print the cached artefact, fetching it first
#                                  (image: the vmlinuz; source: the tree root)
#   harness/sh/fetch.sh list          print the manifest's names and kinds
#   harness/sh/fetch.sh reference     print the reference kernel's name (the
#                                  manifest's first image; goldens are its)
#   harness/sh/fetch.sh release NAME  print an image's release (its modules
#                                  directory name), fetching it first
#   harness/sh/fetch.sh search REGEX SUITE
#                                  print "package version" for the packages of
#                                  SUITE whose name matches REGEX (apt-cache
#                                  search --names-only), to pick pinned versions
#
# Exit codes: 0 ok, 1 fetch/unpack failure, 2 usage or manifest error.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
manifest=${TWC_KERNELS:-$top/harness/kernels/kernels.list}
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

die() { echo "fetch: $*" >&2; exit "${rc:-1}"; }

# entry NAME: set kind/suite/pkg/ver from the manifest line for NAME.
entry() {
	line=$(awk -v n="$1" '!/^#/ && $1 == n { print; exit }' "$manifest")
	[ -n "$line" ] || rc=2 die "$1: no such kernel in harness/kernels/kernels.list (try: $0 list)"
	set -- $line
	kind=$2 suite=$3 pkg=$4 ver=$5
}

# mirror SUITE: the Debian mirror the machine's apt already uses for SUITE
# (the security archive for *-security), else its main mirror.
mirror() {
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk -v s="$1" '$2 == s { print $1; f = 1; exit }
			$1 !~ /security/ && !m { m = $1 } END { if (!f && m) print m }'
}

# apt_setup SUITE: private sources list + state for one suite, updated once a day.
apt_setup() {
	dir=$cache/apt/$1
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	m=$(mirror "$1")
	[ -n "$m" ] || die "no Debian mirror found in this machine's apt configuration"
	[ -r "$keyring" ] || die "$keyring missing: install debian-archive-keyring"
	echo "deb [signed-by=$keyring] $m $1 main" > "$dir/sources.list"
	: > "$dir/status"
	aptopt="-o Dir::Etc::SourceList=$dir/sources.list -o Dir::Etc::SourceParts=/nonexistent
		-o Dir::State::Lists=$dir/lists -o Dir::Cache=$dir -o Dir::State::Status=$dir/status
		-o Dir::Cache::archives=$dir/archives -o APT::Architecture=amd64 -o Debug::NoLocking=1"
	if [ -z "$(find "$dir/lists" -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		echo "fetch: updating package lists for $1" >&2
		apt-get $aptopt -q update >"$dir/update.log" 2>&1 ||
			die "apt-get update for suite $1 failed; see $dir/update.log"
	fi
}

# download: fetch exactly pkg=ver into $dir/archives, or name what exists.
download() {
	deb=$(ls "$dir/archives/${pkg}_"*.deb 2>/dev/null | grep -F "_$(echo "$ver" | sed 's/:/%3a/')_" | head -n 1 || true)
	[ -n "$deb" ] && return 0
	have=$(apt-cache $aptopt madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')
	if ! echo "$have" | grep -qxF "$ver"; then
		# The series: the same name with any version in it, e.g.
		# linux-binary-<ver>+deb13-cloud-amd64 or linux-source-<ver>.
		series=$(echo "$pkg" | sed 's/[.+]/\\&/g; s/[0-9][0-9\\.]*\\+deb[0-9]*-/[0-9.]+\\+deb[0-9]+-/; s/-[0-9][0-9\\.]*$/-[0-9.]+/')
		newest=$(apt-cache $aptopt search --names-only "^$series\$" 2>/dev/null |
			awk '{print $1}' | sort -V | tail -n 1)
		nv=$(apt-cache $aptopt madison "${newest:-$pkg}" 2>/dev/null | awk -F'|' 'NR==1{gsub(/ /,"",$2); print $2}')
		die "$pkg version $ver is not in $suite any more (available: ${have:-none}); newest of the series: ${newest:-?} $nv. Update harness/kernels/kernels.list."
	fi
	echo "fetch: downloading $pkg=$ver" >&2
	(cd "$dir/archives" && apt-get $aptopt -q download "$pkg=$ver" >"$dir/download-$pkg.log" 2>&1) ||
		die "download of $pkg=$ver failed; see $dir/download-$pkg.log"
	deb=$(ls "$dir/archives/${pkg}_"*.deb | head -n 1)
}

# unpack NAME: unpack the .deb (and for sources, the tarball inside) once.
unpack() {
	out=$cache/kernels/$1
	[ -f "$out/.done" ] && return 0
	rm -rf "$out" && mkdir -p "$out/deb"
	dpkg-deb -x "$deb" "$out/deb" || die "$deb: dpkg-deb -x failed"
	if [ "$kind" = source ]; then
		tarball=$(ls "$out"/deb/usr/src/linux-source-*.tar.* | head -n 1)
		echo "fetch: unpacking $(basename "$tarball") (about a minute, once)" >&2
		tar -C "$out" -xf "$tarball" || die "$tarball: unpack failed"
		rm -rf "$out/deb/usr/src"
	fi
	echo "$pkg=$ver" > "$out/.done"
}

# artefact NAME: the path users of this script want.
artefact() {
	out=$cache/kernels/$1
	case $kind in
	image)  ls "$out"/deb/boot/vmlinuz-* "$out"/deb/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1 ;;
	source) ls -d "$out"/linux-source-* | head -n 1 ;;
	*) rc=2 die "$1: unknown kind '$kind' in harness/kernels/kernels.list" ;;
	esac
}

# fetch_path NAME: fetch and unpack NAME unless cached; print its artefact.
fetch_path() {
	entry "$1"
	if [ ! -f "$cache/kernels/$1/.done" ]; then
		mkdir -p "$cache/apt"
		# One fetch at a time per cache: parallel make jobs share it.
		exec 9>"$cache/apt/.lock"
		flock 9
		[ -f "$cache/kernels/$1/.done" ] || { apt_setup "$suite"; download; unpack "$1"; }
		flock -u 9
	fi
	p=$(artefact "$1")
	[ -n "$p" ] && [ -e "$p" ] || die "$1: unpacked, but no artefact found under $cache/kernels/$1"
	echo "$p"
}

case ${1:-} in
list)	awk '!/^#/ && NF { print $1, $2 }' "$manifest" ;;
path)	[ $# -eq 2 ] || rc=2 die "usage: $0 path NAME"
	fetch_path "$2" ;;
reference)
	[ $# -eq 1 ] || rc=2 die "usage: $0 reference"
	awk '!/^#/ && $2 == "image" { print $1; f = 1; exit } END { exit !f }' "$manifest" ||
		rc=2 die "harness/kernels/kernels.list names no image" ;;
release) [ $# -eq 2 ] || rc=2 die "usage: $0 release NAME"
	entry "$2"
	[ "$kind" = image ] || rc=2 die "$2: a $kind, not a kernel image"
	p=$(fetch_path "$2")
	basename "$(dirname "$p")" ;;
search)	[ $# -eq 3 ] || rc=2 die "usage: $0 search REGEX SUITE"
	mkdir -p "$cache/apt"
	exec 9>"$cache/apt/.lock"
	flock 9
	apt_setup "$3"
	flock -u 9
	apt-cache $aptopt search --names-only "$2" 2>/dev/null | awk '{ print $1 }' | sort -V |
	while read -r p; do
		apt-cache $aptopt madison "$p" 2>/dev/null |
			awk -F'|' -v p="$p" '{ gsub(/ /, "", $2); print p, $2 }'
	done ;;
*)	rc=2 die "usage: $0 path NAME | list | search REGEX SUITE" ;;
esac
