/*
 * The regexp module's pattern translation (the matching core is regexp.c; see
 * regexp.h): PostgreSQL's flag letters, PostgreSQL's ARE syntax rewritten to ICU's
 * (lw_re_translate), and the fast path's gate, which rewrites the subset of ICU
 * patterns whose meaning is certain in both engines to PCRE2 (lw_re_fast_translate).
 * Both translations are plain C over UTF-8 text: an error names what the pattern
 * got wrong, as PostgreSQL words it.
 */
#include "regexp/regexp.h"
#include "common/hex.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"

#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <unicode/uchar.h>
#include <unicode/uset.h>
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
        if (lw_re_is_ascii_alnum(c) || c == ' ') {
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
    if (c < 0x80 && lw_re_is_ascii_alnum(c)) {
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
        if (!lw_re_is_ascii_alnum(e)) {
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
    if (!lw_re_is_ascii_alnum(e)) {
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
    if (e >= 0x21 && e <= 0x7E && !lw_re_is_ascii_alnum(e))
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
            if (c < 0x80 && lw_re_is_ascii_alnum(c)) {
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
