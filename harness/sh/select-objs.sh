#!/bin/sh
# select-objs.sh: the objects a CASES= selection needs: the case files whose
# id a pattern matches, or whose programs it may match (a pattern that
# starts with "<file id>/"), less those an exclusion ("!pattern") matches.
# make check CASES=<one case> compiles that one case, not the corpus.
#
#   TWC_CASES='reject/timer-* !reject/timer-start-*' harness/sh/select-objs.sh O
#
# Prints O/obj/<id>.bpf.o for each selected cases/<id>.bpf.c.
set -f	# patterns are for us, not for the shell
O=${1:?usage: select-objs.sh O}
cd "$(dirname "$0")/../.." || exit 2
any=	# only exclusions: every other file is wanted
for pat in ${TWC_CASES-}; do case $pat in !*) ;; *) any=1 ;; esac; done
find cases -name '*.bpf.c' | sort | while read -r src; do
	id=${src#cases/}
	id=${id%.bpf.c}
	want=${any:+} drop=
	[ -z "$any" ] && want=1
	for pat in ${TWC_CASES-}; do
		case $pat in
		!*)	case $id in ${pat#!}) drop=1 ;; esac ;;
		"$id"/*) want=1 ;;
		*)	case $id in $pat) want=1 ;; esac ;;
		esac
	done
	[ -n "$want" ] && [ -z "$drop" ] && echo "$O/obj/$id.bpf.o"
done
