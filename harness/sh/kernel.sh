#!/bin/sh
# kernel.sh: build a kernel source tree with twc's kernel-config, out of tree,
# into the cache, and register it by name so `make check KERNEL=<name>` (and
# the matrix) can boot it.  The source tree is never written to.
#
#   harness/sh/kernel.sh build KSRC [NAME] [VARIANT]   build (or reuse) and register;
#                                    prints the bzImage path on stdout
#   harness/sh/kernel.sh path NAME      print a registered kernel's bzImage
#   harness/sh/kernel.sh info NAME      print a registered kernel's info file
#   harness/sh/kernel.sh list           registered kernels: name, release, source
#
# NAME defaults to the tree's directory name (plus "-kcov" for that variant).
# VARIANT is "plain" (kernel-config) or "kcov" (kernel-config plus
# harness/kernels/kcov.config, built from a cache-local symlink copy of
# the tree whose kernel/bpf/Makefile adds GCOV_PROFILE := y).
#
# Config: tinyconfig, then scripts/kconfig/merge_config.sh -m with the
# fragment(s), then olddefconfig; every line of the fragments must survive
# (LAX=1 only warns).  Reuse: a build is skipped when the build directory's
# stamp holds the same key (fragments, variant, tree path, gcc and pahole
# versions), its bzImage exists and no file of the tree is newer than the
# stamp; otherwise make runs incrementally in the same build directory.
# Then bpf_testmod.ko, the selftests' test module, is built against it
# (build_testmod: its own stamp, the kernel's key and the sources' hash);
# a tree without one, or a module that does not build, registers the
# kernel without it and its programs SKIP.
#
# Cache layout ($TWC_CACHE):
#   kbuild/<tree>-<hash>[-kcov]/   the O= build directory (build.log, .twc-key)
#   kcov-src/<tree>-<hash>/        the symlink copy of the tree (kcov only)
#   testmod/<tree>-<hash>[-kcov]/  bpf_testmod.ko's M= build (a copy of the
#                                  tree's selftests test_kmods/ sources)
#   built/<NAME>/                  bzImage, config, info, missing, modules/
#                                  (bpf_testmod.ko and order) (the registry)
#
# Environment: TWC_CACHE, BUILD_JOBS (make -j; default: nproc), LAX=1, V=1 (show
# make output), TESTMOD=0 (no bpf_testmod.ko: bisect.sh, whose cases do not
# need it, saves its build at every step).
# Exit codes: 0 ok, 1 the build failed, 2 usage or unusable tree,
# 3 options of the fragment did not survive olddefconfig.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TWC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/twc}
jobs=${BUILD_JOBS:-$(nproc)}
fragment=$top/kernel-config
kcov_fragment=$top/harness/kernels/kcov.config

say() { echo "kernel: $*" >&2; }
die() { say "$*"; exit "${rc:-2}"; }
now() { date +%s; }

# check_tree KSRC: a kernel tree that an O= build can use.
check_tree() {
	[ -f "$1/Makefile" ] && grep -q '^VERSION = ' "$1/Makefile" &&
		[ -x "$1/scripts/kconfig/merge_config.sh" ] ||
		die "$1: not a kernel source tree (no top Makefile with VERSION, or no scripts/kconfig/merge_config.sh)"
	dirty=
	for f in .config include/config arch/x86/include/generated; do
		[ -e "$1/$f" ] && dirty="$dirty $f"
	done
	[ -z "$dirty" ] || die "$1: the source tree is not clean (it has$dirty): the kernel's O= build refuses such a tree. twc never writes into your tree; run 'make mrproper' in it yourself, or give a clean copy (e.g. 'git worktree add /tmp/clean HEAD')."
}

# tree_newer TREE STAMP: print one file of TREE newer than STAMP, if any.
tree_newer() {
	find "$1" -path "$1/.git" -prune -o -newer "$2" -print 2>/dev/null | head -n 1
}

# make_farm KSRC FARM: a symlink copy of KSRC whose kernel/bpf/Makefile is a
# real file that profiles kernel/bpf/ with gcov; rebuilt when KSRC changed.
make_farm() {
	if [ -f "$2/.twc-farm" ] && [ -z "$(tree_newer "$1" "$2/.twc-farm")" ]; then
		return 0
	fi
	say "kcov: symlink copy of $1 in $2"
	rm -rf "$2" && mkdir -p "$(dirname "$2")"
	cp -as "$1" "$2"
	rm -f "$2/kernel/bpf/Makefile"
	{ cat "$1/kernel/bpf/Makefile"
	  echo "# twc kcov: profile the BPF subsystem (verifier, BTF, helpers) with gcov"
	  echo "GCOV_PROFILE := y"; } >"$2/kernel/bpf/Makefile"
	touch "$2/.twc-farm"
}

# configure SRC B FRAGMENTS...: tinyconfig + fragments + olddefconfig in B;
# writes B/.twc-missing (one line per option that did not survive).
configure() {
	src=$1 b=$2
	shift 2
	make -s -C "$src" O="$b" ARCH=x86_64 tinyconfig >"$b/config.log" 2>&1 ||
		{ cat "$b/config.log" >&2; rc=1 die "make tinyconfig failed"; }
	(cd "$b" && "$src/scripts/kconfig/merge_config.sh" -m -Q -O "$b" "$b/.config" "$@") \
		>>"$b/config.log" 2>&1 || { cat "$b/config.log" >&2; rc=1 die "merge_config.sh failed"; }
	make -s -C "$src" O="$b" ARCH=x86_64 olddefconfig >>"$b/config.log" 2>&1 ||
		{ cat "$b/config.log" >&2; rc=1 die "make olddefconfig failed"; }
	# Every "CONFIG_X=v" must be in .config as is; every "# CONFIG_X is not
	# set" must be unset (absent or "is not set").
	cat "$@" | awk -v cfg="$b/.config" '
		BEGIN { while ((getline l < cfg) > 0) {
			if (l ~ /^CONFIG_/) { n = index(l, "="); have[substr(l, 1, n - 1)] = substr(l, n + 1) }
		} }
		# The last fragment that names an option wins, as in merge_config.sh.
		/^CONFIG_/ { n = index($0, "="); k = substr($0, 1, n - 1); want[k] = substr($0, n + 1); order[k] = NR }
		/^# CONFIG_.* is not set$/ { want[$2] = "n"; order[$2] = NR }
		END { for (k in want) {
			v = want[k]; h = (k in have) ? have[k] : "n"
			if (v == "n" && h != "n") print order[k], "# " k " is not set (olddefconfig made it " h ")"
			else if (v != "n" && !(k in have)) print order[k], k "=" v " (not set after olddefconfig)"
			else if (v != "n" && h != v) print order[k], k "=" v " (olddefconfig made it " h ")"
		} }' | sort -n | cut -d' ' -f2- >"$b/.twc-missing"
}

# testmod_dir KSRC: the directory of the tree's selftests test module
# (test_kmods/, or bpf_testmod/ in older trees); fails when it has none.
testmod_dir() {
	for t in test_kmods bpf_testmod; do
		[ -f "$1/tools/testing/selftests/bpf/$t/bpf_testmod.c" ] || continue
		echo "$1/tools/testing/selftests/bpf/$t"
		return 0
	done
	return 1
}

# build_testmod SRC B KSRC M: bpf_testmod.ko of KSRC's selftests, built with
# M=M (a copy of its sources: the tree is never written) against the kernel
# built in B; reused while its stamp holds the kernel's key and the sources'
# hash and B's vmlinux is not newer.  Prints the .ko's path, or nothing
# when the tree has no test module or it did not build (its programs SKIP).
build_testmod() {
	[ "${TESTMOD:-1}" = 0 ] && { say "$name: TESTMOD=0: no bpf_testmod.ko"; return 0; }
	tm=$(testmod_dir "$3") || { say "$name: no selftests test module in $3: programs that need bpf_testmod SKIP"; return 0; }
	mkey=$( { cat "$2/.twc-key"; cat "$tm"/*.[ch]; } | sha256sum | cut -c1-16)
	if [ -f "$4/bpf_testmod.ko" ] && [ "$(cat "$4/.twc-key" 2>/dev/null)" = "$mkey" ] &&
	   [ ! "$2/vmlinux" -nt "$4/.twc-key" ]; then
		echo "$4/bpf_testmod.ko"
		return 0
	fi
	t0=$(now)
	rm -rf "$4" && mkdir -p "$4" && cp "$tm"/*.[ch] "$4/" || rc=1 die "cannot copy $tm to $4"
	printf 'obj-m += bpf_testmod.o\nCFLAGS_bpf_testmod.o = -I$(src)\n' >"$4/Kbuild"
	# The kernel's own modules first: they write B/Module.symvers, which M= needs.
	if make -C "$1" O="$2" ARCH=x86_64 -j"$jobs" modules >"$4/build.log" 2>&1 &&
	   make -C "$1" O="$2" ARCH=x86_64 -j"$jobs" M="$4" modules >>"$4/build.log" 2>&1 &&
	   [ -f "$4/bpf_testmod.ko" ]; then
		echo "$mkey" >"$4/.twc-key"
		say "$name: bpf_testmod.ko built in $(( $(now) - t0 )) s from $tm"
		echo "$4/bpf_testmod.ko"
	else
		grep -E 'error|ERROR' "$4/build.log" | head -n 10 >&2 || true
		say "$name: bpf_testmod.ko did not build (see $4/build.log): programs that need bpf_testmod SKIP"
	fi
}

# register NAME B KSRC VARIANT TREE [KO]: copy the bzImage and config into
# built/NAME, and KO (bpf_testmod.ko) into built/NAME/modules/ with the
# order file the guest loads by; TREE is what make built (KSRC, or the kcov
# symlink copy).
register() {
	d=$cache/built/$1
	mkdir -p "$d"
	cp "$2/arch/x86/boot/bzImage" "$d/bzImage.tmp" && mv "$d/bzImage.tmp" "$d/bzImage"
	cp "$2/.config" "$d/config"
	cp "$2/.twc-missing" "$d/missing"
	rm -rf "$d/modules"
	if [ -n "${6:-}" ]; then
		mkdir -p "$d/modules" && cp "$6" "$d/modules/" && basename "$6" >"$d/modules/order"
	fi
	{ echo "name $1"
	  echo "release $(cat "$2/include/config/kernel.release" 2>/dev/null || echo '?')"
	  echo "source $3"
	  echo "variant $4"
	  echo "tree $5"
	  echo "build $2"
	  echo "key $(cat "$2/.twc-key")"
	  echo "testmod ${6:-none}"
	  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"; } >"$d/info"
}

build() {
	[ $# -ge 1 ] && [ -n "$1" ] || rc=2 die "usage: $0 build KSRC [NAME] [plain|kcov]"
	[ -d "$1" ] || die "KSRC=$1: no such directory"
	ksrc=$(cd "$1" && pwd -P)
	variant=${3:-plain}
	case $variant in plain|kcov) ;; *) die "unknown variant '$variant' (plain or kcov)" ;; esac
	base=$(basename "$ksrc")
	name=${2:-$base}
	if [ -z "${2:-}" ] && [ "$variant" = kcov ]; then name=$base-kcov; fi
	case $name in */*|.*|'') die "NAME=$name: a plain name, please" ;; esac
	check_tree "$ksrc"
	command -v pahole >/dev/null || die "pahole is missing (Debian package dwarves; harness/sh/setup.sh installs it)"

	frags=$fragment
	[ "$variant" = kcov ] && frags="$fragment $kcov_fragment"
	id=$base-$(echo "$ksrc" | sha256sum | cut -c1-10)
	b=$cache/kbuild/$id
	src=$ksrc
	[ "$variant" = kcov ] && b=$b-kcov src=$cache/kcov-src/$id
	tmb=$cache/testmod/${b##*/}
	key=$( { cat $frags; echo "$variant $ksrc"; gcc --version | head -n 1; pahole --version; } |
		sha256sum | cut -c1-16)
	mkdir -p "$b"
	exec 8>"$b/.lock"
	flock 8

	if [ -f "$b/.twc-key" ] && [ "$(cat "$b/.twc-key")" = "$key" ] &&
	   [ -f "$b/arch/x86/boot/bzImage" ] && [ -z "$(tree_newer "$ksrc" "$b/.twc-key")" ]; then
		say "$name: reusing the build of $ksrc ($variant) in $b; make check KERNEL=$name"
		register "$name" "$b" "$ksrc" "$variant" "$src" "$(build_testmod "$src" "$b" "$ksrc" "$tmb")"
		echo "$cache/built/$name/bzImage"
		return 0
	fi
	[ "$variant" = kcov ] && make_farm "$ksrc" "$src"
	say "$name: configuring $ksrc ($variant) in $b"
	configure "$src" "$b" $frags
	if [ -s "$b/.twc-missing" ]; then
		say "$name: these kernel-config lines did not survive olddefconfig:"
		sed 's/^/  /' "$b/.twc-missing" >&2
		[ "${LAX:-0}" = 1 ] || rc=3 die "$name: not built (LAX=1 builds anyway)"
	fi
	say "$name: building bzImage with $jobs jobs (log: $b/build.log)"
	t0=$(now)
	rm -f "$b/.twc-key"
	if [ "${V:-0}" = 1 ]; then
		make -C "$src" O="$b" ARCH=x86_64 -j"$jobs" KBUILD_BUILD_USER=twc KBUILD_BUILD_HOST=twc \
			bzImage 2>&1 | tee "$b/build.log" >&2
		ok=$(tail -n 1 "$b/build.log" | grep -c 'is ready' || true)
	else
		make -C "$src" O="$b" ARCH=x86_64 -j"$jobs" KBUILD_BUILD_USER=twc KBUILD_BUILD_HOST=twc \
			bzImage >"$b/build.log" 2>&1 && ok=1 || ok=0
	fi
	if [ "$ok" != 1 ] || [ ! -f "$b/arch/x86/boot/bzImage" ]; then
		grep -E 'error|Error' "$b/build.log" | head -n 20 >&2 || true
		tail -n 15 "$b/build.log" >&2
		rc=1 die "$name: the build failed after $(( $(now) - t0 )) s; see $b/build.log"
	fi
	echo "$key" >"$b/.twc-key"
	register "$name" "$b" "$ksrc" "$variant" "$src" "$(build_testmod "$src" "$b" "$ksrc" "$tmb")"
	say "$name: built in $(( $(now) - t0 )) s: $(cat "$b/include/config/kernel.release"), $(stat -c %s "$b/arch/x86/boot/bzImage") bytes; make check KERNEL=$name"
	echo "$cache/built/$name/bzImage"
}

case ${1:-} in
build)	shift; build "$@" ;;
path)	[ $# -eq 2 ] || rc=2 die "usage: $0 path NAME"
	[ -f "$cache/built/$2/bzImage" ] || die "$2: no kernel of that name was built (make kernel KSRC=... NAME=$2)"
	echo "$cache/built/$2/bzImage" ;;
info)	[ $# -eq 2 ] && [ -f "$cache/built/$2/info" ] || rc=2 die "usage: $0 info NAME (a built kernel)"
	cat "$cache/built/$2/info" ;;
list)	for i in "$cache"/built/*/info; do
		if [ -f "$i" ]; then
			awk '{ v[$1] = $2 } END { print v["name"], v["release"], v["variant"], v["source"] }' "$i"
		fi
	done ;;
*)	rc=2 die "usage: $0 build KSRC [NAME] [plain|kcov] | path NAME | info NAME | list" ;;
esac
