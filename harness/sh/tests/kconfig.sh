#!/bin/sh
# kconfig.sh on fake kernels, offline: the kernel's config is found where
# each kind of kernel keeps it and packed as /boot/config (the guest links
# it to /boot/config-<release>, where libbpf reads __kconfig values); a
# kernel without one gets nothing (exit 1: its __kconfig programs SKIP); a
# file that is no kernel config is refused (exit 2), never packed.
#   harness/sh/tests/kconfig.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

# packed DIR: the files of DIR/kconfig.cpio, then the packed config's text.
packed() { cpio -it --quiet <"$1/kconfig.cpio" | tr '\n' ' '; cpio -i --quiet --to-stdout boot/config <"$1/kconfig.cpio"; }
# kernel IMAGE CONFIG: a fake bzImage at IMAGE and a config at CONFIG naming it.
kernel() { mkdir -p "$(dirname "$1")" "$(dirname "$2")" && : >"$1" && printf 'CONFIG_BPF=y\n# %s\n' "$2" >"$2"; }
# run IMAGE [NAME]: kconfig.sh into a fresh $d/out; rc its exit.
run() { img=$1; shift; rm -rf "$d/out" && mkdir -p "$d/out" &&
	"$top/harness/sh/kconfig.sh" "$img" "$d/out" "$@" 2>"$d/err"; rc=$?; }

kernel "$d/built/k/bzImage" "$d/built/k/config"
run "$d/built/k/bzImage"
t "make kernel's build: config beside bzImage, packed as boot/config (exit 0)" \
	"[ $rc -eq 0 ] && [ \"\$(packed $d/out)\" = \"boot boot/config CONFIG_BPF=y
# $d/built/k/config\" ]"

kernel "$d/tree/arch/x86/boot/bzImage" "$d/tree/.config"
run "$d/tree/arch/x86/boot/bzImage"
t "a kernel tree's bzImage: the tree's .config" "[ $rc -eq 0 ] && packed $d/out | grep -qx '# $d/tree/.config'"

kernel "$d/deb/boot/vmlinuz-6.1.0-99-cloud-amd64" "$d/deb/boot/config-6.1.0-99-cloud-amd64"
run "$d/deb/boot/vmlinuz-6.1.0-99-cloud-amd64"
t "a Debian image's boot/vmlinuz-REL: boot/config-REL" \
	"[ $rc -eq 0 ] && packed $d/out | grep -qx '# $d/deb/boot/config-6.1.0-99-cloud-amd64'"

mkdir -p "$d/bare" && : >"$d/bare/bzImage"
run "$d/bare/bzImage"
t "a bzImage with no config anywhere: nothing packed (exit 1)" "[ $rc -eq 1 ] && [ ! -e $d/out/kconfig.cpio ]"
run "$d/bare/bzImage" no-such-kernel
t "... also with a NAME the manifest does not have" "[ $rc -eq 1 ] && [ ! -e $d/out/kconfig.cpio ]"

echo 'not a config' >"$d/bare/config"
run "$d/bare/bzImage"
t "a config without CONFIG_BPF=y is refused, named (exit 2)" \
	"[ $rc -eq 2 ] && [ ! -e $d/out/kconfig.cpio ] && grep -q '$d/bare/config: not a kernel config with BPF' $d/err"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
