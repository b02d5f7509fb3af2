#!/bin/sh
# modules.sh on fake kernel packages, offline: a kernel whose virtio_console
# is a module gets it and its dependencies, dependencies first; a kernel
# without it, or a bare bzImage, gets nothing (make check KERNEL=6.1-cloud
# booted a guest without its channel: nothing ran); a kernel make kernel
# built gets the modules kernel.sh registered beside it (bpf_testmod.ko).
#   harness/sh/tests/modules.sh     ends "N passed, N failed"
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
t() { if eval "$2"; then echo "ok - $1"; pass=$((pass + 1)); else echo "not ok - $1"; fail=$((fail + 1)); fi; }

# ko NAME DEPENDS: a module file with a .modinfo section naming its dependencies.
ko() {
	printf 'license=GPL\0depends=%s\0' "$2" >"$d/modinfo"
	objcopy --add-section .modinfo="$d/modinfo" --set-section-flags .modinfo=alloc,load,readonly,data "$d/empty.o" "$mods/kernel/$1.ko"
}
printf 'int x;\n' >"$d/empty.c" && cc -c "$d/empty.c" -o "$d/empty.o"
rel=6.1.0-99-cloud-amd64
mods=$d/deb/lib/modules/$rel && mkdir -p "$mods/kernel" "$d/deb/boot"
: >"$d/deb/boot/vmlinuz-$rel"
ko virtio_ring ""
ko virtio_pci virtio_ring
ko virtio_console virtio_ring

mkdir -p "$d/out"
"$top/harness/sh/modules.sh" "$d/deb/boot/vmlinuz-$rel" "$d/out" >/dev/null; rc=$?
t "a kernel with virtio_console as a module: modules.cpio written (exit 0)" \
	"[ $rc -eq 0 ] && [ -s $d/out/modules.cpio ]"
t "... and nothing left beside the archive" "[ ! -e $d/out/modules ]"
(cd "$d/out" && cpio -i -d --quiet <modules.cpio)
t "... the modules in load order, each dependency once and first" \
	"[ \"\$(tr '\n' ' ' <$d/out/modules/order)\" = 'virtio_ring.ko virtio_pci.ko virtio_console.ko ' ]"

# make check on such a kernel (check.sh with a fake twc): the guest's
# initramfs gets the modules, as make matrix's did.
mkdir -p "$d/o" && printf '#!/bin/sh\n[ "$1" = image ] && : >"$3"\nexit 0\n' >"$d/o/twc"
chmod +x "$d/o/twc"
head -c 514 /dev/zero >"$d/deb/boot/vmlinuz-$rel" && printf HdrS >>"$d/deb/boot/vmlinuz-$rel"
out=$(TWC_O=$d/o TWC_KERNEL=$d/deb/boot/vmlinuz-$rel TWC_REFERENCE_RELEASE=7.3 \
	"$top/harness/sh/check.sh" check 2>&1)
t "make check packs them into the guest's initramfs" \
	"cpio -it --quiet <$d/o/initramfs.cpio | grep -q 'modules/virtio_console.ko' &&
	 echo \"\$out\" | grep -q 'MODULES  packed into the guest, loaded before the first case: virtio_ring virtio_pci virtio_console'"

rm "$mods/kernel/virtio_console.ko" && rm -rf "$d/out2" && mkdir -p "$d/out2"
"$top/harness/sh/modules.sh" "$d/deb/boot/vmlinuz-$rel" "$d/out2"; rc=$?
t "virtio_console built in: nothing to pack (exit 1)" "[ $rc -eq 1 ] && [ ! -e $d/out2/modules.cpio ]"
"$top/harness/sh/modules.sh" "$d/empty.o" "$d/out2"; rc=$?
t "a bzImage of one's own: nothing to pack (exit 1)" "[ $rc -eq 1 ]"

# A kernel make kernel built: built/<name>/modules/ as kernel.sh registers it.
b=$d/cache/built/k && mkdir -p "$b/modules" && : >"$b/bzImage"
cp "$d/empty.o" "$b/modules/bpf_testmod.ko" && echo bpf_testmod.ko >"$b/modules/order"
rm -rf "$d/out3" && mkdir -p "$d/out3"
names=$("$top/harness/sh/modules.sh" "$b/bzImage" "$d/out3"); rc=$?
t "a built kernel with bpf_testmod.ko registered: packed (exit 0), named" \
	"[ $rc -eq 0 ] && [ '$names' = bpf_testmod ]"
(cd "$d/out3" && cpio -i -d --quiet <modules.cpio)
t "... with its order file" "[ \"\$(cat $d/out3/modules/order)\" = bpf_testmod.ko ] && [ -f $d/out3/modules/bpf_testmod.ko ]"
rm -rf "$b/modules" "$d/out3" && mkdir -p "$d/out3"
"$top/harness/sh/modules.sh" "$b/bzImage" "$d/out3"; rc=$?
t "a built kernel without modules (no test module in its tree): nothing to pack (exit 1)" \
	"[ $rc -eq 1 ] && [ ! -e $d/out3/modules.cpio ]"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
