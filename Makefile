# twc: timer and workqueue conformance corpus for the Linux BPF verifier.
# `make help` lists the targets.  O= puts the build elsewhere, V=1 shows commands.

O        ?= build## where the build and the run go
KERNEL   ?= 7.3-cloud## a name of harness/kernels/kernels.list (or a unique prefix), a kernel of make kernel, or a bzImage path
CACHE    ?= $(or $(TWC_CACHE),$(if $(XDG_CACHE_HOME),$(XDG_CACHE_HOME)/twc,$(HOME)/.cache/twc))## kernels, the source and the tools (default: $$TWC_CACHE, $$XDG_CACHE_HOME/twc or ~/.cache/twc)
ACCEL    ?= tcg## tcg, or kvm where it works
CASES    ?=## case id patterns, space separated, '!' excludes
CASE_TIMEOUT ?= 60## seconds of silence from the guest that make a hang
GDB      ?=## 1 or a port: QEMU's gdb stub (GDB_WAIT=1: start stopped)
GOLDENS  ?= auto## strict, report or auto: a moved log on a patched kernel (see README)
QUIET    ?=## 1: no line per case while the VM runs
V        ?=## 1: show the commands, and QEMU's
FORCE    ?=## 1: make bless on another kernel than the reference
BUILD_JOBS ?= $(shell nproc)## compilations at once for check, bless, shell, matrix; make kernel's -j (default: the CPUs)
JOBS     ?= $(if $(filter 0 1,$(shell nproc)),1,2)## cases verified at once in a VM: its vCPUs and loader processes (default: 2 with two or more CPUs; 1 measures verification time alone)
SNAPSHOT ?= on## on: a boot after a crash restores the first boot's saved guest instead of booting the kernel; off: every boot a cold one
export TWC_CACHE := $(CACHE)

SRC_KERNEL := src-7.3
REF_KERNEL := 7.3-cloud
# The tools are keyed on the manifest lines of the pinned source and the
# reference kernel: $(CACHE)/tools/$(SRC_KERNEL)-<key of the two lines>, so a
# checkout with other lines builds tools of its own and never rewrites those
# of another checkout sharing the cache.  With a bad manifest line there is no
# key; the tools' first prerequisite, manifest-check, then stops the build with
# the sentence that says what is wrong, before anything is written.
TOOLS      := $(or $(shell TWC_CACHE='$(CACHE)' harness/sh/fetch.sh tools $(SRC_KERNEL) $(REF_KERNEL) \
		2>/dev/null),$(CACHE)/tools/no-key-bad-manifest)
LIBBPF_A   := $(TOOLS)/libbpf/lib64/libbpf.a
LIBBPF_INC := $(TOOLS)/libbpf/include
BPFTOOL    := $(TOOLS)/bpftool/bpftool
DISASM_A   := $(TOOLS)/disasm/libdisasm.a
VMLINUX_H  := $(TOOLS)/include/vmlinux.h

# The BPF compiler: every case, fixture and upstream object.  Debian
# bookworm's clang-19 (setup.sh installs it); CLANG=clang-14 or any other
# clang chooses another, and the goldens record which one made each object.
# Host tools are built with CC (gcc), the libFuzzer targets with FUZZ_CC.
CLANG      ?= clang-19## the compiler of every BPF object: cases, fixtures, upstream progs
LLVM_STRIP ?= llvm-strip
BPF_CFLAGS := -target bpf -O2 -g -mcpu=v3 -D__TARGET_ARCH_x86 -Wall \
	      -fms-extensions -Wno-microsoft-anon-tag \
	      -I$(TOOLS)/include -Iharness/include -I$(LIBBPF_INC)
HOST_CFLAGS := -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -std=gnu11 -I$(LIBBPF_INC) -Iharness
LDLIBS     := $(LIBBPF_A) -lelf -lz -lzstd
# LLVM's C disassembler (llvm-19-dev), which prints a JIT image for
# __jited (judge/jited.c): only its x86 parts, linked statically, so the
# host tool starts as fast as without it.  Expanded when used: setup.sh
# installs it first.
LLVM_CONFIG ?= llvm-config-19
LLVM_CFLAGS  = -isystem $(shell $(LLVM_CONFIG) --includedir 2>/dev/null)
LLVM_LIBS    = $(shell $(LLVM_CONFIG) --ldflags --link-static --libs x86disassembler x86desc \
		 x86info mcdisassembler 2>/dev/null) -lz -lzstd -lstdc++ -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# A case file name is data in recipes and on the plan: only these characters.
BAD_NAMES := $(shell find cases btf -type f \( -name '*.bpf.c' -o -name '*.case' \) 2>/dev/null | \
		LC_ALL=C grep -v '^[A-Za-z0-9_./+-]*$$' | head -n 5)
ifneq ($(BAD_NAMES),)
$(error case files whose names twc cannot carry (letters, digits and _ . / + - only): $(BAD_NAMES); rename them)
endif
CASE_SRCS := $(sort $(shell find cases -name '*.bpf.c' 2>/dev/null))
CASE_OBJS := $(patsubst cases/%.bpf.c,$(O)/obj/%.bpf.o,$(CASE_SRCS))
# make check CASES=...: only the objects of the selected cases are compiled.
ifneq ($(strip $(CASES)),)
CHECK_OBJS := $(shell TWC_CASES='$(CASES)' harness/sh/select-objs.sh $(O))
else
CHECK_OBJS := $(CASE_OBJS)
endif

# make check UPSTREAM='timer_failure verifier_* path/x.c': the kernel
# selftests' own progs files, unchanged, instead of the corpus, compiled as
# the selftests compile them, against the pinned tree's headers and
# upstream's own bpf_misc.h, then linked by bpftool gen object as
# test_progs's objects are; harness/sh/upstream.sh resolves the words and
# writes $(O)/upstream/list for twc (case/upstream.h).
UPSTREAM ?=## upstream selftest progs files to run instead of the corpus (check, matrix): stems of the pinned tree, globs, paths, @sets (cases/upstream/*.list)
# The upstream files make check, make bless and make matrix (bless, diff)
# run beside the corpus: a
# set (cases/upstream/corpus.list), with their goldens in expected/upstream/;
# not with UPSTREAM=, nor with CASES= that select none of them (upstream/...
# patterns, or only !exclusions, do).
CORPUS_UPSTREAM ?= @corpus## upstream files check, bless and the matrix run beside the corpus (empty: none)
CORPUS_UP_ON := $(if $(strip $(UPSTREAM)),,$(if $(strip $(CORPUS_UPSTREAM)),$(if $(or $(filter upstream/%,$(CASES)),$(if $(strip $(filter-out !%,$(CASES))),,y)),y)))
CORPUS_UP_LIST := $(if $(CORPUS_UP_ON),$(O)/upstream/corpus-list)
CORPUS_UP_OBJS = $(if $(CORPUS_UP_ON),$(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs \
	UPSTREAM='$(CORPUS_UPSTREAM)' UPSTREAM_LIST_NAME=corpus-list CASES=,:)
UPSTREAM_LIST_NAME ?= list
.PHONY: corpus-upstream-list
corpus-upstream-list: ## the list file of the upstream files make check would run beside the corpus, or nothing
	@echo '$(CORPUS_UP_LIST)'
ifneq ($(strip $(UPSTREAM)),)
UPSTREAM_LIST := $(O)/upstream/$(UPSTREAM_LIST_NAME)
SELFTESTS     := $(shell harness/sh/fetch.sh path $(SRC_KERNEL))/tools/testing/selftests/bpf
UPSTREAM_SRCS := $(shell harness/sh/upstream.sh list '$(SELFTESTS)' '$(UPSTREAM_LIST)' \
		   $(foreach w,$(UPSTREAM),'$(w)') || echo UPSTREAM-ERROR)
ifneq ($(filter UPSTREAM-ERROR,$(UPSTREAM_SRCS)),)
$(error make check UPSTREAM='$(UPSTREAM)': the words must name progs files (see the message above))
endif
# btf/<stem>=<source>: an object a file's __btf_path names (built as is,
# into upstream/btf/); the others are the files.
UPSTREAM_BTF_SRCS := $(filter btf/%,$(UPSTREAM_SRCS))
UPSTREAM_SRCS := $(filter-out btf/%,$(UPSTREAM_SRCS))
UPSTREAM_OBJS := $(foreach p,$(UPSTREAM_SRCS),$(O)/obj/upstream/$(firstword $(subst =, ,$(p))).bpf.o)
UPSTREAM_BTF_OBJS := $(foreach p,$(UPSTREAM_BTF_SRCS),$(O)/obj/upstream/$(firstword $(subst =, ,$(p))).bpf.o)
CHECK_OBJS    := $(UPSTREAM_OBJS) $(UPSTREAM_BTF_OBJS)
endif
# make matrix's results: the corpus's, or the upstream files' (UPSTREAM=).
MATRIX_DIR := $(O)/matrix$(if $(strip $(UPSTREAM)),-upstream)

.DELETE_ON_ERROR:
.PHONY: help setup tools objs check-objs manifest-check

help: ## this list, then the variables
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16
	@echo; echo "variables (make check KERNEL=6.19 CASES='reject/timer-*' ...):"
	@grep -hE '^[A-Z_]+ *\?=.*## ' $(MAKEFILE_LIST) | \
		sed -E 's/^([A-Z_]+) *\?= *([^#]*)## (.*)/\1\t\3 (default: \2)/' | \
		sed -E 's/ \(default: ([^)]*\$$\(.*)?\)$$//; s/\$$\$$/$$/g' | expand -t 16

setup: ## install missing Debian packages (as root) or say which
	$(Q)harness/sh/setup.sh

# Every line of the kernel manifest is well-formed (harness/sh/fetch.sh check).
manifest-check:
	$(Q)harness/sh/fetch.sh check

# --- tools from the pinned kernel source: libbpf (static), bpftool, vmlinux.h ---
tools: $(LIBBPF_A) $(BPFTOOL) $(VMLINUX_H) $(DISASM_A) ## build libbpf, bpftool, vmlinux.h and the BPF disassembler into the cache

$(LIBBPF_A): | manifest-check setup
	@echo "  LIBBPF   $(SRC_KERNEL)"
	$(Q)src=$$(harness/sh/fetch.sh path $(SRC_KERNEL)) && mkdir -p $(TOOLS)/libbpf/build && \
	harness/sh/fetch.sh line $(SRC_KERNEL) $(REF_KERNEL) >$(TOOLS)/pinned && \
	$(MAKE) -s -C $$src/tools/lib/bpf O= BUILD_STATIC_ONLY=1 OUTPUT=$(TOOLS)/libbpf/build/ \
		DESTDIR=$(TOOLS)/libbpf prefix= install >$(TOOLS)/libbpf.log 2>&1 || \
		{ echo "libbpf build failed; see $(TOOLS)/libbpf.log" >&2; exit 1; }
	$(Q)rm -f $(TOOLS)/libbpf/lib64/*.so*
	@# The install's libbpf.a is one prelinked object; an archive of the separate
	@# objects lets the guest loader wrap bpf_prog_load() and btf__load_vmlinux_btf() at link time (guest/loader.c).
	$(Q)rm -f $@ && ar rcs $@ $$(ls $(TOOLS)/libbpf/build/staticobjs/*.o | grep -v libbpf-in.o)

$(BPFTOOL): | manifest-check setup
	@echo "  BPFTOOL  $(SRC_KERNEL)"
	$(Q)src=$$(harness/sh/fetch.sh path $(SRC_KERNEL)) && mkdir -p $(TOOLS)/bpftool && \
	$(MAKE) -s -C $$src/tools/bpf/bpftool O= OUTPUT=$(TOOLS)/bpftool/ >$(TOOLS)/bpftool.log 2>&1 || \
		{ echo "bpftool build failed; see $(TOOLS)/bpftool.log" >&2; exit 1; }

$(VMLINUX_H): $(BPFTOOL) | manifest-check
	@echo "  VMLINUX  $(REF_KERNEL)"
	$(Q)src=$$(harness/sh/fetch.sh path $(SRC_KERNEL)) && img=$$(harness/sh/fetch.sh path $(REF_KERNEL)) && \
	mkdir -p $(TOOLS)/include && \
	$$src/scripts/extract-vmlinux $$img >$(TOOLS)/vmlinux 2>/dev/null && \
	$(BPFTOOL) btf dump file $(TOOLS)/vmlinux format c >$@.tmp && mv $@.tmp $@ && rm -f $(TOOLS)/vmlinux

# The disassembler test_loader prints __xlated with: the kernel's
# kernel/bpf/disasm.c and the selftests' disasm_helpers.c of the pinned
# tree, compiled as bpftool compiles disasm.c (the tree's tools/include
# and UAPI headers), into an archive the host tool links (judge/xlated.c).
$(DISASM_A): $(LIBBPF_A) | manifest-check
	@echo "  DISASM   $(SRC_KERNEL)"
	$(Q)src=$$(harness/sh/fetch.sh path $(SRC_KERNEL)) && d=$$(mktemp -d $(TOOLS)/disasm.XXXXXX) && \
	for f in kernel/bpf/disasm.c tools/testing/selftests/bpf/disasm_helpers.c; do \
		$(CC) -O2 -g -D__EXPORTED_HEADERS__ -I$(LIBBPF_INC) -I$$src/kernel/bpf \
			-I$$src/tools/include -I$$src/tools/include/uapi -c $$src/$$f \
			-o $$d/$$(basename $$f .c).o || { rm -rf $$d; exit 1; }; \
	done && ar rcs $$d/libdisasm.a $$d/disasm.o $$d/disasm_helpers.o && \
	mkdir -p $(dir $@) && mv $$d/libdisasm.a $@ && rm -rf $$d

# veristat, the selftests' verifier statistics tool, from the pinned tree
# and its libbpf, static for the guest (make bench runs it in the same boot).
# The system's linux/bpf.h (6.1's) is too old for it: the tree's UAPI
# headers come first, through a directory of links in the cache.
VERISTAT   := $(TOOLS)/veristat/veristat
$(VERISTAT): $(LIBBPF_A) | manifest-check
	@echo "  VERISTAT $(SRC_KERNEL)"
	$(Q)src=$$(harness/sh/fetch.sh path $(SRC_KERNEL)) && mkdir -p $(TOOLS)/veristat/linux && \
	for h in bpf.h bpf_common.h btf.h; do ln -sf $$src/tools/include/uapi/linux/$$h $(TOOLS)/veristat/linux/; done && \
	$(CC) -O2 -static -I$(LIBBPF_INC) -I$(TOOLS)/veristat $$src/tools/testing/selftests/bpf/veristat.c \
		-o $@ $(LDLIBS) -lm -lpthread

# The compiler's identity (its --version line) as a file whose time changes
# only when the identity does: every BPF object depends on it, so CLANG=...
# or an upgraded compiler recompiles them instead of reusing another's.
CLANG_ID := $(O)/clang-id
.PHONY: clang-id-force
$(CLANG_ID): clang-id-force
	@mkdir -p $(dir $@)
	$(Q)v="$$($(CLANG) --version 2>/dev/null | head -n 1)"; \
	[ -n "$$v" ] || { echo "twc: CLANG='$(CLANG)' is not a working compiler (harness/sh/setup.sh installs clang-19)" >&2; exit 2; }; \
	[ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" >$@

# --- the corpus: one object per case; a compile error is kept, not fatal ---
objs: $(CASE_OBJS) $(CASE_OBJS:$(O)/obj/%=$(O)/obj-image/%) ## compile every case (errors are kept in <obj>.err)

check-objs: $(CHECK_OBJS) $(CHECK_OBJS:$(O)/obj/%=$(O)/obj-image/%)

# vmlinux.h parsed once: most of a case's compile time is spent parsing it.
# twc.h defines BPF_NO_KFUNC_PROTOTYPES (empty) before it includes
# vmlinux.h, and the header is precompiled with that definition, so the
# objects keep their strong kfunc externs (a PCH without it made them weak).
# Whole corpus, 2026-12-03 (harness/sh/pch-check.sh): every object's code,
# symbols and relocations the same as without it, the BTF the same types in
# another order; PCH=0 parses vmlinux.h in every compile.
PCH ?= 1## precompile vmlinux.h once for the case objects (0: parse it in every compile)
VMLINUX_PCH := $(if $(filter 1,$(PCH)),$(O)/pch/vmlinux.h.pch)
CASE_CFLAGS := $(BPF_CFLAGS) $(if $(VMLINUX_PCH),-DBPF_NO_KFUNC_PROTOTYPES= -include-pch $(VMLINUX_PCH))

.PHONY: pch-check
pch-check: $(BPFTOOL) ## the case objects of O/obj against the same built with PCH=0: same code, symbols, BTF types; ends "N passed, N failed"
	$(Q)BPFTOOL=$(BPFTOOL) BUILD_JOBS=$(BUILD_JOBS) harness/sh/pch-check.sh $(O)

$(O)/pch/vmlinux.h.pch: $(VMLINUX_H) $(CLANG_ID)
	@mkdir -p "$(dir $@)"
	@echo "  PCH      vmlinux.h"
	$(Q)$(CLANG) $(BPF_CFLAGS) -DBPF_NO_KFUNC_PROTOTYPES= -x c-header "$(VMLINUX_H)" -o "$@"

$(O)/obj/%.bpf.o: cases/%.bpf.c $(VMLINUX_H) $(VMLINUX_PCH) $(LIBBPF_A) $(CLANG_ID)
	@mkdir -p "$(dir $@)"
	@echo "  CLANG    $*"
	$(Q)rm -f "$@.err"; $(CLANG) $(CASE_CFLAGS) -MMD -MP -c "$<" -o "$@" 2>"$@.log" || \
		{ mv "$@.log" "$@.err"; rm -f "$@"; echo "  ERROR    $*: does not compile (see $@.err)"; }; \
	rm -f "$@.log"

# Each object has a copy without DWARF in $(O)/obj-image/, the one packed
# into the guest's image (a tenth of the bytes to pack and unpack at every
# boot; .BTF and .BTF.ext, which the verifier's log and libbpf read, stay).
# The host reads $(O)/obj/.  jobs-same.sh runs one of its two runs on the
# full objects: the logs must not change.
# None when the object did not compile.
$(O)/obj-image/%.bpf.o: $(O)/obj/%.bpf.o
	@mkdir -p "$(dir $@)"
	$(Q)rm -f "$@"; if [ -f "$<" ]; then $(LLVM_STRIP) --strip-debug "$<" -o "$@"; fi

-include $(CASE_OBJS:.o=.d)

# Upstream's BPF_CFLAGS (selftests/bpf/Makefile) with test_progs's
# -mcpu=v3 and the system headers after the tree's as upstream puts them
# (get_sys_includes), -Werror included: clang 19 compiles the 16 timer, wq
# and async files and all 128 verifier_*.c without a warning (clang 14
# warned on free_timer.c's unused volatile, so CLANG=clang-14 fails it).
# (Worked out once, where first used: by UPSTREAM= runs and by
# upstream-check, which compiles make upstream's progs files the same way.)
UPSTREAM_SYS_INC = $(eval UPSTREAM_SYS_INC := $(shell $(CLANG) -v -E - </dev/null 2>&1 | \
	sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }'))$(UPSTREAM_SYS_INC)
UPSTREAM_CFLAGS = -g -O2 --target=bpfel -mcpu=v3 -Wall -Werror -D__TARGET_ARCH_x86 -mlittle-endian \
	-I$(TOOLS)/include -I$(LIBBPF_INC) -I$(SELFTESTS) -I$(SELFTESTS)/progs \
	-I$(SELFTESTS)/../../../include/uapi -I$(SELFTESTS)/../../../include \
	$(if $(wildcard $(SELFTESTS)/libarena/include),-I$(SELFTESTS)/libarena/include) \
	-std=gnu11 -fno-strict-aliasing -Wno-microsoft-anon-tag -fms-extensions \
	-Wno-compare-distinct-pointer-types -Wno-initializer-overrides -DENABLE_ATOMICS_TESTS \
	$(UPSTREAM_SYS_INC)

# --- the way back: twc cases as a selftests patch (harness/export/) ---
# make upstream [CASES=...] writes $(O)/upstream/twc-selftests.patch: one
# progs/twc_<area>.c per area and prog_tests/twc.c, against the pinned
# tree's tools/testing/selftests/bpf.  upstream-check (in make test)
# applies it to a scratch copy of the pinned selftests with git apply
# --check and compiles its progs files with UPSTREAM_CFLAGS, as make check
# UPSTREAM= compiles upstream's own.
PINNED_SELFTESTS = $(shell harness/sh/fetch.sh path $(SRC_KERNEL))/tools/testing/selftests/bpf
.PHONY: upstream upstream-check upstream-same
upstream: export TWC_CASES := $(CASES)
upstream: ## CASES (default: all) as a kernel selftests patch, build/upstream/twc-selftests.patch; prints files, programs, skipped cases and why
	$(Q)python3 harness/export/upstream.py --out $(O)/upstream/twc-selftests.patch

upstream-check: export SELFTESTS := $(PINNED_SELFTESTS)
upstream-check: export TWC_UPSTREAM_CFLAGS = $(UPSTREAM_CFLAGS)
upstream-check: export CLANG := $(CLANG)
upstream-check: export BPFTOOL := $(BPFTOOL)
upstream-check: export LIBBPF_INC := $(LIBBPF_INC)
upstream-check: $(VMLINUX_H) $(LIBBPF_A) $(BPFTOOL) $(CLANG_ID) ## make upstream's patch applies to the pinned selftests and compiles there; ends "N passed, N failed"
	$(Q)harness/export/tests/upstream-check.sh $(O)/upstream-check

# After make check (the cases' objects) and upstream-check (the exported
# ones): each exported program is its case's code (make test runs it).
upstream-same: export LLVM_OBJDUMP := $(shell $(CLANG) -print-prog-name=llvm-objdump)
upstream-same: ## each program of make upstream's patch is its case's own instructions (after check and upstream-check)
	$(Q)python3 harness/export/tests/same_code.py $(O)/obj $(O)/upstream-check/obj

# One rule per upstream file: its source is anywhere (the pinned tree or
# another); a compile or link error is kept in .err, as a case's is.
define UPSTREAM_RULE
$(O)/obj/upstream/$(1).bpf.o: $(2) $(VMLINUX_H) $(LIBBPF_A) $(BPFTOOL) $(CLANG_ID)
	@mkdir -p "$$(dir $$@)"
	@echo "  CLANG    upstream/$(1)"
	$(Q)rm -f "$$@.err"; { $(CLANG) $$(UPSTREAM_CFLAGS) -MMD -MP -MT "$$@" -MF "$$(@:.o=.d)" -c "$(2)" \
		-o "$$@.raw" && $(BPFTOOL) gen object "$$@" "$$@.raw" && \
		$(CLANG) --version | head -n 1 >"$$@.compiler"; } 2>"$$@.log" || \
		{ mv "$$@.log" "$$@.err"; rm -f "$$@"; echo "  ERROR    upstream/$(1): does not compile (see $$@.err)"; }; \
	rm -f "$$@.log" "$$@.raw"
endef
$(foreach p,$(UPSTREAM_SRCS),$(eval $(call UPSTREAM_RULE,$(firstword $(subst =, ,$(p))),$(lastword $(subst =, ,$(p))))))
-include $(UPSTREAM_OBJS:.o=.d)

# An object a file's __btf_path names (harness/sh/upstream.sh), as
# test_progs has it beside its own: compiled with the same clang line and
# not linked (the selftests' Makefile builds every progs/*.c to a .bpf.o
# so, and test_loader passes that file as btf_custom_path).  A compile
# error is kept in .err; twc then finds no object and the runs that name
# it are an ERROR.
define UPSTREAM_BTF_RULE
$(O)/obj/upstream/$(1).bpf.o: $(2) $(VMLINUX_H) $(LIBBPF_A) $(CLANG_ID)
	@mkdir -p "$$(dir $$@)"
	@echo "  CLANG    upstream/$(1)"
	$(Q)rm -f "$$@.err"; $(CLANG) $$(UPSTREAM_CFLAGS) -MMD -MP -MT "$$@" -MF "$$(@:.o=.d)" -c "$(2)" \
		-o "$$@" 2>"$$@.log" || { mv "$$@.log" "$$@.err"; rm -f "$$@"; \
		echo "  ERROR    upstream/$(1): does not compile (see $$@.err)"; }; rm -f "$$@.log"
endef
$(foreach p,$(UPSTREAM_BTF_SRCS),$(eval $(call UPSTREAM_BTF_RULE,$(firstword $(subst =, ,$(p))),$(lastword $(subst =, ,$(p))))))
-include $(UPSTREAM_BTF_OBJS:.o=.d)

# --- guest loader and the check pipeline ---
.PHONY: check bless shell test kernel-path

# The guest loader: guest/, the BTF case language it runs, lib/; static.
GUEST_SRCS := $(filter-out harness/guest/gcov-init.c,$(wildcard harness/guest/*.c)) harness/case/facts.c \
	      harness/case/order.c \
	      $(wildcard harness/case/btfcase_*.c) harness/lib/file.c harness/lib/sbuf.c

$(O)/twc-init: $(GUEST_SRCS) $(wildcard harness/guest/*.h harness/case/*.h harness/lib/*.h) \
		$(LIBBPF_A)
	@mkdir -p $(dir $@)
	@echo "  CC       $@ (static)"
	$(Q)$(CC) $(HOST_CFLAGS) -static -Wl,--wrap=bpf_prog_load -Wl,--wrap=btf__load_vmlinux_btf \
		-Wl,--wrap=btf__free \
		$(filter %.c,$^) -o $@ $(LDLIBS)

CHECK_DEPS := $(O)/twc $(O)/twc-init

# check.sh takes KERNEL, CASES and O from the environment: they are data,
# never parsed by the shell of a recipe.
check bless shell: export TWC_O := $(O)
check bless shell: export TWC_KERNEL := $(KERNEL)
check bless shell: export TWC_CASES := $(CASES)
check bless shell: export CASE_TIMEOUT := $(CASE_TIMEOUT)
check bless shell: export ACCEL := $(ACCEL)
check bless shell: export GDB := $(GDB)
check bless shell: export V := $(V)
check bless shell: export GOLDENS := $(GOLDENS)
check bless bench bench-matrix matrix matrix-bless diff: export JOBS := $(JOBS)
check bless bench bench-matrix matrix matrix-bless diff: export SNAPSHOT := $(SNAPSHOT)
# A shell boots one vCPU unless JOBS is given: with two under TCG about one
# boot in nineteen dies before /init (the int3 race in README), and make
# shell, whose console is the terminal, cannot see it to boot again.
shell: export JOBS := $(if $(filter file,$(origin JOBS)),1,$(JOBS))
check bless shell matrix matrix-bless diff report: export TWC_UPSTREAM := $(UPSTREAM_LIST)
check bless matrix matrix-bless bench-matrix diff kcov: export TWC_UPSTREAM_CORPUS := $(CORPUS_UP_LIST)
check bless shell matrix matrix-bless bench-matrix: export QUIET := $(QUIET)
matrix matrix-bless bench-matrix diff: export VMS := $(VMS)

check: ## build, boot KERNEL (default: the reference), load every case, judge
	$(Q)t0=$$(date +%s.%N); harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
	$(CORPUS_UP_OBJS) || exit 2; \
	TWC_BUILD_S=$$(echo "$$t0 $$(date +%s.%N)" | awk '{ printf "%.1f", $$2 - $$1 }') \
	harness/sh/check.sh check

bless: ## like check, then write expected/ goldens from the run (reference kernel only; FORCE=1)
	$(Q)harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
	$(CORPUS_UP_OBJS) || exit 2; \
	harness/sh/check.sh bless

shell: ## KERNEL's guest with the corpus and a shell on this terminal (/init runs it; GDB=1: gdb stub)
	$(Q)harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) || exit 2; \
	harness/sh/check.sh shell

test: ## the harness's own tests, make check, make kernel-check; ends with the totals line
	$(Q)harness/sh/test.sh $(O)

# --- host tool and unit tests (judge side) ---
# The host tool's parts, lowest first (harness/README.md); each part's unit
# tests are in <part>/tests/test_*.c, the runner in unit/.
HOST_PARTS   := lib case stream judge results vm cli
HOST_SRCS    := $(sort $(foreach p,$(HOST_PARTS),$(wildcard harness/$(p)/*.c)))
HOST_OBJS    := $(patsubst harness/%.c,$(O)/host/%.o,$(HOST_SRCS))
# What the unit tests link: everything but main.
JUDGE_SRCS   := $(filter-out harness/cli/twc.c,$(HOST_SRCS))
# guest/bench.c: the guest's one part without libbpf, tested here too.
UNIT_SRCS    := harness/unit/unit.c $(sort $(wildcard harness/*/tests/test_*.c)) harness/guest/bench.c
UNIT_CFLAGS  := $(HOST_CFLAGS) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined
FIXTURES     := harness/judge/tests/fixtures
FIXTURE_SRCS := $(sort $(shell find $(FIXTURES)/cases -name '*.bpf.c' 2>/dev/null))
FIXTURE_OBJS := $(patsubst $(FIXTURES)/cases/%.bpf.c,$(O)/unit/obj/%.bpf.o,$(FIXTURE_SRCS))
# Upstream-style progs files (case/upstream.h), as make check UPSTREAM=
# lays out their objects: <obj-dir>/upstream/<stem>.bpf.o.
UP_FIXTURES  := harness/case/tests/fixtures/upstream
UP_FIXTURE_OBJS := $(patsubst $(UP_FIXTURES)/%.c,$(O)/unit/obj/upstream/%.bpf.o,\
		   $(sort $(wildcard $(UP_FIXTURES)/*.c)))

.PHONY: unit

$(O)/host/%.o: harness/%.c $(LIBBPF_A)
	@mkdir -p $(dir $@)
	@echo "  CC       $<"
	$(Q)$(CC) $(HOST_CFLAGS) $(LLVM_CFLAGS) -MMD -MP -c $< -o $@

$(O)/twc: $(HOST_OBJS) $(LIBBPF_A) $(DISASM_A)
	@echo "  LD       $@"
	$(Q)$(CC) $(HOST_CFLAGS) $(HOST_OBJS) -o $@ $(DISASM_A) $(LDLIBS) $(LLVM_LIBS)

-include $(HOST_OBJS:.o=.d)

# Fixture objects: compiled like the cases; a compile error is kept in .err.
$(O)/unit/obj/%.bpf.o: $(FIXTURES)/cases/%.bpf.c $(VMLINUX_H) $(LIBBPF_A) $(CLANG_ID)
	@mkdir -p $(dir $@)
	@echo "  CLANG    fixture $*"
	$(Q)rm -f "$@.err"; $(CLANG) $(BPF_CFLAGS) -c "$<" -o "$@" 2>"$@.log" || \
		{ mv "$@.log" "$@.err"; rm -f "$@"; }; rm -f "$@.log"

$(O)/unit/obj/upstream/%.bpf.o: $(UP_FIXTURES)/%.c $(VMLINUX_H) $(LIBBPF_A) $(CLANG_ID)
	@mkdir -p $(dir $@)
	@echo "  CLANG    fixture upstream/$*"
	$(Q)rm -f "$@.err"; $(CLANG) $(BPF_CFLAGS) -c "$<" -o "$@" 2>"$@.log" || \
		{ mv "$@.log" "$@.err"; rm -f "$@"; }; rm -f "$@.log"

$(O)/unit/twc-unit: $(UNIT_SRCS) $(JUDGE_SRCS) $(wildcard harness/*/*.h) $(LIBBPF_A) $(DISASM_A)
	@mkdir -p $(dir $@)
	@echo "  CC       $@ (ASan, UBSan)"
	$(Q)$(CC) $(UNIT_CFLAGS) $(LLVM_CFLAGS) $(UNIT_SRCS) $(JUDGE_SRCS) -o $@ $(DISASM_A) \
		$(LDLIBS) $(LLVM_LIBS)

unit: $(O)/unit/twc-unit $(FIXTURE_OBJS) $(UP_FIXTURE_OBJS) ## the harness's unit tests (no VM, no root); ends "N passed, N failed"
	$(Q)rm -rf $(O)/unit/tmp && mkdir -p $(O)/unit/tmp && \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(O)/unit/twc-unit --fixtures $(FIXTURES) --obj-dir $(O)/unit/obj --tmp $(O)/unit/tmp

# --- speed: make bench ---
.PHONY: bench
bench: ## the corpus on KERNEL once: boot, verification, wall, where the rest went, veristat in the same boot
	$(Q)harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory objs $(CHECK_DEPS) $(VERISTAT) || exit 2; \
	TWC_O=$(O) TWC_KERNEL=$(KERNEL) VERISTAT=$(VERISTAT) harness/sh/bench.sh

.PHONY: bench-matrix
bench-matrix: ## make matrix, then per kernel: boots, boot, verification, floor, wall and their ratio; the matrix's wall / the floors
	$(Q)set -f; harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
	$(CORPUS_UP_OBJS) || exit 2; \
	load=$$(cut -d' ' -f1 /proc/loadavg); harness/sh/matrix.sh run $(O) $(KERNELS); rc=$$?; \
	python3 harness/tabulate/bench.py --matrix $(O)/matrix --jobs $(JOBS) --vms "$${VMS:-$$(( $$(nproc) / $(JOBS) ))}" \
		--machine "$$(nproc) cores, load average $$load before the run, $$(cut -d' ' -f1 /proc/loadavg) after" || exit 2; \
	[ $$rc = 0 ] || echo "bench-matrix: make matrix ended with status $$rc: a kernel was not as its verdict table says (above)"; exit $$rc

# --- the CI workflow (.github/workflows/) ---
.PHONY: workflow-check
workflow-check: ## the CI workflow against a workflow linter from npm; separate runs merge into one report
	$(Q)harness/sh/setup.sh && harness/sh/tests/workflow.sh

# --- the tree's shape (harness/README.md) ---
.PHONY: layout-check
layout-check: $(O)/twc ## parts with READMEs, no include or call circle between them, no C file over 1,000 lines
	$(Q)harness/sh/layout-check.sh $(abspath $(O))/host

# --- rule coverage of the corpus ---
.PHONY: coverage
coverage: ## per area, the rules whose message a golden shows; fails on unknown ids or gaps
	$(Q)python3 harness/tabulate/coverage.py --cases cases --expected expected

# --- the fuzzed readers: libFuzzer targets under ASan and UBSan ---
# Each target is <part>/tests/fuzz_<name>.c next to the code it reads and
# links only that code: the BTF case reader and builder, the stream with the
# normalizer, the plan, the annotation tags with __msg matching, the golden
# reader with the diff.  make fuzz runs them one after the other for
# FUZZ_TIME seconds in all, each at most FUZZ_RUNS runs (harness/sh/fuzz.sh),
# seeded from the tree and from FUZZ_RUN, a make check output (plan, run/stream, obj/).
FUZZ_TIME    ?= 20## make fuzz: seconds of fuzzing in all, split between the targets
FUZZ_RUNS    ?= 2000000## make fuzz: at most this many runs per target
FUZZ_RUN     ?= $(O)## make fuzz: a make check output (plan, run/stream, obj/) to seed from
FUZZ_TARGETS := btfcase stream plan annot golden
# The fuzz targets are host code: the default clang, whose libFuzzer runtime
# is libclang-rt-14-dev's (clang-19's would need libclang-rt-19-dev too).
FUZZ_CC      ?= clang## make fuzz: the host clang that builds the libFuzzer targets
# implicit-conversion: a number stored in a narrower field (long into int)
# wraps silently, which is no undefined behaviour but is a reader's bug.
FUZZ_CFLAGS  := -g -O1 -Wall -Wextra -Wno-unused-parameter -std=gnu11 \
		-fsanitize=fuzzer,address,undefined,implicit-conversion \
		-fno-sanitize-recover=undefined,implicit-conversion -I$(LIBBPF_INC) -Iharness
FUZZ_btfcase := harness/case/tests/fuzz_btfcase.c $(wildcard harness/case/btfcase_*.c) \
		harness/lib/file.c harness/lib/sbuf.c
FUZZ_stream  := harness/judge/tests/fuzz_stream.c harness/stream/stream.c \
		harness/stream/libbpf.c harness/judge/norm.c harness/lib/file.c harness/lib/sbuf.c
FUZZ_plan    := harness/case/tests/fuzz_plan.c harness/case/plan.c harness/case/order.c \
		harness/lib/file.c harness/lib/sbuf.c
FUZZ_annot   := harness/case/tests/fuzz_annot.c harness/case/annot.c harness/case/annot_kfunc.c \
		harness/case/match.c harness/lib/file.c harness/lib/regex.c \
		harness/lib/sbuf.c
FUZZ_golden  := harness/judge/tests/fuzz_golden.c harness/judge/golden.c harness/judge/result.c \
		harness/lib/diff.c harness/lib/file.c harness/lib/sbuf.c harness/stream/stream.c
# Only the readers that use libbpf and libelf link them.
FUZZ_LIBS_btfcase := $(LDLIBS)
FUZZ_LIBS_annot   := $(LDLIBS)
.PHONY: fuzz

define FUZZ_RULE
$(O)/fuzz/fuzz-$(1): $(FUZZ_$(1)) $(wildcard harness/*/*.h) $(LIBBPF_A) Makefile
	@mkdir -p $$(dir $$@)
	@echo "  CC       $$@ (libFuzzer, ASan, UBSan, implicit-conversion)"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_$(1)) -o $$@ $(FUZZ_LIBS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

fuzz: $(FUZZ_TARGETS:%=$(O)/fuzz/fuzz-%) $(FIXTURE_OBJS) ## fuzz the 5 readers, FUZZ_TIME=20 s in all (FUZZ_RUNS= cap per target, FUZZ_RUN= a check output for seeds)
	$(Q)harness/sh/fuzz.sh $(O)/fuzz $(FUZZ_TIME) $(FUZZ_RUNS) $(FUZZ_RUN) $(FUZZ_TARGETS)

# --- BTF cases (btf/): the generated map-type cases, the table ---
.PHONY: gen-check maptypes

gen-check: ## every generated case is what its generator (harness/gen/*.py) writes
	$(Q)python3 harness/gen/corpus-timer.py --check && python3 harness/gen/corpus-stk.py --check || \
		{ echo "gen-check: stale generated cases; run the generator named in their header" >&2; exit 1; }
	$(Q)echo "gen-check: generated cases/ files are up to date"
	$(Q)t=$$(mktemp -d) && mkdir $$t/gen $$t/cur && cp btf/maps/maptype-*.case $$t/cur/ && \
	python3 harness/gen/btf_maptypes.py --out $$t/gen >/dev/null && \
	if diff -r $$t/cur $$t/gen >$$t/diff; then rm -rf $$t; echo "gen-check: btf/maps/maptype-*.case are up to date"; \
	else cat $$t/diff; rm -rf $$t; echo "gen-check: stale; run python3 harness/gen/btf_maptypes.py" >&2; exit 1; fi

maptypes: ## map type x {plain, bpf_timer, bpf_wq}: created or refused, from the last run's results.json
	$(Q)python3 harness/tabulate/maptypes.py $(O)/results.json

# --- kernels from source, bisect, verifier coverage ---
# make kernel KSRC=<tree> [NAME=<name>]: kernel-config merged onto tinyconfig,
# built out of tree into $(CACHE)/kbuild/ and registered as
# $(CACHE)/built/<name>/ for make check KERNEL=<name> (harness/sh/kernel.sh).
# make kernel-check: the same for the pinned source (only when the cached
# build is missing or kernel-config changed), then make check on it.
# make kcov: the gcov variant, the corpus on it, docs/verifier-coverage.md.
# Bisect: git bisect run $(CURDIR)/harness/sh/bisect.sh --case ID --expect ...
KSRC        ?=## make kernel, make kcov: a kernel source tree
NAME        ?=## make kernel: the name to build it as (make check KERNEL=NAME)
LAX         ?=## make kernel: 1 builds when a kernel-config line did not survive
BUILT_KERNEL := 7.3-twc

.PHONY: kernel kernel-check kcov bisect-demo

kernel kernel-check kcov: export BUILD_JOBS := $(BUILD_JOBS)

kernel: ## build KSRC=<kernel tree> with kernel-config into the cache, as NAME= (make check KERNEL=NAME)
	$(Q)test -n "$(KSRC)" || { echo "make kernel: give KSRC=<kernel source tree> (and NAME=<name>)" >&2; exit 2; }
	$(Q)harness/sh/setup.sh && harness/sh/kernel.sh build "$(KSRC)" "$(NAME)" >/dev/null

# The cases whose golden cannot match on the built kernel, with the reason.
KERNEL_CHECK_EXCLUDE := $(shell awk '!/^\#/ && NF { printf "!%s ", $$1 }' harness/kernels/kernel-check.exclude)

kernel-check: ## build the pinned source with kernel-config if needed, then make check KERNEL=7.3-twc (results in build/kernel-check/)
	$(Q)harness/sh/setup.sh && harness/sh/kernel.sh build "$$(harness/sh/fetch.sh path $(SRC_KERNEL))" $(BUILT_KERNEL) >/dev/null
	@awk '!/^#/ && NF { id = $$1; $$1 = ""; printf "  EXCLUDE  %s:%s\n", id, $$0 }' harness/kernels/kernel-check.exclude
	$(Q)TWC_RESULTS=$(O)/kernel-check GOLDENS=strict $(MAKE) --no-print-directory check \
		KERNEL=$(BUILT_KERNEL) \
		CASES="$(CASES) $(KERNEL_CHECK_EXCLUDE)"

$(O)/kcov/gcov-init: harness/guest/gcov-init.c harness/guest/chan.h
	@mkdir -p $(dir $@)
	@echo "  CC       $@ (static)"
	$(Q)$(CC) -O2 -g -Wall -Wextra -static -Iharness $< -o $@

bisect-demo: ## git bisect run harness/sh/bisect.sh on a synthetic history of the pinned source (no kernel git here)
	$(Q)harness/sh/setup.sh && harness/sh/bisect-demo.sh

kcov: ## coverage kernel, the corpus on it, verifier line/branch coverage into docs/verifier-coverage.md
	$(Q)harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) $(O)/kcov/gcov-init && \
	$(CORPUS_UP_OBJS) || exit 2
	$(Q)harness/sh/kcov.sh $(O) "$(KSRC)" $(CASES)

# --- kernel matrix, diff, report, docs ---
# make matrix [KERNELS='6.19 7.0-cloud /path/bzImage'] [VMS=n]: every kernel
# (default: the images of harness/kernels/kernels.list) booted VMS at a time, each
# with JOBS vCPUs, judged against expected/verdicts/<kernel>.tsv; results in $(O)/matrix/.
# make diff A=<kernel> B=<kernel>: kernel names, bzImages or results dirs.
KERNELS ?=## make matrix: the kernels (default: every image of the manifest)
VMS ?=## make matrix: kernels booted at once (default: the CPUs divided by JOBS)
A ?=## make diff: one kernel, bzImage or results directory
B ?=## make diff: the other
THRESHOLD ?= 10## make diff: statistics that moved by this many percent
SECTIONS ?=## make diff: some of verdicts,messages,logs,stats
REPORT_TESTS := harness/tabulate/tests

.PHONY: matrix matrix-bless diff report report-test docs docs-check orphans

matrix: ## boot every kernel of the manifest (KERNELS=...), judge against expected/verdicts/, write the matrix and report
	$(Q)set -f; harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
	$(CORPUS_UP_OBJS) || exit 2; \
	harness/sh/matrix.sh run $(O) $(KERNELS); rc=$$?; [ $$rc = 2 ] || \
	python3 harness/tabulate/tabulate.py browser --screenshot $(MATRIX_DIR)/report.png \
		$(MATRIX_DIR)/report.html || rc=1; exit $$rc

matrix-bless: ## like matrix, then write expected/verdicts/<kernel>.tsv from the run (review: git diff expected/verdicts)
	$(Q)set -f; harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
	$(CORPUS_UP_OBJS) || exit 2; \
	harness/sh/matrix.sh bless $(O) $(KERNELS)

diff: ## A=<kernel> B=<kernel>: verdict, message, log and statistics changes (names, bzImages or results dirs)
	$(Q)set -f; test -n "$(A)" -a -n "$(B)" || { echo "make diff: give A=<kernel> B=<kernel>" >&2; exit 2; }; \
	if [ ! -f "$(A)/results.json" ] || [ ! -f "$(B)/results.json" ]; then \
		harness/sh/setup.sh && $(MAKE) -j$(BUILD_JOBS) --no-print-directory check-objs $(CHECK_DEPS) && \
		$(CORPUS_UP_OBJS) || exit 2; fi; \
	harness/sh/matrix.sh diff $(O) "$(A)" "$(B)"

report: ## the Markdown matrix and HTML report again from $(O)/matrix/*/ (no boot), checked in Chromium
	$(Q)harness/sh/matrix.sh report $(O) && \
	python3 harness/tabulate/tabulate.py browser --screenshot $(MATRIX_DIR)/report.png $(MATRIX_DIR)/report.html

report-test: ## the tabulator's tests on recorded results, and the HTML report in headless Chromium
	$(Q)CLANG='$(CLANG)' python3 $(REPORT_TESTS)/run.py

docs: ## write docs/timer-usage.md (by question) and docs/timer-usage/<area>.md from the rules, cases, goldens and verdict tables
	$(Q)python3 harness/tabulate/tabulate.py docs --out docs && echo "  DOCS     docs/timer-usage.md docs/timer-usage/*.md"

orphans: ## fail on a golden or verdict-table row that names no case (each with the command that removes it)
	$(Q)python3 harness/tabulate/tabulate.py orphans --selftests '$(PINNED_SELFTESTS)'

docs-check: ## fail when the timer-usage docs are not what make docs would write, or claim what no case result shows
	$(Q)python3 harness/tabulate/tabulate.py docs --check docs && \
	echo "docs: docs/timer-usage.md and docs/timer-usage/ are current; every claim is a case result"
