"""A twc case's C source as top-level items.

Enough of C to move a case into a file shared with other cases: tokens
(identifiers, strings, comments, preprocessor lines, punctuation), split at
depth 0 into items (a declaration, a definition, a #define), each with the
names it defines.  Not a C parser: it relies on the case dialect (one
declaration per item, functions whose body follows their ')').
"""
import re

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pp>^[ \t]*\#(?:[^\n\\]|\\.)*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<number>[0-9][A-Za-z_0-9.]*)
  | (?P<space>\s+)
  | (?P<punct>->|\.\.\.|.)
''', re.S | re.M | re.X)

# Function-like macros whose first argument is the function they define.
NAMING_MACROS = {'BPF_PROG', 'BPF_PROG2', 'BPF_KPROBE', 'BPF_KRETPROBE',
                 'BPF_KSYSCALL', 'BPF_UPROBE', 'BPF_URETPROBE', 'BPF_STRUCT_OPS',
                 'BPF_STRUCT_OPS_SLEEPABLE'}
ANNOTATION_CALLS = {'SEC', 'asm', 'sizeof'}
TAG_KEYWORDS = {'struct', 'union', 'enum'}
# Words of declarations that name no entity.
KEYWORDS = {'static', 'extern', 'const', 'volatile', 'int', 'long', 'short', 'char',
            'unsigned', 'signed', 'void', 'bool', 'inline', 'typedef', 'struct',
            'union', 'enum', 'return', 'if', 'else', 'for', 'while', 'do', 'sizeof',
            'goto', 'break', 'continue', 'switch', 'case', 'default', 'asm',
            '__asm__', 'volatile', '__attribute__', '__always_inline', '__noinline',
            '__naked', '__weak', '__ksym', '__used', 'SEC', '__hidden'}


class CaseError(Exception):
    """A case the exporter cannot read; the message names the file."""


class Token:
    __slots__ = ('kind', 'text')

    def __init__(self, kind, text):
        self.kind, self.text = kind, text

    def __repr__(self):
        return f'{self.kind}:{self.text!r}'


def tokenize(text, where):
    """Every character of text as a token; an unterminated comment or
    string is a CaseError naming where."""
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise CaseError(f'{where}: cannot read C at offset {pos}')
        kind = m.lastgroup
        if kind == 'punct' and m.group() in '"\'' or text.startswith('/*', pos) and kind != 'comment':
            raise CaseError(f'{where}: unterminated string or comment at offset {pos}')
        out.append(Token(kind, m.group()))
        pos = m.end()
    return out


def significant(tokens):
    return [t for t in tokens if t.kind not in ('space', 'comment')]


class Item:
    """One top-level declaration or directive: its tokens and what it defines.
    kind: 'pp' (a directive), 'func' (a function definition), 'decl'."""

    def __init__(self, tokens, kind):
        self.tokens, self.kind = tokens, kind
        self.defines = set()	# {('tag'|'ord'|'macro', name)}
        self.is_extern = False
        self.section = None	# the SEC("...") string of the item, if any
        self.func = None	# a function definition's name
        self.is_proto = False	# a function's declaration

    def is_global_data(self):
        """A variable of .bss, .data or .rodata (no map, no function)."""
        sec = self.section
        first = next((t.text for t in significant(self.tokens)), '')
        return self.kind == 'decl' and not self.is_extern and not self.is_proto and \
            first != 'typedef' and any(k == 'ord' for k, _ in self.defines) and \
            (sec is None or re.match(r'\.(bss|data|rodata)\b', sec) is not None)

    def canonical(self):
        """The item's text without comments, its space collapsed."""
        return ' '.join(t.text for t in significant(self.tokens))

    def text(self):
        return ''.join(t.text for t in self.tokens)


def split_items(tokens, where):
    """Top-level items: a directive, or tokens up to a depth-0 ';' or to the
    '}' that closes a function body.  Comments and space before an item
    belong to it."""
    items, cur, depth, body_is_func, last_sig = [], [], 0, False, None
    macros = set()
    for tok in tokens:
        if tok.kind == 'pp' and depth == 0:
            if significant(cur):
                raise CaseError(f'{where}: a directive inside a declaration: {tok.text.strip()!r}')
            items.append(Item(cur + [tok], 'pp'))
            m = re.match(r'\s*#\s*define\s+([A-Za-z_][A-Za-z_0-9]*)\(', tok.text)
            macros |= {m.group(1)} if m else set()
            cur = []
            continue
        cur.append(tok)
        if tok.kind in ('space', 'comment'):
            continue
        if tok.text == ')' and depth == 0 and _macro_call(cur, macros):
            items.append(Item(cur, 'decl'))	# LINK(a, b): a case macro that defines
            cur, last_sig = [], None
            continue
        if tok.text == '{':
            if depth == 0:
                body_is_func = last_sig is not None and last_sig.text == ')'
            depth += 1
        elif tok.text in '}':
            depth -= 1
            if depth < 0:
                raise CaseError(f'{where}: unbalanced braces')
            if depth == 0 and body_is_func:
                items.append(Item(cur, 'func'))
                cur, last_sig = [], None
                continue
        elif tok.text == ';' and depth == 0:
            items.append(Item(cur, 'decl'))
            cur, last_sig = [], None
            continue
        last_sig = tok
    if depth != 0:
        raise CaseError(f'{where}: unbalanced braces')
    if significant(cur):
        raise CaseError(f'{where}: the file ends inside a declaration')
    items.append(Item(cur, 'pp')) if cur else None
    macros = set()
    for item in items:
        describe(item, macros)
        macros |= {n for k, n in item.defines if k == 'macro'}
    return items


def _macro_call(cur, macros):
    """Is cur a call of one of the case's function-like macros, complete?"""
    sig = significant(cur)
    return len(sig) >= 3 and sig[0].text in macros and sig[1].text == '(' and \
        sum(t.text == '(' for t in sig) == sum(t.text == ')' for t in sig)


def describe(item, macros=()):
    """Fill in what an item defines."""
    sig = significant(item.tokens)
    if item.kind == 'pp':
        m = re.match(r'\s*#\s*define\s+([A-Za-z_][A-Za-z_0-9]*)', sig[0].text if sig else '')
        if m:
            item.defines.add(('macro', m.group(1)))
        return
    texts = [t.text for t in sig]
    for i, t in enumerate(texts):
        if t == 'SEC' and i + 2 < len(texts) and sig[i + 2].kind == 'string':
            item.section = sig[i + 2].text[1:-1]
    item.is_extern = bool(texts) and texts[0] == 'extern'
    depth = 0
    for i, t in enumerate(sig):
        if t.text in '{([':
            depth += 1
        elif t.text in '})]':
            depth -= 1
        if t.kind != 'ident':
            continue
        prev = texts[i - 1] if i else ''
        if prev in TAG_KEYWORDS and i + 1 < len(sig) and texts[i + 1] == '{':
            item.defines.add(('tag', t.text))
        elif prev == 'enum' or (depth == 1 and _in_enum_body(texts, i)):
            if prev != 'enum' and _enum_constant(texts, i):
                item.defines.add(('ord', t.text))
    _declarator_names(item, sig, texts, macros)


def _in_enum_body(texts, i):
    """Is position i inside the braces of an 'enum ... {'?"""
    depth = 0
    for j in range(i - 1, -1, -1):
        if texts[j] == '}':
            depth += 1
        elif texts[j] == '{':
            if depth == 0:
                return 'enum' in texts[max(0, j - 2):j]
            depth -= 1
    return False


def _enum_constant(texts, i):
    return texts[i - 1] in ('{', ',') and (i + 1 < len(texts) and texts[i + 1] in (',', '=', '}'))


def _declarator_names(item, sig, texts, macros=()):
    """The ordinary names an item declares at depth 0: a function's name
    (or a naming macro's first argument), a variable's, a typedef's."""
    depth, seen_paren = 0, False
    for i, t in enumerate(sig):
        if t.text in '{[(' and not (t.text == '(' and depth == 0 and not seen_paren):
            depth += 1
            continue
        if t.text in '}])':
            depth -= 1
            continue
        if t.text == '(':
            name = texts[i - 1] if i and sig[i - 1].kind == 'ident' else None
            depth += 1
            if name is None or name in ANNOTATION_CALLS or name.startswith('__'):
                continue
            if (name in NAMING_MACROS or name in macros) and i + 1 < len(sig):
                name = texts[i + 1]
            item.defines.add(('ord', name))
            item.func = name if item.kind == 'func' else None
            item.is_proto = item.kind != 'func'
            seen_paren = True
            continue
        if depth == 0 and t.kind == 'ident' and not seen_paren and i + 1 < len(sig) \
                and texts[i + 1] in (';', '=', 'SEC', '[', ',', '__attribute__') \
                and texts[i - 1] not in TAG_KEYWORDS and t.text not in KEYWORDS:
            item.defines.add(('ord', t.text))
