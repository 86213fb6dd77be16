/*
 * The dialect table, the emit helpers every translator uses (parameter mapping
 * included), and the sqlite dialect (the identity translation). See dialect.h.
 */
#include "dialect/dialect.h"
#include "common/hex.h"

#include <stdarg.h>
#include <string.h>

#include "likewise.h"

static const lw_dialect *const dialects[] = {
    &lw_dialect_sqlite,  &lw_dialect_postgresql, &lw_dialect_mysql,
    &lw_dialect_mariadb, &lw_dialect_oracle,
};

const lw_dialect *lw_dialect_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (strlen(dialects[i]->name) == len && memcmp(dialects[i]->name, name, len) == 0)
            return dialects[i];
    return NULL;
}

const char *lw_dialect_names(void)
{
    return "sqlite, postgresql, mysql, mariadb, oracle";
}

void lw_dialect_error_set(lw_dialect_error *err, const char *sqlstate, int mysql_errno,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    sqlite3_free(err->message);
    err->message = msg; /* NULL when out of memory: the core reports LW_ENOMEM */
    memcpy(err->sqlstate, sqlstate, 5);
    err->sqlstate[5] = 0;
    err->mysql_errno = mysql_errno;
}

void lw_dialect_error_clear(lw_dialect_error *err)
{
    sqlite3_free(err->message);
    memset(err, 0, sizeof *err);
}

int lw_translation_refuse(lw_translation *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    lw_dialect_error_set(t->err, "0A000", 1235, "%s", msg ? msg : "feature not supported");
    sqlite3_free(msg);
    return LW_ENOTSUP;
}

/* Parameter-mismatch errors use PostgreSQL's protocol_violation SQLSTATE (what the
 * server says when a bind message does not fit the statement) and MySQL's 1210. */
static int param_error(lw_translation *t, const char *fmt, const lw_token *tok)
{
    lw_dialect_error_set(t->err, "08P01", 1210, fmt, (int)tok->length, t->sql + tok->offset,
                         (int)tok->offset + 1);
    return LW_EPARAM;
}

static int family_of(int kind)
{
    return kind == LW_PARAM_FORMAT ? LW_PARAM_QMARK : kind;
}

/* Records the parameter token tok and returns its SQLite index (> 0), or a negative
 * LW_E* code. Repeated numbers and names share one SQLite parameter. */
static int map_param(lw_translation *t, const lw_token *tok)
{
    lw_param_map *m = t->params;
    int family = family_of(tok->kind);
    if (m->family && m->family != family)
        return param_error(t,
                           "parameter %.*s at character %d mixes parameter styles: use one of "
                           "anonymous (? %%s), numbered ($1 ?1 :1) or named (:name @name "
                           "$name %%(name)s)",
                           tok);
    m->family = family;
    lw_param_ref ref = {0, NULL, 0};
    if (family == LW_PARAM_QMARK) {
        ref.position = ++m->anonymous_seen;
    } else if (family == LW_PARAM_NUMBERED) {
        if (tok->number < 1 || tok->number > 32766)
            return param_error(t, "parameter %.*s at character %d: numbers run from 1 to 32766",
                               tok);
        ref.position = (int)tok->number;
        for (int k = 0; k < m->n; k++)
            if (m->refs[k].position == ref.position)
                return k + 1;
        if (ref.position > m->max_number)
            m->max_number = ref.position;
    } else {
        ref.name = t->sql + tok->name_offset;
        ref.name_len = (int)tok->name_length;
        for (int k = 0; k < m->n; k++)
            if (m->refs[k].name_len == ref.name_len &&
                memcmp(m->refs[k].name, ref.name, (size_t)ref.name_len) == 0)
                return k + 1;
    }
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 8;
        lw_param_ref *refs = sqlite3_realloc64(m->refs, (size_t)cap * sizeof *refs);
        if (!refs)
            return LW_ENOMEM;
        m->refs = refs;
        m->cap = cap;
    }
    m->refs[m->n++] = ref;
    return m->n;
}

/* Appends code point cp as UTF-8; returns 0, or -1 for a value that is not a Unicode
 * scalar value (or NUL, which SQL text cannot hold). */
static int append_utf8(lw_sqlbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    lw_sqlbuf_append(b, u, n);
    return 0;
}

/* Reads up to max hex digits (at least min) at s[*i]; -1 when fewer than min. */
static long read_hex(const char *s, size_t end, size_t *i, int min, int max)
{
    long v = 0;
    int k = 0;
    while (k < max && *i < end && lw_hex_value(s[*i]) >= 0) {
        v = v * 16 + lw_hex_value(s[*i]);
        (*i)++;
        k++;
    }
    return k >= min ? v : -1;
}

/*
 * Writes a string token's value as a standard SQL literal 'value' that SQLite reads:
 * dollar-quoted bodies verbatim, E'' with PostgreSQL's backslash escapes decoded
 * (\b \f \n \r \t, \ooo, \xHH, \uXXXX, \UXXXXXXXX, any other character itself),
 * U&'' with \XXXX and \+XXXXXX. Returns 0 or LW_ESYNTAX (t->err filled).
 */
static int emit_string_value(lw_translation *t, const lw_token *tok)
{
    const char *s = t->sql + tok->offset;
    size_t n = tok->length, i, end;
    lw_sqlbuf v = {0};
    if (tok->kind == LW_STR_DOLLAR) {
        size_t tag = 1;
        while (s[tag] != '$')
            tag++;
        tag++;
        lw_sqlbuf_append(&v, s + tag, n - 2 * tag);
    } else {
        int unicode = tok->kind == LW_STR_UNICODE;
        i = unicode ? 3 : 2;
        end = n - 1;
        while (i < end) {
            char c = s[i++];
            if (c == '\'' && i < end && s[i] == '\'') {
                i++;
                lw_sqlbuf_append(&v, "'", 1);
                continue;
            }
            if (c != '\\' || i >= end) {
                lw_sqlbuf_append(&v, &c, 1);
                continue;
            }
            char e = s[i];
            long cp = -2;
            if (unicode) {
                if (e == '\\') {
                    i++;
                    lw_sqlbuf_append(&v, "\\", 1);
                    continue;
                }
                if (e == '+') {
                    i++;
                    cp = read_hex(s, end, &i, 6, 6);
                } else {
                    cp = read_hex(s, end, &i, 4, 4);
                }
            } else {
                i++;
                switch (e) {
                case 'b':
                    c = '\b';
                    break;
                case 'f':
                    c = '\f';
                    break;
                case 'n':
                    c = '\n';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case 't':
                    c = '\t';
                    break;
                case 'x':
                    cp = read_hex(s, end, &i, 1, 2);
                    break;
                case 'u':
                    cp = read_hex(s, end, &i, 4, 4);
                    break;
                case 'U':
                    cp = read_hex(s, end, &i, 8, 8);
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        cp = e - '0';
                        for (int k = 0; k < 2 && i < end && s[i] >= '0' && s[i] <= '7'; k++)
                            cp = cp * 8 + (s[i++] - '0');
                    } else {
                        c = e;
                    }
                    break;
                }
            }
            if (cp == -2) {
                lw_sqlbuf_append(&v, &c, 1);
                continue;
            }
            /* \x and octal escapes give bytes, as in PostgreSQL; the others code points. */
            int bytes = !unicode && (e == 'x' || (e >= '0' && e <= '7'));
            if (cp > 0 && bytes && cp < 256) {
                char byte = (char)cp;
                lw_sqlbuf_append(&v, &byte, 1);
            } else if (cp < 0 || append_utf8(&v, (uint32_t)cp) != 0) {
                lw_sqlbuf_free(&v);
                lw_dialect_error_set(t->err, "22025", 1064,
                                     "invalid escape in string literal at character %d",
                                     (int)tok->offset + 1);
                return LW_ESYNTAX;
            }
        }
    }
    if (v.oom) {
        lw_sqlbuf_free(&v);
        return LW_ENOMEM;
    }
    lw_sqlbuf_append(t->out, "'", 1);
    for (size_t k = 0; k < v.len; k++) {
        if (v.s[k] == '\'')
            lw_sqlbuf_append(t->out, "'", 1);
        lw_sqlbuf_append(t->out, v.s + k, 1);
    }
    lw_sqlbuf_append(t->out, "'", 1);
    lw_sqlbuf_free(&v);
    return 0;
}

int lw_emit_token(lw_translation *t, size_t i)
{
    const lw_token *tok = &t->tokens[i];
    if (tok->type == LW_TK_STRING && (tok->kind == LW_STR_DOLLAR || tok->kind == LW_STR_UNICODE ||
                                      (tok->kind == LW_STR_ESCAPE &&
                                       (t->sql[tok->offset] == 'E' || t->sql[tok->offset] == 'e'))))
        return emit_string_value(t, tok);
    if (tok->type == LW_TK_PARAM) {
        int index = map_param(t, tok);
        if (index < 0)
            return index;
        lw_sqlbuf_appendf(t->out, "?%d", index);
        return 0;
    }
    if (tok->type == LW_TK_COMMENT) {
        /* Comment syntax differs (nesting, #), so every comment becomes a space. */
        lw_sqlbuf_append(t->out, " ", 1);
        return 0;
    }
    if (tok->type == LW_TK_OPERATOR && (tok->flags & LW_TKF_PERCENT_ESCAPE)) {
        lw_sqlbuf_append(t->out, "%", 1);
        return 0;
    }
    lw_sqlbuf_append(t->out, t->sql + tok->offset, tok->length);
    return 0;
}

int lw_emit_tokens(lw_translation *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        int rc = lw_emit_token(t, i);
        if (rc)
            return rc;
    }
    return 0;
}

void lw_emit_text(lw_translation *t, const char *text)
{
    lw_sqlbuf_appends(t->out, text);
}

int lw_translate_identity(lw_translation *t)
{
    return lw_emit_tokens(t, 0, t->n_tokens);
}

/* The sqlite dialect: SQLite's own SQL, parameters in every style. */
const lw_dialect lw_dialect_sqlite = {
    .name = "sqlite",
    .lex_flags = 0,
    .translate = lw_translate_identity,
};
