"""Many cases in one C file: their top-level names made not to collide.

Every twc case defines its own maps, types, callbacks and macros, often
with the same names (struct elem, timer_map, timer_cb).  In one file, a
name that every case defining it defines alike (the same text once the
names it uses are settled) is emitted once and shared; a name defined
differently by several cases keeps its name in the first of them (in the
order of the case ids) and becomes <name>_<n> in the others, n the first
number that makes no clash.  The renaming repeats until nothing changes,
because renaming a type changes the text of the maps that use it.

A renamed name is renamed in the case's code, in the operand names of its
inline asm (%[name]) and in its __msg/__not_msg texts where the verifier
prints it: a map's 'name' (the kernel keeps 15 characters of it) and a
function's name().
"""
import re


MAP_NAME_LEN = 15	# BPF_OBJ_NAME_LEN - 1: what the kernel keeps of a map's name
MSG_KEYS = {'__msg', '__not_msg', '__msg_unpriv', '__not_msg_unpriv'}


def entities(case):
    """{(kind, name): text of the items that define it} of one case."""
    out = {}
    for item in case.items:
        for key in item.defines:
            out.setdefault(key, []).append(item)
    return out


def rename_tokens(case, renames):
    """The text of each of the case's items with renames ({(kind, name):
    new}) applied; [] when renames is empty is the plain text."""
    return [render_item(item, renames) for item in case.items]


def render_item(item, renames, canonical=False):
    """One item's text with its case's renames applied, token by token;
    canonical: without comments, each run of space one blank (what two
    definitions are compared by)."""
    if not renames and not canonical:
        return item.text()
    toks = item.tokens
    sig_prev = _previous_significant(toks)
    out, in_asm, struct_depth = [], 0, []
    depth = 0
    for i, tok in enumerate(toks):
        prev = sig_prev[i]
        text = tok.text
        if canonical and tok.kind in ('space', 'comment'):
            out.append(' ')
            continue
        if tok.kind == 'ident':
            text = _rename_ident(tok.text, prev, toks, i, renames, bool(struct_depth))
            if tok.text in ('asm', '__asm__'):
                in_asm = depth + 1
        elif tok.kind == 'pp':
            text = _rename_pp(tok.text, renames)
        elif tok.kind == 'string':
            text = _rename_string(tok.text, prev, toks, sig_prev, i, renames, in_asm)
        elif tok.text in '({[':
            if tok.text == '{' and _opens_struct(toks, sig_prev, i):
                struct_depth.append(depth)
            depth += 1
        elif tok.text in ')}]':
            depth -= 1
            if struct_depth and struct_depth[-1] == depth and tok.text == '}':
                struct_depth.pop()
            if in_asm and depth < in_asm:
                in_asm = 0
        out.append(text)
    return re.sub(' +', ' ', ''.join(out)).strip() if canonical else ''.join(out)


def _previous_significant(toks):
    """For each position, the significant token before it (or None)."""
    out, last = [], None
    for tok in toks:
        out.append(last)
        if tok.kind not in ('space', 'comment'):
            last = tok
    return out


def _opens_struct(toks, sig_prev, i):
    """Does the '{' at i open a struct or union body?"""
    prev = sig_prev[i]
    if prev is None:
        return False
    if prev.text in ('struct', 'union'):
        return True
    j = toks.index(prev) if prev in toks else -1
    return j > 0 and sig_prev[j] is not None and sig_prev[j].text in ('struct', 'union')


def _next_significant(toks, i):
    for tok in toks[i + 1:]:
        if tok.kind not in ('space', 'comment'):
            return tok
    return None


def _rename_ident(name, prev, toks, i, renames, in_struct):
    if prev is not None and prev.text in ('struct', 'union', 'enum'):
        return renames.get(('tag', name), name)
    if prev is not None and prev.text in ('.', '->'):
        return name
    nxt = _next_significant(toks, i)
    if in_struct and nxt is not None and nxt.text in (';', '[', ':', ','):
        return name	# a member's declarator
    new = renames.get(('ord', name)) or renames.get(('macro', name))
    return new or name


def _rename_pp(text, renames):
    """A directive: every word that names a renamed ordinary name or macro
    (a #define's body is code of its case); tags after struct/union/enum."""
    def word(m):
        w, before = m.group(2), m.group(1)
        if re.search(r'\b(struct|union|enum)\s+$', before):
            return before + renames.get(('tag', w), w)
        return before + (renames.get(('macro', w)) or renames.get(('ord', w)) or w)
    return re.sub(r'(^|[^A-Za-z_0-9.>])([A-Za-z_][A-Za-z_0-9]*)', word, text)


def _rename_string(text, prev, toks, sig_prev, i, renames, in_asm):
    ords = {n: new for (k, n), new in renames.items() if k == 'ord'}
    if not ords:
        return text
    if in_asm:
        return re.sub(r'\b([A-Za-z_][A-Za-z_0-9]*)\b',
                      lambda m: ords.get(m.group(1), m.group(1)), text)
    key = _annotation_of(toks, sig_prev, i)
    if key in MSG_KEYS:
        for old, new in ords.items():
            text = text.replace(f"'{old[:MAP_NAME_LEN]}'", f"'{new[:MAP_NAME_LEN]}'")
            text = re.sub(rf'\b{re.escape(old)}\(\)', f'{new}()', text)
    return text


def _annotation_of(toks, sig_prev, i):
    """The macro a string is the argument of: __msg("...") gives '__msg'."""
    p = sig_prev[i]
    if p is None or p.text != '(':
        return None
    j = toks.index(p)
    q = sig_prev[j]
    return q.text if q is not None and q.kind == 'ident' else None


def plan_renames(cases):
    """{case id: {(kind, name): new name}} for cases that share one file."""
    taken = set()
    per_case = {}
    for case in cases:
        per_case[case.id] = entities(case)
        taken |= {n for (_, n) in per_case[case.id]}
    renames = {case.id: {} for case in cases}
    temp = set(taken)	# the names of the rounds, renumbered at the end
    for _ in range(len(cases) + 2):
        if not _assign(cases, per_case, renames, temp):
            return _renumber(cases, renames, taken)
    raise RuntimeError('renaming did not settle')	# cannot happen: groups only split


def _renumber(cases, renames, taken):
    """The settled renames numbered in the order of the cases: the second
    variant of a name is <name>_2 (or the first free number), and so on."""
    final, fresh = {case.id: {} for case in cases}, {}
    for case in cases:
        for key, temp in sorted(renames[case.id].items()):
            if (key, temp) not in fresh:
                fresh[(key, temp)] = _fresh(key[1], taken)
            final[case.id][key] = fresh[(key, temp)]
    return final


def _assign(cases, per_case, renames, taken):
    """One round: group each (kind, name) by the text of its definitions
    under the current renames; give every group but the first a new name."""
    variants = {}	# (kind, name) -> [(signature, [case ids])]
    for case in cases:
        for key, items in sorted(per_case[case.id].items()):
            own = {k: v for k, v in renames[case.id].items() if k != key}
            sig = '\n'.join(render_item(it, own, canonical=True) for it in items)
            groups = variants.setdefault(key, [])
            for s, ids in groups:
                if s == sig:
                    ids.append(case.id)
                    break
            else:
                groups.append((sig, [case.id]))
    changed = False
    for key, groups in sorted(variants.items()):
        used = set()
        for n, (sig, ids) in enumerate(groups):
            names = {renames[cid].get(key) for cid in ids}
            name = names.pop() if len(names) == 1 else 'split'
            if n == 0 and name is None or name not in (None, 'split') and name not in used:
                used.add(name)
                continue
            new = _fresh(key[1], taken)
            for cid in ids:
                renames[cid][key] = new
            used.add(new)
            changed = True
    return changed


def _fresh(name, taken):
    n = 2
    while f'{name}_{n}' in taken:
        n += 1
    taken.add(f'{name}_{n}')
    return f'{name}_{n}'
