#!/bin/bash
# modules.sh IMAGE DIR: pack the kernel modules the guest loads before its
# first case into DIR/modules.cpio, with /modules/order in load order, and
# print their names on one line.  Two kinds:
#  - a kernel whose channel driver (virtio_console) is a module, not built in
#    (Debian's 6.1): it and what it depends on, from the image's package,
#    which holds its modules next to it;
#  - a kernel make kernel built (built/<name>/bzImage): the modules that
#    harness/sh/kernel.sh registered beside it (bpf_testmod.ko, in
#    built/<name>/modules/ with its order file).
# Exit 1 when nothing is needed, 0 when DIR/modules.cpio was written
# (append it to the initramfs).
# Used by check.sh (make check, bless, shell) and matrix.sh.
set -u
image=${1:?usage: modules.sh IMAGE DIR} dir=${2:?usage: modules.sh IMAGE DIR}
done= order=
case $image in
*/boot/vmlinuz-*) root=${image%/boot/vmlinuz-*} rel=${image##*/vmlinuz-}
	moddir=$root/lib/modules/$rel
	[ -d "$moddir" ] || moddir=$root/usr/lib/modules/$rel ;;
*/modules/*/vmlinuz) moddir=$(dirname "$image") ;;
*/built/*/bzImage) moddir=$(dirname "$image")/modules
	[ -s "$moddir/order" ] || exit 1
	for m in $(cat "$moddir/order"); do order="$order $moddir/$m"; done ;;
*) exit 1 ;;
esac
# depth-first over .modinfo "depends=", dependencies before dependents
visit() {
	local f d
	case " $done " in *" $1 "*) return 0 ;; esac
	done="$done $1"
	f=$(find "$moddir" -name "$1.ko" | head -n 1)
	[ -n "$f" ] || return 0		# built in
	for d in $(objcopy -O binary --only-section=.modinfo "$f" /dev/stdout |
		tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '); do
		visit "$d"
	done
	order="$order $f"
}
if [ -z "$order" ]; then
	[ -n "$(find "$moddir" -name virtio_console.ko 2>/dev/null)" ] || exit 1
	for want in virtio_pci virtio_console; do visit "$want"; done
fi
fail() { echo "modules.sh: $*" >&2; exit 2; }
rm -rf "$dir/modules" && mkdir -p "$dir/modules" || fail "cannot make $dir/modules"
for m in $order; do
	cp "$m" "$dir/modules/" && basename "$m" >>"$dir/modules/order" || fail "cannot copy $m"
done
(cd "$dir" && find modules | cpio -o -H newc -R 0:0 --quiet >modules.cpio) ||
	fail "cannot pack $dir/modules.cpio"
rm -rf "$dir/modules"
for m in $order; do basename "$m" .ko; done | tr '\n' ' ' | sed 's/ $/\n/'
exit 0
