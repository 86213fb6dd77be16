/*
 * The regexp module's core: PostgreSQL flags and ARE syntax translated to ICU,
 * compiled patterns with a literal-prefix prefilter, a small LRU cache, UTF-16
 * subjects, PostgreSQL's match iteration and regexp_replace. See regexp.h.
 */
#include "regexp/regexp.h"
#include "common/hex.h"
#include "common/icu_util.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unicode/uchar.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* ---------------------------------------------------------------------------------
 * A growable byte buffer with a sticky out-of-memory flag.
 */
typedef struct strbuf {
    char *data;
    int64_t len, cap;
    int oom;
} strbuf;

static void sb_put(strbuf *b, const char *s, int64_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        int64_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = sqlite3_realloc64(b->data, (sqlite3_uint64)cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
    b->data[b->len] = 0;
}

static void sb_puts(strbuf *b, const char *s)
{
    sb_put(b, s, (int64_t)strlen(s));
}

static void sb_hex(strbuf *b, UChar32 c)
{
    char tmp[16];
    int n = sqlite3_snprintf((int)sizeof tmp, tmp, "\\x{%X}", (unsigned)c) ? (int)strlen(tmp) : 0;
    sb_put(b, tmp, n);
}

/* ---------------------------------------------------------------------------------
 * Flags.
 */
static int apply_flag(char c, unsigned *opts)
{
    switch (c) {
    case 'i':
        *opts |= LW_RE_ICASE;
        return 0;
    case 'c':
        *opts &= ~(unsigned)LW_RE_ICASE;
        return 0;
    case 'n':
    case 'm':
        *opts |= LW_RE_NLSTOP | LW_RE_NLANCH;
        return 0;
    case 's':
        *opts &= ~(unsigned)(LW_RE_NLSTOP | LW_RE_NLANCH);
        return 0;
    case 'p':
        *opts = (*opts | LW_RE_NLSTOP) & ~(unsigned)LW_RE_NLANCH;
        return 0;
    case 'w':
        *opts = (*opts | LW_RE_NLANCH) & ~(unsigned)LW_RE_NLSTOP;
        return 0;
    case 'x':
        *opts |= LW_RE_EXPANDED;
        return 0;
    case 't':
        *opts &= ~(unsigned)LW_RE_EXPANDED;
        return 0;
    /* The syntax letters replace one another, as in PostgreSQL's parse_re_flags: q
     * clears b and e, and b or e clears q. */
    case 'q':
        *opts = (*opts | LW_RE_QUOTE) & ~(unsigned)(LW_RE_BASIC | LW_RE_EXTENDED);
        return 0;
    case 'b':
        *opts = (*opts | LW_RE_BASIC) & ~(unsigned)(LW_RE_QUOTE | LW_RE_EXTENDED);
        return 0;
    case 'e':
        *opts = (*opts | LW_RE_EXTENDED) & ~(unsigned)(LW_RE_QUOTE | LW_RE_BASIC);
        return 0;
    case 'g':
        *opts |= LW_RE_GLOBAL;
        return 0;
    default:
        return -1;
    }
}

int lw_re_parse_flags(const char *flags, int len, unsigned *opts, char **err)
{
    for (int i = 0; i < len; i++) {
        int rc = apply_flag(flags[i], opts);
        if (rc < 0) {
            /* One whole UTF-8 character, as PostgreSQL shows it. */
            int n = 1;
            while (i + n < len && ((unsigned char)flags[i + n] & 0xC0) == 0x80)
                n++;
            *err = sqlite3_mprintf("invalid regular expression option: \"%.*s\"", n, flags + i);
            return -1;
        }
    }
    return 0;
}

lw_re_flags_status lw_re_check_flags(unsigned opts)
{
    if (opts & (LW_RE_BASIC | LW_RE_EXTENDED))
        return LW_RE_FLAGS_UNSUPPORTED_SYNTAX;
    if ((opts & LW_RE_QUOTE) && (opts & (LW_RE_EXPANDED | LW_RE_NLSTOP | LW_RE_NLANCH)))
        return LW_RE_FLAGS_INVALID_COMBINATION;
    return LW_RE_FLAGS_OK;
}

/* ---------------------------------------------------------------------------------
 * PostgreSQL ARE to ICU.
 *
 * The translator reads the pattern once, left to right, and writes an ICU pattern in
 * which every literal is escaped, so ICU-only syntax ([a&&b], possessive a*+, \p{L},
 * (?<name>...)) can never take effect by accident: PostgreSQL reads those either as
 * literals (and so do we) or as errors (and so do we). Newline sensitivity, anchors
 * and case are mapped onto ICU flags with UREGEX_UNIX_LINES, so only "\n" is a
 * newline, as in PostgreSQL.
 */
enum { GROUP_PLAIN, GROUP_LOOKAROUND };

typedef struct translator {
    const char *p;
    int32_t len, pos;
    unsigned opts;
    strbuf out;
    int groups;  /* capturing groups opened so far (for back references) */
    char *stack; /* one entry per open parenthesis: GROUP_* */
    int depth;
    int lookaround;     /* open lookaround constraints */
    const char *reason; /* PostgreSQL's reason when the pattern is invalid */
} translator;

static int at_end(const translator *t)
{
    return t->pos >= t->len;
}

static UChar32 peek(const translator *t, int ahead)
{
    int32_t i = t->pos;
    UChar32 c = -1;
    for (int k = 0; k <= ahead; k++) {
        if (i >= t->len)
            return -1;
        U8_NEXT(t->p, i, t->len, c);
    }
    return c;
}

static UChar32 next_char(translator *t)
{
    UChar32 c;
    U8_NEXT(t->p, t->pos, t->len, c);
    return c;
}

static int fail(translator *t, const char *reason)
{
    t->reason = reason;
    return -1;
}

static int is_ascii_alnum(UChar32 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A literal outside brackets: ASCII letters, digits and space as they are, other
 * ASCII escaped (every ASCII punctuation character is a literal after a backslash
 * in ICU), controls as \x{..}, everything else as its UTF-8. */
static void emit_set_char(translator *t, UChar32 c);

static void emit_literal(translator *t, UChar32 c)
{
    char buf[U8_MAX_LENGTH];
    /* Case-insensitive: ICU folds runs of literal letters with full case folding, so
     * "SS" would match "ß"; PostgreSQL compares one character with one character.
     * A one-character set keeps ICU to simple case closure as well. */
    if ((t->opts & LW_RE_ICASE) && u_hasBinaryProperty(c, UCHAR_CASE_SENSITIVE)) {
        sb_puts(&t->out, "[");
        emit_set_char(t, c);
        sb_puts(&t->out, "]");
        return;
    }
    if (c < 0x80) {
        if (is_ascii_alnum(c) || c == ' ') {
            buf[0] = (char)c;
            sb_put(&t->out, buf, 1);
        } else if (c < 0x20 || c == 0x7F) {
            sb_hex(&t->out, c);
        } else {
            buf[0] = '\\';
            buf[1] = (char)c;
            sb_put(&t->out, buf, 2);
        }
        return;
    }
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    sb_put(&t->out, buf, n);
}

/* Inside a set, every character that is not a letter or digit as \x{..}. */
static void emit_set_char(translator *t, UChar32 c)
{
    if (c < 0x80 && is_ascii_alnum(c)) {
        char ch = (char)c;
        sb_put(&t->out, &ch, 1);
    } else {
        sb_hex(&t->out, c);
    }
}

/* Reads up to max_digits digits of base (at least min_digits) into *value; returns
 * the number read or -1 when fewer than min_digits or the value passes 0x10FFFF. */
static int read_digits(translator *t, int base, int min_digits, int max_digits, UChar32 *value)
{
    int n = 0;
    int64_t v = 0;
    while (n < max_digits && !at_end(t)) {
        int d = lw_hex_value(peek(t, 0));
        if (d < 0 || d >= base)
            break;
        v = v * base + d;
        if (v > 0x10FFFF)
            return -1;
        t->pos++;
        n++;
    }
    if (n < min_digits)
        return -1;
    *value = (UChar32)v;
    return n;
}

/* The character-entry escapes shared by both contexts (after the backslash and the
 * letter e). Returns the character, or -1 when e is not one of them. */
static UChar32 char_escape(translator *t, UChar32 e)
{
    UChar32 v;
    switch (e) {
    case 'a':
        return 0x07;
    case 'b':
        return 0x08;
    case 'B':
        return '\\';
    case 'e':
        return 0x1B;
    case 'f':
        return 0x0C;
    case 'n':
        return 0x0A;
    case 'r':
        return 0x0D;
    case 't':
        return 0x09;
    case 'v':
        return 0x0B;
    case 'c':
        if (at_end(t))
            return -1;
        return next_char(t) & 0x1F;
    case 'u':
        return read_digits(t, 16, 4, 4, &v) < 0 ? -1 : v;
    case 'U':
        return read_digits(t, 16, 8, 8, &v) < 0 ? -1 : v;
    case 'x':
        return read_digits(t, 16, 1, 255, &v) < 0 ? -1 : v;
    case '0':
        t->pos--; /* the 0 is the first octal digit */
        return read_digits(t, 8, 1, 3, &v) < 0 ? -1 : v;
    default:
        return -1;
    }
}

static int valid_char(UChar32 c)
{
    return c >= 0 && c <= 0x10FFFF && !U_IS_SURROGATE(c);
}

/* PostgreSQL's character classes, all of which ICU sets know by the same name. */
static int known_class(const char *name, int len)
{
    static const char *const names[] = {"alnum", "alpha", "ascii",  "blank", "cntrl",
                                        "digit", "graph", "lower",  "print", "punct",
                                        "space", "upper", "xdigit", "word"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((int)strlen(names[i]) == len && memcmp(names[i], name, (size_t)len) == 0)
            return 1;
    return 0;
}

/*
 * One endpoint of a bracket expression: a character, an escape or [.c.] / [=c=]
 * (PostgreSQL's equivalence classes hold only the character itself). Returns 1 with
 * *c set, 0 when the element was a class that has been emitted, -1 on error.
 */
static int bracket_element(translator *t, UChar32 first, UChar32 *c)
{
    if (first == '[' && (peek(t, 0) == ':' || peek(t, 0) == '.' || peek(t, 0) == '=')) {
        char kind = (char)next_char(t);
        int32_t name_start = t->pos;
        while (t->pos + 1 < t->len && !(t->p[t->pos] == kind && t->p[t->pos + 1] == ']'))
            t->pos++;
        if (t->pos + 1 >= t->len)
            return fail(t, "brackets [] not balanced");
        int32_t name_len = t->pos - name_start;
        t->pos += 2;
        if (kind == ':') {
            if (!known_class(t->p + name_start, name_len))
                return fail(t, "invalid character class");
            sb_puts(&t->out, "[:");
            sb_put(&t->out, t->p + name_start, name_len);
            sb_puts(&t->out, ":]");
            return 0;
        }
        /* A collating element or equivalence class of exactly one character. */
        int32_t i = name_start;
        UChar32 ch = -1;
        if (name_len > 0)
            U8_NEXT(t->p, i, name_start + name_len, ch);
        if (name_len == 0 || i != name_start + name_len)
            return fail(t, "invalid collating element");
        *c = ch;
        return 1;
    }
    if (first == '\\') {
        if (at_end(t))
            return fail(t, "invalid escape \\ sequence");
        UChar32 e = next_char(t);
        if (e == 'd' || e == 's' || e == 'w' || e == 'D' || e == 'S' || e == 'W') {
            char esc[2] = {'\\', (char)e};
            sb_put(&t->out, esc, 2);
            return 0;
        }
        if (!is_ascii_alnum(e)) {
            *c = e;
            return 1;
        }
        UChar32 v = char_escape(t, e);
        if (!valid_char(v))
            return fail(t, "invalid escape \\ sequence");
        *c = v;
        return 1;
    }
    *c = first;
    return 1;
}

static int translate_bracket(translator *t)
{
    sb_puts(&t->out, "[");
    int negated = 0;
    if (peek(t, 0) == '^') {
        t->pos++;
        negated = 1;
        sb_puts(&t->out, "^");
    }
    int first = 1;
    for (;;) {
        if (at_end(t))
            return fail(t, "brackets [] not balanced");
        UChar32 c = next_char(t);
        if (c == ']' && !first)
            break;
        first = 0;
        UChar32 lo;
        int rc = bracket_element(t, c, &lo);
        if (rc < 0)
            return -1;
        int range = peek(t, 0) == '-' && peek(t, 1) != ']' && peek(t, 1) != -1;
        if (rc == 0) {
            if (range)
                return fail(t, "invalid character range");
            continue;
        }
        if (!range) {
            emit_set_char(t, lo);
            continue;
        }
        t->pos++; /* the '-' */
        UChar32 hi;
        rc = bracket_element(t, next_char(t), &hi);
        if (rc < 0)
            return -1;
        if (rc == 0 || hi < lo)
            return fail(t, "invalid character range");
        emit_set_char(t, lo);
        sb_puts(&t->out, "-");
        emit_set_char(t, hi);
    }
    /* Newline-sensitive: a negated bracket expression never matches a newline. */
    if (negated && (t->opts & LW_RE_NLSTOP))
        sb_puts(&t->out, "\\x{A}");
    sb_puts(&t->out, "]");
    return 0;
}

/* Kinds of atom, for deciding whether a quantifier may follow. */
enum { ATOM_NONE, ATOM_QUANTIFIABLE };

/* The escapes that match a position, not a character (nothing may follow them as a
 * quantifier), and how ICU writes them: start and end of the string, start and end of
 * a word, a word boundary and its negation. */
static const struct {
    char letter;
    const char *icu;
} anchor_escapes[] = {
    {'A', "\\A"},         {'Z', "\\z"}, {'m', "\\b(?=\\w)"},
    {'M', "\\b(?<=\\w)"}, {'y', "\\b"}, {'Y', "\\B"},
};

/* An escape outside brackets. Returns ATOM_* or -1. */
static int translate_escape(translator *t)
{
    if (at_end(t))
        return fail(t, "invalid escape \\ sequence");
    UChar32 e = next_char(t);
    if (!is_ascii_alnum(e)) {
        emit_literal(t, e);
        return ATOM_QUANTIFIABLE;
    }
    switch (e) {
    case 'd':
    case 's':
    case 'w':
    case 'D':
    case 'S':
    case 'W': {
        char esc[2] = {'\\', (char)e};
        sb_put(&t->out, esc, 2);
        return ATOM_QUANTIFIABLE;
    }
    default:
        break;
    }
    for (size_t i = 0; i < sizeof anchor_escapes / sizeof anchor_escapes[0]; i++)
        if (e == (UChar32)anchor_escapes[i].letter) {
            sb_puts(&t->out, anchor_escapes[i].icu);
            return ATOM_NONE;
        }
    if (e >= '1' && e <= '9') {
        /* PostgreSQL's rule: one digit is always a back reference; more digits are
         * one when the number names a group opened so far, else an octal escape. */
        int32_t save = t->pos;
        UChar32 n = e - '0';
        int digits = 1;
        while (!at_end(t) && peek(t, 0) >= '0' && peek(t, 0) <= '9' && n <= 255) {
            n = n * 10 + (next_char(t) - '0');
            digits++;
        }
        if (digits == 1 || (n > 0 && n <= t->groups)) {
            if (n > t->groups || t->lookaround > 0)
                return fail(t, "invalid backreference number");
            char buf[32];
            sqlite3_snprintf((int)sizeof buf, buf, "(?:\\%d)", (int)n);
            sb_puts(&t->out, buf);
            return ATOM_QUANTIFIABLE;
        }
        t->pos = save - 1;
        UChar32 v;
        if (read_digits(t, 8, 1, 3, &v) < 0)
            return fail(t, "invalid escape \\ sequence");
        emit_literal(t, v);
        return ATOM_QUANTIFIABLE;
    }
    UChar32 v = char_escape(t, e);
    if (!valid_char(v))
        return fail(t, "invalid escape \\ sequence");
    emit_literal(t, v);
    return ATOM_QUANTIFIABLE;
}

/* {m}, {m,}, {m,n} after the '{' (a digit follows it). */
static int translate_bound(translator *t)
{
    UChar32 m, n = -1;
    if (read_digits(t, 10, 1, 4, &m) < 0 || m > 255)
        return fail(t, "invalid repetition count(s)");
    int comma = 0;
    if (peek(t, 0) == ',') {
        t->pos++;
        comma = 1;
        if (peek(t, 0) >= '0' && peek(t, 0) <= '9') {
            if (read_digits(t, 10, 1, 4, &n) < 0 || n > 255 || n < m)
                return fail(t, "invalid repetition count(s)");
        }
    }
    if (at_end(t))
        return fail(t, "braces {} not balanced");
    if (next_char(t) != '}')
        return fail(t, "invalid repetition count(s)");
    char buf[32];
    if (!comma)
        sqlite3_snprintf((int)sizeof buf, buf, "{%d}", (int)m);
    else if (n < 0)
        sqlite3_snprintf((int)sizeof buf, buf, "{%d,}", (int)m);
    else
        sqlite3_snprintf((int)sizeof buf, buf, "{%d,%d}", (int)m, (int)n);
    sb_puts(&t->out, buf);
    return 0;
}

static int is_pattern_space(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           (c >= 0x80 && u_isUWhiteSpace(c));
}

/* Embedded options "(?letters)" at the very start of the pattern. */
static int translate_embedded_options(translator *t)
{
    if (!(t->len - t->pos >= 3 && t->p[t->pos] == '(' && t->p[t->pos + 1] == '?'))
        return 0;
    UChar32 c = peek(t, 2);
    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
        return 0;
    t->pos += 2;
    for (;;) {
        if (at_end(t))
            return fail(t, "invalid embedded option");
        c = next_char(t);
        if (c == ')')
            return 0;
        if (c > 0x7F || c == 'g' || apply_flag((char)c, &t->opts) != 0)
            return fail(t, "invalid embedded option");
    }
}

static int translate_body(translator *t)
{
    int atom = ATOM_NONE;
    while (!at_end(t)) {
        UChar32 c = next_char(t);
        if (t->opts & LW_RE_EXPANDED) {
            if (is_pattern_space(c))
                continue;
            if (c == '#') {
                while (!at_end(t) && next_char(t) != '\n')
                    ;
                continue;
            }
        }
        switch (c) {
        case '(':
            if (peek(t, 0) == '?') {
                UChar32 k = peek(t, 1);
                if (k == '#') {
                    /* A comment runs to the next ')'. */
                    while (!at_end(t) && next_char(t) != ')')
                        ;
                    if (t->p[t->pos - 1] != ')')
                        return fail(t, "parentheses () not balanced");
                    continue;
                }
                int look = 0;
                if (k == ':') {
                    t->pos += 2;
                    sb_puts(&t->out, "(?:");
                } else if (k == '=' || k == '!') {
                    t->pos += 2;
                    sb_puts(&t->out, k == '=' ? "(?=" : "(?!");
                    look = 1;
                } else if (k == '<' && (peek(t, 2) == '=' || peek(t, 2) == '!')) {
                    k = peek(t, 2);
                    t->pos += 3;
                    sb_puts(&t->out, k == '=' ? "(?<=" : "(?<!");
                    look = 1;
                } else {
                    return fail(t, "quantifier operand invalid");
                }
                t->stack[t->depth++] = look ? GROUP_LOOKAROUND : GROUP_PLAIN;
                t->lookaround += look;
            } else {
                /* Parentheses inside a lookaround constraint do not capture. */
                if (t->lookaround) {
                    sb_puts(&t->out, "(?:");
                } else {
                    sb_puts(&t->out, "(");
                    t->groups++;
                }
                t->stack[t->depth++] = GROUP_PLAIN;
            }
            atom = ATOM_NONE;
            break;
        case ')':
            if (t->depth == 0)
                return fail(t, "parentheses () not balanced");
            t->depth--;
            sb_puts(&t->out, ")");
            if (t->stack[t->depth] == GROUP_LOOKAROUND) {
                t->lookaround--;
                atom = ATOM_NONE;
            } else {
                atom = ATOM_QUANTIFIABLE;
            }
            break;
        case '|':
            sb_puts(&t->out, "|");
            atom = ATOM_NONE;
            break;
        case '^':
            sb_puts(&t->out, "^");
            atom = ATOM_NONE;
            break;
        case '$':
            /* ICU's $ also matches before a final newline; PostgreSQL's does not. */
            sb_puts(&t->out, (t->opts & LW_RE_NLANCH) ? "$" : "\\z");
            atom = ATOM_NONE;
            break;
        case '.':
            /* PostgreSQL's '.' is one character. ICU's dot-all '.' takes CR LF as one,
             * so without the n flag it is written as the class of every character. */
            sb_puts(&t->out, (t->opts & LW_RE_NLSTOP) ? "." : "[\\x{0}-\\x{10FFFF}]");
            atom = ATOM_QUANTIFIABLE;
            break;
        case '[':
            if (t->len - t->pos >= 6 && (memcmp(t->p + t->pos, "[:<:]]", 6) == 0 ||
                                         memcmp(t->p + t->pos, "[:>:]]", 6) == 0)) {
                sb_puts(&t->out, t->p[t->pos + 2] == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
                t->pos += 6;
                atom = ATOM_NONE;
                break;
            }
            if (translate_bracket(t) < 0)
                return -1;
            atom = ATOM_QUANTIFIABLE;
            break;
        case '\\':
            atom = translate_escape(t);
            if (atom < 0)
                return -1;
            break;
        case '*':
        case '+':
        case '?':
        case '{':
            if (c == '{' && !(peek(t, 0) >= '0' && peek(t, 0) <= '9')) {
                emit_literal(t, c);
                atom = ATOM_QUANTIFIABLE;
                break;
            }
            if (atom != ATOM_QUANTIFIABLE)
                return fail(t, "quantifier operand invalid");
            if (c == '{') {
                if (translate_bound(t) < 0)
                    return -1;
            } else {
                char q = (char)c;
                sb_put(&t->out, &q, 1);
            }
            if (peek(t, 0) == '?') {
                t->pos++;
                sb_puts(&t->out, "?");
            }
            atom = ATOM_NONE;
            break;
        default:
            emit_literal(t, c);
            atom = ATOM_QUANTIFIABLE;
            break;
        }
    }
    if (t->depth > 0)
        return fail(t, "parentheses () not balanced");
    return 0;
}

int lw_re_translate(const char *pat, int len, unsigned *opts, char **out, int *out_len,
                    uint32_t *icu_flags, const char **reason)
{
    translator t = {.p = pat, .len = len, .opts = *opts};
    *out = NULL;
    *reason = NULL;
    t.stack = sqlite3_malloc64((sqlite3_uint64)len + 1);
    if (!t.stack)
        return -1;
    int rc = 0;
    if (!(t.opts & LW_RE_QUOTE) && len >= 4 && memcmp(pat, "***=", 4) == 0) {
        t.pos = 4;
        t.opts |= LW_RE_QUOTE;
    } else if (!(t.opts & LW_RE_QUOTE) && len >= 4 && memcmp(pat, "***:", 4) == 0) {
        t.pos = 4;
    }
    if (!(t.opts & LW_RE_QUOTE))
        rc = translate_embedded_options(&t);
    if (rc == 0) {
        if (t.opts & LW_RE_QUOTE) {
            while (!at_end(&t))
                emit_literal(&t, next_char(&t));
        } else {
            rc = translate_body(&t);
        }
    }
    sqlite3_free(t.stack);
    if (rc != 0 || t.out.oom) {
        sqlite3_free(t.out.data);
        *reason = rc != 0 ? t.reason : NULL;
        return -1;
    }
    *opts = t.opts;
    *out = t.out.data;
    *out_len = (int)t.out.len;
    uint32_t flags = UREGEX_UNIX_LINES;
    if (t.opts & LW_RE_ICASE)
        flags |= UREGEX_CASE_INSENSITIVE;
    if (!(t.opts & LW_RE_NLSTOP))
        flags |= UREGEX_DOTALL;
    if (t.opts & LW_RE_NLANCH)
        flags |= UREGEX_MULTILINE;
    *icu_flags = flags;
    return 0;
}

/* ---------------------------------------------------------------------------------
 * The fast path's gate: ICU pattern to PCRE2 pattern, for a subset whose meaning is
 * certain in both engines.
 *
 * Only a boolean answer is asked of the fast path, so what must agree is the set of
 * texts each pattern matches somewhere, not which match either engine prefers. The
 * gate reads an ICU pattern left to right and accepts only:
 *   - literal characters (outside brackets anything but ASCII syntax characters),
 *     ASCII punctuation after a backslash, \xhh, \x{h...}, \t \n \r \f \a \e;
 *   - '.', as the class of everything but ICU's line terminators (LF VT FF CR NEL LS
 *     PS, or LF alone with UREGEX_UNIX_LINES), or with UREGEX_DOTALL as any character
 *     or CR LF, taken atomically as ICU's dot-all '.' takes it (found by the fuzzer:
 *     '..' does not match "\r\n" there);
 *   - \d, as ICU's own list of the characters of general category Nd, so it is ICU's
 *     Unicode version that decides and not PCRE2's;
 *   - bracket classes, possibly negated, of those characters, ranges of them and \d;
 *     no nested brackets, set operations, properties or POSIX names;
 *   - * + ? {n} {n,} {n,m}, each possibly lazy, after something they can repeat;
 *   - ( ), (?: ) and |;
 *   - ^ and \A (the start: without UREGEX_MULTILINE ICU's ^ matches only there), \z,
 *     and $ as ICU defines it without UREGEX_MULTILINE: at the end, or before one
 *     line terminator (or CR LF) that ends the text, but not between CR and LF.
 * Every construct is written out explicitly (characters as \x{h}, '.' and $ as
 * classes and lookaheads), so PCRE2's own newline convention, Unicode tables and
 * options play no part. Anything else (case-insensitive, multi-line or comments
 * flags, inline options, \b \w \s \p, back references, lookaround, possessive
 * quantifiers, \Q...\E) keeps the pattern on ICU.
 */
#define FAST_LF "\\x{A}"
#define FAST_TERMINATORS "\\x{A}\\x{B}\\x{C}\\x{D}\\x{85}\\x{2028}\\x{2029}"

typedef struct gate {
    const char *p;
    int32_t len, pos;
    int unix_lines, dotall;
    strbuf out;
    USet *digits; /* ICU's \d, built when first needed */
} gate;

static UChar32 gate_next(gate *g)
{
    UChar32 c;
    U8_NEXT(g->p, g->pos, g->len, c);
    return c;
}

static int gate_peek(const gate *g)
{
    return g->pos < g->len ? (unsigned char)g->p[g->pos] : -1;
}

/* Reads \xhh (exactly two hex digits) or \x{h...} (one to six) after the x; returns
 * the character, or -1 when it is neither or not a valid character. */
static UChar32 gate_hex(gate *g)
{
    int braces = gate_peek(g) == '{';
    int32_t value = 0, digits = 0;
    if (braces)
        g->pos++;
    while (g->pos < g->len && lw_hex_value((unsigned char)g->p[g->pos]) >= 0 &&
           digits < (braces ? 6 : 2)) {
        value = value * 16 + lw_hex_value((unsigned char)g->p[g->pos++]);
        digits++;
    }
    if (braces ? (digits == 0 || gate_peek(g) != '}') : digits != 2)
        return -1;
    if (braces)
        g->pos++;
    return valid_char(value) ? value : -1;
}

/* The character of the escape after a backslash (the backslash is read), or -1 when
 * the escape is not a single character the gate knows. */
static UChar32 gate_escaped_char(gate *g, UChar32 e)
{
    if (e >= 0x21 && e <= 0x7E && !is_ascii_alnum(e))
        return e; /* escaped ASCII punctuation is itself in ICU and PCRE2 */
    switch (e) {
    case 't':
        return 0x09;
    case 'n':
        return 0x0A;
    case 'r':
        return 0x0D;
    case 'f':
        return 0x0C;
    case 'a':
        return 0x07;
    case 'e':
        return 0x1B;
    case 'x':
        return gate_hex(g);
    default:
        return -1;
    }
}

/* Appends ICU's \d (general category Nd, from ICU's data) as ranges for a PCRE2 class. */
static int gate_digits(gate *g)
{
    UErrorCode status = U_ZERO_ERROR;
    if (!g->digits) {
        g->digits = uset_openEmpty();
        if (!g->digits)
            return -1;
        uset_applyIntPropertyValue(g->digits, UCHAR_GENERAL_CATEGORY_MASK, U_GC_ND_MASK, &status);
        if (U_FAILURE(status))
            return -1;
    }
    int32_t n = uset_getItemCount(g->digits);
    for (int32_t i = 0; i < n; i++) {
        UChar32 lo, hi;
        status = U_ZERO_ERROR;
        if (uset_getItem(g->digits, i, &lo, &hi, NULL, 0, &status) != 0 || U_FAILURE(status))
            return -1;
        sb_hex(&g->out, lo);
        sb_puts(&g->out, "-");
        sb_hex(&g->out, hi);
    }
    return 0;
}

/* Characters that are syntax, or that the gate does not trust, inside ICU brackets. */
static int gate_set_syntax(UChar32 c)
{
    return c < 0x80 && strchr("[]\\-&^${}:", (int)c) != NULL;
}

/* One element of a bracket class: 1 with *c a character, 0 after emitting \d, -1 when
 * the gate declines. */
static int gate_set_element(gate *g, UChar32 *c)
{
    if (g->pos >= g->len)
        return -1;
    UChar32 first = gate_next(g);
    if (first == '\\') {
        if (g->pos >= g->len)
            return -1;
        UChar32 e = gate_next(g);
        if (e == 'd')
            return gate_digits(g) < 0 ? -1 : 0;
        *c = gate_escaped_char(g, e);
        return *c < 0 ? -1 : 1;
    }
    if (first < 0 || gate_set_syntax(first))
        return -1;
    *c = first;
    return 1;
}

/* A bracket class after its '['. */
static int gate_set(gate *g)
{
    sb_puts(&g->out, "[");
    if (gate_peek(g) == '^') {
        g->pos++;
        sb_puts(&g->out, "^");
    }
    int items = 0;
    while (gate_peek(g) != ']') {
        UChar32 lo, hi;
        int rc = gate_set_element(g, &lo);
        if (rc < 0)
            return -1;
        items++;
        if (rc == 0)
            continue;
        sb_hex(&g->out, lo);
        if (gate_peek(g) != '-')
            continue;
        g->pos++;
        if (gate_set_element(g, &hi) != 1 || hi < lo)
            return -1;
        sb_puts(&g->out, "-");
        sb_hex(&g->out, hi);
    }
    g->pos++; /* ']' */
    sb_puts(&g->out, "]");
    return items > 0 ? 0 : -1;
}

/* {n}, {n,} or {n,m} after the '{', copied; -1 when it is not one of them. */
static int gate_interval(gate *g)
{
    int32_t start = g->pos - 1;
    int parts = 0;
    for (;;) {
        int digits = 0;
        while (gate_peek(g) >= '0' && gate_peek(g) <= '9' && digits < 4) {
            g->pos++;
            digits++;
        }
        if (gate_peek(g) >= '0' && gate_peek(g) <= '9')
            return -1; /* more than 9999: leave it to ICU */
        if (digits == 0 && !(parts == 1 && gate_peek(g) == '}'))
            return -1;
        parts++;
        int c = gate_peek(g);
        g->pos++;
        if (c == '}')
            break;
        if (c != ',' || parts > 1)
            return -1;
    }
    sb_put(&g->out, g->p + start, g->pos - start);
    return 0;
}

/*
 * The pattern body. Besides the syntax, one shape is left to ICU on purpose: a group
 * repeated without bound (*, + or {n,}) that holds a quantifier itself, as in (a+)+b.
 * That is the classic shape of catastrophic backtracking, and ICU's time limit is the
 * module's documented answer to it; PCRE2 would answer some of these at once and
 * give up on others, so keeping them on ICU keeps their behaviour what it was.
 */
static int gate_body(gate *g, char *quantified)
{
    int depth = 0;
    int repeatable = 0;       /* whether a quantifier may follow */
    int group_quantified = 0; /* the group just closed holds a quantifier */
    quantified[0] = 0;        /* per open group: it holds a quantifier */
    while (g->pos < g->len) {
        UChar32 c = gate_next(g);
        if (c < 0)
            return -1;
        int atom = 1;
        switch (c) {
        case '(':
            if (gate_peek(g) == '?') {
                if (g->pos + 1 >= g->len || g->p[g->pos + 1] != ':')
                    return -1;
                g->pos += 2;
            }
            sb_puts(&g->out, "(?:");
            quantified[++depth] = 0;
            atom = 0;
            break;
        case ')':
            if (depth == 0)
                return -1;
            group_quantified = quantified[depth--];
            quantified[depth] |= group_quantified;
            sb_puts(&g->out, ")");
            break;
        case '|':
            sb_puts(&g->out, "|");
            atom = 0;
            break;
        case '^':
            sb_puts(&g->out, "\\A");
            atom = 0;
            break;
        case '$':
            sb_puts(&g->out, g->unix_lines ? "(?=" FAST_LF "?\\z)"
                                           : "(?=(?:\\x{D}\\x{A}|(?<!\\x{D})\\x{A}|"
                                             "[\\x{B}\\x{C}\\x{D}\\x{85}\\x{2028}\\x{2029}])?\\z)");
            atom = 0;
            break;
        case '.':
            /* ICU's dot-all '.' takes CR LF as one character, with no way back. */
            sb_puts(&g->out, g->dotall       ? "(?>\\x{D}\\x{A}|(?s:.))"
                             : g->unix_lines ? "[^" FAST_LF "]"
                                             : "[^" FAST_TERMINATORS "]");
            break;
        case '[':
            if (gate_set(g) < 0)
                return -1;
            break;
        case '*':
        case '+':
        case '?':
        case '{':
            if (!repeatable)
                return -1;
            if (c == '{') {
                if (gate_interval(g) < 0)
                    return -1;
                if (group_quantified && g->p[g->pos - 2] == ',')
                    return -1; /* {n,} after a group holding a quantifier */
            } else {
                if (group_quantified && c != '?')
                    return -1; /* * or + after a group holding a quantifier */
                char q = (char)c;
                sb_put(&g->out, &q, 1);
            }
            if (gate_peek(g) == '?') {
                g->pos++;
                sb_puts(&g->out, "?");
            } else if (gate_peek(g) == '+') {
                return -1; /* possessive */
            }
            quantified[depth] = 1;
            atom = 0;
            break;
        case '\\': {
            if (g->pos >= g->len)
                return -1;
            UChar32 e = gate_next(g);
            if (e == 'd') {
                sb_puts(&g->out, "[");
                if (gate_digits(g) < 0)
                    return -1;
                sb_puts(&g->out, "]");
            } else if (e == 'A' || e == 'z') {
                sb_puts(&g->out, e == 'A' ? "\\A" : "\\z");
                atom = 0;
            } else {
                UChar32 v = gate_escaped_char(g, e);
                if (v < 0)
                    return -1;
                sb_hex(&g->out, v);
            }
            break;
        }
        default:
            if (c < 0x80 && strchr("]}#", (int)c) != NULL)
                return -1;
            if (c < 0x80 && is_ascii_alnum(c)) {
                char ch = (char)c;
                sb_put(&g->out, &ch, 1);
            } else {
                sb_hex(&g->out, c);
            }
            break;
        }
        if (c != ')')
            group_quantified = 0;
        repeatable = atom;
    }
    return depth == 0 ? 0 : -1;
}

int lw_re_fast_translate(const char *pat, int32_t len, uint32_t icu_flags, char **out,
                         uint32_t *pcre2_options)
{
    *out = NULL;
    *pcre2_options = 0;
    if (icu_flags & ~(uint32_t)(UREGEX_UNIX_LINES | UREGEX_DOTALL))
        return 0;
    gate g = {.p = pat,
              .len = len,
              .unix_lines = (icu_flags & UREGEX_UNIX_LINES) != 0,
              .dotall = (icu_flags & UREGEX_DOTALL) != 0};
    char *quantified = sqlite3_malloc64((sqlite3_uint64)len + 1);
    if (!quantified)
        return -1;
    int rc = gate_body(&g, quantified);
    sqlite3_free(quantified);
    if (g.digits)
        uset_close(g.digits);
    if (rc < 0 || g.out.oom) {
        sqlite3_free(g.out.data);
        return rc < 0 ? 0 : -1;
    }
    if (!g.out.data) {
        sb_puts(&g.out, ""); /* the empty pattern */
        if (g.out.oom)
            return -1;
    }
    *out = g.out.data;
    *pcre2_options = PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C;
    return 1;
}

/* ---------------------------------------------------------------------------------
 * The fast path's matcher: PCRE2 with its JIT, every allocation through SQLite's.
 */
struct lw_re_fast {
    pcre2_general_context *memory;
    pcre2_code *code;
    pcre2_match_data *match;
    pcre2_match_context *limits;
    pcre2_jit_stack *stack;
    uint32_t match_limit; /* the limit currently set in limits */
    char *copy;           /* the subject, padded (see lw_re_fast_match) */
    size_t copy_capacity;
};

static void *fast_malloc(PCRE2_SIZE size, void *unused)
{
    (void)unused;
    return sqlite3_malloc64((sqlite3_uint64)size);
}

static void fast_free(void *p, void *unused)
{
    (void)unused;
    sqlite3_free(p);
}

static void fast_free_all(struct lw_re_fast *f)
{
    if (!f)
        return;
    sqlite3_free(f->copy);
    pcre2_jit_stack_free(f->stack);
    pcre2_match_context_free(f->limits);
    pcre2_match_data_free(f->match);
    pcre2_code_free(f->code);
    pcre2_general_context_free(f->memory);
    sqlite3_free(f);
}

/* The fast path of pattern (ICU syntax, as ICU compiled it), or NULL: outside the
 * gate's subset, refused by PCRE2, no JIT on this machine, or out of memory. It is
 * an optimisation only, so every failure leaves the pattern on ICU. */
static struct lw_re_fast *fast_compile(const char *pattern, int32_t len, uint32_t icu_flags)
{
    char *translated = NULL;
    uint32_t options = 0;
    if (lw_re_fast_translate(pattern, len, icu_flags, &translated, &options) != 1)
        return NULL;
    struct lw_re_fast *f = sqlite3_malloc64(sizeof *f);
    if (!f) {
        sqlite3_free(translated);
        return NULL;
    }
    memset(f, 0, sizeof *f);
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_compile_context *compile = NULL;
    f->memory = pcre2_general_context_create(fast_malloc, fast_free, NULL);
    if (f->memory)
        compile = pcre2_compile_context_create(f->memory);
    if (compile)
        f->code = pcre2_compile((PCRE2_SPTR)translated, PCRE2_ZERO_TERMINATED, options, &error,
                                &offset, compile);
    pcre2_compile_context_free(compile);
    sqlite3_free(translated);
    if (!f->code || pcre2_jit_compile(f->code, PCRE2_JIT_COMPLETE) != 0)
        goto fail;
    f->match = pcre2_match_data_create(1, f->memory);
    f->limits = pcre2_match_context_create(f->memory);
    f->stack = pcre2_jit_stack_create(32 * 1024, LW_REGEXP_FAST_STACK_LIMIT, f->memory);
    if (!f->match || !f->limits || !f->stack)
        goto fail;
    pcre2_jit_stack_assign(f->limits, NULL, f->stack);
    return f;
fail:
    fast_free_all(f);
    return NULL;
}

int lw_re_fast_match(lw_regex *re, const char *text, int32_t len)
{
    struct lw_re_fast *f = re->fast;
    if (!f)
        return -1;
    int64_t limit =
        LW_REGEXP_FAST_MATCH_LIMIT + (int64_t)LW_REGEXP_FAST_MATCH_LIMIT_PER_KB * (len / 1024);
    if (limit > UINT32_MAX)
        limit = UINT32_MAX;
    if ((uint32_t)limit != f->match_limit) {
        pcre2_set_match_limit(f->limits, (uint32_t)limit);
        f->match_limit = (uint32_t)limit;
    }
    /* PCRE2's JIT searches with 16-byte loads that may reach up to 15 bytes past the
     * subject (harmless on the hardware, as they stay in one aligned block, but
     * outside SQLite's allocation, which valgrind rightly reports). So it is given a
     * copy in a buffer padded to whole, initialised 16-byte blocks. */
    size_t need = ((size_t)len + 32) & ~(size_t)15;
    if (need > f->copy_capacity) {
        sqlite3_free(f->copy);
        f->copy_capacity = 0;
        f->copy = sqlite3_malloc64(need);
        if (!f->copy)
            return -1; /* ICU answers */
        memset(f->copy, 0, need);
        f->copy_capacity = need;
    }
    memcpy(f->copy, text, (size_t)len);
    int rc = pcre2_jit_match(f->code, (PCRE2_SPTR)f->copy, (PCRE2_SIZE)len, 0, PCRE2_NO_UTF_CHECK,
                             f->match, f->limits);
    if (f->copy_capacity > LW_REGEXP_KEEP_BUFFER) {
        sqlite3_free(f->copy);
        f->copy = NULL;
        f->copy_capacity = 0;
    }
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* ---------------------------------------------------------------------------------
 * Compiled patterns.
 */

static void free_prefilter(lw_regex *re)
{
    for (int i = 0; i < re->n_literals; i++) {
        sqlite3_free(re->literals[i].u16);
        sqlite3_free(re->literals[i].u8);
    }
    sqlite3_free(re->literals);
    re->literals = NULL;
    re->n_literals = 0;
    re->literals_icase = 0;
    re->literal_only = 0;
    if (re->folds_to_ascii)
        uset_close(re->folds_to_ascii);
    re->folds_to_ascii = NULL;
    memset(re->folds_lead, 0, sizeof re->folds_lead);
}

/*
 * The non-ASCII characters whose full case folding contains an ASCII character (K,
 * long s, sharp s, the fi ligature...). Only they can take part in a
 * case-insensitive match of an ASCII literal, since ICU compares case-folded text;
 * a subject with none of them can be prefiltered by an ASCII search. Computed from
 * ICU's data: the characters that change when case-folded, folded one by one.
 */
static USet *characters_folding_to_ascii(void)
{
    UErrorCode status = U_ZERO_ERROR;
    USet *changing = uset_openEmpty();
    USet *result = uset_openEmpty();
    if (!changing || !result)
        goto fail;
    uset_applyIntPropertyValue(changing, UCHAR_CHANGES_WHEN_CASEFOLDED, 1, &status);
    if (U_FAILURE(status))
        goto fail;
    int32_t ranges = uset_getItemCount(changing);
    for (int32_t r = 0; r < ranges; r++) {
        UChar32 lo, hi;
        status = U_ZERO_ERROR;
        if (uset_getItem(changing, r, &lo, &hi, NULL, 0, &status) != 0 || U_FAILURE(status))
            continue; /* a string item: there are none in a property set */
        for (UChar32 c = lo < 0x80 ? 0x80 : lo; c <= hi; c++) {
            UChar in[2], folded[8];
            int32_t n = 0;
            U16_APPEND_UNSAFE(in, n, c);
            status = U_ZERO_ERROR;
            int32_t len = u_strFoldCase(folded, 8, in, n, U_FOLD_CASE_DEFAULT, &status);
            for (int32_t k = 0; U_SUCCESS(status) && k < len && k < 8; k++)
                if (folded[k] < 0x80) {
                    uset_add(result, c);
                    break;
                }
        }
    }
    uset_close(changing);
    uset_freeze(result);
    return result;
fail:
    if (changing)
        uset_close(changing);
    if (result)
        uset_close(result);
    return NULL;
}

/*
 * The literal text a match must start with, read conservatively from the front of a
 * branch of an ICU pattern: letters, digits, spaces, non-ASCII characters, some
 * ASCII punctuation and escaped ASCII punctuation, up to the first other syntax. A
 * quantifier that may repeat the last character zero times drops it. Returns the
 * prefix's length in UTF-16 units written to out (0: none).
 */
static int32_t branch_prefix(const char *pat, int32_t len, int icase, UChar *out, int *whole)
{
    int32_t n = 0, last = -1, i = 0;
    *whole = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(pat, i, len, c);
        if (c == '*' || c == '?' || c == '{') {
            if (last >= 0)
                n = last;
            break;
        }
        if (c == '\\') {
            if (i >= len)
                break;
            unsigned char e = (unsigned char)pat[i];
            if (e < 0x21 || e > 0x7E || is_ascii_alnum(e))
                break;
            c = e;
            i++;
        } else if (c == '[' && i + 1 < len && is_ascii_alnum((unsigned char)pat[i]) &&
                   pat[i + 1] == ']') {
            /* A set of one letter or digit is that character (the translator writes
             * case-insensitive letters so). */
            c = (unsigned char)pat[i];
            i += 2;
        } else if (c < 0x80 && !is_ascii_alnum(c) && c != ' ' &&
                   (c == 0 || strchr("-,:;'\"/_@=<>!%&~`#", c) == NULL)) {
            break;
        }
        /* Case-insensitive literals are compared ASCII-only (see compute_prefilter). */
        if (icase && c >= 0x80)
            break;
        if (icase && c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        last = n;
        U16_APPEND_UNSAFE(out, n, c);
        if (i == len)
            *whole = 1; /* the branch is nothing but this literal */
    }
    return n;
}

/*
 * The prefilter: literals one of which every match starts with. A pattern without
 * '|' has at most one; a pattern whose only syntax around '|' is a plain top-level
 * alternation (no parentheses, brackets or escaped '|') has one per branch, and
 * every branch must have one. With it lw_re_find skips ICU for subjects that contain
 * none of the literals and starts ICU at the first place one occurs;
 * lw_re_prefilter does the same test on UTF-8, and answers alone when the pattern is
 * nothing but its literals.
 *
 * Case-insensitive patterns (the i flag, or ICU syntax starting with "(?i)", which is
 * how Django writes __iregex) get ASCII literals compared without case, used only on
 * subjects that are entirely ASCII: there an ASCII pattern letter can only match its
 * two ASCII cases, while in other text ICU's case closure reaches further ("k"
 * matches the Kelvin sign, "ss" matches "ß"), so those subjects always go to ICU.
 *
 * It is an optimisation only: when memory runs out the pattern works without it.
 */
static void compute_prefilter(lw_regex *re, const char *pat, int32_t len, uint32_t flags,
                              int icu_syntax)
{
    if (flags & (UREGEX_COMMENTS | UREGEX_LITERAL))
        return;
    int icase = (flags & UREGEX_CASE_INSENSITIVE) != 0;
    if (icu_syntax && len >= 4 && memcmp(pat, "(?i)", 4) == 0) {
        icase = 1;
        pat += 4;
        len -= 4;
    }
    int branches = 1;
    for (int32_t i = 0; i < len; i++)
        if (pat[i] == '|')
            branches++;
    if (branches > 1) {
        if (branches > LW_REGEXP_MAX_LITERALS || memchr(pat, '(', (size_t)len) ||
            memchr(pat, '[', (size_t)len))
            return;
        for (int32_t i = 0; i + 1 < len; i++)
            if (pat[i] == '\\' && pat[i + 1] == '|')
                return;
    }
    lw_re_literal *lits = sqlite3_malloc64(sizeof *lits * (sqlite3_uint64)branches);
    if (!lits)
        return;
    memset(lits, 0, sizeof *lits * (size_t)branches);
    re->literals = lits;
    re->n_literals = branches;
    re->literals_icase = icase;
    int literal_only = 1;
    int32_t start = 0;
    for (int b = 0; b < branches; b++) {
        int32_t end = start;
        while (end < len && pat[end] != '|')
            end++;
        lw_re_literal *lit = &lits[b];
        lit->u16 = sqlite3_malloc64(((sqlite3_uint64)(end - start) + 1) * sizeof(UChar));
        if (!lit->u16)
            goto none;
        int whole = 0;
        lit->u16_len = branch_prefix(pat + start, end - start, icase, lit->u16, &whole);
        literal_only = literal_only && whole;
        if (lit->u16_len == 0)
            goto none;
        UErrorCode status = U_ZERO_ERROR;
        int64_t cap = (int64_t)lit->u16_len * 3 + 1;
        lit->u8 = sqlite3_malloc64((sqlite3_uint64)cap);
        if (!lit->u8)
            goto none;
        u_strToUTF8(lit->u8, (int32_t)cap, &lit->u8_len, lit->u16, lit->u16_len, &status);
        if (U_FAILURE(status))
            goto none;
        start = end + 1;
    }
    if (icase) {
        re->folds_to_ascii = characters_folding_to_ascii();
        if (!re->folds_to_ascii)
            goto none;
        int32_t items = uset_getItemCount(re->folds_to_ascii);
        for (int32_t r = 0; r < items; r++) {
            UChar32 lo, hi;
            UErrorCode status = U_ZERO_ERROR;
            if (uset_getItem(re->folds_to_ascii, r, &lo, &hi, NULL, 0, &status) != 0 ||
                U_FAILURE(status))
                continue;
            for (UChar32 c = lo; c <= hi; c++) {
                char bytes[U8_MAX_LENGTH];
                int32_t n = 0;
                U8_APPEND_UNSAFE(bytes, n, c);
                unsigned char lead = (unsigned char)bytes[0];
                re->folds_lead[lead >> 6] |= 1ull << (lead & 63);
            }
        }
    }
    re->literal_only = literal_only;
    return;
none:
    free_prefilter(re);
}

/*
 * The first-class prefilter, for patterns without a literal: when a pattern starts with
 * a character class every match must start with, a subject holding no character of
 * the class cannot match, and with a leading ^ (not multi-line) its first character
 * must be one. Only classes whose meaning is certain are recognised: \d (ICU: any
 * Unicode decimal digit, so ASCII digits plus any non-ASCII character as a maybe) and
 * brackets of ASCII letters, digits, '_' and ranges of them, not negated; followed by
 * something that keeps it mandatory (not ?, * or a {0...} bound). Patterns with
 * a '|' anywhere, and the case-insensitive, multi-line, comments and literal flags,
 * get no first-class prefilter.
 */
static int first_class_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static void compute_first_class(lw_regex *re, const char *pat, int32_t len, uint32_t flags)
{
    if (flags & (UREGEX_COMMENTS | UREGEX_LITERAL | UREGEX_CASE_INSENSITIVE | UREGEX_MULTILINE))
        return;
    if (memchr(pat, '|', (size_t)len))
        return;
    uint64_t set[2] = {0, 0};
    int nonascii = 0, anchored = 0;
    int32_t i = 0;
    if (i < len && pat[i] == '^') {
        anchored = 1;
        i++;
    }
    if (i + 1 < len && pat[i] == '\\' && pat[i + 1] == 'd') {
        set[0] = 0x03FF000000000000ull; /* '0'..'9' */
        nonascii = 1;
        i += 2;
    } else if (i < len && pat[i] == '[') {
        i++;
        int items = 0;
        while (i < len && pat[i] != ']') {
            char lo = pat[i], hi = pat[i];
            if (!first_class_char(lo))
                return;
            if (i + 2 < len && pat[i + 1] == '-' && pat[i + 2] != ']') {
                hi = pat[i + 2];
                if (!first_class_char(hi) || hi < lo)
                    return;
                i += 2;
            }
            for (int c = lo; c <= hi; c++)
                set[c >> 6] |= 1ull << (c & 63);
            items++;
            i++;
        }
        if (i >= len || items == 0)
            return;
        i++; /* ']' */
    } else {
        return;
    }
    if (i < len && (pat[i] == '?' || pat[i] == '*'))
        return;
    if (i < len && pat[i] == '{' && !(i + 1 < len && pat[i + 1] >= '1' && pat[i + 1] <= '9'))
        return;
    re->first_set[0] = set[0];
    re->first_set[1] = set[1];
    re->first_nonascii = nonascii;
    re->first_anchored = anchored;
    re->has_first_class = 1;
}

/* The first-class prefilter's answer for UTF-8 text (NO assumes it is valid). */
static int first_class_prefilter(const lw_regex *re, const char *text, int32_t len)
{
    for (int32_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b >= 0x80 ? re->first_nonascii != 0 : ((re->first_set[b >> 6] >> (b & 63)) & 1) != 0)
            return LW_RE_PREFILTER_MAYBE;
        if (re->first_anchored)
            break;
    }
    return LW_RE_PREFILTER_NO;
}

static unsigned fold_ascii(unsigned c)
{
    return c | ((unsigned)(c - 'A' < 26u) << 5);
}

/* First position of needle (lower-case ASCII) in haystack, ignoring ASCII case; -1
 * when absent. Candidates for the first character come from memchr, once for each
 * case, which is what makes a miss cheap. */
static int64_t find_nocase_u8(const char *h, int32_t hlen, const char *needle, int32_t nlen)
{
    const unsigned char *s = (const unsigned char *)h;
    const unsigned char *n = (const unsigned char *)needle;
    int32_t last = hlen - nlen; /* the last possible start */
    if (last < 0)
        return -1;
    unsigned lower = n[0];
    unsigned upper = lower >= 'a' && lower <= 'z' ? lower - 32 : lower;
    const unsigned char *next_lower = memchr(s, (int)lower, (size_t)last + 1);
    const unsigned char *next_upper =
        upper != lower ? memchr(s, (int)upper, (size_t)last + 1) : NULL;
    while (next_lower || next_upper) {
        const unsigned char *p =
            !next_upper || (next_lower && next_lower < next_upper) ? next_lower : next_upper;
        int32_t k = 1;
        while (k < nlen && fold_ascii(p[k]) == n[k])
            k++;
        if (k == nlen)
            return p - s;
        size_t rest = (size_t)(s + last - p);
        if (p == next_lower)
            next_lower = rest ? memchr(p + 1, (int)lower, rest) : NULL;
        else
            next_upper = rest ? memchr(p + 1, (int)upper, rest) : NULL;
    }
    return -1;
}

static int32_t find_nocase_u16(const UChar *h, int32_t hlen, const UChar *needle, int32_t nlen)
{
    for (int32_t i = 0; i + nlen <= hlen; i++) {
        int32_t k = 0;
        while (k < nlen) {
            if (fold_ascii(h[i + k]) != needle[k])
                break;
            k++;
        }
        if (k == nlen)
            return i;
    }
    return -1;
}

/* Whether an ASCII search can decide for text: 0 when it holds a character that
 * folds to ASCII (or is not valid UTF-8: then the caller's validation decides). */
static int ascii_search_decides(const lw_regex *re, const char *text, int32_t len)
{
    int32_t i = 0;
    while (i < len) {
        i += (int32_t)lw_utf8_ascii_prefix(text + i, (size_t)(len - i));
        if (i >= len)
            break;
        unsigned char lead = (unsigned char)text[i];
        UChar32 c;
        U8_NEXT(text, i, len, c);
        /* Most non-ASCII characters (Cyrillic, Greek, CJK...) are told apart by their
         * first byte, without a lookup in the set. */
        if (c < 0 || (((re->folds_lead[lead >> 6] >> (lead & 63)) & 1) &&
                      uset_contains(re->folds_to_ascii, c)))
            return 0;
    }
    return 1;
}

/* First occurrence of needle in haystack. Subjects are short, where scanning for the
 * first byte with memchr beats memmem's set-up. */
static const char *find_bytes(const char *h, int32_t hlen, const char *needle, int32_t nlen)
{
    const char *end = h + hlen;
    const char *p = h;
    while (end - p >= nlen) {
        p = memchr(p, (unsigned char)needle[0], (size_t)(end - p - nlen + 1));
        if (!p)
            return NULL;
        if (memcmp(p, needle, (size_t)nlen) == 0)
            return p;
        p++;
    }
    return NULL;
}

int lw_re_prefilter(const lw_regex *re, const char *text, int32_t len, int *validated)
{
    *validated = 0;
    if (re->n_literals == 0)
        return re->has_first_class ? first_class_prefilter(re, text, len) : LW_RE_PREFILTER_MAYBE;
    if (re->literals_icase) {
        if (!ascii_search_decides(re, text, len))
            return LW_RE_PREFILTER_MAYBE;
        *validated = 1; /* it decoded every non-ASCII character */
    }
    for (int i = 0; i < re->n_literals; i++) {
        const lw_re_literal *lit = &re->literals[i];
        if (re->literals_icase ? find_nocase_u8(text, len, lit->u8, lit->u8_len) >= 0
                               : find_bytes(text, len, lit->u8, lit->u8_len) != NULL)
            return re->literal_only ? LW_RE_PREFILTER_YES : LW_RE_PREFILTER_MAYBE;
    }
    return LW_RE_PREFILTER_NO;
}

static uint32_t key_hash(const char *pattern, int len, unsigned opts)
{
    uint32_t h = 2166136261u ^ opts;
    for (int i = 0; i < len; i++)
        h = (h ^ (unsigned char)pattern[i]) * 16777619u;
    return h;
}

static void regex_free(lw_regex *re)
{
    if (re->rx)
        uregex_close(re->rx);
    fast_free_all(re->fast);
    free_prefilter(re);
    sqlite3_free(re->pattern);
    sqlite3_free(re);
}

lw_regex *lw_regex_compile(const char *fn, int argno, const char *pattern, int len, unsigned opts,
                           char **err)
{
    *err = NULL;
    if (len > LW_REGEXP_MAX_PATTERN) {
        *err = sqlite3_mprintf("%s(): regular expression in argument %d is too long (%d bytes, "
                               "the limit is %d)",
                               fn, argno, len, LW_REGEXP_MAX_PATTERN);
        return NULL;
    }
    int64_t bad = lw_utf8_invalid_offset(pattern, (size_t)len);
    if (bad >= 0) {
        *err = lw_utf8_errmsg(fn, argno, bad);
        return NULL;
    }
    lw_regex *re = sqlite3_malloc64(sizeof *re);
    if (!re)
        return NULL;
    memset(re, 0, sizeof *re);
    re->refs = 1;
    re->opts = opts;
    re->pattern_len = len;
    re->hash = key_hash(pattern, len, opts);
    re->pattern = sqlite3_malloc64((sqlite3_uint64)len + 1);
    if (!re->pattern)
        goto fail;
    memcpy(re->pattern, pattern, (size_t)len);
    re->pattern[len] = 0;

    const char *icu_pattern = re->pattern;
    int icu_len = len;
    char *translated = NULL;
    uint32_t flags = 0;
    if (!(opts & LW_RE_SYNTAX_ICU)) {
        unsigned effective = opts;
        const char *reason = NULL;
        if (lw_re_translate(pattern, len, &effective, &translated, &icu_len, &flags, &reason) !=
            0) {
            if (reason)
                *err = sqlite3_mprintf("%s(): invalid regular expression '%s' in argument %d: %s",
                                       fn, re->pattern, argno, reason);
            goto fail;
        }
        icu_pattern = translated;
    }
    /* ICU refuses an empty pattern; the empty group is its equivalent: it matches the
     * empty string everywhere. */
    if (icu_len == 0) {
        icu_pattern = "(?:)";
        icu_len = 4;
    }
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    UText text = UTEXT_INITIALIZER;
    utext_openUTF8(&text, icu_pattern, icu_len, &status);
    re->rx = uregex_openUText(&text, flags, &parse_error, &status);
    utext_close(&text);
    if (U_SUCCESS(status))
        uregex_setStackLimit(re->rx, LW_REGEXP_STACK_LIMIT, &status);
    if (U_SUCCESS(status))
        re->groups = uregex_groupCount(re->rx, &status);
    if (U_FAILURE(status)) {
        if (status == U_MEMORY_ALLOCATION_ERROR) {
            sqlite3_free(translated);
            goto fail;
        }
        char *what;
        if (opts & LW_RE_SYNTAX_ICU)
            what = sqlite3_mprintf("invalid regular expression '%s' in argument %d (at "
                                   "character %d)",
                                   re->pattern, argno, (int)parse_error.offset + 1);
        else
            what = sqlite3_mprintf("regular expression '%s' in argument %d has no ICU "
                                   "equivalent",
                                   re->pattern, argno);
        if (what)
            *err = lw_icu_errmsg(fn, what, status);
        sqlite3_free(what);
        sqlite3_free(translated);
        goto fail;
    }
    compute_prefilter(re, icu_pattern, icu_len, flags, (opts & LW_RE_SYNTAX_ICU) != 0);
    if (re->n_literals == 0)
        compute_first_class(re, icu_pattern, icu_len, flags);
    if (!re->literal_only)
        re->fast = fast_compile(icu_pattern, icu_len, flags);
    sqlite3_free(translated);
    return re;

fail:
    regex_free(re);
    return NULL;
}

void lw_regex_ref(lw_regex *re)
{
    re->refs++;
}

void lw_regex_unref(void *p)
{
    lw_regex *re = p;
    if (re && --re->refs == 0)
        regex_free(re);
}

/* ---------------------------------------------------------------------------------
 * The per-connection cache.
 */
lw_regex *lw_regex_cache_get(lw_regex_cache *cache, const char *fn, int argno, const char *pattern,
                             int len, unsigned opts, char **err)
{
    uint32_t hash = key_hash(pattern, len, opts);
    int victim = 0;
    cache->clock++;
    for (int i = 0; i < LW_REGEXP_CACHE_SIZE; i++) {
        lw_regex *e = cache->entries[i];
        if (e && e->hash == hash && e->opts == opts && e->pattern_len == len &&
            memcmp(e->pattern, pattern, (size_t)len) == 0) {
            cache->last_used[i] = cache->clock;
            lw_regex_ref(e);
            return e;
        }
        if (!e || (cache->entries[victim] && cache->last_used[i] < cache->last_used[victim]))
            victim = i;
    }
    lw_regex *re = lw_regex_compile(fn, argno, pattern, len, opts, err);
    if (!re)
        return NULL;
    lw_regex_unref(cache->entries[victim]);
    cache->entries[victim] = re;
    cache->last_used[victim] = cache->clock;
    lw_regex_ref(re);
    return re;
}

void lw_regex_cache_clear(lw_regex_cache *cache)
{
    for (int i = 0; i < LW_REGEXP_CACHE_SIZE; i++) {
        lw_regex_unref(cache->entries[i]);
        cache->entries[i] = NULL;
    }
}

/* ---------------------------------------------------------------------------------
 * Subjects.
 */
/* Writes eight ASCII bytes (as loaded into word) as eight UTF-16 units. On
 * little-endian machines two shifts-and-masks per half do it without a loop. */
static void widen_ascii8(uint64_t word, UChar *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (int half = 0; half < 2; half++) {
        uint64_t v = (word >> (32 * half)) & 0xFFFFFFFFull;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFull;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFull;
        memcpy(out + 4 * half, &v, 8);
    }
#else
    unsigned char bytes[8];
    memcpy(bytes, &word, 8);
    for (int k = 0; k < 8; k++)
        out[k] = bytes[k];
#endif
}

int lw_re_subject_set(lw_re_subject *s, const char *utf8, int32_t len, int64_t *bad_byte)
{
    if ((int64_t)len + 1 > s->capacity) {
        sqlite3_free(s->text);
        s->capacity = 0;
        s->buffer_generation++;
        s->text = sqlite3_malloc64(((sqlite3_uint64)len + 1) * sizeof(UChar));
        if (!s->text)
            return -2;
        /* ICU is given the whole buffer and a region of it (lw_re_find): zeroing it
         * once means ICU never sees uninitialised memory beyond the region. */
        memset(s->text, 0, ((size_t)len + 1) * sizeof(UChar));
        s->capacity = (int64_t)len + 1;
    }
    UChar *out = s->text;
    int32_t i = 0, j = 0;
    int ascii = 1;
    while (i < len) {
        /* Sixteen or eight ASCII bytes at a time: names and titles are mostly ASCII. */
#if defined(__SSE2__)
        while (i + 16 <= len) {
            __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)(utf8 + i));
            if (_mm_movemask_epi8(bytes) != 0)
                break;
            __m128i zero = _mm_setzero_si128();
            _mm_storeu_si128((__m128i *)(void *)(out + j), _mm_unpacklo_epi8(bytes, zero));
            _mm_storeu_si128((__m128i *)(void *)(out + j + 8), _mm_unpackhi_epi8(bytes, zero));
            i += 16;
            j += 16;
        }
#endif
        if (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, utf8 + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                widen_ascii8(word, out + j);
                i += 8;
                j += 8;
                continue;
            }
        } else if (len >= 8 && i > len - 8) {
            /* The last few bytes: one overlapping eight-byte load. When all eight are
             * ASCII, the ones before i were widened already to the same units. */
            uint64_t word;
            memcpy(&word, utf8 + len - 8, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                widen_ascii8(word, out + j - (i - (len - 8)));
                j += len - i;
                i = len;
                break;
            }
        }
        unsigned char b = (unsigned char)utf8[i];
        if (b < 0x80) {
            out[j++] = b;
            i++;
            continue;
        }
        ascii = 0;
        int32_t start = i;
        UChar32 c;
        U8_NEXT(utf8, i, len, c);
        if (c < 0) {
            *bad_byte = start;
            s->len = 0;
            return -1;
        }
        U16_APPEND_UNSAFE(out, j, c);
    }
    out[j] = 0;
    s->len = j;
    s->ascii = ascii;
    return 0;
}

void lw_re_subject_trim(lw_re_subject *s)
{
    if (s->capacity > LW_REGEXP_KEEP_BUFFER) {
        sqlite3_free(s->text);
        s->text = NULL;
        s->capacity = 0;
        s->len = 0;
        s->buffer_generation++;
    }
}

void lw_re_subject_free(lw_re_subject *s)
{
    sqlite3_free(s->text);
    memset(s, 0, sizeof *s);
}

int32_t lw_re_subject_index(const lw_re_subject *s, int64_t pos)
{
    if (pos < 1)
        return -1;
    if (s->ascii)
        return pos - 1 > s->len ? -1 : (int32_t)(pos - 1);
    int32_t i = 0;
    for (int64_t k = 1; k < pos; k++) {
        if (i >= s->len)
            return -1;
        U16_FWD_1(s->text, i, s->len);
    }
    return i;
}

int64_t lw_re_subject_position(const lw_re_subject *s, int32_t i)
{
    return s->ascii ? (int64_t)i + 1 : (int64_t)u_countChar32(s->text, i) + 1;
}

char *lw_re_subject_utf8(const lw_re_subject *s, int32_t start, int32_t end, int64_t *out_len)
{
    int64_t cap = ((int64_t)end - start) * 3 + 1;
    char *out = sqlite3_malloc64((sqlite3_uint64)cap);
    if (!out)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &n, s->text + start, end - start,
                &status);
    if (U_FAILURE(status)) {
        sqlite3_free(out);
        return NULL;
    }
    *out_len = n;
    return out;
}

/* ---------------------------------------------------------------------------------
 * Matching.
 */
static char *limit_error(const lw_regex *re, const char *fn, UErrorCode status)
{
    const char *limit = status == U_REGEX_TIME_OUT         ? "the time limit"
                        : status == U_REGEX_STACK_OVERFLOW ? "the backtracking stack limit"
                                                           : NULL;
    char *what = limit ? sqlite3_mprintf("pattern '%s' exceeded %s", re->pattern, limit)
                       : sqlite3_mprintf("matching pattern '%s' failed", re->pattern);
    if (!what)
        return NULL;
    char *msg = lw_icu_errmsg(fn, what, status);
    sqlite3_free(what);
    return msg;
}

int lw_re_find(lw_regex *re, const lw_re_subject *s, int32_t from, lw_re_match *m, const char *fn,
               char **err)
{
    *err = NULL;
    if (from < 0 || from > s->len)
        return 0;
    int32_t at = from;
    if (re->n_literals > 0 && (!re->literals_icase || s->ascii)) {
        /* A match can only start where one of the literals occurs first. */
        at = -1;
        for (int i = 0; i < re->n_literals; i++) {
            const lw_re_literal *lit = &re->literals[i];
            int32_t hit = -1;
            if (re->literals_icase) {
                hit = find_nocase_u16(s->text + from, s->len - from, lit->u16, lit->u16_len);
            } else {
                const UChar *p =
                    u_strFindFirst(s->text + from, s->len - from, lit->u16, lit->u16_len);
                hit = p ? (int32_t)(p - (s->text + from)) : -1;
            }
            if (hit >= 0 && (at < 0 || from + hit < at))
                at = from + hit;
        }
        if (at < 0)
            return 0;
    }
    UErrorCode status = U_ZERO_ERROR;
    /* ICU holds the subject's whole buffer (zeroed beyond the text, with a NUL right
     * after it) and searches the region [0, len) of it with opaque, anchoring bounds,
     * which ICU defines to behave exactly as if the region were the whole text. So
     * a new row costs one region reset instead of uregex_setText, which builds and
     * clones a UText every time; the text is set again only when the buffer moved. */
    if (re->bound_subject != s || re->bound_generation != s->buffer_generation ||
        re->bound_text != s->text || re->bound_len != s->capacity - 1) {
        uregex_setText(re->rx, s->text, (int32_t)(s->capacity - 1), &status);
        if (U_FAILURE(status)) {
            re->bound_subject = NULL;
            *err = limit_error(re, fn, status);
            return -1;
        }
        re->bound_subject = s;
        re->bound_generation = s->buffer_generation;
        re->bound_text = s->text;
        re->bound_len = (int32_t)(s->capacity - 1);
    }
    int64_t limit = LW_REGEXP_TIME_LIMIT + (int64_t)LW_REGEXP_TIME_LIMIT_PER_KB * (s->len / 1024);
    if (limit > INT32_MAX)
        limit = INT32_MAX;
    if (limit != re->time_limit) {
        uregex_setTimeLimit(re->rx, (int32_t)limit, &status);
        re->time_limit = (int32_t)limit;
    }
    /* The region start stays 0 so that the text before at still counts for ^, \b and
     * lookbehind, as uregex_find(at) would. */
    uregex_setRegionAndStart(re->rx, 0, s->len, at, &status);
    UBool found = U_SUCCESS(status) ? uregex_findNext(re->rx, &status) : 0;
    if (U_SUCCESS(status) && found) {
        m->start = uregex_start(re->rx, 0, &status);
        m->end = uregex_end(re->rx, 0, &status);
    }
    if (U_FAILURE(status)) {
        *err = limit_error(re, fn, status);
        return -1;
    }
    return found ? 1 : 0;
}

void lw_re_group(lw_regex *re, int32_t g, lw_re_match *span)
{
    UErrorCode status = U_ZERO_ERROR;
    span->start = uregex_start(re->rx, g, &status);
    span->end = uregex_end(re->rx, g, &status);
    if (U_FAILURE(status) || span->start < 0)
        span->start = span->end = -1;
}

int32_t lw_re_next_start(const lw_re_subject *s, const lw_re_match *m)
{
    int32_t next = m->end;
    if (m->start == m->end) {
        if (next >= s->len)
            return -1;
        U16_FWD_1(s->text, next, s->len);
    }
    return next;
}

/* ---------------------------------------------------------------------------------
 * regexp_replace.
 */
typedef struct ubuf {
    UChar *data;
    int64_t len, cap, max;
    int status; /* 0; -2 past max; -3 out of memory */
} ubuf;

static void ub_put(ubuf *b, const UChar *s, int64_t n)
{
    if (b->status || n == 0)
        return;
    if (b->len + n > b->max) {
        b->status = -2;
        return;
    }
    if (b->len + n > b->cap) {
        int64_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n)
            cap *= 2;
        UChar *p = sqlite3_realloc64(b->data, (sqlite3_uint64)cap * sizeof(UChar));
        if (!p) {
            b->status = -3;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, (size_t)n * sizeof(UChar));
    b->len += n;
}

/* Appends replacement with PostgreSQL's escapes expanded for the current match. */
static void append_replacement(ubuf *b, lw_regex *re, const lw_re_subject *s,
                               const lw_re_subject *repl)
{
    const UChar *r = repl->text;
    int32_t n = repl->len, plain = 0;
    for (int32_t i = 0; i < n; i++) {
        if (r[i] != '\\' || i + 1 >= n)
            continue;
        UChar e = r[i + 1];
        int group = -1;
        if (e >= '1' && e <= '9')
            group = e - '0';
        else if (e == '&')
            group = 0;
        else if (e != '\\')
            continue; /* any other backslash is copied as it is */
        ub_put(b, r + plain, i - plain);
        if (group < 0) {
            ub_put(b, r + i + 1, 1);
        } else if (group <= re->groups) {
            lw_re_match span;
            lw_re_group(re, group, &span);
            if (span.start >= 0)
                ub_put(b, s->text + span.start, span.end - span.start);
        }
        i++;
        plain = i + 1;
    }
    ub_put(b, r + plain, n - plain);
}

int lw_re_replace(lw_regex *re, const lw_re_subject *s, int32_t from, int64_t n,
                  const lw_re_subject *replacement, int64_t max_len, const char *fn, char **out,
                  int64_t *out_len, char **err)
{
    *err = NULL;
    *out = NULL;
    ubuf b = {.max = max_len};
    int32_t copied = 0, pos = from;
    int64_t count = 0;
    int rc = 0;
    while (pos >= 0 && pos <= s->len) {
        lw_re_match m;
        int found = lw_re_find(re, s, pos, &m, fn, err);
        if (found < 0) {
            rc = -1;
            goto done;
        }
        if (!found)
            break;
        count++;
        if (n == 0 || count == n) {
            ub_put(&b, s->text + copied, m.start - copied);
            append_replacement(&b, re, s, replacement);
            copied = m.end;
            if (n != 0)
                break;
        }
        pos = lw_re_next_start(s, &m);
    }
    ub_put(&b, s->text + copied, s->len - copied);
    if (b.status) {
        rc = b.status;
        goto done;
    }
    /* Every UTF-16 unit becomes at most 3 bytes of UTF-8. */
    int64_t cap = b.len * 3 + 1;
    char *utf8 = sqlite3_malloc64((sqlite3_uint64)cap);
    if (!utf8) {
        rc = -3;
        goto done;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t utf8_len = 0;
    u_strToUTF8(utf8, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &utf8_len,
                b.data ? b.data : (const UChar *)u"", (int32_t)b.len, &status);
    if (U_FAILURE(status) || utf8_len > max_len) {
        sqlite3_free(utf8);
        rc = U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR ? -3 : -2;
        goto done;
    }
    *out = utf8;
    *out_len = utf8_len;
done:
    sqlite3_free(b.data);
    return rc;
}
