#!/bin/sh
# kconfig.sh IMAGE DIR [NAME]: pack the kernel config of the kernel IMAGE
# into DIR/kconfig.cpio as /boot/config, for libbpf in the guest: the loader
# links it to /boot/config-<release> (harness/guest/loader.c), where libbpf
# reads the values of a program's __kconfig externs.  NAME, a kernel of the
# manifest, has its config fetched (harness/sh/fetch.sh config); any other
# kernel's config is looked for beside IMAGE: config (make kernel's
# built/NAME/), .config, a kernel tree's .config for arch/x86/boot/bzImage,
# boot/config-<release> for boot/vmlinuz-<release>.
# Exit 0 when DIR/kconfig.cpio was written (append it to the initramfs),
# 1 when no config was found (its programs SKIP: FACT kconfig 0), 2 on error.
# Used by check.sh (make check, bless, shell) and matrix.sh.
set -u
image=${1:?usage: kconfig.sh IMAGE DIR [NAME]} dir=${2:?usage: kconfig.sh IMAGE DIR [NAME]}
name=${3:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "kconfig.sh: $*" >&2; exit 2; }

config=
# A manifest image's config is fetched; make kernel's, a file's, a tree's
# is beside its bzImage.
if [ -n "$name" ] && "$top/harness/sh/fetch.sh" list 2>/dev/null | grep -qx "$name image"; then
	config=$("$top/harness/sh/fetch.sh" config "$name") || config=
else
	d=$(dirname "$image")
	for c in "$d/config" "$d/.config" "${image%/arch/x86/boot/bzImage}/.config"; do
		[ -f "$c" ] && config=$c && break
	done
	case $image in
	*/boot/vmlinuz-*) c=$d/config-${image##*/vmlinuz-}
		[ -z "$config" ] && [ -f "$c" ] && config=$c ;;
	esac
fi
[ -n "$config" ] || exit 1
grep -q '^CONFIG_BPF=y' "$config" || fail "$config: not a kernel config with BPF (no CONFIG_BPF=y)"
rm -rf "$dir/kconfig" && mkdir -p "$dir/kconfig/boot" || fail "cannot make $dir/kconfig"
cp "$config" "$dir/kconfig/boot/config" || fail "cannot copy $config"
(cd "$dir/kconfig" && find boot | cpio -o -H newc -R 0:0 --quiet >../kconfig.cpio) ||
	fail "cannot pack $dir/kconfig.cpio"
rm -rf "$dir/kconfig"
exit 0
