/*
 * The SQL lexer: see lexer.h for what it recognises and why it is the only one.
 *
 * One forward pass, no backtracking beyond a fixed lookahead, so lexing is linear in
 * the text. Every branch consumes at least one byte, which is what guarantees
 * termination on any input (the fuzz target checks that the tokens tile the text).
 */
#include "core/lexer.h"

#include <sqlite3.h>
#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Identifier characters: ASCII letters, '_', and every byte of a multi-byte UTF-8
 * sequence (PostgreSQL, MySQL and SQLite all accept non-ASCII letters). */
static int is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_ident_char(unsigned char c)
{
    return is_ident_start(c) || is_digit(c);
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Multi-character operators, longest first within a shared prefix (the scan below
 * picks the longest that matches, so order only matters for readability). */
static const char *const operators[] = {
    "!~~*", "->>", "#>>", "!~~", "~~*", "!~*", "<=>", "-|-", "::", "->", "#>", "#-",
    "@>",   "<@",  "@@",  "||",  "<=",  ">=",  "<>",  "!=",  "==", "<<", ">>", "~~",
    "!~",   "~*",  "&&",  "?|",  "?&",  ":=",  "&<",  "&>",  "^@", "=>",
};

static size_t match_operator(const unsigned char *s, size_t avail)
{
    size_t best = 1;
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
        size_t n = strlen(operators[i]);
        if (n > best && n <= avail && memcmp(s, operators[i], n) == 0)
            best = n;
    }
    return best;
}

typedef struct lexer {
    const unsigned char *s;
    size_t len, pos;
    unsigned flags;
    lw_tokens *out;
    lw_lex_error *err;
    size_t exec_open; /* inside an executable comment: where it opened, plus one (0: not) */
} lexer;

static int push(lexer *lx, lw_token tok)
{
    lw_tokens *t = lx->out;
    if (t->len == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        lw_token *items = sqlite3_realloc64(t->items, cap * sizeof *items);
        if (!items)
            return -2;
        t->items = items;
        t->cap = cap;
    }
    t->items[t->len++] = tok;
    return 0;
}

static int fail(lexer *lx, const char *message, size_t offset)
{
    lx->err->message = message;
    lx->err->offset = offset;
    return -1;
}

/*
 * Scans a quoted run starting at the opening quote q at pos; the quote doubles to
 * escape itself, and with backslashes a backslash escapes the next byte. Returns the
 * end (one past the closing quote) or 0 when unterminated.
 */
static size_t scan_quoted(const lexer *lx, size_t pos, unsigned char close, int backslashes)
{
    size_t i = pos + 1;
    while (i < lx->len) {
        unsigned char c = lx->s[i];
        if (backslashes && c == '\\') {
            i += 2;
            continue;
        }
        if (c == close) {
            if (i + 1 < lx->len && lx->s[i + 1] == close && close != ']') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
    return 0;
}

/* Length of a dollar-quote tag "$tag$" or "$$" at pos, 0 when there is none. */
static size_t dollar_tag(const lexer *lx, size_t pos)
{
    size_t i = pos + 1;
    if (i < lx->len && lx->s[i] == '$')
        return 2;
    if (i >= lx->len || !is_ident_start(lx->s[i]))
        return 0;
    while (i < lx->len && is_ident_char(lx->s[i]))
        i++;
    return i < lx->len && lx->s[i] == '$' ? i + 1 - pos : 0;
}

static int lex_dollar(lexer *lx, lw_token *tok)
{
    size_t pos = lx->pos;
    size_t tag = dollar_tag(lx, pos);
    if (tag) {
        for (size_t i = pos + tag; i + tag <= lx->len; i++)
            if (lx->s[i] == '$' && memcmp(lx->s + i, lx->s + pos, tag) == 0) {
                tok->type = LW_TK_STRING;
                tok->kind = LW_STR_DOLLAR;
                tok->length = (uint32_t)(i + tag - pos);
                return 0;
            }
        return fail(lx, "unterminated dollar-quoted string", pos);
    }
    size_t i = pos + 1;
    if (i < lx->len && is_digit(lx->s[i])) {
        uint64_t n = 0;
        while (i < lx->len && is_digit(lx->s[i])) {
            if (n < 1000000000)
                n = n * 10 + (uint64_t)(lx->s[i] - '0');
            i++;
        }
        tok->type = LW_TK_PARAM;
        tok->kind = LW_PARAM_NUMBERED;
        tok->sigil = '$';
        tok->number = (uint32_t)n;
        tok->length = (uint32_t)(i - pos);
        return 0;
    }
    if (i < lx->len && is_ident_start(lx->s[i])) {
        while (i < lx->len && is_ident_char(lx->s[i]))
            i++;
        tok->type = LW_TK_PARAM;
        tok->kind = LW_PARAM_NAMED;
        tok->sigil = '$';
        tok->name_offset = (uint32_t)(pos + 1);
        tok->name_length = (uint32_t)(i - pos - 1);
        tok->length = (uint32_t)(i - pos);
        return 0;
    }
    tok->type = LW_TK_OPERATOR;
    tok->length = 1;
    return 0;
}

/* ?, ?NNN, :1, :name, @name: sigil then digits (numbered) or a name (named). Returns
 * 1 when a parameter was lexed, 0 when the sigil is something else here. */
static int lex_sigil_param(lexer *lx, lw_token *tok, int allow_digits, int allow_name)
{
    size_t pos = lx->pos, i = pos + 1;
    if (allow_digits && i < lx->len && is_digit(lx->s[i])) {
        uint64_t n = 0;
        while (i < lx->len && is_digit(lx->s[i])) {
            if (n < 1000000000)
                n = n * 10 + (uint64_t)(lx->s[i] - '0');
            i++;
        }
        tok->type = LW_TK_PARAM;
        tok->kind = LW_PARAM_NUMBERED;
        tok->sigil = lx->s[pos];
        tok->number = (uint32_t)n;
        tok->length = (uint32_t)(i - pos);
        return 1;
    }
    if (allow_name && i < lx->len && is_ident_start(lx->s[i])) {
        while (i < lx->len && is_ident_char(lx->s[i]))
            i++;
        tok->type = LW_TK_PARAM;
        tok->kind = LW_PARAM_NAMED;
        tok->sigil = lx->s[pos];
        tok->name_offset = (uint32_t)(pos + 1);
        tok->name_length = (uint32_t)(i - pos - 1);
        tok->length = (uint32_t)(i - pos);
        return 1;
    }
    return 0;
}

static void lex_number(lexer *lx, lw_token *tok)
{
    size_t i = lx->pos;
    const unsigned char *s = lx->s;
    tok->type = LW_TK_NUMBER;
    if (s[i] == '0' && i + 2 < lx->len + 1 && i + 1 < lx->len &&
        (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < lx->len && is_hex(s[i + 2])) {
        i += 2;
        while (i < lx->len && is_hex(s[i]))
            i++;
        tok->length = (uint32_t)(i - lx->pos);
        return;
    }
    while (i < lx->len && is_digit(s[i]))
        i++;
    if (i < lx->len && s[i] == '.' && !(i + 1 < lx->len && s[i + 1] == '.')) {
        i++;
        while (i < lx->len && is_digit(s[i]))
            i++;
    }
    if (i < lx->len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < lx->len && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < lx->len && is_digit(s[j])) {
            while (j < lx->len && is_digit(s[j]))
                j++;
            i = j;
        }
    }
    tok->length = (uint32_t)(i - lx->pos);
}

/*
 * An executable comment's opening at pos ("/" "*!" or "/" "*M!", then up to six digits of
 * version): 1 when its text is SQL for this dialect (tok covers the opening), 0 when
 * it is an ordinary comment.
 */
static int lex_exec_comment(lexer *lx, lw_token *tok)
{
    size_t i = lx->pos + 2;
    if (i < lx->len && lx->s[i] == 'M' && (lx->flags & LW_LEX_MARIADB_COMMENTS))
        i++;
    if (i >= lx->len || lx->s[i] != '!' || lx->exec_open)
        return 0;
    i++;
    unsigned version = 0;
    size_t digits = 0;
    while (i < lx->len && digits < 6 && is_digit(lx->s[i])) {
        version = version * 10 + (unsigned)(lx->s[i] - '0');
        i++;
        digits++;
    }
    /* MySQL reads a five-digit version; MariaDB reads six when a sixth digit follows. */
    if (digits && version > LW_LEX_VERSION_OF(lx->flags))
        return 0;
    tok->type = LW_TK_COMMENT;
    tok->length = (uint32_t)(i - lx->pos);
    lx->exec_open = lx->pos + 1;
    return 1;
}

static int lex_block_comment(lexer *lx, lw_token *tok)
{
    if ((lx->flags & LW_LEX_EXEC_COMMENTS) && lex_exec_comment(lx, tok))
        return 0;
    size_t i = lx->pos + 2;
    int depth = 1;
    int nested = (lx->flags & LW_LEX_NESTED_COMMENTS) != 0;
    while (i < lx->len) {
        if (lx->s[i] == '*' && i + 1 < lx->len && lx->s[i + 1] == '/') {
            i += 2;
            if (--depth == 0) {
                tok->type = LW_TK_COMMENT;
                tok->length = (uint32_t)(i - lx->pos);
                return 0;
            }
            continue;
        }
        if (nested && lx->s[i] == '/' && i + 1 < lx->len && lx->s[i + 1] == '*') {
            depth++;
            i += 2;
            continue;
        }
        i++;
    }
    return fail(lx, "unterminated /* comment", lx->pos);
}

static void lex_line_comment(lexer *lx, lw_token *tok)
{
    size_t i = lx->pos;
    while (i < lx->len && lx->s[i] != '\n')
        i++;
    tok->type = LW_TK_COMMENT;
    tok->length = (uint32_t)(i - lx->pos);
}

/* A string literal whose opening quote is at q (prefix bytes before it belong to the
 * token too, e.g. E or U&). */
static int lex_string(lexer *lx, lw_token *tok, size_t q, int kind, int backslashes)
{
    size_t end = scan_quoted(lx, q, lx->s[q], backslashes);
    if (!end)
        return fail(lx, "unterminated quoted string", lx->pos);
    tok->type = LW_TK_STRING;
    tok->kind = (uint8_t)kind;
    tok->length = (uint32_t)(end - lx->pos);
    return 0;
}

/* A MySQL variable at pos: @name, @'name' (any quote), @@name, @@session.name. Returns
 * 1 when one was lexed, 0 when the '@' is something else here. */
static int lex_variable(lexer *lx, lw_token *tok)
{
    const unsigned char *s = lx->s;
    size_t pos = lx->pos, i = pos + 1;
    int system = i < lx->len && s[i] == '@';
    if (system)
        i++;
    if (!system && i < lx->len && (s[i] == '\'' || s[i] == '"' || s[i] == '`')) {
        size_t end = scan_quoted(lx, i, s[i], s[i] != '`');
        if (!end)
            return 0;
        i = end;
    } else {
        size_t start = i;
        while (i < lx->len && (is_ident_char(s[i]) || s[i] == '$' || s[i] == '.'))
            i++;
        if (i == start)
            return 0;
    }
    tok->type = LW_TK_VARIABLE;
    tok->kind = system ? LW_VAR_SYSTEM : LW_VAR_USER;
    tok->length = (uint32_t)(i - pos);
    return 1;
}

/* Words, and the prefixed strings E'' U&'' X'' B'' N'' that start like words. */
static int lex_word(lexer *lx, lw_token *tok)
{
    const unsigned char *s = lx->s;
    size_t pos = lx->pos;
    if (pos + 1 < lx->len && s[pos + 1] == '\'') {
        switch (ascii_lower(s[pos])) {
        case 'e':
            return lex_string(lx, tok, pos + 1, LW_STR_ESCAPE, 1);
        case 'x':
            return lex_string(lx, tok, pos + 1, LW_STR_HEX, 0);
        case 'b':
            return lex_string(lx, tok, pos + 1, LW_STR_BIT, 0);
        case 'n':
            return lex_string(lx, tok, pos + 1, LW_STR_NATIONAL,
                              (lx->flags & LW_LEX_BACKSLASH_STRINGS) != 0);
        default:
            break;
        }
    }
    if (ascii_lower(s[pos]) == 'u' && pos + 2 < lx->len && s[pos + 1] == '&') {
        if (s[pos + 2] == '\'')
            return lex_string(lx, tok, pos + 2, LW_STR_UNICODE, 0);
        if (s[pos + 2] == '"') {
            size_t end = scan_quoted(lx, pos + 2, '"', 0);
            if (!end)
                return fail(lx, "unterminated quoted identifier", pos);
            tok->type = LW_TK_QIDENT;
            tok->length = (uint32_t)(end - pos);
            return 0;
        }
    }
    size_t i = pos;
    /* PostgreSQL and MySQL allow '$' inside identifiers after the first character. */
    while (i < lx->len && (is_ident_char(s[i]) || s[i] == '$' ||
                           (s[i] == '#' && (lx->flags & LW_LEX_HASH_IN_WORDS))))
        i++;
    tok->type = LW_TK_WORD;
    tok->length = (uint32_t)(i - pos);
    return 0;
}

static int lex_one(lexer *lx, lw_token *tok)
{
    const unsigned char *s = lx->s;
    size_t pos = lx->pos, avail = lx->len - pos;
    unsigned char c = s[pos];
    unsigned char next = avail > 1 ? s[pos + 1] : 0;
    tok->length = 1;

    if (is_space(c)) {
        size_t i = pos;
        while (i < lx->len && is_space(s[i]))
            i++;
        tok->type = LW_TK_SPACE;
        tok->length = (uint32_t)(i - pos);
        return 0;
    }
    if (is_digit(c) || (c == '.' && is_digit(next))) {
        lex_number(lx, tok);
        size_t end = pos + tok->length;
        if ((lx->flags & LW_LEX_DIGIT_IDENTS) && is_digit(c) && end < lx->len &&
            (is_ident_start(s[end]) || s[end] == '$') && !memchr(s + pos, '.', tok->length)) {
            /* MySQL: 1a and 0x1g are identifiers (digits then letters). */
            size_t i = end;
            while (i < lx->len && (is_ident_char(s[i]) || s[i] == '$'))
                i++;
            tok->type = LW_TK_WORD;
            tok->length = (uint32_t)(i - pos);
        }
        return 0;
    }
    if (is_ident_start(c))
        return lex_word(lx, tok);
    switch (c) {
    case '\'':
        if (lx->flags & LW_LEX_BACKSLASH_STRINGS)
            return lex_string(lx, tok, pos, LW_STR_ESCAPE, 1);
        return lex_string(lx, tok, pos, LW_STR_PLAIN, 0);
    case '"':
        if (lx->flags & LW_LEX_DQ_STRINGS)
            return lex_string(lx, tok, pos, LW_STR_DQ, (lx->flags & LW_LEX_BACKSLASH_STRINGS) != 0);
        /* A quoted identifier, as a backtick one. */
        __attribute__((fallthrough));
    case '`': {
        size_t end = scan_quoted(lx, pos, c, 0);
        if (!end)
            return fail(lx, "unterminated quoted identifier", pos);
        tok->type = LW_TK_QIDENT;
        tok->length = (uint32_t)(end - pos);
        return 0;
    }
    case '[':
        if (!(lx->flags & LW_LEX_NO_BRACKET_IDENT)) {
            size_t end = scan_quoted(lx, pos, ']', 0);
            if (!end)
                return fail(lx, "unterminated [quoted] identifier", pos);
            tok->type = LW_TK_QIDENT;
            tok->length = (uint32_t)(end - pos);
            return 0;
        }
        tok->type = LW_TK_LBRACKET;
        return 0;
    case ']':
        tok->type = LW_TK_RBRACKET;
        return 0;
    case '(':
        tok->type = LW_TK_LPAREN;
        return 0;
    case ')':
        tok->type = LW_TK_RPAREN;
        return 0;
    case ',':
        tok->type = LW_TK_COMMA;
        return 0;
    case ';':
        tok->type = LW_TK_SEMICOLON;
        return 0;
    case '.':
        tok->type = LW_TK_DOT;
        return 0;
    case '-':
        if (next == '-' && (!(lx->flags & LW_LEX_DASH_SPACE) || avail == 2 ||
                            is_space(s[pos + 2]) || s[pos + 2] < ' ')) {
            lex_line_comment(lx, tok);
            return 0;
        }
        break;
    case '/':
        if (next == '*')
            return lex_block_comment(lx, tok);
        break;
    case '*':
        if (next == '/' && lx->exec_open) {
            /* The end of an executable comment. */
            lx->exec_open = 0;
            tok->type = LW_TK_COMMENT;
            tok->length = 2;
            return 0;
        }
        break;
    case '#':
        if (lx->flags & LW_LEX_HASH_COMMENTS) {
            lex_line_comment(lx, tok);
            return 0;
        }
        break;
    case '$':
        return lex_dollar(lx, tok);
    case '?':
        if (lex_sigil_param(lx, tok, 1, 0))
            return 0;
        /* ?| and ?& are PostgreSQL jsonb operators only when not a parameter's use:
         * a bare ? is always a parameter (write jsonb key tests as functions). */
        tok->type = LW_TK_PARAM;
        tok->kind = LW_PARAM_QMARK;
        tok->sigil = '?';
        return 0;
    case ':':
        if (next != ':' && next != '=' && lex_sigil_param(lx, tok, 1, 1))
            return 0;
        break;
    case '@':
        if ((lx->flags & LW_LEX_VARIABLES) ? lex_variable(lx, tok) : lex_sigil_param(lx, tok, 0, 1))
            return 0;
        break;
    case '%':
        if (next == '%') {
            tok->type = LW_TK_OPERATOR;
            tok->flags = LW_TKF_PERCENT_ESCAPE;
            tok->length = 2;
            return 0;
        }
        if (next == 's' && !(avail > 2 && is_ident_char(s[pos + 2]))) {
            tok->type = LW_TK_PARAM;
            tok->kind = LW_PARAM_FORMAT;
            tok->sigil = '%';
            tok->length = 2;
            return 0;
        }
        if (next == '(') {
            size_t i = pos + 2;
            while (i < lx->len && s[i] != ')' && s[i] != '\n')
                i++;
            if (i + 1 < lx->len && s[i] == ')' && s[i + 1] == 's' && i > pos + 2) {
                tok->type = LW_TK_PARAM;
                tok->kind = LW_PARAM_NAMED;
                tok->sigil = '%';
                tok->name_offset = (uint32_t)(pos + 2);
                tok->name_length = (uint32_t)(i - pos - 2);
                tok->length = (uint32_t)(i + 2 - pos);
                return 0;
            }
        }
        break;
    default:
        break;
    }
    tok->type = LW_TK_OPERATOR;
    tok->length = (uint32_t)match_operator(s + pos, avail);
    return 0;
}

int lw_lex(const char *text, size_t len, unsigned flags, lw_tokens *out, lw_lex_error *err)
{
    if (len > LW_LEX_MAX_BYTES) {
        err->message = "SQL text too long";
        err->offset = 0;
        return -1;
    }
    lexer lx = {(const unsigned char *)text, len, 0, flags, out, err, 0};
    while (lx.pos < len) {
        lw_token tok;
        memset(&tok, 0, sizeof tok);
        tok.offset = (uint32_t)lx.pos;
        int rc = lex_one(&lx, &tok);
        if (rc)
            return rc;
        if (push(&lx, tok))
            return -2;
        lx.pos += tok.length;
    }
    if (lx.exec_open)
        return fail(&lx, "unterminated /* comment", lx.exec_open - 1);
    return 0;
}

void lw_tokens_free(lw_tokens *toks)
{
    sqlite3_free(toks->items);
    memset(toks, 0, sizeof *toks);
}

int lw_token_is_word(const char *text, const lw_token *tok, const char *word)
{
    if (tok->type != LW_TK_WORD)
        return 0;
    size_t n = strlen(word);
    if (tok->length != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)text[tok->offset + i]) !=
            ascii_lower((unsigned char)word[i]))
            return 0;
    return 1;
}

int lw_token_is_blank(const lw_token *tok)
{
    return tok->type == LW_TK_SPACE || tok->type == LW_TK_COMMENT;
}

size_t lw_tokens_skip_blank(const lw_token *toks, size_t len, size_t i)
{
    while (i < len && lw_token_is_blank(&toks[i]))
        i++;
    return i;
}

/* Index of the meaningful token before i, or len when there is none. */
static size_t previous_meaningful(const lw_token *toks, size_t len, size_t i)
{
    while (i > 0)
        if (!lw_token_is_blank(&toks[--i]))
            return i;
    return len;
}

static int is_any_word(const char *text, const lw_token *tok, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (lw_token_is_word(text, tok, words[k]))
            return 1;
    return 0;
}

/*
 * Whether the statement at toks[i] may hold a compound body: it creates a stored
 * program (CREATE [OR REPLACE] [DEFINER = ...] [TEMP] [CONSTRAINT] [AGGREGATE]
 * followed by TRIGGER, PROCEDURE, FUNCTION or EVENT within its first words, before
 * anything that names another object), or it is MariaDB's BEGIN NOT ATOMIC.
 */
static int may_have_body(const char *text, const lw_token *toks, size_t len, size_t i)
{
    static const char *const programs[] = {"TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", NULL};
    static const char *const others[] = {"TABLE",  "VIEW", "INDEX", "SEQUENCE", "DATABASE",
                                         "SCHEMA", "AS",   "ON",    "SELECT",   NULL};
    if (i >= len)
        return 0;
    if (lw_token_is_word(text, &toks[i], "BEGIN")) {
        size_t j = lw_tokens_skip_blank(toks, len, i + 1);
        return j < len && lw_token_is_word(text, &toks[j], "NOT");
    }
    if (!lw_token_is_word(text, &toks[i], "CREATE"))
        return 0;
    i = lw_tokens_skip_blank(toks, len, i + 1);
    for (int seen = 0; i < len && seen < 16; seen++, i = lw_tokens_skip_blank(toks, len, i + 1)) {
        const lw_token *t = &toks[i];
        if (t->type == LW_TK_SEMICOLON || t->type == LW_TK_LPAREN || is_any_word(text, t, others))
            return 0;
        if (is_any_word(text, t, programs))
            return 1;
    }
    return 0;
}

/*
 * A compound body nests BEGIN ... END blocks (SQLite's trigger body, MariaDB's stored
 * programs, PostgreSQL's BEGIN ATOMIC): the statement ends at the first ';' outside
 * every block. Inside one, END closes the innermost CASE expression or block, except
 * END IF, END LOOP, END WHILE, END REPEAT and END FOR, which close constructs whose
 * opening is not counted (IF is also a function and a word of IF EXISTS), and END CASE,
 * which closes a CASE statement. A word after '.' is a column name (NEW.end).
 */
size_t lw_statement_end(const char *text, const lw_token *toks, size_t len, size_t start)
{
    static const char *const uncounted[] = {"IF", "LOOP", "WHILE", "REPEAT", "FOR", NULL};
    int body = may_have_body(text, toks, len, lw_tokens_skip_blank(toks, len, start));
    int depth = 0, case_depth = 0;
    for (size_t i = start; i < len; i++) {
        const lw_token *t = &toks[i];
        if (t->type == LW_TK_SEMICOLON && depth == 0)
            return i;
        if (!body || t->type != LW_TK_WORD)
            continue;
        size_t before = previous_meaningful(toks, len, i);
        if (before < len && toks[before].type == LW_TK_DOT)
            continue;
        if (lw_token_is_word(text, t, "BEGIN")) {
            depth++;
        } else if (depth > 0 && lw_token_is_word(text, t, "CASE")) {
            case_depth++;
        } else if (depth > 0 && lw_token_is_word(text, t, "END")) {
            size_t next = lw_tokens_skip_blank(toks, len, i + 1);
            if (next < len && is_any_word(text, &toks[next], uncounted)) {
                i = next;
            } else if (next < len && lw_token_is_word(text, &toks[next], "CASE")) {
                case_depth -= case_depth > 0;
                i = next;
            } else if (case_depth > 0) {
                case_depth--;
            } else {
                depth--;
            }
        }
    }
    return len;
}

const char *lw_token_type_name(int type)
{
    static const char *const names[] = {"?",      "space",    "comment",  "word",     "qident",
                                        "string", "number",   "param",    "operator", "lparen",
                                        "rparen", "lbracket", "rbracket", "comma",    "semicolon",
                                        "dot",    "variable"};
    return type > 0 && type < (int)(sizeof names / sizeof names[0]) ? names[type] : "?";
}
