#!/bin/sh
# setup.sh: make sure the host has every Debian package twc needs.
# As root, missing packages are installed with apt-get; as another user the
# script stops with the exact apt-get line to run. Exit 0 when all is there.
set -eu

# Debian package names, each with a file that proves it is installed.
# clang-19 (bookworm's own archive) compiles every BPF object: the cases,
# the unit-test fixtures and upstream progs files.  The default clang (14)
# and gcc build the host tools; clang 14 with libclang-rt-14-dev's runtime
# builds the libFuzzer targets.  llvm-19-dev is LLVM's C disassembler
# (llvm-c/Disassembler.h, libLLVM-19), which the host tool prints a JIT
# image with as the selftests' jit_disasm_helpers.c does (__jited): the
# LLVM clang-19 already brings, not a second one.
pkgs="
qemu-system-x86:/usr/bin/qemu-system-x86_64
clang-19:/usr/bin/clang-19
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
llvm:/usr/bin/llvm-strip
llvm-19-dev:/usr/lib/llvm-19/include/llvm-c/Disassembler.h
gcc:/usr/bin/gcc
make:/usr/bin/make
libelf-dev:/usr/include/libelf.h
zlib1g-dev:/usr/include/zlib.h
libzstd-dev:/usr/include/zstd.h
libcap-dev:/usr/include/sys/capability.h
pkg-config:/usr/bin/pkg-config
cpio:/usr/bin/cpio
busybox-static:/bin/busybox
xz-utils:/usr/bin/xz
zstd:/usr/bin/zstd
file:/usr/bin/file
python3:/usr/bin/python3
nodejs:/usr/bin/node
npm:/usr/bin/npm
flex:/usr/bin/flex
bison:/usr/bin/bison
bc:/usr/bin/bc
dwarves:/usr/bin/pahole
libssl-dev:/usr/include/openssl/ssl.h
chromium:/usr/bin/chromium
debian-archive-keyring:/usr/share/keyrings/debian-archive-keyring.gpg
ca-certificates:/etc/ssl/certs/ca-certificates.crt
"

missing=
for p in $pkgs; do
	[ -e "${p#*:}" ] || missing="$missing ${p%%:*}"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup: missing Debian packages. Run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "setup: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale or empty package list makes installs fail: refresh it first.
apt-get -q update >/dev/null || { echo "setup: apt-get update failed" >&2; exit 1; }
apt-get install -y -q --no-install-recommends $missing >/dev/null ||
	{ echo "setup: apt-get install$missing failed" >&2; exit 1; }
