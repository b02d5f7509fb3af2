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
#   harness/sh/fetch.sh config NAME   print the kernel config of image NAME,
#                                  fetching it first: the image's package
#                                  has it, or (linux-binary-*) its companion
#                                  linux-base-* of the same version, unpacked
#                                  into base/ of the image's cache entry
#   harness/sh/fetch.sh check         check every line of the manifest
#   harness/sh/fetch.sh line NAME...  print the manifest lines of NAMEs, normalized
#   harness/sh/fetch.sh tools SRC REF print the directory of the tools built from
#                                  source SRC for image REF (the Makefile's TOOLS)
#   harness/sh/fetch.sh search REGEX SUITE
#                                  print "package version" for the packages of
#                                  SUITE whose name matches REGEX (apt-cache
#                                  search --names-only), to pick pinned versions
#
# Every command but search checks every line of the manifest first; a bad
# line stops it with one sentence naming the file, the line and the fault.
#
# The cache is keyed on manifest lines, normalized (fields separated by one
# space), so a changed line is never served what an older one fetched:
#   kernels/NAME-KEY/     the unpacked package of one line; KEY is the first
#                         12 hex digits of the sha256 of the line and a
#                         newline; .done holds the line once unpacking is done
#   tools/SRC-KEY/        the tools of source SRC and reference image REF; KEY
#                         as above, of SRC's line and REF's line, in that order
# Entries of before keys (kernels/NAME/ with .done holding PACKAGE=VERSION,
# tools/SRC/ with a pinned file) are taken over when they hold exactly what
# the line asks for, and left in place for checkouts that still use them.
#
# Environment: TWC_KERNELS (the manifest; default harness/kernels/kernels.list),
# TWC_CACHE (the cache; default $XDG_CACHE_HOME/twc or ~/.cache/twc).
# Exit codes: 0 ok, 1 fetch/unpack failure, 2 usage or manifest error.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
manifest=${TWC_KERNELS:-$top/harness/kernels/kernels.list}
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# The manifest as messages name it: relative to the tree when it is in it.
case $manifest in "$top"/*) mname=${manifest#"$top"/} ;; *) mname=$manifest ;; esac

die() { echo "fetch: $*" >&2; exit "${rc:-1}"; }

# The manifest's rules, one sentence per bad line: "FILE:LINE: what is wrong".
# A line is NAME KIND SUITE PACKAGE VERSION; blank lines and lines whose first
# character that is not a blank is # are comments.
rules='
function bad(msg) { printf "%s:%d: %s\n", f, FNR, msg }
/^[ \t]*#/ || NF == 0 { next }
{
	q = "\047"; n = q $1 q
	if ($1 !~ /^[A-Za-z0-9][A-Za-z0-9._+-]*$/) {
		bad(n " is no usable name (want: letters, digits and . _ + -, a letter or digit first)"); next
	}
	if ($1 in seen) { bad(n " is named again (first on line " seen[$1] ")"); next }
	seen[$1] = FNR
	if (NF == 1) { bad(n " has no kind (want: NAME KIND SUITE PACKAGE VERSION)"); next }
	if ($2 == "image" || $2 == "source") want = "NAME " $2 " SUITE PACKAGE VERSION"
	else if ($2 == "file") want = "NAME file - BZIMAGE -"
	else if ($2 == "build") want = "NAME build - BUILD-NAME -"
	else { bad(n " has unknown kind " q $2 q " (want: image, source, file or build)"); next }
	for (i = 2; i <= NF; i++) if ($i ~ /^#/) {
		bad(n " has a comment after its fields (a comment is a line of its own, starting with #)"); next
	}
	pkg = $2 == "image" || $2 == "source"
	if (pkg && (NF == 4 || (NF == 5 && $5 == "-"))) { bad(n " has no version (want: " want ")"); next }
	if (NF != 5) { bad(n " has " NF " fields, not 5 (want: " want ")"); next }
	if (!pkg) {
		if ($3 != "-" || $5 != "-") bad(n " is a " $2 ": its suite and version are " q "-" q " (want: " want ")")
		else if ($2 == "build" && $4 !~ /^[A-Za-z0-9][A-Za-z0-9._+-]*$/)
			bad(n " names the build " q $4 q ", which is no name make kernel NAME= gives")
		next
	}
	if ($3 !~ /^[a-z0-9][a-z0-9.-]*$/)
		bad(n " has suite " q $3 q ", which is no Debian suite (want: " want ")")
	else if ($4 !~ /^[a-z0-9][a-z0-9+.-]+$/)
		bad(n " has package " q $4 q ", which is no Debian package name (lower-case letters, digits and + - . only)")
	else if ($5 !~ /^([0-9]+:)?[0-9][A-Za-z0-9.+~-]*$/ || $5 ~ /-$/)
		bad(n " has version " q $5 q ", which apt would not accept (a Debian version starts with a digit and has only letters, digits and . + ~ - :)")
}'

# validate: every line of the manifest, before any of it is used.
validate() {
	[ -f "$manifest" ] && [ -r "$manifest" ] || rc=2 die "$mname: no such manifest (TWC_KERNELS?)"
	bad=$(awk -v f="$mname" "$rules" "$manifest")
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/fetch: /' >&2; exit 2; }
}

# line NAME: the manifest line of NAME, normalized; nothing when there is none.
line() {
	awk -v n="$1" '!/^[ \t]*#/ && $1 == n { $1 = $1; print; exit }' "$manifest"
}

# key LINE...: the cache key of these normalized lines.
key() {
	printf '%s\n' "$@" | sha256sum | cut -c1-12
}

# entry NAME: set line/kind/suite/pkg/ver and out (its cache entry) for NAME.
entry() {
	line=$(line "$1")
	[ -n "$line" ] || rc=2 die "$1: no such kernel in $mname (try: $0 list)"
	set -- $line
	kind=$2 suite=$3 pkg=$4 ver=$5
	out=$cache/kernels/$1-$(key "$line")
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
	archived && return 0
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
	archived || die "apt-get download of $pkg=$ver left no ${pkg}_$ver .deb in $dir/archives"
}

# archived: set deb to the .deb of exactly pkg=ver in the archives, if there
# is one (apt writes the epoch's colon as %3a).
archived() {
	deb=$(ls "$dir/archives/${pkg}_"*.deb 2>/dev/null | grep -F "/${pkg}_$(echo "$ver" | sed 's/:/%3a/')_" | head -n 1 || true)
	[ -n "$deb" ]
}

# unpack: unpack the .deb (and for sources, the tarball inside) into out;
# .done, written last, holds the manifest line.
unpack() {
	rm -rf "$out" && mkdir -p "$out/deb"
	dpkg-deb -x "$deb" "$out/deb" || die "$deb: dpkg-deb -x failed"
	if [ "$kind" = source ]; then
		tarball=$(ls "$out"/deb/usr/src/linux-source-*.tar.* | head -n 1)
		echo "fetch: unpacking $(basename "$tarball") (about a minute, once)" >&2
		tar -C "$out" -xf "$tarball" || die "$tarball: unpack failed"
		rm -rf "$out/deb/usr/src"
	fi
	echo "$line" > "$out/.done"
}

# artefact: the path users of this script want, under out; nothing if missing.
artefact() {
	case $kind in
	image)  ls "$out"/deb/boot/vmlinuz-* "$out"/deb/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1 ;;
	source) ls -d "$out"/linux-source-* 2>/dev/null | head -n 1 ;;
	esac
}

# cached: out holds what the manifest line asks for.
cached() {
	[ "$(cat "$out/.done" 2>/dev/null)" = "$line" ] && [ -n "$(artefact)" ] && [ -e "$(artefact)" ]
}

# adopt NAME: take over kernels/NAME/ of before keys when its .done names
# exactly this line's package and version (and the package's changelog, where
# the unpacked tree has one, this version): out gets the line in .done and
# links to the old entry's contents, which stay where they are (checkouts of
# before keys use them; a kernel built from the source keeps its path).
adopt() {
	old=$cache/kernels/$1
	[ "$(cat "$old/.done" 2>/dev/null)" = "$pkg=$ver" ] || return 1
	cl=$old/deb/usr/share/doc/$pkg/changelog.Debian.gz
	if [ -f "$cl" ] && [ ! -L "$old/deb/usr/share/doc/$pkg" ]; then
		[ "$(zcat "$cl" 2>/dev/null | sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p')" = "$ver" ] || return 1
	fi
	rm -rf "$out" && mkdir -p "$out"
	for f in "$old"/*; do ln -s "../$1/${f##*/}" "$out/"; done
	[ -n "$(artefact)" ] || { rm -rf "$out"; return 1; }
	echo "$line" > "$out/.done"
	echo "fetch: $1: $pkg=$ver as unpacked before cache keys, in $old" >&2
}

lock() { mkdir -p "$cache/apt" && exec 9>"$cache/apt/.lock" && flock 9; }
unlock() { flock -u 9; }

# fetch_path NAME: fetch and unpack NAME unless cached; print its artefact.
fetch_path() {
	entry "$1"
	case $kind in image|source) ;;
	*) rc=2 die "$1: a $kind in $mname, not a Debian package to fetch" ;; esac
	if ! cached; then
		# One fetch at a time per cache: parallel make jobs share it.
		lock
		# A .deb of exactly this version already downloaded is unpacked offline.
		dir=$cache/apt/$suite
		cached || adopt "$1" || { archived || { apt_setup "$suite"; download; }; unpack; }
		unlock
	fi
	p=$(artefact)
	[ -n "$p" ] && [ -e "$p" ] || die "$1: unpacked, but no artefact found under $out"
	echo "$p"
}

# config_path: the kernel config in the cache entry out, if it has one.
config_path() {
	ls "$out"/deb/boot/config-* "$out"/deb/usr/lib/modules/*/config \
		"$out"/base/usr/lib/modules/*/config 2>/dev/null | head -n 1
}

# fetch_config NAME: print the config of image NAME.  Debian's linux-image-*
# packages ship it in boot/; a linux-binary-* package (trixie's split
# packaging) does not: its linux-base-* of the same version does, with
# System.map and modules.order, about 1 MB.
fetch_config() {
	fetch_path "$1" >/dev/null
	c=$(config_path)
	if [ -z "$c" ]; then
		case $pkg in
		linux-binary-*) ;;
		*) die "$1: $pkg ships no kernel config (boot/config-* or modules/*/config)" ;;
		esac
		lock
		dir=$cache/apt/$suite pkg=linux-base-${pkg#linux-binary-}
		if [ -z "$(config_path)" ]; then
			echo "fetch: $1: the kernel's config is in $pkg=$ver" >&2
			if ! archived; then
				apt_setup "$suite"
				apt-cache $aptopt madison "$pkg" 2>/dev/null | grep -q "| *$ver *|" ||
					die "$1: $pkg=$ver is not in $suite any more (the archive keeps" \
					    "only the signed image of this version): this kernel's config" \
					    "cannot be had; its programs with __kconfig externs SKIP"
				download
			fi
			rm -rf "$out/base.tmp" && mkdir -p "$out/base.tmp" &&
				dpkg-deb -x "$deb" "$out/base.tmp" && mv "$out/base.tmp" "$out/base" ||
				die "$deb: dpkg-deb -x failed"
		fi
		unlock
		c=$(config_path)
		[ -n "$c" ] || die "$1: $pkg=$ver holds no modules/*/config"
	fi
	echo "$c"
}

# tools SRC REF: the tools directory of source SRC and reference image REF;
# tools/SRC/ of before keys is copied there when its pinned file holds these
# two lines as the Makefile wrote them and make would find it up to date.
tools() {
	entry "$1"
	[ "$kind" = source ] || rc=2 die "$1: a $kind in $mname; the tools are built from a source"
	sl=$line
	entry "$2"
	[ "$kind" = image ] || rc=2 die "$2: a $kind in $mname; the reference is an image"
	t=$cache/tools/$1-$(key "$sl" "$line")
	old=$cache/tools/$1
	if [ ! -d "$t" ] && [ -f "$old/pinned" ] &&
	   [ "$(cat "$old/pinned")" = "$(awk -v s="$1" -v r="$2" '$1 == s || $1 == r' "$manifest")" ]; then
		for f in libbpf/lib64/libbpf.a bpftool/bpftool include/vmlinux.h; do
			[ -f "$old/$f" ] && ! [ "$old/$f" -ot "$old/pinned" ] || { echo "$t"; return 0; }
		done
		lock
		if [ ! -d "$t" ]; then
			rm -rf "$t.tmp" && cp -a "$old" "$t.tmp" && mv "$t.tmp" "$t"
			echo "fetch: tools of $1 and $2 as built before cache keys, copied from $old" >&2
		fi
		unlock
	fi
	echo "$t"
}

case ${1:-} in
list)	validate
	awk '!/^[ \t]*#/ && NF { print $1, $2 }' "$manifest" ;;
path)	[ $# -eq 2 ] || rc=2 die "usage: $0 path NAME"
	validate
	fetch_path "$2" ;;
reference)
	[ $# -eq 1 ] || rc=2 die "usage: $0 reference"
	validate
	awk '!/^[ \t]*#/ && $2 == "image" { print $1; f = 1; exit } END { exit !f }' "$manifest" ||
		rc=2 die "$mname names no image" ;;
release) [ $# -eq 2 ] || rc=2 die "usage: $0 release NAME"
	validate
	entry "$2"
	[ "$kind" = image ] || rc=2 die "$2: a $kind, not a kernel image"
	p=$(fetch_path "$2")
	basename "$(dirname "$p")" ;;
config)	[ $# -eq 2 ] || rc=2 die "usage: $0 config NAME"
	validate
	entry "$2"
	[ "$kind" = image ] || rc=2 die "$2: a $kind, not a kernel image"
	fetch_config "$2" ;;
check)	[ $# -eq 1 ] || rc=2 die "usage: $0 check"
	validate ;;
line)	[ $# -ge 2 ] || rc=2 die "usage: $0 line NAME..."
	validate
	shift
	for n in "$@"; do entry "$n"; echo "$line"; done ;;
tools)	[ $# -eq 3 ] || rc=2 die "usage: $0 tools SRC REF"
	validate
	tools "$2" "$3" ;;
search)	[ $# -eq 3 ] || rc=2 die "usage: $0 search REGEX SUITE"
	lock
	apt_setup "$3"
	unlock
	apt-cache $aptopt search --names-only "$2" 2>/dev/null | awk '{ print $1 }' | sort -V |
	while read -r p; do
		apt-cache $aptopt madison "$p" 2>/dev/null |
			awk -F'|' -v p="$p" '{ gsub(/ /, "", $2); print p, $2 }'
	done ;;
*)	rc=2 die "usage: $0 path NAME | list | reference | release NAME | config NAME | check | line NAME... | tools SRC REF | search REGEX SUITE" ;;
esac
