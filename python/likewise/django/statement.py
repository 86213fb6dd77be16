"""What the cursor does to a statement's text before SQLite sees it.

Django writes SQL in the DB-API "format" and "pyformat" styles (``%s``,
``%(name)s``, ``%%`` for a literal ``%``), while Python's sqlite3 knows only
``?`` and ``:name``. And Django asks for row locks with ``SELECT ... FOR UPDATE``,
which SQLite does not parse. ``translate(sql, formatted)`` does both with one
tokenizer that knows SQLite's lexical rules: string literals ('...'), quoted
identifiers ("...", [...], `...`) and comments (-- and /* */). A ``%s`` inside a
literal or a comment is text, never a parameter; ``%%`` is ``%`` everywhere, as
in every format-style driver (Django's own SQL relies on it: ``LIKE '%%' || x``).

Results are cached by text: Django sends the same statements again and again.
"""
import re
from collections import namedtuple
from functools import lru_cache
from sqlite3 import ProgrammingError

# A FOR UPDATE clause found at the end of a statement: how to take the lock.
Lock = namedtuple("Lock", "nowait skip_locked")

# sql: the text for SQLite. names: None for positional parameters (%s, or the
# native ? and :name), else the pyformat names in order of use, so that a mapping
# of parameters can be turned into a sequence. lock: a Lock or None.
Translated = namedtuple("Translated", "sql names lock")

# SQLite's literals, quoted identifiers and comments: inside them nothing is a
# parameter or a lock clause.
_QUOTED = r"""'(?:[^']|'')*(?:'|\Z)
            |"(?:[^"]|"")*(?:"|\Z)
            |`(?:[^`]|``)*(?:`|\Z)
            |\[[^\]]*(?:\]|\Z)
            |--[^\n]*
            |/\*.*?(?:\*/|\Z)"""

# Parameters: every quoted piece is matched too, so that the scan steps over it.
_FORMAT = re.compile(
    r"(?P<quoted>" + _QUOTED + r")|%(?:(?P<percent>%)|(?P<positional>s)|\((?P<name>[^)]*)\)s)",
    re.S | re.X)

# All tokens, for finding a lock clause at the statement's top level.
_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<quoted>" + _QUOTED + r""")
    | (?P<word>[^\W\d][\w$]*)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<other>.)
    """,
    re.S | re.X,
)

# A cheap test first: most statements hold no FOR at all.
_MAYBE_LOCK = re.compile(r"\bFOR\b", re.I)

# The words a lock clause may hold after FOR, in order.
_LOCK_STRENGTHS = (("UPDATE",), ("NO", "KEY", "UPDATE"), ("SHARE",), ("KEY", "SHARE"))


@lru_cache(maxsize=4096)
def translate(sql, formatted):
    """Translate one statement.

    formatted is True when the caller passed parameters (even an empty sequence):
    then the text is a format string, as Django's convention has it; without
    parameters ``%`` is just text.
    """
    lock = None
    if _MAYBE_LOCK.search(sql):
        sql, lock = _strip_lock_clause(sql)
    if not formatted or "%" not in sql:
        return Translated(sql, None, lock)
    names = []
    positional = []

    def replace(match):
        kind = match.lastgroup
        if kind == "quoted":
            text = match.group()
            return text.replace("%%", "%") if "%" in text else text
        if kind == "percent":
            return "%"
        if kind == "positional":
            positional.append(True)
        else:
            names.append(match.group("name"))
        return "?"

    translated = _FORMAT.sub(replace, sql)
    if positional and names:
        raise ProgrammingError(
            "statement mixes %s and %(name)s parameters: " + _excerpt(sql))
    return Translated(translated, tuple(names) if names else None, lock)


def _strip_lock_clause(sql):
    """Find FOR UPDATE [OF ...] [NOWAIT | SKIP LOCKED] ending the statement (before
    an optional ';'): return the statement without it and the Lock, else the
    statement as it is and None."""
    pieces = []
    top = []  # (piece index, upper text) of the tokens at depth 0 but spaces
    depth = 0
    for match in _TOKEN.finditer(sql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        if depth == 0 and kind in ("word", "quoted", "other", "close"):
            top.append((len(pieces), match.group().upper()))
        pieces.append(match.group())
    tokens = [(i, t) for i, t in top if not t.startswith(("--", "/*"))]
    if tokens and tokens[-1][1] == ";":
        tokens.pop()
    words = [t for _, t in tokens]
    for start in range(len(words) - 1, -1, -1):
        if words[start] == "FOR":
            lock = _parse_lock(words[start + 1:])
            if lock is None:
                return sql, None
            first, last = tokens[start][0], tokens[-1][0]
            for i in range(first, last + 1):
                if not pieces[i].startswith(("--", "/*")):
                    pieces[i] = ""
            return "".join(pieces), lock
    return sql, None


def _parse_lock(words):
    """Parse the words after FOR; None unless they are exactly a lock clause."""
    for strength in _LOCK_STRENGTHS:
        if tuple(words[:len(strength)]) == strength:
            rest = words[len(strength):]
            break
    else:
        return None
    if rest and rest[0] == "OF":
        # OF name [, name ...]: each name a word or quoted, possibly dotted.
        i = 1
        while True:
            if i >= len(rest) or not _is_name(rest[i]):
                return None
            i += 1
            while i + 1 < len(rest) and rest[i] == "." and _is_name(rest[i + 1]):
                i += 2
            if i < len(rest) and rest[i] == ",":
                i += 1
                continue
            break
        rest = rest[i:]
    if rest == ["NOWAIT"]:
        return Lock(nowait=True, skip_locked=False)
    if rest == ["SKIP", "LOCKED"]:
        return Lock(nowait=False, skip_locked=True)
    if not rest:
        return Lock(nowait=False, skip_locked=False)
    return None


def _is_name(token):
    return token[0] in "\"`[" or token[0].isalpha() or token[0] == "_"


def _excerpt(sql):
    return sql if len(sql) <= 200 else sql[:200] + "..."


def bind(translated, params):
    """The parameters for sqlite3: a mapping becomes a sequence in the order the
    pyformat names appear; anything else is passed on as it is."""
    if translated.names is None:
        return params
    try:
        return tuple(params[name] for name in translated.names)
    except KeyError as e:
        raise ProgrammingError("no value for parameter %%(%s)s" % e.args[0]) from None
    except TypeError:
        raise ProgrammingError(
            "%(name)s parameters need a mapping, got " + type(params).__name__) from None
