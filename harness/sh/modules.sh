#!/bin/bash
# modules.sh IMAGE DIR: when the kernel IMAGE has the guest's channel driver
# (virtio_console) as a module, not built in (Debian's 6.1), pack it and
# what it depends on into DIR/modules.cpio, with /modules/order in load
# order: the guest loads them before it opens the channel.  The image's
# package holds its modules next to it.  Exit 1 when nothing is needed,
# 0 when DIR/modules.cpio was written (append it to the initramfs).
# Used by check.sh (make check, bless, shell) and matrix.sh.
set -u
image=${1:?usage: modules.sh IMAGE DIR} dir=${2:?usage: modules.sh IMAGE DIR}
done= order=
case $image in
*/boot/vmlinuz-*) root=${image%/boot/vmlinuz-*} rel=${image##*/vmlinuz-}
	moddir=$root/lib/modules/$rel
	[ -d "$moddir" ] || moddir=$root/usr/lib/modules/$rel ;;
*/modules/*/vmlinuz) moddir=$(dirname "$image") ;;
*) exit 1 ;;
esac
[ -n "$(find "$moddir" -name virtio_console.ko 2>/dev/null)" ] || exit 1
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
for want in virtio_pci virtio_console; do visit "$want"; done
fail() { echo "modules.sh: $*" >&2; exit 2; }
rm -rf "$dir/modules" && mkdir -p "$dir/modules" || fail "cannot make $dir/modules"
for m in $order; do
	cp "$m" "$dir/modules/" && basename "$m" >>"$dir/modules/order" || fail "cannot copy $m"
done
(cd "$dir" && find modules | cpio -o -H newc -R 0:0 --quiet >modules.cpio) ||
	fail "cannot pack $dir/modules.cpio"
rm -rf "$dir/modules"
exit 0
