/*
 * The postgresql dialect: SQL written for PostgreSQL 15, run on SQLite with
 * PostgreSQL's answers, SQLSTATEs and messages (DESIGN.md 4.4; docs/postgresql.md has
 * the coverage table).
 *
 * Design. The shim's lexer cuts the text into tokens; this file parses them with a
 * small recursive-descent walker (statements, clauses) and a precedence-climbing
 * expression parser with PostgreSQL's operator precedence, writing SQLite SQL as it
 * goes. An expression's output starts at a known offset of the output buffer, so an
 * infix operator that SQLite spells as a function (a ~ b, a @> b, a ILIKE b) wraps its
 * already written operands in place; no SQL text is ever searched or pattern-matched.
 * What SQLite cannot honour is refused with SQLSTATE 0A000 naming the construct.
 *
 * Types. Every expression carries PostgreSQL's type as far as the rewriter can tell
 * (constants, casts, the declared types of the columns of the query's FROM items,
 * CTEs' and derived tables' select lists, known functions), and arithmetic is written
 * for its operands' types: integers range-checked in their type (pg_int4...),
 * numerics exact through the decimal module with the TEXT affinity and DECIMAL
 * collation of a NUMERIC column, doubles native, date +/- integer; operands it cannot
 * type go through pg_arith, which checks at run time (docs/postgresql.md).
 *
 *   lexical     E'', $$ and $tag$ quoting, U&'' (UESCAPE), adjacent strings split by
 *               a newline, "identifiers" (SQLite's double-quoted strings are turned
 *               off), $1 parameters by number (the core maps every style)
 *   operators   :: and CAST (pg_cast, pg_cast_numeric, decimal), ILIKE (ilike), LIKE
 *               (case-sensitive, backslash escape), ~ ~* !~ !~* (regexp), @> <@ ? ?|
 *               ?& (json_*), -> ->> (pg_json_get, as jsonb reads), jsonb = <>
 *               (json_equal), ^ (power), / and % (NULL first, then 22012 for a zero
 *               divisor), IS [NOT] DISTINCT FROM, = ANY (ARRAY[...]), ARRAY[...]
 *   functions   extract, position, substring, trim forms, string_agg & co. with
 *               ORDER BY, bool_and/bool_or, current_timestamp and friends
 *   statements  CREATE TABLE types (SERIAL, IDENTITY, VARCHAR(n), NUMERIC(p,s), JSONB in
 *               its normal form, ...), ALTER TABLE ADD COLUMN, CREATE SEQUENCE, CREATE
 *               EXTENSION, DISTINCT ON, DELETE ... USING, FROM (VALUES ...) v(x),
 *               FROM generate_series(...) AS t(x), LIMIT/OFFSET/FETCH, NULLS
 *               ordering, TRUNCATE, SET/SHOW/RESET, 25P02 after an error
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "common/hex.h"
#include "likewise.h"
#include "pg_func.h"
#include "pg_func_sql.h"
#include "pg_ident.h"

/* Nesting depth of parentheses and subqueries the rewriter follows. */
#ifndef LW_PG_MAX_DEPTH
#define LW_PG_MAX_DEPTH 200
#endif

/* ---- Per-connection state ----------------------------------------------------------- */

typedef struct pg_state {
    sqlite3 *db;
    int aborted;              /* an error happened in the open transaction (25P02) */
    const char *last_sql;     /* the statement running, for foreign-key messages */
    lw_pg_funcs *funcs;       /* the dialect functions' state (one reference held) */
    sqlite3_stmt *table_info; /* a table's declared column types, prepared once: the
                                 rewriter types every column reference with it */
    lw_pg_names *names;       /* the schema's names, for identifier case (pg_ident.h) */
} pg_state;

/* PostgreSQL's types: of a column, a cast, or an expression as the rewriter sees it
 * (K_UNKNOWN when it cannot tell). */
typedef enum pg_kind {
    K_UNKNOWN = 0,
    K_INT2,
    K_INT4,
    K_INT8,
    K_SERIAL2,
    K_SERIAL4,
    K_SERIAL8,
    K_NUMERIC,
    K_FLOAT,
    K_TEXT,
    K_VARCHAR,
    K_BPCHAR,
    K_BOOL,
    K_BYTEA,
    K_JSON,
    K_JSONB,
    K_UUID,
    K_DATE,
    K_TIMESTAMP,
    K_TIMESTAMPTZ,
    K_NULL,            /* the constant NULL */
    K_UNKNOWN_LITERAL, /* a quoted string, typed by where it goes */
} pg_kind;

/* ---- The rewriter ------------------------------------------------------------------- */

/* Items of a query's VALUES list whose types the rewriter reconciles across rows (the
 * common type of each column); past this, the rows are written as they come. */
#ifndef LW_PG_MAX_VALUES_ITEMS
#define LW_PG_MAX_VALUES_ITEMS 256
#endif

/* FROM items (over every nesting level) whose columns the rewriter types; past this,
 * column references are untyped. */
#ifndef LW_PG_MAX_SCOPE
#define LW_PG_MAX_SCOPE 64
#endif

/* A FROM item of a query being rewritten (token positions): the name the query calls
 * it by, and the table or view behind it (0 for a subquery, a CTE or a function, whose
 * columns the rewriter does not type). */
typedef struct scope_item {
    size_t alias_tok;
    size_t table_tok;
    size_t cte_tok;   /* a CTE's name: its columns were typed when its body was written */
    size_t names_tok; /* the "(" of a list naming those columns (WITH t(a, b), AS t(a, b)) */
    int level;        /* the subquery nesting it belongs to */
} scope_item;

/* Result columns of the CTEs written so far, by name, with their types. */
#ifndef LW_PG_MAX_CTE_COLUMNS
#define LW_PG_MAX_CTE_COLUMNS 128
#endif
typedef struct cte_column {
    size_t cte_tok;  /* the CTE's name */
    size_t name_tok; /* the column's name (its alias, or the column it selects); 0: none */
    int index;       /* its position in the select list */
    pg_kind kind;
    int of_values; /* a VALUES list's column: PostgreSQL names it column<index + 1> */
} cte_column;

typedef struct rw {
    lw_translation *t;
    const char *sql;
    const lw_token *tk;
    size_t *at; /* indexes of the meaningful tokens */
    size_t n;   /* their count */
    size_t p;   /* the current one */
    int rc;     /* first failure (negative LW_E*), sticky */
    int depth;
    int consumed;           /* the statement was replaced whole: no tokens left to copy */
    int bare_columns;       /* write a.b as b (RETURNING) */
    int in_values;          /* inside INSERT's VALUES rows: literals keep their digits */
    size_t insert_table;    /* token of INSERT's table (0: none) */
    size_t write_table;     /* token of the table INSERT or UPDATE writes (0: none) */
    size_t insert_cols[64]; /* tokens of its column list */
    int n_insert_cols;      /* -1: no column list */
    uint64_t bool_cols;     /* boolean result columns of the top-level statement */
    int bool_known;
    scope_item scope[LW_PG_MAX_SCOPE]; /* the FROM items column references can see */
    int n_scope;
    int scope_full;  /* an item did not fit: column types are no longer known */
    int scope_level; /* subquery nesting of the query being written */
    cte_column cte_cols[LW_PG_MAX_CTE_COLUMNS];
    int n_cte_cols;
    /* The first select list written at level `result_level` (a subquery's own): its
     * item count and the first item's type, for a scalar subquery's type; its columns'
     * types are recorded when the subquery is the body of the CTE named at result_cte. */
    int result_level, result_items;
    pg_kind result_type;
    size_t result_cte;
    int dry_depth; /* nesting of derived_columns() dry runs this one is in */
} rw;

/* Binding powers, PostgreSQL 15's precedence from loosest to tightest. */
enum {
    BP_OR = 10,
    BP_AND = 20,
    BP_NOT = 30,
    BP_IS = 40,
    BP_CMP = 50,
    BP_LIKE = 60, /* BETWEEN IN LIKE ILIKE SIMILAR */
    BP_OTHER = 70,
    BP_ADD = 80,
    BP_MUL = 90,
    BP_EXP = 100,
    BP_UNARY = 110,
};

typedef struct expr {
    size_t start; /* output offset where the expression begins */
    int is_bool;
    int is_interval;     /* an INTERVAL literal: only timestamp +/- INTERVAL takes it */
    pg_kind type;        /* its PostgreSQL type (K_UNKNOWN: parameters, subqueries...) */
    int numeric_literal; /* a numeric constant written as is: 1.10, -2.5, 1e3 */
} expr;

static const lw_token *tok_at(const rw *r, size_t k)
{
    return r->p + k < r->n ? &r->tk[r->at[r->p + k]] : NULL;
}

static int at_end(const rw *r)
{
    return r->p >= r->n;
}

static int word_at(const rw *r, size_t k, const char *word)
{
    const lw_token *t = tok_at(r, k);
    return t && lw_token_is_word(r->sql, t, word);
}

static int word(const rw *r, const char *w)
{
    return word_at(r, 0, w);
}

static int type_at(const rw *r, size_t k, int type)
{
    const lw_token *t = tok_at(r, k);
    return t && t->type == type;
}

static int op_at(const rw *r, size_t k, const char *op)
{
    const lw_token *t = tok_at(r, k);
    size_t n = strlen(op);
    return t && t->type == LW_TK_OPERATOR && t->length == n &&
           memcmp(r->sql + t->offset, op, n) == 0;
}

/* Token t (of r->tk) as the statement spelled it, before folding: for messages. */
static const char *spelled(const rw *r, const lw_token *t)
{
    return r->t->sql + r->t->tokens[t - r->tk].offset;
}

static int fail(rw *r, int rc)
{
    if (!r->rc)
        r->rc = rc;
    return rc;
}

static int refuse(rw *r, const char *fmt, ...)
{
    if (r->rc)
        return r->rc;
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    lw_dialect_error_set(r->t->err, "0A000", 1235,
                         "%s is not supported by the postgresql "
                         "dialect",
                         msg ? msg : "this construct");
    sqlite3_free(msg);
    return fail(r, LW_ENOTSUP);
}

static void out(rw *r, const char *s)
{
    lw_sqlbuf_appends(r->t->out, s);
}

static void outf(rw *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!s) {
        r->t->out->oom = 1;
        return;
    }
    lw_sqlbuf_appends(r->t->out, s);
    sqlite3_free(s);
}

static size_t here(rw *r)
{
    return r->t->out->len;
}

/* Inserts s at output offset pos (an expression's start). */
static void insert_at(rw *r, size_t pos, const char *s)
{
    lw_sqlbuf *b = r->t->out;
    size_t k = strlen(s);
    size_t old = b->len;
    lw_sqlbuf_append(b, s, k); /* grows the buffer */
    if (b->oom || pos > old)
        return;
    memmove(b->s + pos + k, b->s + pos, old - pos);
    memcpy(b->s + pos, s, k);
}

/* Removes the output from pos to the end and returns it (sqlite3_free), for operands
 * that change places. NULL when out of memory. */
static char *take_from(rw *r, size_t pos)
{
    lw_sqlbuf *b = r->t->out;
    if (b->oom || pos > b->len)
        return NULL;
    char *s = b->s ? sqlite3_mprintf("%.*s", (int)(b->len - pos), b->s + pos) : sqlite3_mprintf("");
    b->len = pos;
    if (b->s)
        b->s[pos] = 0;
    if (!s)
        b->oom = 1;
    return s;
}

/* The current token's text as a new string (sqlite3_free). */
static char *tok_text(rw *r, size_t k)
{
    const lw_token *t = tok_at(r, k);
    char *s = t ? sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset) : NULL;
    if (t && !s)
        r->t->out->oom = 1;
    return s;
}

/* True when the bare word tok (in the caller's original text) is one of SQLite's
 * keywords: those keep the spelling they were written with, so translations read as
 * the statement did (SQLite matches keywords without regard to case). */
static int is_sqlite_keyword(const char *text, const lw_token *tok)
{
    return tok->length < 64 && sqlite3_keyword_check(text + tok->offset, (int)tok->length);
}

/* Writes token k folded to lower case as PostgreSQL folds an unquoted identifier
 * (ASCII letters only, as in a UTF-8 database). r->sql already holds the folded
 * words (see fold_words). */
static void emit_folded(rw *r, size_t k)
{
    const lw_token *t = &r->tk[r->at[k]];
    lw_sqlbuf_append(r->t->out, r->sql + t->offset, t->length);
}

/* Copies the current token (parameters mapped) and a space, and advances. Bare words
 * other than SQLite's keywords are written folded to lower case. */
static void emit(rw *r)
{
    if (at_end(r))
        return;
    size_t i = r->at[r->p];
    if (r->sql != r->t->sql && r->tk[i].type == LW_TK_WORD &&
        !is_sqlite_keyword(r->t->sql, &r->t->tokens[i])) {
        emit_folded(r, r->p);
    } else {
        int rc = lw_emit_token(r->t, i);
        if (rc)
            fail(r, rc);
    }
    out(r, " ");
    r->p++;
}

/* Copies the current token, a name being defined (a table, a column), folded even
 * when it is a keyword (CREATE TABLE t (Key int) makes the column key), and advances. */
static void emit_name(rw *r)
{
    if (!at_end(r) && r->tk[r->at[r->p]].type == LW_TK_WORD) {
        emit_folded(r, r->p);
        out(r, " ");
        r->p++;
    } else {
        emit(r);
    }
}

static int accept_word(rw *r, const char *w)
{
    if (!word(r, w))
        return 0;
    emit(r);
    return 1;
}

static void skip(rw *r)
{
    if (!at_end(r))
        r->p++;
}

static void walk_until(rw *r, int stop_at_rparen);
static int is_clause_word(const rw *r, size_t k);
static expr parse_expr(rw *r, int min_bp);
static char *ident_text(rw *r, size_t tok);
static pg_kind column_kind(rw *r, size_t qual_tok, size_t col_tok);
static void assignment_cast(rw *r, size_t start, pg_kind kind, size_t table_tok, size_t col_tok,
                            int index);

/* ---- String literals ----------------------------------------------------------------- */

static void put_utf8(lw_sqlbuf *b, uint32_t c)
{
    char tmp[4];
    int k;
    if (c < 0x80) {
        tmp[0] = (char)c;
        k = 1;
    } else if (c < 0x800) {
        tmp[0] = (char)(0xC0 | (c >> 6));
        tmp[1] = (char)(0x80 | (c & 0x3F));
        k = 2;
    } else if (c < 0x10000) {
        tmp[0] = (char)(0xE0 | (c >> 12));
        tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        tmp[0] = (char)(0xF0 | (c >> 18));
        tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (c & 0x3F));
        k = 4;
    }
    lw_sqlbuf_append(b, tmp, (size_t)k);
}

/* Reads `digits` hex digits at s[*i] (bounded by n); -1 when they are not there. */
static int64_t read_hex(const char *s, size_t n, size_t *i, int digits)
{
    int64_t v = 0;
    for (int k = 0; k < digits; k++) {
        if (*i >= n || lw_hex_value((unsigned char)s[*i]) < 0)
            return -1;
        v = v * 16 + lw_hex_value((unsigned char)s[(*i)++]);
    }
    return v;
}

/* Decodes a string token's value into val. Returns 0, or -1 with *why set. */
static int decode_string(const char *s, size_t n, int kind, lw_sqlbuf *val, const char **why)
{
    size_t i = 0, end = n;
    if (kind == LW_STR_DOLLAR) {
        size_t tag = 1;
        while (tag < n && s[tag] != '$')
            tag++;
        tag++; /* through the second $ */
        if (tag * 2 > n) {
            *why = "malformed dollar-quoted string";
            return -1;
        }
        lw_sqlbuf_append(val, s + tag, n - 2 * tag);
        return 0;
    }
    if (kind == LW_STR_NATIONAL)
        i = 1;
    char uescape = '\\';
    if (kind == LW_STR_UNICODE) {
        i = 2;
        /* A trailing UESCAPE 'c' belongs to the token: find the closing quote. */
        size_t q = i + 1;
        while (q < n) {
            if (s[q] == '\'' && q + 1 < n && s[q + 1] == '\'')
                q += 2;
            else if (s[q] == '\'')
                break;
            else
                q++;
        }
        end = q + 1;
        for (size_t u = end; u < n; u++)
            if (s[u] == '\'' && u + 2 < n && s[u + 2] == '\'') {
                uescape = s[u + 1];
                break;
            }
    }
    if (kind == LW_STR_ESCAPE)
        i = 1;
    i++;   /* the opening quote */
    end--; /* the closing quote */
    for (; i < end; i++) {
        char c = s[i];
        if (c == '\'' && i + 1 < end && s[i + 1] == '\'') {
            lw_sqlbuf_append(val, "'", 1);
            i++;
            continue;
        }
        if (kind == LW_STR_ESCAPE && c == '\\' && i + 1 < end) {
            char e = s[++i];
            int64_t v;
            switch (e) {
            case 'b':
                lw_sqlbuf_append(val, "\b", 1);
                break;
            case 'f':
                lw_sqlbuf_append(val, "\f", 1);
                break;
            case 'n':
                lw_sqlbuf_append(val, "\n", 1);
                break;
            case 'r':
                lw_sqlbuf_append(val, "\r", 1);
                break;
            case 't':
                lw_sqlbuf_append(val, "\t", 1);
                break;
            case 'x': {
                size_t j = i + 1;
                v = 0;
                int digits = 0;
                while (digits < 2 && j < end && lw_hex_value((unsigned char)s[j]) >= 0) {
                    v = v * 16 + lw_hex_value((unsigned char)s[j++]);
                    digits++;
                }
                if (!digits) {
                    lw_sqlbuf_append(val, "x", 1);
                    break;
                }
                i = j - 1;
                if (v == 0) {
                    *why = "invalid byte sequence for encoding \"UTF8\": 0x00";
                    return -1;
                }
                char ch = (char)v;
                lw_sqlbuf_append(val, &ch, 1);
                break;
            }
            case 'u':
            case 'U': {
                size_t j = i + 1;
                v = read_hex(s, end, &j, e == 'u' ? 4 : 8);
                if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
                    *why = "invalid Unicode escape value";
                    return -1;
                }
                put_utf8(val, (uint32_t)v);
                i = j - 1;
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    v = 0;
                    size_t j = i;
                    for (int d = 0; d < 3 && j < end && s[j] >= '0' && s[j] <= '7'; d++)
                        v = v * 8 + (s[j++] - '0');
                    i = j - 1;
                    if (v == 0) {
                        *why = "invalid byte sequence for encoding \"UTF8\": 0x00";
                        return -1;
                    }
                    char ch = (char)v;
                    lw_sqlbuf_append(val, &ch, 1);
                } else {
                    lw_sqlbuf_append(val, &e, 1);
                }
            }
            continue;
        }
        if (kind == LW_STR_UNICODE && c == uescape && i + 1 < end) {
            if (s[i + 1] == uescape) {
                lw_sqlbuf_append(val, &c, 1);
                i++;
                continue;
            }
            size_t j = i + 1;
            int64_t v;
            if (s[j] == '+') {
                j++;
                v = read_hex(s, end, &j, 6);
            } else {
                v = read_hex(s, end, &j, 4);
            }
            if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
                *why = "invalid Unicode escape value";
                return -1;
            }
            put_utf8(val, (uint32_t)v);
            i = j - 1;
            continue;
        }
        lw_sqlbuf_append(val, &c, 1);
    }
    return 0;
}

/* Writes a value as a SQLite string literal. */
static void put_literal(rw *r, const char *s, size_t n)
{
    lw_sqlbuf *b = r->t->out;
    lw_sqlbuf_append(b, "'", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            lw_sqlbuf_append(b, "''", 2);
        else
            lw_sqlbuf_append(b, s + i, 1);
    }
    lw_sqlbuf_append(b, "' ", 2);
}

/* Decodes the current string token into val (caller frees). Returns 0 or an error. */
static int string_value(rw *r, size_t k, lw_sqlbuf *val)
{
    const lw_token *t = tok_at(r, k);
    const char *why = NULL;
    if (t->kind == LW_STR_HEX || t->kind == LW_STR_BIT)
        return refuse(r, "the bit-string literal %.*s", (int)t->length, r->sql + t->offset);
    lw_sqlbuf_append(val, "", 0);
    if (decode_string(r->sql + t->offset, t->length, t->kind, val, &why)) {
        /* PostgreSQL: a NUL byte is an encoding error, a bad escape a syntax error. */
        lw_dialect_error_set(r->t->err, strstr(why, "0x00") ? "22021" : "42601", 1064, "%s", why);
        return fail(r, LW_ESYNTAX);
    }
    return 0;
}

/* A string literal, and the strings that continue it after a newline. */
static void parse_string(rw *r)
{
    lw_sqlbuf val = {0};
    if (string_value(r, 0, &val)) {
        lw_sqlbuf_free(&val);
        return;
    }
    size_t prev = r->at[r->p];
    skip(r);
    /* PostgreSQL joins string constants separated by whitespace with a newline. */
    while (type_at(r, 0, LW_TK_STRING) && tok_at(r, 0)->kind == LW_STR_PLAIN) {
        int newline = 0;
        for (size_t i = prev + 1; i < r->at[r->p]; i++) {
            const lw_token *b = &r->tk[i];
            if (b->type == LW_TK_COMMENT)
                newline |= r->sql[b->offset] == '-';
            for (uint32_t c = 0; c < b->length; c++)
                newline |= r->sql[b->offset + c] == '\n';
        }
        if (!newline)
            break;
        if (string_value(r, 0, &val))
            break;
        prev = r->at[r->p];
        skip(r);
    }
    put_literal(r, val.s ? val.s : "", val.len);
    lw_sqlbuf_free(&val);
}

/* ---- Types ------------------------------------------------------------------------------ */

typedef struct pg_type {
    pg_kind kind;
    long long mod1, mod2; /* -1 when absent */
    char name[48];        /* PostgreSQL's name, for messages */
} pg_type;

static int read_int_token(rw *r, long long *v)
{
    const lw_token *t = tok_at(r, 0);
    if (!t || t->type != LW_TK_NUMBER)
        return -1;
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)(t->length < 31 ? t->length : 31), r->sql + t->offset);
    char *end;
    *v = strtoll(buf, &end, 10);
    skip(r);
    return *end ? -1 : 0;
}

/* (N [, S]) after a type name. */
static void read_typmod(rw *r, pg_type *ty)
{
    if (!type_at(r, 0, LW_TK_LPAREN))
        return;
    skip(r);
    if (read_int_token(r, &ty->mod1))
        refuse(r, "this type modifier");
    if (type_at(r, 0, LW_TK_COMMA)) {
        skip(r);
        if (read_int_token(r, &ty->mod2))
            refuse(r, "this type modifier");
    }
    if (!type_at(r, 0, LW_TK_RPAREN)) {
        refuse(r, "this type modifier");
        return;
    }
    skip(r);
}

/* Parses a PostgreSQL type name at the current token. */
static int parse_type(rw *r, pg_type *ty)
{
    static const struct {
        const char *name;
        pg_kind kind;
    } names[] = {{"int", K_INT4},
                 {"integer", K_INT4},
                 {"int4", K_INT4},
                 {"smallint", K_INT2},
                 {"int2", K_INT2},
                 {"bigint", K_INT8},
                 {"int8", K_INT8},
                 {"serial", K_SERIAL4},
                 {"serial4", K_SERIAL4},
                 {"bigserial", K_SERIAL8},
                 {"serial8", K_SERIAL8},
                 {"smallserial", K_SERIAL2},
                 {"serial2", K_SERIAL2},
                 {"numeric", K_NUMERIC},
                 {"decimal", K_NUMERIC},
                 {"real", K_FLOAT},
                 {"float4", K_FLOAT},
                 {"float8", K_FLOAT},
                 {"float", K_FLOAT},
                 {"double", K_FLOAT},
                 {"text", K_TEXT},
                 {"varchar", K_VARCHAR},
                 {"char", K_BPCHAR},
                 {"character", K_BPCHAR},
                 {"bpchar", K_BPCHAR},
                 {"boolean", K_BOOL},
                 {"bool", K_BOOL},
                 {"bytea", K_BYTEA},
                 {"json", K_JSON},
                 {"jsonb", K_JSONB},
                 {"uuid", K_UUID},
                 {"date", K_DATE},
                 {"timestamp", K_TIMESTAMP},
                 {"timestamptz", K_TIMESTAMPTZ},
                 {"citext", K_TEXT}};
    memset(ty, 0, sizeof *ty);
    ty->mod1 = ty->mod2 = -1;
    const lw_token *t = tok_at(r, 0);
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT))
        return refuse(r, "a missing type name");
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (lw_token_is_word(r->sql, t, names[i].name))
            break;
    if (i == sizeof names / sizeof names[0])
        return refuse(r, "the type %.*s", (int)t->length, spelled(r, t));
    ty->kind = names[i].kind;
    snprintf(ty->name, sizeof ty->name, "%s", names[i].name);
    skip(r);
    if (ty->kind == K_FLOAT && lw_token_is_word(r->sql, t, "double")) {
        if (!word(r, "precision"))
            return refuse(r, "the type double");
        skip(r);
    }
    if (ty->kind == K_BPCHAR && word(r, "varying")) {
        skip(r);
        ty->kind = K_VARCHAR;
    }
    if (ty->kind == K_TIMESTAMP && (word(r, "with") || word(r, "without"))) {
        int with = word(r, "with");
        if (!word_at(r, 1, "time") || !word_at(r, 2, "zone"))
            return refuse(r, "this timestamp type");
        r->p += 3;
        if (with)
            ty->kind = K_TIMESTAMPTZ;
    }
    if (ty->kind == K_TIMESTAMP || ty->kind == K_TIMESTAMPTZ) {
        if (type_at(r, 0, LW_TK_LPAREN))
            return refuse(r, "a timestamp precision");
    }
    read_typmod(r, ty);
    if (ty->kind == K_FLOAT && ty->mod1 >= 0)
        ty->mod1 = -1;
    if (type_at(r, 0, LW_TK_LBRACKET) || word(r, "array"))
        return refuse(r, "the array type %s[]", ty->name);
    if (ty->kind == K_BPCHAR && ty->mod1 < 0)
        ty->mod1 = 1;
    return r->rc;
}

/* ---- Expression types ------------------------------------------------------------------ */

/* Is the number token k written with a fraction or an exponent? */
static int number_has_fraction(const rw *r, size_t k)
{
    const lw_token *t = tok_at(r, k);
    for (uint32_t i = 0; t && i < t->length; i++) {
        char c = r->sql[t->offset + i];
        if (c == '.' || c == 'e' || c == 'E')
            return !(t->length > 1 && r->sql[t->offset + 1] == 'x');
    }
    return 0;
}

static int is_int_kind(pg_kind k)
{
    return k == K_INT2 || k == K_INT4 || k == K_INT8;
}

static int is_text_kind(pg_kind k)
{
    return k == K_TEXT || k == K_VARCHAR || k == K_BPCHAR;
}

/* PostgreSQL's name of a type, for its messages. */
static const char *kind_name(pg_kind k)
{
    switch (k) {
    case K_INT2:
        return "smallint";
    case K_INT4:
        return "integer";
    case K_INT8:
        return "bigint";
    case K_NUMERIC:
        return "numeric";
    case K_FLOAT:
        return "double precision";
    case K_TEXT:
        return "text";
    case K_VARCHAR:
        return "character varying";
    case K_BPCHAR:
        return "character";
    case K_BOOL:
        return "boolean";
    case K_BYTEA:
        return "bytea";
    case K_JSON:
        return "json";
    case K_JSONB:
        return "jsonb";
    case K_UUID:
        return "uuid";
    case K_DATE:
        return "date";
    case K_TIMESTAMP:
        return "timestamp without time zone";
    case K_TIMESTAMPTZ:
        return "timestamp with time zone";
    default:
        return "unknown";
    }
}

/* The type PostgreSQL gives the number token k (negative: a minus sign folded into
 * it): integer when it fits, then bigint, then numeric; numeric with a fraction or
 * an exponent (1e3 too). */
static pg_kind number_kind(const rw *r, size_t k, int negative)
{
    const lw_token *t = tok_at(r, k);
    if (!t || number_has_fraction(r, k))
        return K_NUMERIC;
    uint64_t v = 0;
    for (uint32_t i = 0; i < t->length; i++) {
        unsigned d = (unsigned)(r->sql[t->offset + i] - '0');
        if (d > 9)
            return K_UNKNOWN; /* 0x1F: not a PostgreSQL 15 constant */
        if (v > (UINT64_MAX - d) / 10)
            return K_NUMERIC;
        v = v * 10 + d;
    }
    if (v <= (uint64_t)INT32_MAX + (negative ? 1 : 0))
        return K_INT4;
    if (v <= (uint64_t)INT64_MAX + (negative ? 1 : 0))
        return K_INT8;
    return K_NUMERIC;
}

/* The common type of CASE branches or coalesce/greatest/least arguments, as
 * PostgreSQL unifies the numeric kinds (NULL and quoted strings take the other's). */
static pg_kind common_kind(pg_kind a, pg_kind b)
{
    if (a == K_NULL || a == K_UNKNOWN_LITERAL)
        return b;
    if (b == K_NULL || b == K_UNKNOWN_LITERAL || a == b)
        return a;
    if (is_text_kind(a) && is_text_kind(b))
        return K_TEXT;
    if (is_int_kind(a) && is_int_kind(b))
        return a > b ? a : b;
    if ((is_int_kind(a) || a == K_NUMERIC) && (is_int_kind(b) || b == K_NUMERIC))
        return K_NUMERIC;
    if ((is_int_kind(a) || a == K_NUMERIC || a == K_FLOAT) &&
        (is_int_kind(b) || b == K_NUMERIC || b == K_FLOAT))
        return K_FLOAT;
    return K_UNKNOWN;
}

/* Replaces the output from `from` to `to` by s. */
static void replace_range(rw *r, size_t from, size_t to, const char *s)
{
    char *tail = take_from(r, from);
    if (!tail)
        return;
    out(r, s);
    out(r, tail + (to - from <= strlen(tail) ? to - from : strlen(tail)));
    sqlite3_free(tail);
}

/* A numeric constant's text (as written, spaces between a sign and the digits
 * dropped) in quotes, so that the decimal functions keep its scale: '2.0' where the
 * REAL 2.0 would lose it. Text already quoted (INSERT's VALUES writes constants so) is
 * kept. NULL when out of memory. */
static char *quoted_digits(const char *text)
{
    lw_sqlbuf b = {0};
    while (*text == ' ')
        text++;
    if (*text == '\'')
        return sqlite3_mprintf("%s", text);
    lw_sqlbuf_append(&b, "'", 1);
    for (; *text; text++)
        if (*text != ' ')
            lw_sqlbuf_append(&b, text, 1);
    lw_sqlbuf_append(&b, "' ", 2);
    return lw_sqlbuf_finish(&b);
}

/* quoted_digits() for the constant written from `from` to `to`. */
static void quote_numeric_literal(rw *r, size_t from, size_t to)
{
    lw_sqlbuf *b = r->t->out;
    if (b->oom || to > b->len || from >= to)
        return;
    char *text = sqlite3_mprintf("%.*s", (int)(to - from), b->s + from);
    char *quoted = text ? quoted_digits(text) : NULL;
    if (quoted)
        replace_range(r, from, to, quoted);
    else
        b->oom = 1;
    sqlite3_free(text);
    sqlite3_free(quoted);
}

/* Gives the numeric written from `start` the TEXT affinity and DECIMAL collation of a
 * NUMERIC column: compared with numbers, sorted, grouped, min() and max() as a number
 * (SQLite would compare decimal text with an integer as text). */
static void numeric_result(rw *r, size_t start)
{
    insert_at(r, start, "(CAST(");
    out(r, "AS NUMERIC_TEXT) COLLATE DECIMAL) ");
}

/* Numeric constants among the operands recorded as ranges of the output, quoted when
 * the expression they feed turns out to be numeric (CASE, coalesce, greatest...). */
#define LW_PG_MAX_LITERALS 32
typedef struct literal_ranges {
    size_t from[LW_PG_MAX_LITERALS], to[LW_PG_MAX_LITERALS];
    int n;
} literal_ranges;

static void note_literal(literal_ranges *l, const expr *e, size_t end)
{
    if (e->numeric_literal && l->n < LW_PG_MAX_LITERALS) {
        l->from[l->n] = e->start;
        l->to[l->n++] = end;
    }
}

/* Quotes the recorded constants, the last first so the earlier offsets hold. */
static void quote_literals(rw *r, const literal_ranges *l)
{
    for (int i = l->n - 1; i >= 0; i--)
        quote_numeric_literal(r, l->from[i], l->to[i]);
}

/* A translation-time error with PostgreSQL's SQLSTATE: an operator that does not exist
 * for the operands' types (42883). */
static void no_operator(rw *r, const char *left, const char *op, const char *right)
{
    if (r->rc)
        return;
    lw_dialect_error_set(r->t->err, "42883", 1305, "operator does not exist: %s%s%s %s", left,
                         *left ? " " : "", op, right);
    fail(r, LW_ESYNTAX);
}

/* An operand of known type `to` that PostgreSQL would read a quoted string as. */
static char *cast_literal(const char *text, pg_kind to)
{
    if (is_int_kind(to))
        return sqlite3_mprintf("pg_cast(%s, '%s') ", text,
                               to == K_INT2   ? "int2"
                               : to == K_INT4 ? "int4"
                                              : "int8");
    if (to == K_NUMERIC)
        return sqlite3_mprintf("decimal(%s) ", text);
    if (to == K_FLOAT || to == K_DATE || to == K_TIMESTAMP || to == K_TIMESTAMPTZ)
        return sqlite3_mprintf("pg_cast(%s, '%s') ", text,
                               to == K_FLOAT       ? "float8"
                               : to == K_DATE      ? "date"
                               : to == K_TIMESTAMP ? "timestamp"
                                                   : "timestamptz");
    return sqlite3_mprintf("%s", text);
}

/*
 * L op R (op one of + - * / %) written for the operands' types, PostgreSQL's operator
 * resolution for the kinds it knows: integers range-checked in their type (22003),
 * numerics exact through the decimal functions, doubles natively, date +/- integer
 * and date - date, the rest refused. Unknown operands (parameters, subquery columns)
 * go through pg_arith, which checks at run time. lt and rt are the operands' text
 * (consumed); the result and its type go to *e.
 */
static void arithmetic(rw *r, expr *e, char op, const expr *right, char *lt, char *rt)
{
    pg_kind L = e->is_bool ? K_BOOL : e->type, R = right->is_bool ? K_BOOL : right->type;
    char *tmp = NULL;
    if (L == K_UNKNOWN_LITERAL && R != K_UNKNOWN_LITERAL && R != K_UNKNOWN && R != K_NULL) {
        tmp = cast_literal(lt, R);
        sqlite3_free(lt);
        lt = tmp;
        L = R;
    } else if (R == K_UNKNOWN_LITERAL && L != K_UNKNOWN_LITERAL && L != K_UNKNOWN && L != K_NULL) {
        tmp = cast_literal(rt, L);
        sqlite3_free(rt);
        rt = tmp;
        R = L;
    }
    if (L == K_UNKNOWN_LITERAL)
        L = K_UNKNOWN;
    if (R == K_UNKNOWN_LITERAL)
        R = K_UNKNOWN;
    int div = op == '/' || op == '%';
    pg_kind result = K_UNKNOWN;
    size_t start = e->start;
    int lnum = L == K_NUMERIC || is_int_kind(L), rnum = R == K_NUMERIC || is_int_kind(R);
    if (!lt || !rt) {
        r->t->out->oom = 1;
    } else if (L == K_NULL || R == K_NULL) {
        outf(r, "%s%c %s", lt, op, rt);
    } else if (is_int_kind(L) && is_int_kind(R)) {
        /* / and % go through pg_arith, which gives NULL for a NULL operand before it
         * looks for a zero divisor (22012), as PostgreSQL does. */
        result = L > R ? L : R;
        const char *range = result == K_INT2 ? "int2" : result == K_INT4 ? "int4" : "int8";
        if (div)
            outf(r, "pg_%s(pg_arith('%c', %s, %s)) ", range, op, lt, rt);
        else
            outf(r, "pg_%s(%s%c %s) ", range, lt, op, rt);
    } else if ((L == K_NUMERIC && (rnum || R == K_UNKNOWN)) ||
               (R == K_NUMERIC && (lnum || L == K_UNKNOWN))) {
        static const char *const fns[] = {"decimal_add", "decimal_sub", "decimal_mul",
                                          "decimal_div", "decimal_mod"};
        const char *fn = fns[op == '+' ? 0 : op == '-' ? 1 : op == '*' ? 2 : op == '/' ? 3 : 4];
        char *lq = e->numeric_literal ? quoted_digits(lt) : NULL;
        char *rq = right->numeric_literal ? quoted_digits(rt) : NULL;
        /* The decimal functions give NULL for a NULL operand, then 22012 for zero. */
        outf(r, "%s(%s, %s) ", fn, lq ? lq : lt, rq ? rq : rt);
        sqlite3_free(lq);
        sqlite3_free(rq);
        numeric_result(r, start);
        result = K_NUMERIC;
    } else if ((L == K_FLOAT && (rnum || R == K_FLOAT || R == K_UNKNOWN)) ||
               (R == K_FLOAT && (lnum || L == K_UNKNOWN))) {
        if (op == '%')
            no_operator(r, kind_name(L), "%", kind_name(R));
        if (div)
            outf(r, "pg_farith('/', %s, %s) ", lt, rt);
        else
            outf(r, "%s%c %s", lt, op, rt);
        result = K_FLOAT;
    } else if (L == K_DATE && (is_int_kind(R) || R == K_UNKNOWN) && (op == '+' || op == '-')) {
        outf(r, "pg_date_add(%s, %s, %d) ", lt, rt, op == '-' ? -1 : 1);
        result = K_DATE;
    } else if (R == K_DATE && (is_int_kind(L) || L == K_UNKNOWN) && op == '+') {
        outf(r, "pg_date_add(%s, %s, 1) ", rt, lt);
        result = K_DATE;
    } else if (L == K_DATE && R == K_DATE && op == '-') {
        outf(r, "pg_date_diff(%s, %s) ", lt, rt);
        result = K_INT4;
    } else if ((L == K_DATE || L == K_TIMESTAMP || L == K_TIMESTAMPTZ) &&
               (R == K_DATE || R == K_TIMESTAMP || R == K_TIMESTAMPTZ) && op == '-') {
        refuse(r,
               "%s - %s (an interval value; compare the values or use extract(epoch "
               "FROM ...))",
               kind_name(L), kind_name(R));
    } else if (L == K_UNKNOWN || R == K_UNKNOWN) {
        /* An operand the statement does not type (a parameter, a view's expression
         * column): pg_arith computes integers and doubles and refuses the rest at run
         * time. */
        outf(r, "pg_arith('%c', %s, %s) ", op, lt, rt);
    } else {
        char o[2] = {op, 0};
        no_operator(r, kind_name(L), o, kind_name(R));
    }
    sqlite3_free(lt);
    sqlite3_free(rt);
    e->type = result;
    e->numeric_literal = 0;
    e->is_bool = 0;
}

/* The cast of the expression of type `from` written from `start` to ty, wrapped in
 * place. */
static void wrap_cast(rw *r, size_t start, pg_kind from, const pg_type *ty)
{
    const char *fn = NULL, *name = NULL;
    switch (ty->kind) {
    case K_INT2:
        name = "int2";
        break;
    case K_INT4:
        name = "int4";
        break;
    case K_INT8:
        name = "int8";
        break;
    case K_BOOL:
        name = "bool";
        break;
    case K_TEXT:
        name = "text";
        break;
    case K_VARCHAR:
        name = ty->mod1 >= 0 ? "varchar" : "text";
        break;
    case K_BPCHAR:
        name = "bpchar";
        break;
    case K_FLOAT:
        name = "float8";
        break;
    case K_JSON:
        name = "json";
        break;
    case K_JSONB:
        name = "jsonb";
        break;
    case K_UUID:
        name = "uuid";
        break;
    case K_BYTEA:
        name = "bytea";
        break;
    case K_DATE:
        name = "date";
        break;
    case K_TIMESTAMP:
        name = "timestamp";
        break;
    case K_TIMESTAMPTZ:
        name = "timestamptz";
        break;
    case K_NUMERIC:
        fn = "decimal";
        break;
    default:
        refuse(r, "a cast to %s", ty->name);
        return;
    }
    if (fn) {
        insert_at(r, start, "decimal(");
        if (ty->mod1 >= 0)
            outf(r, ", %lld, %lld) ", ty->mod1, ty->mod2 >= 0 ? ty->mod2 : 0);
        else
            out(r, ") ");
        numeric_result(r, start);
        return;
    }
    /* A numeric rounds half away from zero to an integer, as PostgreSQL's numeric casts
     * do (a double rounds half to even in pg_cast, as float8's do); text that spells a
     * fraction is an error. */
    insert_at(r, start,
              from == K_NUMERIC && is_int_kind(ty->kind) ? "pg_cast_numeric(" : "pg_cast(");
    if ((ty->kind == K_VARCHAR || ty->kind == K_BPCHAR) && ty->mod1 >= 0)
        outf(r, ", '%s', %lld) ", name, ty->mod1);
    else
        outf(r, ", '%s') ", name);
}

/* ---- Expressions ---------------------------------------------------------------------- */

/* Words that end an expression: clause keywords the walker owns. */
static int is_clause_word(const rw *r, size_t k)
{
    static const char *const words[] = {
        "from",      "where",     "group",     "having",     "order",     "limit",     "offset",
        "fetch",     "union",     "intersect", "except",     "returning", "into",      "values",
        "set",       "on",        "using",     "join",       "inner",     "left",      "right",
        "full",      "cross",     "natural",   "as",         "then",      "else",      "end",
        "when",      "and",       "or",        "asc",        "desc",      "nulls",     "window",
        "select",    "do",        "for",       "with",       "over",      "filter",    "escape",
        "is",        "not",       "between",   "in",         "like",      "ilike",     "similar",
        "collate",   "default",   "primary",   "references", "check",     "unique",    "constraint",
        "rows",      "row",       "only",      "first",      "next",      "outer",     "lateral",
        "ignore",    "partition", "range",     "groups",     "preceding", "following", "current",
        "unbounded", "exclude",   "isnull",    "notnull",    "conflict",  "nothing",   "update",
        "delete",    "insert",    "to",        "by",         "all",       "distinct",  "generated",
        "window",
    };
    const lw_token *t = tok_at(r, k);
    if (!t || t->type != LW_TK_WORD)
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (lw_token_is_word(r->sql, t, words[i]))
            return 1;
    return 0;
}

/* A comma-separated list of expressions up to the closing parenthesis (consumed). */
static void expr_list_to_rparen(rw *r)
{
    while (!at_end(r) && !r->rc && !type_at(r, 0, LW_TK_RPAREN)) {
        parse_expr(r, 0);
        if (type_at(r, 0, LW_TK_COMMA))
            emit(r);
        else if (!type_at(r, 0, LW_TK_RPAREN))
            break;
    }
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
}

static int starts_query(const rw *r, size_t k)
{
    return word_at(r, k, "select") || word_at(r, k, "with") || word_at(r, k, "values");
}

/* "( SELECT ... )" at the current token: the subquery walked to its parenthesis. */
/* A parenthesized query; returns its type when it selects one column (a scalar
 * subquery), else K_UNKNOWN. */
static pg_kind subquery(rw *r)
{
    if (++r->depth > LW_PG_MAX_DEPTH) {
        lw_dialect_error_set(r->t->err, "54001", 1436, "stack depth limit exceeded");
        fail(r, LW_ESYNTAX);
        return K_UNKNOWN;
    }
    int outer_scope = r->n_scope;
    int outer_level = r->result_level, outer_items = r->result_items;
    pg_kind outer_type = r->result_type;
    size_t outer_cte = r->result_cte;
    /* A CTE's body: `name AS (` or `name AS MATERIALIZED (` just before. */
    size_t q = r->p;
    if (q >= 1 && lw_token_is_word(r->sql, &r->tk[r->at[q - 1]], "materialized"))
        q--;
    r->result_cte = 0;
    if (q >= 2 && lw_token_is_word(r->sql, &r->tk[r->at[q - 1]], "as")) {
        size_t name = q - 2;
        if (r->tk[r->at[name]].type == LW_TK_RPAREN) {
            /* name (a, b) AS (: the name before the column list */
            while (name > 0 && r->tk[r->at[name]].type != LW_TK_LPAREN)
                name--;
            name = name > 0 ? name - 1 : 0;
        }
        if (name > 0 &&
            (r->tk[r->at[name]].type == LW_TK_WORD || r->tk[r->at[name]].type == LW_TK_QIDENT))
            r->result_cte = name;
    }
    r->scope_level++;
    r->result_level = r->scope_level;
    r->result_items = -1;
    r->result_type = K_UNKNOWN;
    emit(r); /* ( */
    walk_until(r, 1);
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
    pg_kind type = r->result_items == 1 ? r->result_type : K_UNKNOWN;
    r->scope_level--;
    r->n_scope = outer_scope;
    r->result_level = outer_level;
    r->result_items = outer_items;
    r->result_type = outer_type;
    r->result_cte = outer_cte;
    r->depth--;
    return type;
}

/* ORDER BY items (after the words ORDER BY were written), with PostgreSQL's NULL
 * placement made explicit: NULLs sort as the largest value. Stops before the first
 * token that cannot continue the list. */
static void order_items(rw *r)
{
    for (;;) {
        parse_expr(r, 0);
        int desc = 0;
        if (word(r, "desc")) {
            desc = 1;
            emit(r);
        } else if (word(r, "asc")) {
            emit(r);
        } else if (word(r, "using")) {
            refuse(r, "ORDER BY ... USING");
            return;
        }
        if (word(r, "nulls")) {
            emit(r);
            emit(r);
        } else {
            out(r, desc ? "NULLS FIRST " : "NULLS LAST ");
        }
        if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
            return;
        emit(r);
    }
}

/* An aggregate call's arguments with ORDER BY inside: rewritten into
 * pg_ordered_agg('name', nargs, args..., key, desc, ...). The name was not written. */
static void ordered_aggregate(rw *r, const char *name, size_t call_start)
{
    (void)call_start;
    outf(r, "pg_ordered_agg('%s', ", name);
    size_t count_pos = here(r);
    int nargs = 0;
    if (word(r, "distinct")) {
        refuse(r, "DISTINCT with ORDER BY inside an aggregate");
        return;
    }
    while (!r->rc && !at_end(r) && !word(r, "order")) {
        expr arg = parse_expr(r, 0);
        if (nargs == 0 && strcmp(name, "string_agg") != 0 &&
            (arg.type == K_NUMERIC || arg.type == K_JSON || arg.type == K_JSONB)) {
            /* A numeric goes into the JSON array as a number, a json value as JSON. */
            if (arg.numeric_literal)
                quote_numeric_literal(r, arg.start, here(r));
            insert_at(r, arg.start, "json(");
            out(r, ") ");
        }
        nargs++;
        if (type_at(r, 0, LW_TK_COMMA))
            emit(r);
        else
            break;
    }
    char count[16];
    snprintf(count, sizeof count, "%d, ", nargs);
    insert_at(r, count_pos, count);
    if (!word(r, "order") || !word_at(r, 1, "by")) {
        refuse(r, "this aggregate call");
        return;
    }
    r->p += 2;
    for (;;) {
        out(r, ", ");
        parse_expr(r, 0);
        int desc = 0;
        if (word(r, "desc")) {
            desc = 1;
            skip(r);
        } else if (word(r, "asc")) {
            skip(r);
        }
        if (word(r, "nulls")) {
            refuse(r, "NULLS FIRST/LAST inside an aggregate call");
            return;
        }
        outf(r, ", %d ", desc);
        if (!type_at(r, 0, LW_TK_COMMA))
            break;
        skip(r);
    }
    if (!type_at(r, 0, LW_TK_RPAREN)) {
        refuse(r, "this aggregate call");
        return;
    }
    emit(r);
}

/* A window specification after OVER: ( [PARTITION BY ...] [ORDER BY ...] [frame] ). */
static void window_spec(rw *r)
{
    if (!type_at(r, 0, LW_TK_LPAREN)) {
        emit(r); /* a window name */
        return;
    }
    emit(r);
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN)) {
        if (word(r, "order") && word_at(r, 1, "by")) {
            emit(r);
            emit(r);
            order_items(r);
        } else if (word(r, "partition") && word_at(r, 1, "by")) {
            emit(r);
            emit(r);
            for (;;) {
                parse_expr(r, 0);
                if (!type_at(r, 0, LW_TK_COMMA))
                    break;
                emit(r);
            }
        } else {
            emit(r);
        }
    }
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
}

/* Renames the call written from start (name_len bytes of its name) to fn. */
static void rename_call(rw *r, size_t start, size_t name_len, const char *fn)
{
    char *call = take_from(r, start);
    if (call && strlen(call) >= name_len)
        outf(r, "%s%s", fn, call + name_len);
    sqlite3_free(call);
}

static int name_in(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(name, *names))
            return 1;
    return 0;
}

/*
 * The result type of the call `name` whose first argument has type a0 (n_args
 * arguments, any_numeric: one of them is numeric, common: their common type), as
 * PostgreSQL resolves it. Numeric forms of round, trunc, abs, ceil, floor and mod are
 * the decimal functions (*rename); math functions of numerics, which PostgreSQL
 * computes exactly, are refused.
 */
static pg_kind call_type(rw *r, const char *name, pg_kind a0, int n_args, int any_numeric,
                         pg_kind common, const char **rename)
{
    static const char *const int8_fns[] = {"count",      "row_number", "rank",
                                           "dense_rank", "ntile",      NULL};
    static const char *const int4_fns[] = {
        "length", "char_length", "character_length", "octet_length", "strpos", "ascii", NULL};
    static const char *const text_fns[] = {
        "upper",   "lower",      "concat",     "concat_ws", "substr",    "replace", "ltrim",
        "rtrim",   "lpad",       "rpad",       "initcap",   "repeat",    "reverse", "md5",
        "to_char", "split_part", "string_agg", "btrim",     "translate", NULL};
    static const char *const float_math[] = {"power", "pow",   "sqrt", "exp", "ln",
                                             "log",   "log10", "cbrt", NULL};
    static const char *const tstz_fns[] = {"now", "transaction_timestamp", "statement_timestamp",
                                           "clock_timestamp", NULL};
    if (name_in(name, int8_fns))
        return K_INT8;
    if (name_in(name, int4_fns))
        return K_INT4;
    if (name_in(name, text_fns))
        return K_TEXT;
    static const char *const jsonb_fns[] = {"jsonb_agg", "jsonb_build_object", "jsonb_build_array",
                                            "to_jsonb",  "array_agg", /* a JSON array here */
                                            NULL};
    static const char *const json_fns[] = {"json_agg", "json_build_object", "json_build_array",
                                           "to_json", NULL};
    if (name_in(name, tstz_fns))
        return K_TIMESTAMPTZ;
    if (name_in(name, jsonb_fns))
        return K_JSONB;
    if (name_in(name, json_fns))
        return K_JSON;
    if (!strcmp(name, "date_part"))
        return K_FLOAT;
    if (!strcmp(name, "sum"))
        return a0 == K_INT2 || a0 == K_INT4 ? K_INT8 : a0 == K_FLOAT ? K_FLOAT : K_NUMERIC;
    if (!strcmp(name, "avg"))
        return a0 == K_FLOAT ? K_FLOAT : K_NUMERIC;
    if (!strcmp(name, "min") || !strcmp(name, "max"))
        return n_args == 1 ? a0 : K_UNKNOWN;
    if (!strcmp(name, "coalesce") || !strcmp(name, "greatest") || !strcmp(name, "least"))
        return common;
    if (!strcmp(name, "nullif"))
        return a0;
    if ((a0 == K_NUMERIC && !strcmp(name, "abs")) ||
        (any_numeric && n_args == 2 && !strcmp(name, "mod"))) {
        *rename = name[0] == 'a' ? "decimal_abs" : "decimal_mod";
        return K_NUMERIC;
    }
    if (!strcmp(name, "mod") && n_args == 2 && is_int_kind(a0) && is_int_kind(common)) {
        *rename = "pg_mod"; /* SQLite's mod() is a double, and NULL for a zero divisor */
        return common;
    }
    if (!strcmp(name, "abs"))
        return is_int_kind(a0) || a0 == K_FLOAT ? a0 : K_UNKNOWN;
    if (!strcmp(name, "round") || !strcmp(name, "trunc")) {
        if (a0 == K_NUMERIC || (is_int_kind(a0) && n_args == 2)) {
            *rename = name[0] == 'r' ? "decimal_round" : "decimal_trunc";
            return K_NUMERIC;
        }
        if (a0 == K_FLOAT && n_args == 2 && !r->rc) {
            lw_dialect_error_set(r->t->err, "42883", 1305,
                                 "function %s(double precision, integer) does not exist", name);
            fail(r, LW_ESYNTAX);
        }
        if ((is_int_kind(a0) || a0 == K_FLOAT) && name[0] == 'r')
            *rename = "pg_rint"; /* PostgreSQL rounds a double half to even */
        return is_int_kind(a0) || a0 == K_FLOAT ? K_FLOAT : K_UNKNOWN;
    }
    if (!strcmp(name, "ceil") || !strcmp(name, "ceiling") || !strcmp(name, "floor")) {
        if (a0 == K_NUMERIC) {
            *rename = name[0] == 'f' ? "pg_floor" : "pg_ceil";
            return K_NUMERIC;
        }
        return is_int_kind(a0) || a0 == K_FLOAT ? K_FLOAT : K_UNKNOWN;
    }
    if (name_in(name, float_math)) {
        if (any_numeric)
            refuse(r,
                   "%s() of a numeric value (PostgreSQL computes it exactly; cast it: "
                   "x::float8)",
                   name);
        return K_FLOAT;
    }
    return K_UNKNOWN;
}

/* A function call: the name token is current. Returns whether it yields a boolean;
 * its type goes to *type (when not NULL). */
static int function_call(rw *r, pg_kind *type)
{
    char *name = tok_text(r, 0);
    if (!name)
        return 0;
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    int is_bool = 0;
    int json_wrapped = 0; /* an argument written json(...): JSON text, not a string */
    pg_kind result = K_UNKNOWN;
    size_t start = here(r);
    skip(r); /* name */
    skip(r); /* ( */
    if (!strcmp(name, "extract")) {
        /* extract(field FROM x) -> pg_extract('field', x) */
        const lw_token *f = tok_at(r, 0);
        if (!f || !word_at(r, 1, "from")) {
            refuse(r, "this form of extract()");
            goto done;
        }
        outf(r, "pg_extract('%.*s', ", (int)f->length, r->sql + f->offset);
        r->p += 2;
        parse_expr(r, 0);
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
        result = K_NUMERIC; /* PostgreSQL 15's extract is a numeric */
        goto after;
    }
    if (!strcmp(name, "position")) {
        /* position(a IN b) -> strpos(b, a) */
        size_t a_start = here(r);
        parse_expr(r, BP_LIKE + 1);
        char *a = take_from(r, a_start);
        if (!word(r, "in")) {
            sqlite3_free(a);
            refuse(r, "this form of position()");
            goto done;
        }
        skip(r);
        out(r, "strpos(");
        parse_expr(r, 0);
        outf(r, ", %s", a ? a : "");
        sqlite3_free(a);
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
        result = K_INT4;
        goto after;
    }
    if (!strcmp(name, "substring")) {
        /* substring(x FROM a [FOR b]) and substring(x, a [, b]) -> substr */
        out(r, "substr(");
        parse_expr(r, 0);
        if (word(r, "from") || type_at(r, 0, LW_TK_COMMA)) {
            skip(r);
            out(r, ", ");
            parse_expr(r, 0);
        } else if (word(r, "for")) {
            skip(r);
            out(r, ", 1, ");
            parse_expr(r, 0);
        }
        if (word(r, "for") || type_at(r, 0, LW_TK_COMMA)) {
            skip(r);
            out(r, ", ");
            parse_expr(r, 0);
        }
        if (word(r, "similar")) {
            refuse(r, "substring(... SIMILAR ...)");
            goto done;
        }
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
        goto after;
    }
    if (!strcmp(name, "trim") || !strcmp(name, "btrim")) {
        /* trim([BOTH|LEADING|TRAILING] [chars] FROM x) -> trim/ltrim/rtrim(x, chars) */
        const char *fn = "trim";
        if (word(r, "both"))
            skip(r);
        else if (word(r, "leading")) {
            fn = "ltrim";
            skip(r);
        } else if (word(r, "trailing")) {
            fn = "rtrim";
            skip(r);
        }
        outf(r, "%s(", fn);
        char *chars = NULL;
        if (!word(r, "from")) {
            size_t c_start = here(r);
            parse_expr(r, 0);
            if (word(r, "from"))
                chars = take_from(r, c_start);
        }
        if (word(r, "from")) {
            skip(r);
            parse_expr(r, 0);
        } else if (type_at(r, 0, LW_TK_COMMA)) {
            emit(r);
            parse_expr(r, 0);
        }
        if (chars)
            outf(r, ", %s", chars);
        sqlite3_free(chars);
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
        goto after;
    }
    if (!strcmp(name, "overlay") || !strcmp(name, "unnest") || !strcmp(name, "array_length") ||
        !strcmp(name, "array_to_string") || !strcmp(name, "format") || !strcmp(name, "pg_sleep") ||
        !strcmp(name, "regexp_matches") || !strcmp(name, "string_to_array") ||
        !strcmp(name, "age") || !strcmp(name, "make_interval")) {
        refuse(r, "the function %s()", name);
        goto done;
    }
    if (!strcmp(name, "string_agg") || !strcmp(name, "jsonb_agg") || !strcmp(name, "json_agg") ||
        !strcmp(name, "array_agg")) {
        /* Look ahead for ORDER BY at this call's own level. */
        int level = 0, ordered = 0;
        for (size_t k = 0; r->p + k < r->n; k++) {
            const lw_token *t = tok_at(r, k);
            if (t->type == LW_TK_LPAREN)
                level++;
            else if (t->type == LW_TK_RPAREN && level-- == 0)
                break;
            else if (level == 0 && word_at(r, k, "order") && word_at(r, k + 1, "by")) {
                ordered = 1;
                break;
            }
        }
        if (ordered) {
            ordered_aggregate(r, name, start);
            goto after;
        }
    }
    if (!strcmp(name, "bool_and") || !strcmp(name, "every"))
        out(r, "min(");
    else if (!strcmp(name, "bool_or"))
        out(r, "max(");
    else if (!strcmp(name, "random"))
        out(r, "pg_random(");
    else if (!strcmp(name, "left") || !strcmp(name, "right"))
        outf(r, "pg_%s(", name);
    else
        outf(r, "%s(", name);
    if (!strcmp(name, "bool_and") || !strcmp(name, "every") || !strcmp(name, "bool_or") ||
        !strcmp(name, "regexp_like") || !strcmp(name, "json_contains"))
        is_bool = 1;
    if (word(r, "distinct") || word(r, "all"))
        emit(r);
    if (op_at(r, 0, "*")) {
        emit(r);
    }
    int json_args = !strncmp(name, "jsonb_build", 11) || !strncmp(name, "json_build", 10) ||
                    !strcmp(name, "to_jsonb") || !strcmp(name, "to_json");
    int text_args = !strcmp(name, "concat") || !strcmp(name, "concat_ws");
    /* Numerics (decimal text) go into JSON as numbers: {"total": 1.50}. */
    int json_values = json_args || !strcmp(name, "jsonb_agg") || !strcmp(name, "json_agg") ||
                      !strcmp(name, "array_agg");
    /* coalesce(a = b, false) and friends are boolean when every argument is. */
    int passes_type = !strcmp(name, "coalesce") || !strcmp(name, "nullif") ||
                      !strcmp(name, "greatest") || !strcmp(name, "least");
    int all_bool = passes_type, n_args = 0, any_numeric = 0;
    pg_kind first = K_UNKNOWN, common = K_NULL;
    literal_ranges literals = {{0}, {0}, 0};
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN)) {
        /* PostgreSQL's booleans keep their type where SQLite would see 1 and 0. */
        if ((json_args || text_args) && (word(r, "true") || word(r, "false")) &&
            (type_at(r, 1, LW_TK_COMMA) || type_at(r, 1, LW_TK_RPAREN))) {
            int t = word(r, "true");
            if (json_args)
                out(r, t ? "json('true') " : "json('false') ");
            else
                out(r, t ? "'t' " : "'f' ");
            skip(r);
        } else {
            expr arg = parse_expr(r, 0);
            all_bool &= arg.is_bool;
            pg_kind k = arg.is_bool ? K_BOOL : arg.type;
            if (n_args == 0)
                first = k;
            any_numeric |= k == K_NUMERIC;
            common = n_args == 0 ? k : common_kind(common, k);
            if (json_values && (k == K_NUMERIC || k == K_JSON || k == K_JSONB)) {
                /* Numerics go in as JSON numbers, json and jsonb values (a column holds
                 * their text) as JSON: json() gives them SQLite's JSON subtype. */
                if (arg.numeric_literal)
                    quote_numeric_literal(r, arg.start, here(r));
                insert_at(r, arg.start, "json(");
                out(r, ") ");
                json_wrapped = 1;
            } else {
                note_literal(&literals, &arg, here(r));
            }
            n_args++;
        }
        if (type_at(r, 0, LW_TK_COMMA))
            emit(r);
        else if (!type_at(r, 0, LW_TK_RPAREN)) {
            if (word(r, "order"))
                refuse(r, "ORDER BY inside %s()", name);
            break;
        }
    }
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
    if (passes_type && all_bool && n_args)
        is_bool = 1;
    if (!r->rc) {
        const char *rename = NULL;
        result = call_type(r, name, first, n_args, any_numeric,
                           common == K_NULL ? K_UNKNOWN : common, &rename);
        if (result == K_NUMERIC || text_args)
            quote_literals(r, &literals); /* the decimal functions and text keep digits */
        if (rename)
            rename_call(r, start, strlen(name), rename);
    }
after:
    if (word(r, "filter") && type_at(r, 1, LW_TK_LPAREN)) {
        emit(r);
        emit(r);
        if (accept_word(r, "where"))
            parse_expr(r, 0);
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
    }
    if (word(r, "within")) {
        refuse(r, "WITHIN GROUP");
        goto done;
    }
    if (word(r, "over")) {
        /* A window function's arguments lose SQLite's JSON subtype on the way: the
         * pg_json_agg_json form reads its text argument as JSON text. */
        if (json_wrapped &&
            (!strcmp(name, "jsonb_agg") || !strcmp(name, "json_agg") || !strcmp(name, "array_agg")))
            rename_call(r, start, strlen(name), "pg_json_agg_json");
        emit(r);
        window_spec(r);
    }
    if (!r->rc && result == K_NUMERIC) {
        numeric_result(r, start);
    } else if (!r->rc && is_int_kind(result) && !strcmp(name, "abs")) {
        insert_at(r, start,
                  result == K_INT2   ? "pg_int2("
                  : result == K_INT4 ? "pg_int4("
                                     : "pg_int8(");
        out(r, ") ");
    }
    if (type)
        *type = is_bool ? K_BOOL : result;
done:
    sqlite3_free(name);
    return is_bool;
}

/* = ANY (ARRAY[...] | subquery) and <> ALL (...): written as [NOT] IN (...). */
static int any_all(rw *r, const char *cmp, size_t start)
{
    (void)start;
    int any = word(r, "any") || word(r, "some");
    if (!((any && !strcmp(cmp, "=")) || (!any && (!strcmp(cmp, "<>") || !strcmp(cmp, "!=")))))
        return refuse(r, "%s %s (...)", cmp, any ? "ANY" : "ALL");
    skip(r);
    if (!type_at(r, 0, LW_TK_LPAREN))
        return refuse(r, "ANY/ALL without parentheses");
    out(r, any ? "IN " : "NOT IN ");
    if (starts_query(r, 1)) {
        subquery(r);
        return 0;
    }
    skip(r); /* ( */
    if (!word(r, "array") || !type_at(r, 1, LW_TK_LBRACKET))
        return refuse(r, "ANY/ALL over a value that is not an ARRAY[...] list");
    r->p += 2;
    out(r, "(");
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RBRACKET)) {
        parse_expr(r, 0);
        if (type_at(r, 0, LW_TK_COMMA))
            emit(r);
        else
            break;
    }
    skip(r); /* ] */
    skip(r); /* ) */
    out(r, ") ");
    return r->rc;
}

/* Unary minus of the operand written from inner->start (after "- " at e->start). */
static void unary_minus(rw *r, expr *e, const expr *inner)
{
    pg_kind k = inner->is_bool ? K_BOOL : inner->type;
    e->type = k == K_UNKNOWN_LITERAL ? K_UNKNOWN : k;
    if (is_int_kind(k)) {
        insert_at(r, e->start, k == K_INT2 ? "pg_int2(" : k == K_INT4 ? "pg_int4(" : "pg_int8(");
        out(r, ") ");
    } else if (k == K_NUMERIC && inner->numeric_literal) {
        e->numeric_literal = 1;
    } else if (k == K_NUMERIC) {
        char *operand = take_from(r, inner->start);
        r->t->out->len = e->start;
        if (operand)
            outf(r, "decimal_neg(%s) ", operand);
        sqlite3_free(operand);
        numeric_result(r, e->start);
    } else if (k != K_FLOAT && k != K_UNKNOWN && k != K_NULL && k != K_UNKNOWN_LITERAL) {
        no_operator(r, "", "-", kind_name(k));
    }
}

/* A column reference (a, t.a, s.t.a, t.*) at the current token, written as is;
 * returns the column's type where the query's FROM items show it. */
static pg_kind column_reference(rw *r)
{
    if (r->bare_columns && type_at(r, 1, LW_TK_DOT) &&
        (type_at(r, 2, LW_TK_WORD) || type_at(r, 2, LW_TK_QIDENT))) {
        r->p += 2; /* the qualifier and its dot */
    }
    size_t qual = 0, name = r->p;
    emit(r);
    /* Qualified names: a.b, a.b.c, a.* */
    while (type_at(r, 0, LW_TK_DOT) && !r->rc) {
        emit(r);
        if (type_at(r, 1, LW_TK_LPAREN) && type_at(r, 0, LW_TK_WORD)) {
            function_call(r, NULL);
            return K_UNKNOWN;
        }
        if (!type_at(r, 0, LW_TK_WORD) && !type_at(r, 0, LW_TK_QIDENT)) {
            emit(r);
            return K_UNKNOWN;
        }
        qual = name;
        name = r->p;
        emit(r);
    }
    return r->rc ? K_UNKNOWN : column_kind(r, qual, name);
}

/* The primary of an expression (operand with its prefix operators). */
static expr parse_primary(rw *r)
{
    expr e = {here(r), 0, 0, K_UNKNOWN, 0};
    const lw_token *t = tok_at(r, 0);
    if (!t || r->rc)
        return e;
    if (++r->depth > LW_PG_MAX_DEPTH) {
        lw_dialect_error_set(r->t->err, "54001", 1436, "stack depth limit exceeded");
        fail(r, LW_ESYNTAX);
        return e;
    }
    switch (t->type) {
    case LW_TK_STRING:
        parse_string(r);
        e.type = K_UNKNOWN_LITERAL;
        break;
    case LW_TK_NUMBER:
        e.type = number_kind(r, 0, 0);
        e.numeric_literal = e.type == K_NUMERIC;
        if (r->in_values && number_has_fraction(r, 0)) {
            /* A value on its way into a column keeps its written digits: a NUMERIC(p,s)
             * column stores 1.10 as PostgreSQL does, not SQLite's REAL 1.1. */
            put_literal(r, r->sql + t->offset, t->length);
            skip(r);
        } else {
            emit(r);
        }
        break;
    case LW_TK_PARAM:
        emit(r);
        break;
    case LW_TK_QIDENT:
        e.type = column_reference(r);
        break;
    case LW_TK_LPAREN:
        if (starts_query(r, 1)) {
            e.type = subquery(r);
        } else {
            emit(r);
            int n = 0;
            expr inner = {0, 0, 0, K_UNKNOWN, 0};
            while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN)) {
                inner = parse_expr(r, 0);
                n++;
                if (type_at(r, 0, LW_TK_COMMA))
                    emit(r);
                else
                    break;
            }
            if (type_at(r, 0, LW_TK_RPAREN))
                emit(r);
            e.is_bool = n == 1 && inner.is_bool;
            e.type = n == 1 ? inner.type : K_UNKNOWN;
        }
        break;
    case LW_TK_OPERATOR:
        if (r->in_values && op_at(r, 0, "-") && type_at(r, 1, LW_TK_NUMBER) &&
            number_has_fraction(r, 1) && tok_at(r, 1)->offset == t->offset + 1) {
            const lw_token *num = tok_at(r, 1);
            put_literal(r, r->sql + t->offset, num->offset + num->length - t->offset);
            r->p += 2;
            e.type = K_NUMERIC;
            e.numeric_literal = 1;
        } else if (op_at(r, 0, "-") && type_at(r, 1, LW_TK_NUMBER) && !op_at(r, 2, "::") &&
                   !type_at(r, 2, LW_TK_LBRACKET)) {
            /* PostgreSQL folds the sign into the constant: -2147483648 is an integer. */
            e.type = number_kind(r, 1, 1);
            e.numeric_literal = e.type == K_NUMERIC;
            emit(r);
            emit(r);
        } else if (op_at(r, 0, "-")) {
            emit(r);
            expr inner = parse_expr(r, BP_UNARY);
            unary_minus(r, &e, &inner);
        } else if (op_at(r, 0, "+") || op_at(r, 0, "~")) {
            emit(r);
            e.type = parse_expr(r, BP_UNARY).type;
        } else if (op_at(r, 0, "*")) {
            emit(r);
        } else {
            refuse(r, "the prefix operator %.*s", (int)t->length, r->sql + t->offset);
        }
        break;
    case LW_TK_WORD: {
        if (word(r, "not")) {
            emit(r);
            parse_expr(r, BP_NOT + 1);
            e.is_bool = 1;
            e.type = K_BOOL;
        } else if (word(r, "exists")) {
            emit(r);
            if (type_at(r, 0, LW_TK_LPAREN))
                subquery(r);
            e.is_bool = 1;
            e.type = K_BOOL;
        } else if (word(r, "case")) {
            /* Boolean when every THEN and ELSE branch is (NULL branches aside). */
            int all_bool = 1;
            pg_kind type = K_NULL;
            literal_ranges literals = {{0}, {0}, 0};
            emit(r);
            if (!word(r, "when"))
                parse_expr(r, 0);
            while (!r->rc && accept_word(r, "when")) {
                parse_expr(r, 0);
                if (accept_word(r, "then")) {
                    int null_branch = word(r, "null");
                    expr branch = parse_expr(r, 0);
                    all_bool &= branch.is_bool || null_branch;
                    type = common_kind(type, branch.type);
                    note_literal(&literals, &branch, here(r));
                }
            }
            if (accept_word(r, "else")) {
                int null_branch = word(r, "null");
                expr branch = parse_expr(r, 0);
                all_bool &= branch.is_bool || null_branch;
                type = common_kind(type, branch.type);
                note_literal(&literals, &branch, here(r));
            }
            accept_word(r, "end");
            e.is_bool = all_bool;
            e.type = type == K_NULL ? K_UNKNOWN : type;
            if (e.type == K_NUMERIC) {
                quote_literals(r, &literals);
                numeric_result(r, e.start);
            }
        } else if (word(r, "cast") && type_at(r, 1, LW_TK_LPAREN)) {
            r->p += 2;
            size_t start = here(r);
            expr operand = parse_expr(r, 0);
            if (!word(r, "as")) {
                refuse(r, "this CAST");
                break;
            }
            skip(r);
            pg_type ty;
            if (parse_type(r, &ty) == 0) {
                if ((ty.kind == K_NUMERIC || is_text_kind(ty.kind) || is_int_kind(ty.kind)) &&
                    operand.numeric_literal)
                    quote_numeric_literal(r, start, here(r));
                wrap_cast(r, start, operand.type, &ty);
            }
            if (type_at(r, 0, LW_TK_RPAREN))
                skip(r);
            e.is_bool = ty.kind == K_BOOL;
            e.type = ty.kind;
        } else if (word(r, "true") || word(r, "false") || word(r, "null")) {
            e.is_bool = !word(r, "null");
            e.type = e.is_bool ? K_BOOL : K_NULL;
            emit(r);
        } else if (word(r, "array") && type_at(r, 1, LW_TK_LBRACKET)) {
            r->p += 2;
            out(r, "json_array(");
            while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RBRACKET)) {
                parse_expr(r, 0);
                if (type_at(r, 0, LW_TK_COMMA))
                    emit(r);
                else
                    break;
            }
            skip(r);
            out(r, ") ");
        } else if (word(r, "current_timestamp") || word(r, "now") ||
                   word(r, "transaction_timestamp")) {
            if (word(r, "current_timestamp") && type_at(r, 1, LW_TK_LPAREN)) {
                refuse(r, "current_timestamp(precision)");
                break;
            }
            if (!word(r, "current_timestamp"))
                goto plain_word;
            skip(r);
            out(r, "now() ");
            e.type = K_TIMESTAMPTZ;
        } else if (word(r, "current_date")) {
            skip(r);
            out(r, "pg_current_date() ");
            e.type = K_DATE;
        } else if (word(r, "localtimestamp")) {
            skip(r);
            out(r, "pg_localtimestamp() ");
            e.type = K_TIMESTAMP;
        } else if (word(r, "interval") && type_at(r, 1, LW_TK_STRING)) {
            /* INTERVAL '1 day': its text, for the + or - that takes it. */
            skip(r);
            parse_string(r);
            e.is_interval = 1;
            if (type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0))
                refuse(r, "INTERVAL '...' with a field qualifier");
        } else if (word(r, "current_time") || word(r, "localtime") || word(r, "interval") ||
                   word(r, "current_user") || word(r, "session_user") ||
                   word(r, "current_schema")) {
            refuse(r, "%.*s", (int)t->length, r->sql + t->offset);
        } else if ((word(r, "date") || word(r, "timestamp") || word(r, "timestamptz") ||
                    word(r, "time") || word(r, "jsonb") || word(r, "json") || word(r, "uuid") ||
                    word(r, "boolean") || word(r, "integer") || word(r, "int")) &&
                   (type_at(r, 1, LW_TK_STRING) || word_at(r, 1, "with") ||
                    word_at(r, 1, "without"))) {
            /* A typed literal: TIMESTAMP '2024-01-01 10:00'. */
            pg_type ty;
            if (parse_type(r, &ty))
                break;
            size_t start = here(r);
            if (!type_at(r, 0, LW_TK_STRING)) {
                refuse(r, "this typed literal");
                break;
            }
            parse_string(r);
            wrap_cast(r, start, K_UNKNOWN_LITERAL, &ty);
            e.is_bool = ty.kind == K_BOOL;
            e.type = ty.kind;
        } else {
        plain_word:
            if (type_at(r, 1, LW_TK_LPAREN))
                e.is_bool = function_call(r, &e.type);
            else
                e.type = column_reference(r);
        }
        break;
    }
    default:
        /* Let SQLite report what it makes of anything else. */
        emit(r);
        break;
    }
    r->depth--;
    return e;
}

/* Writes the binary operator at the current token as a function of both operands:
 * fn(L, R), or fn(R, L) when swap is set, optionally negated. L was written from
 * e->start; the operator token is current. */
static void function_operator(rw *r, expr *e, const char *fn, int bp, int swap, int negate,
                              const char *extra)
{
    char *left = take_from(r, e->start);
    skip(r);
    size_t right_start = here(r);
    parse_expr(r, bp + 1);
    char *right = take_from(r, right_start);
    if (left && right)
        outf(r, "%s%s(%s, %s%s) %s", negate ? "(NOT " : "", fn, swap ? right : left,
             swap ? left : right, extra ? extra : "", negate ? ") " : "");
    sqlite3_free(left);
    sqlite3_free(right);
    e->is_bool = 1;
}

static expr parse_expr_inner(rw *r, int min_bp);

/* An expression; an INTERVAL left over (not taken by timestamp +/- INTERVAL) is
 * refused: SQLite has no interval values to show or compare. */
static expr parse_expr(rw *r, int min_bp)
{
    expr e = parse_expr_inner(r, min_bp);
    if (e.is_interval)
        refuse(r, "an interval value outside timestamp + INTERVAL or - INTERVAL");
    return e;
}

static expr parse_expr_inner(rw *r, int min_bp)
{
    expr e = parse_primary(r);
    size_t primary_end = r->p;
    while (!r->rc && !at_end(r)) {
        const lw_token *t = tok_at(r, 0);
        if (e.is_interval && !op_at(r, 0, "+") && !op_at(r, 0, "-"))
            break;
        if (t->type == LW_TK_OPERATOR && op_at(r, 0, "::")) {
            skip(r);
            pg_type ty;
            if (parse_type(r, &ty))
                break;
            /* 1.10::numeric is 1.10; 9223372036854775807.4::int8 rounds its digits,
             * not a double's. */
            if ((ty.kind == K_NUMERIC || is_text_kind(ty.kind) || is_int_kind(ty.kind)) &&
                e.numeric_literal)
                quote_numeric_literal(r, e.start, here(r));
            wrap_cast(r, e.start, e.is_bool ? K_BOOL : e.type, &ty);
            e.is_bool = ty.kind == K_BOOL;
            e.type = ty.kind;
            e.numeric_literal = 0; /* a cast now, no longer the constant's digits */
            continue;
        }
        if (t->type == LW_TK_LBRACKET) {
            refuse(r, "array subscripts");
            break;
        }
        if (word(r, "collate")) {
            emit(r);
            if (word(r, "c") || word(r, "posix") ||
                (type_at(r, 0, LW_TK_QIDENT) && (t = tok_at(r, 0))->length == 3 &&
                 r->sql[t->offset + 1] == 'C')) {
                skip(r);
                out(r, "BINARY ");
            } else {
                emit(r);
            }
            continue;
        }
        if (word(r, "at") && word_at(r, 1, "time")) {
            refuse(r, "AT TIME ZONE");
            break;
        }
        /* Binary and postfix operators, loosest first. */
        if (word(r, "or") || word(r, "and")) {
            int bp = word(r, "or") ? BP_OR : BP_AND;
            if (bp < min_bp)
                break;
            emit(r);
            parse_expr(r, bp + 1);
            e.is_bool = 1;
            continue;
        }
        if (word(r, "is")) {
            if (BP_IS < min_bp)
                break;
            int negated = word_at(r, 1, "not");
            size_t k = negated ? 2 : 1;
            if (word_at(r, k, "distinct") && word_at(r, k + 1, "from")) {
                r->p += k + 2;
                out(r, negated ? "IS " : "IS NOT ");
                parse_expr(r, BP_IS + 1);
            } else if (word_at(r, k, "unknown")) {
                r->p += k + 1;
                out(r, negated ? "IS NOT NULL " : "IS NULL ");
            } else if (word_at(r, k, "null") || word_at(r, k, "true") || word_at(r, k, "false")) {
                emit(r);
                if (negated)
                    emit(r);
                emit(r);
            } else if (word_at(r, k, "json") || word_at(r, k, "document") ||
                       word_at(r, k, "normalized")) {
                refuse(r, "IS %s", negated ? "NOT ..." : "...");
                break;
            } else {
                emit(r);
                if (negated)
                    emit(r);
                parse_expr(r, BP_IS + 1);
            }
            e.is_bool = 1;
            continue;
        }
        if (word(r, "isnull") || word(r, "notnull")) {
            if (BP_IS < min_bp)
                break;
            emit(r);
            e.is_bool = 1;
            continue;
        }
        if (t->type == LW_TK_OPERATOR &&
            (op_at(r, 0, "=") || op_at(r, 0, "<>") || op_at(r, 0, "!=") || op_at(r, 0, "<") ||
             op_at(r, 0, ">") || op_at(r, 0, "<=") || op_at(r, 0, ">="))) {
            if (BP_CMP < min_bp)
                break;
            char cmp[4];
            snprintf(cmp, sizeof cmp, "%.*s", (int)t->length, r->sql + t->offset);
            size_t left_end = here(r);
            emit(r);
            if (word(r, "any") || word(r, "some") || word(r, "all")) {
                /* The comparison operator was written; IN replaces it. */
                r->t->out->len -= strlen(cmp) + 1;
                any_all(r, cmp, e.start);
            } else {
                size_t rs = here(r);
                expr right = parse_expr(r, BP_CMP + 1);
                int ne = !strcmp(cmp, "<>") || !strcmp(cmp, "!=");
                if ((e.type == K_JSONB || right.type == K_JSONB) && (ne || !strcmp(cmp, "="))) {
                    /* jsonb equality compares numbers as numerics ([1.0] = [1]); the
                     * stored normal forms could differ in their digits. */
                    char *rt = take_from(r, rs);
                    r->t->out->len = left_end; /* drops the operator written */
                    char *lt = take_from(r, e.start);
                    if (lt && rt)
                        outf(r, "%sjson_equal(%s, %s) ", ne ? "NOT " : "", lt, rt);
                    sqlite3_free(lt);
                    sqlite3_free(rt);
                }
            }
            e.is_bool = 1;
            continue;
        }
        int negated = word(r, "not") &&
                      (word_at(r, 1, "like") || word_at(r, 1, "ilike") || word_at(r, 1, "in") ||
                       word_at(r, 1, "between") || word_at(r, 1, "similar"));
        size_t k = negated ? 1 : 0;
        if (word_at(r, k, "like") || word_at(r, k, "ilike") || word_at(r, k, "in") ||
            word_at(r, k, "between") || word_at(r, k, "similar")) {
            if (BP_LIKE < min_bp)
                break;
            if (word_at(r, k, "similar")) {
                refuse(r, "SIMILAR TO");
                break;
            }
            if (word_at(r, k, "ilike")) {
                /* X [NOT] ILIKE P [ESCAPE E] -> [NOT] ilike(P, X [, E]) */
                char *left = take_from(r, e.start);
                r->p += k + 1;
                size_t ps = here(r);
                parse_expr(r, BP_LIKE + 1);
                char *pat = take_from(r, ps);
                char *esc = NULL;
                if (word(r, "escape")) {
                    skip(r);
                    size_t es = here(r);
                    parse_expr(r, BP_LIKE + 1);
                    esc = take_from(r, es);
                }
                if (left && pat)
                    outf(r, "%silike(%s, %s, %s) ", negated ? "NOT " : "", pat, left,
                         esc ? esc : "'\\'");
                sqlite3_free(left);
                sqlite3_free(pat);
                sqlite3_free(esc);
            } else if (word_at(r, k, "like")) {
                if (negated)
                    emit(r);
                emit(r);
                parse_expr(r, BP_LIKE + 1);
                if (accept_word(r, "escape"))
                    parse_expr(r, BP_LIKE + 1);
                else
                    out(r, "ESCAPE '\\' ");
            } else if (word_at(r, k, "in")) {
                if (negated)
                    emit(r);
                emit(r);
                if (type_at(r, 0, LW_TK_LPAREN) && starts_query(r, 1)) {
                    subquery(r);
                } else if (type_at(r, 0, LW_TK_LPAREN)) {
                    emit(r);
                    expr_list_to_rparen(r);
                } else {
                    refuse(r, "IN without a parenthesized list");
                }
            } else {
                if (negated)
                    emit(r);
                emit(r);
                if (word(r, "symmetric")) {
                    refuse(r, "BETWEEN SYMMETRIC");
                    break;
                }
                parse_expr(r, BP_LIKE + 1);
                accept_word(r, "and");
                parse_expr(r, BP_LIKE + 1);
            }
            e.is_bool = 1;
            continue;
        }
        if (t->type == LW_TK_PARAM && t->sigil == '?' && t->length == 1) {
            /* In operator position ? is jsonb's key test; ?| and ?& lex as ? then | or &. */
            if (BP_OTHER < min_bp)
                break;
            const lw_token *n1 = tok_at(r, 1);
            int any = n1 && n1->offset == t->offset + 1 && op_at(r, 1, "|");
            int all = n1 && n1->offset == t->offset + 1 && op_at(r, 1, "&");
            if (any || all)
                skip(r);
            function_operator(r, &e,
                              any   ? "json_has_any_keys"
                              : all ? "json_has_all_keys"
                                    : "json_has_key",
                              BP_OTHER, 0, 0, NULL);
            continue;
        }
        if (t->type != LW_TK_OPERATOR)
            break;
        char op[8];
        snprintf(op, sizeof op, "%.*s", (int)(t->length < 7 ? t->length : 7), r->sql + t->offset);
        if (!strcmp(op, "+") || !strcmp(op, "-")) {
            if (BP_ADD < min_bp)
                break;
            int minus = op[0] == '-';
            skip(r);
            size_t rs = here(r);
            expr right = parse_expr_inner(r, BP_ADD + 1);
            char *rtext = take_from(r, rs);
            char *ltext = take_from(r, e.start);
            if (right.is_interval || e.is_interval) {
                /* timestamp +/- INTERVAL '...' (or INTERVAL + timestamp) */
                if (right.is_interval == e.is_interval || (e.is_interval && minus)) {
                    sqlite3_free(ltext);
                    sqlite3_free(rtext);
                    refuse(r, "interval arithmetic other than timestamp +/- INTERVAL");
                    break;
                }
                pg_kind ts = right.is_interval ? e.type : right.type;
                if (ltext && rtext)
                    outf(r, "pg_ts_add(%s, %s, %d) ", right.is_interval ? ltext : rtext,
                         right.is_interval ? rtext : ltext, minus ? -1 : 1);
                sqlite3_free(ltext);
                sqlite3_free(rtext);
                e.is_interval = 0;
                e.is_bool = 0;
                e.type = ts == K_DATE ? K_TIMESTAMP : ts;
                continue;
            }
            arithmetic(r, &e, op[0], &right, ltext, rtext);
            continue;
        }
        if (!strcmp(op, "*") || !strcmp(op, "/") || !strcmp(op, "%")) {
            if (BP_MUL < min_bp)
                break;
            skip(r);
            size_t rs = here(r);
            expr right = parse_expr(r, BP_MUL + 1);
            char *rtext = take_from(r, rs);
            char *ltext = take_from(r, e.start);
            arithmetic(r, &e, op[0], &right, ltext, rtext);
            continue;
        }
        if (!strcmp(op, "^")) {
            if (BP_EXP < min_bp)
                break;
            char *left = take_from(r, e.start);
            skip(r);
            size_t rs = here(r);
            expr rt = parse_expr(r, BP_EXP + 1);
            char *right = take_from(r, rs);
            if (left && right)
                outf(r, "power(%s, %s) ", left, right);
            sqlite3_free(left);
            sqlite3_free(right);
            if (e.type == K_NUMERIC || rt.type == K_NUMERIC)
                refuse(r, "^ on a numeric value (PostgreSQL computes it exactly; cast it: "
                          "x::float8 ^ y)");
            e.is_bool = 0;
            e.type = K_FLOAT;
            continue;
        }
        /* Every other operator shares one precedence level in PostgreSQL. */
        if (BP_OTHER < min_bp)
            break;
        if (!strcmp(op, "->") || !strcmp(op, "->>")) {
            /* jsonb's reading of the document (the last duplicate key wins) and its
             * printed forms; SQLite's -> and ->> would take the first duplicate and give
             * 1.5 for 1.50, 1 for true. */
            int as_text = op[2] == '>';
            function_operator(r, &e, "pg_json_get", BP_OTHER, 0, 0, as_text ? ", 1" : ", 0");
            e.is_bool = 0;
            e.type = as_text ? K_TEXT : K_JSONB;
        } else if (!strcmp(op, "||") || !strcmp(op, "&") || !strcmp(op, "|") || !strcmp(op, "<<") ||
                   !strcmp(op, ">>")) {
            int concat = !strcmp(op, "||");
            /* 'a' || 1.50 is a1.50: a numeric constant is text with its digits. */
            if (concat && e.numeric_literal)
                quote_numeric_literal(r, e.start, here(r));
            emit(r);
            size_t rs = here(r);
            expr right = parse_expr(r, BP_OTHER + 1);
            if (concat && right.numeric_literal)
                quote_numeric_literal(r, rs, here(r));
            e.is_bool = 0;
            e.type = concat ? K_TEXT : K_UNKNOWN;
        } else if (!strcmp(op, "~")) {
            function_operator(r, &e, "regexp", BP_OTHER, 1, 0, NULL);
        } else if (!strcmp(op, "!~")) {
            function_operator(r, &e, "regexp", BP_OTHER, 1, 1, NULL);
        } else if (!strcmp(op, "~*")) {
            function_operator(r, &e, "regexp_like", BP_OTHER, 0, 0, ", 'i'");
        } else if (!strcmp(op, "!~*")) {
            function_operator(r, &e, "regexp_like", BP_OTHER, 0, 1, ", 'i'");
        } else if (!strcmp(op, "@>")) {
            function_operator(r, &e, "json_contains", BP_OTHER, 0, 0, NULL);
        } else if (!strcmp(op, "<@")) {
            function_operator(r, &e, "json_contained_by", BP_OTHER, 0, 0, NULL);
        } else if (!strcmp(op, "~~") || !strcmp(op, "!~~")) {
            refuse(r, "the operator %s (write LIKE)", op);
        } else {
            refuse(r, "the operator %s", op);
        }
    }
    if (r->p != primary_end)
        e.numeric_literal = 0;
    if (e.is_bool)
        e.type = K_BOOL;
    return e;
}

/* ---- Statements ----------------------------------------------------------------------- */

/* SELECT list items: their boolean results are recorded for the top-level statement
 * (lwsql prints them t/f as psql does). Stops at the first clause word. */
/* The declared type of table.col in the connection's schema (sqlite3_free), or NULL. */
static char *declared_type(rw *r, const char *table, const char *col)
{
    pg_state *s = r->t->state;
    char *type = NULL;
    if (!s || (!s->table_info &&
               sqlite3_prepare_v3(s->db, "SELECT name, type FROM pragma_table_info(?1)", -1,
                                  SQLITE_PREPARE_PERSISTENT, &s->table_info, NULL) != SQLITE_OK))
        return NULL;
    sqlite3_stmt *stmt = s->table_info;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        if (!col || (name && sqlite3_stricmp(name, col) == 0)) {
            const char *t = (const char *)sqlite3_column_text(stmt, 1);
            type = sqlite3_mprintf("%s", t ? t : "");
            break;
        }
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return type;
}

/* ---- Column types: the FROM items a query's column references see ----------------- */

/* The PostgreSQL type behind a declared type this dialect's CREATE TABLE writes (or
 * SQLite's usual names); K_UNKNOWN for anything else. */
static pg_kind kind_of_declared(const char *decl)
{
    static const struct {
        const char *prefix;
        pg_kind kind;
    } names[] = {
        {"NUMERIC_TEXT", K_NUMERIC},
        {"INTEGER", K_INT4},
        {"INT", K_INT4},
        {"SMALLINT", K_INT2},
        {"BIGINT", K_INT8},
        {"DOUBLE", K_FLOAT},
        {"REAL", K_FLOAT},
        {"FLOAT", K_FLOAT},
        {"BOOLEAN", K_BOOL},
        {"TIMESTAMPTZ", K_TIMESTAMPTZ},
        {"TIMESTAMP", K_TIMESTAMP},
        {"DATE", K_DATE},
        {"TEXT", K_TEXT},
        {"VARCHAR", K_VARCHAR},
        {"CHAR", K_BPCHAR},
        {"JSONB", K_JSONB},
        {"JSON", K_JSON},
        {"UUID", K_UUID},
        {"BYTEA", K_BYTEA},
    };
    size_t len = 0;
    while (decl[len] && decl[len] != ' ' && decl[len] != '(')
        len++;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].prefix) == len &&
            sqlite3_strnicmp(decl, names[i].prefix, (int)len) == 0)
            return names[i].kind;
    return K_UNKNOWN;
}

/* The position of the definition of the CTE named at token position tok (WITH name
 * [(cols)] AS (...)), 0 when the statement has no such CTE. */
static size_t cte_definition(rw *r, size_t tok)
{
    const lw_token *name = &r->tk[r->at[tok]];
    for (size_t i = 1; i + 2 < r->n; i++) {
        const lw_token *t = &r->tk[r->at[i]];
        if ((t->type != LW_TK_WORD && t->type != LW_TK_QIDENT) || t->length != name->length ||
            sqlite3_strnicmp(r->sql + t->offset, r->sql + name->offset, (int)t->length) != 0)
            continue;
        const lw_token *before = &r->tk[r->at[i - 1]];
        if (!(before->type == LW_TK_COMMA || lw_token_is_word(r->sql, before, "with") ||
              lw_token_is_word(r->sql, before, "recursive")))
            continue;
        size_t k = i + 1;
        if (r->tk[r->at[k]].type == LW_TK_LPAREN) {
            while (k < r->n && r->tk[r->at[k]].type != LW_TK_RPAREN)
                k++;
            k++;
        }
        if (k + 1 < r->n && lw_token_is_word(r->sql, &r->tk[r->at[k]], "as") &&
            (r->tk[r->at[k + 1]].type == LW_TK_LPAREN ||
             lw_token_is_word(r->sql, &r->tk[r->at[k + 1]], "materialized") ||
             lw_token_is_word(r->sql, &r->tk[r->at[k + 1]], "not")))
            return i;
    }
    return 0;
}

/* The offset (from the current token) of the parenthesis closing the one at k. */
static size_t closing_paren(const rw *r, size_t k)
{
    int level = 0;
    for (; r->p + k < r->n; k++) {
        const lw_token *t = tok_at(r, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN && --level == 0)
            return k;
    }
    return k;
}

static void push_scope(rw *r, size_t alias_tok, size_t table_tok, size_t cte_tok, size_t names_tok)
{
    if (r->n_scope >= LW_PG_MAX_SCOPE) {
        r->scope_full = 1;
        return;
    }
    scope_item *it = &r->scope[r->n_scope++];
    it->alias_tok = alias_tok;
    it->table_tok = table_tok;
    it->cte_tok = cte_tok;
    it->names_tok = names_tok;
    it->level = r->scope_level;
}

/* Dry runs inside dry runs: a derived table's own derived tables are typed up to this
 * depth (each level is written once more per level above it). */
#ifndef LW_PG_MAX_DRY_DEPTH
#define LW_PG_MAX_DRY_DEPTH 2
#endif

/* The result_cte of a dry run: its select list's columns, which no token names. */
#define DRY_RUN_COLUMNS SIZE_MAX

/*
 * The column types of a derived table (the query between the parentheses at token
 * positions open and close), recorded as the columns of a CTE named by its alias:
 * the query is written once into a scratch buffer, which is thrown away, before the
 * outer select list (which comes first in the text) needs them. Returns whether the
 * columns were recorded.
 */
static int derived_columns(rw *r, size_t open, size_t close, size_t alias)
{
    if (r->dry_depth >= LW_PG_MAX_DRY_DEPTH || close <= open + 1 || close > r->n)
        return 0;
    lw_sqlbuf scratch = {0};
    lw_param_map params = {0};
    lw_dialect_error err = {{0}, 0, NULL};
    lw_translation t = *r->t;
    t.out = &scratch;
    t.params = &params;
    t.err = &err;
    rw *sub = sqlite3_malloc64(sizeof *sub);
    int recorded = 0;
    if (sub) {
        memset(sub, 0, sizeof *sub);
        sub->t = &t;
        sub->sql = r->sql;
        sub->tk = r->tk;
        sub->at = r->at + open + 1;
        sub->n = close - open - 1;
        sub->depth = r->depth + 1;
        sub->result_items = -1;
        sub->result_cte = DRY_RUN_COLUMNS;
        sub->dry_depth = r->dry_depth + 1;
        walk_until(sub, 1);
        for (int i = 0; !sub->rc && i < sub->n_cte_cols && r->n_cte_cols < LW_PG_MAX_CTE_COLUMNS;
             i++) {
            if (sub->cte_cols[i].cte_tok != DRY_RUN_COLUMNS)
                continue; /* the columns of its own CTEs and derived tables */
            cte_column *c = &r->cte_cols[r->n_cte_cols++];
            c->cte_tok = alias;
            c->name_tok = sub->cte_cols[i].name_tok ? sub->cte_cols[i].name_tok + open + 1 : 0;
            c->index = sub->cte_cols[i].index;
            c->kind = sub->cte_cols[i].kind;
            c->of_values = sub->cte_cols[i].of_values;
            recorded = 1;
        }
        sqlite3_free(sub);
    }
    lw_sqlbuf_free(&scratch);
    sqlite3_free(params.refs);
    lw_dialect_error_clear(&err);
    return recorded;
}

/* Records the FROM items of the list starting k tokens ahead (tables, views, their
 * aliases, joins, subqueries and functions), up to the word that ends the list. */
static void scope_items(rw *r, size_t k)
{
    static const char *const ends[] = {
        "where",     "group",  "having",    "order", "limit", "offset", "fetch",  "window", "union",
        "intersect", "except", "returning", "for",   "set",   "on",     "values", "select", "do"};
    int expect_item = 1;
    while (r->p + k < r->n && !r->rc) {
        const lw_token *t = tok_at(r, k);
        if (t->type == LW_TK_RPAREN || t->type == LW_TK_SEMICOLON)
            return;
        if (t->type == LW_TK_COMMA || word_at(r, k, "join") ||
            (word_at(r, k, "using") && !type_at(r, k + 1, LW_TK_LPAREN))) {
            expect_item = 1;
            k++;
            continue;
        }
        if (word_at(r, k, "on") && !expect_item) {
            /* A join condition: skip it at this level. */
            for (k++; r->p + k < r->n; k++) {
                if (type_at(r, k, LW_TK_LPAREN))
                    k = closing_paren(r, k);
                else if (type_at(r, k, LW_TK_COMMA) || type_at(r, k, LW_TK_RPAREN) ||
                         word_at(r, k, "join") || word_at(r, k, "left") || word_at(r, k, "right") ||
                         word_at(r, k, "inner") || word_at(r, k, "full") ||
                         word_at(r, k, "cross") || word_at(r, k, "natural") ||
                         word_at(r, k, "where") || word_at(r, k, "group") ||
                         word_at(r, k, "order") || word_at(r, k, "limit") ||
                         word_at(r, k, "union") || word_at(r, k, "having") ||
                         word_at(r, k, "returning"))
                    break;
            }
            continue;
        }
        int end = 0;
        for (size_t i = 0; i < sizeof ends / sizeof ends[0] && !end; i++)
            end = word_at(r, k, ends[i]);
        if (end)
            return;
        if (word_at(r, k, "only") || word_at(r, k, "lateral")) {
            k++;
            continue;
        }
        if (!expect_item) {
            k = type_at(r, k, LW_TK_LPAREN) ? closing_paren(r, k) + 1 : k + 1;
            continue;
        }
        size_t name = 0, derived = 0, derived_end = 0, names = 0;
        int opaque = 1, cte = 0;
        if (type_at(r, k, LW_TK_LPAREN)) {
            derived = starts_query(r, k + 1) ? k : 0;
            k = derived_end = closing_paren(r, k);
            k++;
        } else if (type_at(r, k, LW_TK_WORD) || type_at(r, k, LW_TK_QIDENT)) {
            name = k;
            while (type_at(r, k + 1, LW_TK_DOT) &&
                   (type_at(r, k + 2, LW_TK_WORD) || type_at(r, k + 2, LW_TK_QIDENT)))
                name = k += 2;
            k++;
            if (type_at(r, k, LW_TK_LPAREN))
                k = closing_paren(r, k) + 1; /* a function */
            else {
                size_t def = cte_definition(r, r->p + name);
                opaque = cte = def != 0;
                if (def && def + 1 < r->n && r->tk[r->at[def + 1]].type == LW_TK_LPAREN)
                    names = def + 1;
            }
        } else {
            k++;
            continue;
        }
        expect_item = 0;
        size_t alias = name;
        if (word_at(r, k, "as"))
            k++;
        if ((type_at(r, k, LW_TK_WORD) && !is_clause_word(r, k)) || type_at(r, k, LW_TK_QIDENT)) {
            alias = k++;
            int listed = type_at(r, k, LW_TK_LPAREN);
            if (derived && derived_columns(r, r->p + derived, r->p + derived_end, r->p + alias)) {
                cte = 1;
                name = alias;
                names = listed ? r->p + k : 0;
            }
            if (listed)
                k = closing_paren(r, k) + 1; /* its column names */
        }
        if (alias || name)
            push_scope(r, r->p + alias, opaque ? 0 : r->p + name, cte ? r->p + name : 0, names);
    }
}

/* The FROM list of the query whose select list (or UPDATE/DELETE) starts k tokens ahead:
 * recorded before the list is written, so that its column references are typed. */
static void scope_from(rw *r, size_t k)
{
    for (; r->p + k < r->n; k++) {
        if (type_at(r, k, LW_TK_LPAREN))
            k = closing_paren(r, k);
        else if (type_at(r, k, LW_TK_RPAREN) || word_at(r, k, "union") ||
                 word_at(r, k, "intersect") || word_at(r, k, "except"))
            return;
        else if (word_at(r, k, "from")) {
            scope_items(r, k + 1);
            return;
        }
    }
}

/* The declared kind of column col_tok of the table at table_tok; -1 when the table has
 * no such column. */
static int table_column_kind(rw *r, size_t table_tok, size_t col_tok)
{
    char *table = ident_text(r, table_tok);
    char *col = ident_text(r, col_tok);
    char *decl = table && col ? declared_type(r, table, col) : NULL;
    int kind = decl ? (int)kind_of_declared(decl) : -1;
    sqlite3_free(decl);
    sqlite3_free(table);
    sqlite3_free(col);
    return kind;
}

/*
 * A value of type `kind` written from `start`, stored into column col_tok (0: the
 * column at position `index`) of the table at table_tok: a numeric or a double going
 * into an integer column is rounded and range-checked there, as PostgreSQL's
 * assignment cast does (SQLite's INTEGER affinity would keep 2.5).
 */
static void assignment_cast(rw *r, size_t start, pg_kind kind, size_t table_tok, size_t col_tok,
                            int index)
{
    if ((kind != K_NUMERIC && kind != K_FLOAT) || !table_tok || r->rc)
        return;
    int target = -1;
    if (col_tok) {
        target = table_column_kind(r, table_tok, col_tok);
    } else {
        char *table = ident_text(r, table_tok);
        pg_state *st = r->t->state;
        sqlite3_stmt *stmt = NULL;
        if (table && st &&
            sqlite3_prepare_v2(st->db, "SELECT type FROM pragma_table_info(?1) LIMIT 1 OFFSET ?2",
                               -1, &stmt, NULL) == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
            sqlite3_bind_int(stmt, 2, index);
            if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
                target = (int)kind_of_declared((const char *)sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
        sqlite3_free(table);
    }
    if (target < 0 || !is_int_kind((pg_kind)target))
        return;
    insert_at(r, start, kind == K_NUMERIC ? "pg_cast_numeric(" : "pg_cast(");
    outf(r, ", '%s') ", target == K_INT2 ? "int2" : target == K_INT4 ? "int4" : "int8");
}

/* Do the names at token positions a and b match (as PostgreSQL folds unquoted ones)? */
static int same_name(rw *r, size_t a, size_t b)
{
    char *x = ident_text(r, a), *y = ident_text(r, b);
    int same = x && y && sqlite3_stricmp(x, y) == 0;
    sqlite3_free(x);
    sqlite3_free(y);
    return same;
}

/* The type of column col_tok of the CTE (or derived table) named at cte_tok, whose
 * columns the list at names_tok names (0: its select list does); -1 when it has no
 * such column. */
static int cte_column_kind(rw *r, size_t cte_tok, size_t names_tok, size_t col_tok)
{
    int index = -1;
    if (names_tok) {
        /* The position of the name in the list (a, b, c). */
        int at = 0;
        for (size_t k = names_tok + 1; k < r->n && r->tk[r->at[k]].type != LW_TK_RPAREN; k++) {
            if (r->tk[r->at[k]].type == LW_TK_COMMA)
                at++;
            else if (index < 0 && same_name(r, k, col_tok))
                index = at;
        }
        if (index < 0)
            return -1;
    }
    for (int i = 0; i < r->n_cte_cols; i++) {
        const cte_column *c = &r->cte_cols[i];
        if (c->cte_tok < r->n && same_name(r, c->cte_tok, cte_tok) &&
            (names_tok ? c->index == index : c->name_tok && same_name(r, c->name_tok, col_tok)))
            return (int)c->kind;
    }
    return -1;
}

/*
 * The type of a column reference (qual_tok 0: unqualified): the innermost FROM item
 * that has it, as PostgreSQL resolves names. An item whose columns are unknown
 * (subquery, CTE) at the level where the search stops makes the type unknown.
 */
static pg_kind column_kind(rw *r, size_t qual_tok, size_t col_tok)
{
    if (r->scope_full || !r->t->state)
        return K_UNKNOWN;
    char *qual = qual_tok ? ident_text(r, qual_tok) : NULL;
    if (qual_tok && !qual)
        return K_UNKNOWN;
    int kind = -1;
    if (qual && r->insert_table && !sqlite3_stricmp(qual, "excluded")) {
        kind = table_column_kind(r, r->insert_table, col_tok);
    } else {
        int opaque_level = -1;
        for (int i = r->n_scope - 1; i >= 0 && kind < 0; i--) {
            const scope_item *it = &r->scope[i];
            if (opaque_level >= 0 && it->level < opaque_level)
                break; /* the unknown columns of that level may hold the name */
            if (qual) {
                char *alias = ident_text(r, it->alias_tok);
                int match = alias && sqlite3_stricmp(alias, qual) == 0;
                sqlite3_free(alias);
                if (!match)
                    continue;
                kind = it->table_tok ? table_column_kind(r, it->table_tok, col_tok)
                       : it->cte_tok ? cte_column_kind(r, it->cte_tok, it->names_tok, col_tok)
                                     : K_UNKNOWN;
                break;
            }
            if (it->table_tok)
                kind = table_column_kind(r, it->table_tok, col_tok);
            else if (!it->cte_tok ||
                     (kind = cte_column_kind(r, it->cte_tok, it->names_tok, col_tok)) < 0)
                opaque_level = it->level;
        }
    }
    sqlite3_free(qual);
    return kind < 0 ? K_UNKNOWN : (pg_kind)kind;
}

/*
 * A RETURNING column whose stored value the dialect's triggers convert after the row
 * is written (SQLite's RETURNING does not see that): the same conversion written
 * around the column, so RETURNING answers what the row holds. Returns 1 when it wrote
 * the column (as "conversion AS name"), 0 when the column needs nothing.
 */
static int returning_column(rw *r, const char *name, const char *alias, int col)
{
    char *table = ident_text(r, r->write_table);
    char *type = table ? declared_type(r, table, name) : NULL;
    int done = 1;
    long long p = 0, sc = 0;
    const char *kind = NULL;
    if (!type)
        done = 0;
    else if (sscanf(type, "NUMERIC_TEXT(%lld,%lld)", &p, &sc) == 2)
        outf(r, "decimal(\"%w\", %lld, %lld) ", name, p, sc);
    else if (!sqlite3_stricmp(type, "NUMERIC_TEXT"))
        outf(r, "decimal(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "JSONB"))
        outf(r, "pg_jsonb(\"%w\") ", name);
    else if (!sqlite3_stricmp(type, "BOOLEAN"))
        kind = "bool";
    else if (!sqlite3_stricmp(type, "UUID"))
        kind = "uuid";
    else if (!sqlite3_stricmp(type, "DATE"))
        kind = "date";
    else if (!sqlite3_stricmp(type, "TIMESTAMP"))
        kind = "timestamp";
    else if (!sqlite3_stricmp(type, "TIMESTAMPTZ"))
        kind = "timestamptz";
    else if (!sqlite3_stricmp(type, "BYTEA"))
        kind = "bytea";
    else
        done = 0;
    if (kind)
        outf(r, "pg_assign(\"%w\", '%s') ", name, kind);
    if (done) {
        outf(r, "AS \"%w\" ", alias ? alias : name);
        if (kind && !strcmp(kind, "bool") && col < 64)
            r->bool_cols |= (uint64_t)1 << col;
    }
    sqlite3_free(type);
    sqlite3_free(table);
    return done;
}

/* RETURNING *: every column of the written table, converted as returning_column does.
 * Returns the number of columns written, 0 when the schema is not at hand. */
static int returning_star(rw *r)
{
    const pg_state *s = r->t->state;
    char *table = ident_text(r, r->write_table);
    sqlite3_stmt *stmt = NULL;
    int n = 0;
    if (s && table &&
        sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)", -1, &stmt, NULL) ==
            SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            char *name = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            if (!name)
                break;
            if (n)
                out(r, ", ");
            if (!returning_column(r, name, NULL, n))
                outf(r, "\"%w\" ", name);
            sqlite3_free(name);
            n++;
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    return n;
}

/* A select list item of a subquery whose type its users may ask for: the first one
 * (a scalar subquery's type) and, in a CTE's body, each by its name. The item's
 * tokens start at first and end before the current one. */
static void note_result_column(rw *r, int col, size_t first, const expr *e)
{
    pg_kind kind = e->is_bool ? K_BOOL : e->type;
    if (col == 0)
        r->result_type = kind;
    if (!r->result_cte || r->n_cte_cols >= LW_PG_MAX_CTE_COLUMNS)
        return;
    size_t name = 0, last = r->p - 1;
    if (word(r, "as"))
        name = r->p + 1;
    else if ((type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0)) || type_at(r, 0, LW_TK_QIDENT))
        name = r->p;
    else if (r->p > first && last < r->n &&
             (r->tk[r->at[last]].type == LW_TK_WORD || r->tk[r->at[last]].type == LW_TK_QIDENT) &&
             (last == first || r->tk[r->at[last - 1]].type == LW_TK_DOT))
        name = last;
    cte_column *c = &r->cte_cols[r->n_cte_cols++];
    c->cte_tok = r->result_cte;
    c->name_tok = name < r->n ? name : 0;
    c->index = col;
    c->kind = kind;
    c->of_values = 0;
}

static void select_items(rw *r, int top)
{
    int col = 0;
    int returning = r->bare_columns && r->write_table && r->t->state;
    for (;;) {
        if (returning && op_at(r, 0, "*") && (type_at(r, 1, LW_TK_COMMA) || r->p + 1 >= r->n)) {
            int n = returning_star(r);
            if (n) {
                skip(r);
                col += n;
                if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
                    break;
                emit(r);
                continue;
            }
        }
        if (returning) {
            size_t k = type_at(r, 1, LW_TK_DOT) ? 2 : 0;
            const lw_token *id = tok_at(r, k);
            int ends =
                type_at(r, k + 1, LW_TK_COMMA) || r->p + k + 1 >= r->n || word_at(r, k + 1, "as");
            if (id && (id->type == LW_TK_WORD || id->type == LW_TK_QIDENT) && ends) {
                char *name = ident_text(r, r->p + k);
                char *alias = word_at(r, k + 1, "as") && tok_at(r, k + 2)
                                  ? ident_text(r, r->p + k + 2)
                                  : NULL;
                int written = name && returning_column(r, name, alias, col);
                sqlite3_free(name);
                sqlite3_free(alias);
                if (written) {
                    r->p += k + 1;
                    if (word(r, "as"))
                        r->p += 2;
                    col++;
                    if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
                        break;
                    emit(r);
                    continue;
                }
            }
        }
        size_t item_first = r->p;
        expr e = parse_expr(r, 0);
        if (top && e.is_bool && col < 64)
            r->bool_cols |= (uint64_t)1 << col;
        if (r->scope_level == r->result_level && r->result_items < 0)
            note_result_column(r, col, item_first, &e);
        if (e.numeric_literal && !r->in_values) {
            /* SELECT 1.10 shows 1.10 (a numeric), not SQLite's REAL 1.1. */
            quote_numeric_literal(r, e.start, here(r));
            insert_at(r, e.start, "decimal(");
            out(r, ") ");
            numeric_result(r, e.start);
        }
        if (r->insert_table && r->scope_level == 0 && !r->bare_columns)
            /* INSERT ... SELECT: the item goes into the column at its position. */
            assignment_cast(r, e.start, e.is_bool ? K_BOOL : e.type, r->insert_table,
                            r->n_insert_cols < 0     ? 0
                            : col < r->n_insert_cols ? r->insert_cols[col]
                                                     : 0,
                            col);
        if (word(r, "as")) {
            emit(r);
            emit(r);
        } else if ((type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0)) ||
                   type_at(r, 0, LW_TK_QIDENT)) {
            out(r, "AS ");
            emit(r);
        } else if (type_at(r, 0, LW_TK_STRING)) {
            /* SQLite would take the string as a column alias; PostgreSQL refuses. */
            const lw_token *t = tok_at(r, 0);
            lw_dialect_error_set(r->t->err, "42601", 1064, "syntax error at or near \"%.*s\"",
                                 (int)t->length, r->sql + t->offset);
            fail(r, LW_ESYNTAX);
            return;
        }
        col++;
        if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
            break;
        emit(r);
    }
    if (r->scope_level == r->result_level && r->result_items < 0)
        r->result_items = col;
}

/* A FROM item that is a function call: generate_series(...) [AS] alias [(col)]. The
 * function's column takes the alias' name (or the column list's), as in PostgreSQL. */
static void table_function(rw *r)
{
    char *fname = tok_text(r, 0);
    if (!fname)
        return;
    for (char *c = fname; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    if (strcmp(fname, "generate_series") != 0) {
        refuse(r, "the set-returning function %s() in FROM", fname);
        sqlite3_free(fname);
        return;
    }
    size_t start = here(r);
    function_call(r, NULL);
    char *call = take_from(r, start);
    char *alias = NULL, *column = NULL;
    if (word(r, "as"))
        skip(r);
    if ((type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0)) || type_at(r, 0, LW_TK_QIDENT)) {
        alias = tok_text(r, 0);
        skip(r);
        if (type_at(r, 0, LW_TK_LPAREN)) {
            skip(r);
            column = tok_text(r, 0);
            skip(r);
            if (!type_at(r, 0, LW_TK_RPAREN))
                refuse(r, "a column list of more than one name for %s()", fname);
            skip(r);
        }
    }
    const char *col = column ? column : alias ? alias : fname;
    const char *al = alias ? alias : fname;
    if (call)
        outf(r, "(SELECT value AS %s FROM %s) AS %s ", col, call, al);
    sqlite3_free(call);
    sqlite3_free(alias);
    sqlite3_free(column);
    sqlite3_free(fname);
}

/* LIMIT n / OFFSET n / FETCH FIRST n ROWS ONLY in any order, written in SQLite's. */
static void limit_clause(rw *r)
{
    char *limit = NULL, *offset = NULL;
    while (!r->rc) {
        if (word(r, "limit")) {
            skip(r);
            size_t s = here(r);
            if (word(r, "all")) {
                skip(r);
                out(r, "-1");
            } else {
                parse_expr(r, 0);
            }
            sqlite3_free(limit);
            limit = take_from(r, s);
        } else if (word(r, "offset")) {
            skip(r);
            size_t s = here(r);
            parse_expr(r, 0);
            sqlite3_free(offset);
            offset = take_from(r, s);
            if (word(r, "row") || word(r, "rows"))
                skip(r);
        } else if (word(r, "fetch")) {
            skip(r);
            if (word(r, "first") || word(r, "next"))
                skip(r);
            size_t s = here(r);
            if (word(r, "row") || word(r, "rows"))
                out(r, "1");
            else
                parse_expr(r, 0);
            sqlite3_free(limit);
            limit = take_from(r, s);
            if (word(r, "row") || word(r, "rows"))
                skip(r);
            if (word(r, "with") && word_at(r, 1, "ties")) {
                refuse(r, "FETCH ... WITH TIES");
                break;
            }
            if (word(r, "only"))
                skip(r);
        } else {
            break;
        }
    }
    if (limit || offset)
        outf(r, "LIMIT %s ", limit ? limit : "-1");
    if (offset)
        outf(r, "OFFSET %s ", offset);
    sqlite3_free(limit);
    sqlite3_free(offset);
}

/*
 * SELECT DISTINCT ON (keys) items FROM ... [ORDER BY ...] [LIMIT ...]: the first row
 * of each group of keys in the ORDER BY order, written as a window query:
 *   SELECT c1 AS n1, ... FROM (SELECT items AS c1.., row_number() OVER (PARTITION BY
 *   keys ORDER BY order) AS lw_rn, order keys AS o1.. FROM ...) WHERE lw_rn = 1
 *   ORDER BY o1 ..
 * The words SELECT DISTINCT ON were consumed; the output of SELECT is at `start`.
 */
static void distinct_on(rw *r, size_t start)
{
    r->t->out->len = start;
    if (r->t->out->s)
        r->t->out->s[start] = 0;
    skip(r); /* ( */
    size_t ks = here(r);
    for (;;) {
        parse_expr(r, 0);
        if (!type_at(r, 0, LW_TK_COMMA))
            break;
        emit(r);
    }
    char *keys = take_from(r, ks);
    skip(r); /* ) */
    /* The items, each with its output name. */
    lw_sqlbuf names = {0}, inner = {0};
    int col = 0;
    for (;;) {
        size_t is = here(r);
        size_t first_tok = r->p;
        parse_expr(r, 0);
        size_t last_tok = r->p - 1;
        char *item = take_from(r, is);
        char *name = NULL;
        if (word(r, "as")) {
            skip(r);
            name = tok_text(r, 0);
            skip(r);
        } else if ((type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0)) ||
                   type_at(r, 0, LW_TK_QIDENT)) {
            name = tok_text(r, 0);
            skip(r);
        } else if (last_tok < r->n &&
                   (r->tk[r->at[last_tok]].type == LW_TK_WORD ||
                    r->tk[r->at[last_tok]].type == LW_TK_QIDENT) &&
                   (last_tok == first_tok || r->tk[r->at[last_tok - 1]].type == LW_TK_DOT)) {
            const lw_token *t = &r->tk[r->at[last_tok]];
            name = sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset);
        } else {
            name = sqlite3_mprintf("\"?column?\"");
        }
        col++;
        lw_sqlbuf_appendf(&inner, "%s%s AS lw_c%d", col > 1 ? ", " : "", item ? item : "", col);
        lw_sqlbuf_appendf(&names, "%slw_c%d AS %s", col > 1 ? ", " : "", col, name ? name : "x");
        sqlite3_free(item);
        sqlite3_free(name);
        if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
            break;
        skip(r);
    }
    /* FROM ... up to ORDER BY / LIMIT / the end. */
    size_t fs = here(r);
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN) &&
           !(word(r, "order") && word_at(r, 1, "by")) && !word(r, "limit") && !word(r, "offset") &&
           !word(r, "fetch")) {
        if (type_at(r, 0, LW_TK_LPAREN) && starts_query(r, 1))
            subquery(r);
        else if (word(r, "from") || word(r, "where") || word(r, "group") || word(r, "having") ||
                 word(r, "by") || type_at(r, 0, LW_TK_COMMA) || word(r, "join") || word(r, "on") ||
                 word(r, "as") || word(r, "left") || word(r, "inner"))
            emit(r);
        else
            parse_expr(r, 0);
    }
    char *rest = take_from(r, fs);
    /* ORDER BY keys: inside the window and, by position, outside. */
    lw_sqlbuf win = {0}, outer = {0}, keycols = {0};
    int nkeys = 0;
    if (word(r, "order") && word_at(r, 1, "by")) {
        r->p += 2;
        for (;;) {
            size_t os = here(r);
            parse_expr(r, 0);
            char *key = take_from(r, os);
            const char *dir = "";
            if (word(r, "desc")) {
                dir = " DESC";
                skip(r);
            } else if (word(r, "asc")) {
                skip(r);
            }
            const char *nulls = *dir ? " NULLS FIRST" : " NULLS LAST";
            if (word(r, "nulls")) {
                nulls = word_at(r, 1, "first") ? " NULLS FIRST" : " NULLS LAST";
                r->p += 2;
            }
            nkeys++;
            lw_sqlbuf_appendf(&win, "%s%s%s%s", nkeys > 1 ? ", " : "", key ? key : "", dir, nulls);
            lw_sqlbuf_appendf(&keycols, ", %s AS lw_o%d", key ? key : "", nkeys);
            lw_sqlbuf_appendf(&outer, "%slw_o%d%s%s", nkeys > 1 ? ", " : "", nkeys, dir, nulls);
            sqlite3_free(key);
            if (!type_at(r, 0, LW_TK_COMMA) || r->rc)
                break;
            skip(r);
        }
    }
    if (!names.oom && !inner.oom && keys && rest) {
        outf(r,
             "SELECT %s FROM (SELECT %s, row_number() OVER (PARTITION BY %s%s%s) AS lw_rn%s %s) "
             "WHERE lw_rn = 1 ",
             names.s ? names.s : "", inner.s ? inner.s : "", keys, nkeys ? " ORDER BY " : "",
             win.s ? win.s : "", keycols.s ? keycols.s : "", rest);
        if (nkeys)
            outf(r, "ORDER BY %s ", outer.s);
    }
    sqlite3_free(keys);
    sqlite3_free(rest);
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&inner);
    lw_sqlbuf_free(&win);
    lw_sqlbuf_free(&outer);
    lw_sqlbuf_free(&keycols);
    limit_clause(r);
}

/* The name of token k as the schema spells it: quotes removed (sqlite3_free). */
static char *ident_text(rw *r, size_t tok)
{
    const lw_token *t = &r->tk[r->at[tok]];
    if (t->type == LW_TK_QIDENT && t->length >= 2)
        return sqlite3_mprintf("%.*s", (int)t->length - 2, r->sql + t->offset + 1);
    return sqlite3_mprintf("%.*s", (int)t->length, r->sql + t->offset);
}

/* INSERT INTO name [(cols)]: remembers the table and its column list for DEFAULT. */
static void note_insert_target(rw *r)
{
    size_t k = 2;
    while (type_at(r, k + 1, LW_TK_DOT))
        k += 2;
    if (!type_at(r, k, LW_TK_WORD) && !type_at(r, k, LW_TK_QIDENT))
        return;
    r->insert_table = r->p + k;
    r->write_table = r->p + k;
    r->n_insert_cols = -1;
    push_scope(r, r->insert_table, r->insert_table, 0, 0);
    k++;
    if (word_at(r, k, "as"))
        k += 2;
    if (!type_at(r, k, LW_TK_LPAREN) || starts_query(r, k + 1))
        return;
    r->n_insert_cols = 0;
    for (k++; r->p + k < r->n && !type_at(r, k, LW_TK_RPAREN); k++)
        if (!type_at(r, k, LW_TK_COMMA) && r->n_insert_cols < 64)
            r->insert_cols[r->n_insert_cols++] = r->p + k;
}

/* The default of column `index` of the INSERT's row (its column list's, or the
 * table's order), as the schema writes it. DEFAULT inside VALUES is PostgreSQL's;
 * SQLite has it only as DEFAULT VALUES. */
static void column_default(rw *r, int index)
{
    const pg_state *s = r->t->state;
    if (!s || !r->insert_table) {
        refuse(r, "DEFAULT inside VALUES here");
        return;
    }
    char *table = ident_text(r, r->insert_table);
    char *col = r->n_insert_cols >= 0 && index < r->n_insert_cols
                    ? ident_text(r, r->insert_cols[index])
                    : NULL;
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (table && sqlite3_prepare_v2(s->db, "SELECT name, dflt_value FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        for (int k = 0; sqlite3_step(stmt) == SQLITE_ROW; k++) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            if (col ? (name && sqlite3_stricmp(name, col) == 0) : k == index) {
                const char *dflt = (const char *)sqlite3_column_text(stmt, 1);
                outf(r, "%s ", dflt ? dflt : "NULL");
                found = 1;
                break;
            }
        }
    }
    sqlite3_finalize(stmt);
    if (!found)
        refuse(r, "DEFAULT for a column this statement cannot find");
    sqlite3_free(table);
    sqlite3_free(col);
}

/* VALUES (...), (...) of an INSERT, with DEFAULT items replaced by the defaults. As the
 * body of a CTE or a derived table, its columns are recorded with the common type of
 * their rows (an unknown-typed string is text), as a select list's are. */
static void values_rows(rw *r)
{
    int first_list = r->scope_level == r->result_level && r->result_items < 0;
    int record = first_list && r->result_cte;
    int first_entry = r->n_cte_cols, columns = 0;
    /* The items of a query's VALUES, so that a numeric column's integers become numerics
     * once the column's type is known (its rows compare and sort as numbers). */
    struct {
        size_t start, end;
        int col;
        pg_kind kind;
    } items[LW_PG_MAX_VALUES_ITEMS];
    int n_items = 0, items_full = 0;
    pg_kind kinds[LW_PG_MAX_VALUES_ITEMS];
    for (int i = 0; i < LW_PG_MAX_VALUES_ITEMS; i++)
        kinds[i] = K_NULL;
    emit(r); /* VALUES */
    for (int row = 0; !r->rc && type_at(r, 0, LW_TK_LPAREN); row++) {
        emit(r);
        for (int col = 0; !r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN); col++) {
            if (word(r, "default") && (type_at(r, 1, LW_TK_COMMA) || type_at(r, 1, LW_TK_RPAREN))) {
                skip(r);
                column_default(r, col);
            } else {
                size_t item_start = here(r);
                expr e = parse_expr(r, 0);
                pg_kind kind = e.is_bool ? K_BOOL : e.type;
                if (kind == K_UNKNOWN_LITERAL)
                    kind = K_TEXT;
                if (first_list && n_items < LW_PG_MAX_VALUES_ITEMS &&
                    col < LW_PG_MAX_VALUES_ITEMS) {
                    items[n_items].start = item_start;
                    items[n_items].end = here(r);
                    items[n_items].col = col;
                    items[n_items++].kind = e.numeric_literal ? K_UNKNOWN_LITERAL : kind;
                    kinds[col] = kind == K_NULL         ? kinds[col]
                                 : kinds[col] == K_NULL ? kind
                                                        : common_kind(kinds[col], kind);
                } else if (first_list) {
                    items_full = 1;
                }
                if (first_list && row == 0 && col == 0)
                    r->result_type = kind;
                else if (first_list && col == 0 && kind != K_NULL)
                    r->result_type =
                        r->result_type == K_NULL ? kind : common_kind(r->result_type, kind);
                if (record && row == 0 && r->n_cte_cols < LW_PG_MAX_CTE_COLUMNS) {
                    cte_column *c = &r->cte_cols[r->n_cte_cols++];
                    c->cte_tok = r->result_cte;
                    c->name_tok = 0;
                    c->index = col;
                    c->kind = kind;
                    c->of_values = 1;
                    columns++;
                } else if (record && col < columns && kind != K_NULL) {
                    cte_column *c = &r->cte_cols[first_entry + col];
                    c->kind = c->kind == K_NULL ? kind : common_kind(c->kind, kind);
                }
                if (first_list && row == 0 && !record)
                    columns++;
                if (!first_list && r->insert_table)
                    assignment_cast(r, item_start, kind, r->insert_table,
                                    r->n_insert_cols < 0     ? 0
                                    : col < r->n_insert_cols ? r->insert_cols[col]
                                                             : 0,
                                    col);
            }
            if (type_at(r, 0, LW_TK_COMMA))
                emit(r);
            else
                break;
        }
        if (type_at(r, 0, LW_TK_RPAREN))
            emit(r);
        if (!type_at(r, 0, LW_TK_COMMA))
            break;
        emit(r);
    }
    if (first_list)
        r->result_items = columns;
    /* Last item first, so that the earlier items' offsets hold. */
    for (int i = n_items - 1; i >= 0 && !items_full && !r->rc; i--) {
        pg_kind k = items[i].kind;
        if (kinds[items[i].col] == K_NUMERIC &&
            (is_int_kind(k) || k == K_UNKNOWN_LITERAL || k == K_UNKNOWN)) {
            insert_at(r, items[i].end, "AS NUMERIC_TEXT) COLLATE DECIMAL) ");
            insert_at(r, items[i].end, ") ");
            insert_at(r, items[i].start, "(CAST(decimal(");
        }
    }
}

/*
 * A derived table's column alias list, (query) [AS] alias (a, b), which SQLite's
 * grammar lacks: written (WITH _lw_cols (a, b) AS (query) SELECT * FROM _lw_cols) AS
 * alias, a CTE's column list naming the columns by position. The query was written
 * from query_start; the alias is k tokens ahead (after AS).
 */
static void derived_column_names(rw *r, size_t query_start, size_t k)
{
    char *query = take_from(r, query_start);
    r->p += k;
    size_t alias = r->p;
    skip(r);
    /* The columns the statement's dry run found (none when it could not type them). */
    int available = 0, named = 1;
    for (int i = 0; i < r->n_cte_cols; i++)
        available += r->cte_cols[i].cte_tok == alias;
    for (size_t j = 1; r->p + j < r->n && !type_at(r, j, LW_TK_RPAREN); j++)
        named += type_at(r, j, LW_TK_COMMA);
    if (available && named > available) {
        const lw_token *a = &r->tk[r->at[alias]];
        lw_dialect_error_set(r->t->err, "42P10", 1064,
                             "table \"%.*s\" has %d columns available but %d columns specified",
                             (int)a->length, r->sql + a->offset, available, named);
        fail(r, LW_ESYNTAX);
    }
    out(r, "(WITH _lw_cols ");
    emit(r); /* ( */
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN))
        emit_name(r); /* the names and their commas */
    /* Columns the list leaves out keep their names, as in PostgreSQL. */
    for (int index = named; !r->rc && index < available; index++) {
        const cte_column *c = NULL;
        for (int i = 0; i < r->n_cte_cols && !c; i++)
            if (r->cte_cols[i].cte_tok == alias && r->cte_cols[i].index == index)
                c = &r->cte_cols[i];
        out(r, ", ");
        if (c && c->of_values)
            outf(r, "column%d ", index + 1);
        else if (c && c->name_tok)
            emit_folded(r, c->name_tok);
        else
            refuse(r, "a column alias list that leaves out an unnamed column");
    }
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
    outf(r, "AS %s SELECT * FROM _lw_cols) AS ", query ? query : "");
    size_t after = r->p;
    r->p = alias;
    emit_name(r);
    r->p = after;
    sqlite3_free(query);
}

/*
 * The generic walker: writes clause words and punctuation as they are and hands
 * everything that starts an expression to parse_expr. Clause-specific forms (select
 * lists, FROM items, ORDER BY, LIMIT) are recognised by the word before them. Stops at
 * the end, or before an unbalanced ')' when stop_at_rparen.
 */
static void walk_until(rw *r, int stop_at_rparen)
{
    int top = r->depth == 0;
    int in_from = 0;
    while (!r->rc && !at_end(r)) {
        const lw_token *t = tok_at(r, 0);
        if (t->type == LW_TK_RPAREN) {
            if (stop_at_rparen)
                return;
            emit(r);
            continue;
        }
        if (t->type == LW_TK_LPAREN) {
            if (starts_query(r, 1)) {
                size_t query_start = here(r);
                subquery(r);
                size_t k = word(r, "as") ? 1 : 0;
                if (in_from && (type_at(r, k, LW_TK_WORD) || type_at(r, k, LW_TK_QIDENT)) &&
                    !is_clause_word(r, k) && type_at(r, k + 1, LW_TK_LPAREN))
                    derived_column_names(r, query_start, k);
            } else {
                emit(r);
                r->depth++;
                walk_until(r, 1);
                r->depth--;
                if (type_at(r, 0, LW_TK_RPAREN))
                    emit(r);
            }
            continue;
        }
        if (word(r, "select")) {
            size_t start = here(r);
            scope_from(r, 1);
            emit(r);
            in_from = 0;
            if (word(r, "distinct") && word_at(r, 1, "on")) {
                r->p += 2;
                distinct_on(r, start);
                continue;
            }
            if (word(r, "distinct") || word(r, "all"))
                emit(r);
            if (!word(r, "from") && !at_end(r))
                select_items(r, top && !r->bool_known);
            if (top)
                r->bool_known = 1;
            continue;
        }
        if (word(r, "returning")) {
            emit(r);
            /* SQLite's RETURNING knows only the target's bare column names. */
            r->bare_columns = 1;
            select_items(r, top && !r->bool_known);
            r->bare_columns = 0;
            if (top)
                r->bool_known = 1;
            continue;
        }
        if (word(r, "from") || word(r, "join") || (in_from && t->type == LW_TK_COMMA)) {
            emit(r);
            in_from = 1;
            if (word(r, "lateral")) {
                refuse(r, "LATERAL");
                return;
            }
            if (word(r, "only"))
                skip(r);
            if (type_at(r, 0, LW_TK_WORD) && type_at(r, 1, LW_TK_LPAREN) && !starts_query(r, 2))
                table_function(r);
            else if (type_at(r, 0, LW_TK_WORD) || type_at(r, 0, LW_TK_QIDENT)) {
                emit(r);
                while (type_at(r, 0, LW_TK_DOT)) {
                    emit(r);
                    emit(r);
                }
                if (word(r, "tablesample")) {
                    refuse(r, "TABLESAMPLE");
                    return;
                }
                if (type_at(r, 0, LW_TK_WORD) && !is_clause_word(r, 0))
                    out(r, "AS ");
            }
            continue;
        }
        if (word(r, "where") || word(r, "having") || word(r, "on") || word(r, "when")) {
            in_from = word(r, "on") ? in_from : 0;
            emit(r);
            if (!word(r, "conflict"))
                parse_expr(r, 0);
            continue;
        }
        if ((word(r, "group") || word(r, "partition")) && word_at(r, 1, "by")) {
            in_from = 0;
            emit(r);
            emit(r);
            for (;;) {
                parse_expr(r, 0);
                if (!type_at(r, 0, LW_TK_COMMA))
                    break;
                emit(r);
            }
            continue;
        }
        if (word(r, "order") && word_at(r, 1, "by")) {
            in_from = 0;
            emit(r);
            emit(r);
            order_items(r);
            continue;
        }
        if (word(r, "limit") || word(r, "offset") || word(r, "fetch")) {
            limit_clause(r);
            continue;
        }
        if (word(r, "insert") && word_at(r, 1, "into"))
            note_insert_target(r);
        if (word(r, "delete") && r->p == 0)
            scope_from(r, 1);
        if (word(r, "update") && r->p == 0) {
            scope_items(r, 1);
            scope_from(r, 1);
            size_t k = word_at(r, 1, "only") ? 2 : 1;
            while (type_at(r, k + 1, LW_TK_DOT))
                k += 2;
            if (type_at(r, k, LW_TK_WORD) || type_at(r, k, LW_TK_QIDENT))
                r->write_table = r->p + k;
        }
        if (word(r, "values")) {
            r->in_values = 1;
            values_rows(r);
            continue;
        }
        if (word(r, "on") || word(r, "returning") || word(r, "select"))
            r->in_values = 0;
        if (word(r, "set") || word(r, "values") || t->type == LW_TK_COMMA || word(r, "then") ||
            word(r, "else") || word(r, "by") || word(r, "using")) {
            int was_set = word(r, "set");
            emit(r);
            if (was_set) {
                /* SET col = expr, ... */
                in_from = 0;
            }
            continue;
        }
        if (t->type == LW_TK_OPERATOR && op_at(r, 0, "=")) {
            /* SET col = value (UPDATE, ON CONFLICT DO UPDATE) */
            size_t col = r->p > 0 && (r->tk[r->at[r->p - 1]].type == LW_TK_WORD ||
                                      r->tk[r->at[r->p - 1]].type == LW_TK_QIDENT)
                             ? r->p - 1
                             : 0;
            emit(r);
            size_t value_start = here(r);
            expr e = parse_expr(r, 0);
            if (col && r->write_table)
                assignment_cast(r, value_start, e.is_bool ? K_BOOL : e.type, r->write_table, col,
                                0);
            continue;
        }
        if (word(r, "into") || word(r, "update") || word(r, "insert") || word(r, "delete") ||
            word(r, "with") || word(r, "recursive") || word(r, "as") || word(r, "union") ||
            word(r, "intersect") || word(r, "except") || word(r, "all") || word(r, "do") ||
            word(r, "nothing") || word(r, "conflict") || word(r, "default") ||
            word(r, "distinct") || word(r, "left") || word(r, "right") || word(r, "inner") ||
            word(r, "outer") || word(r, "cross") || word(r, "full") || word(r, "natural") ||
            word(r, "window") || t->type == LW_TK_DOT || t->type == LW_TK_QIDENT ||
            (t->type == LW_TK_WORD && !type_at(r, 1, LW_TK_LPAREN) && !word(r, "not") &&
             !word(r, "exists") && !word(r, "case") && !word(r, "true") && !word(r, "false") &&
             !word(r, "null") && !word(r, "array") && !word(r, "current_timestamp") &&
             !word(r, "current_date"))) {
            if (word(r, "on") && word_at(r, 1, "constraint")) {
                refuse(r, "ON CONFLICT ON CONSTRAINT");
                return;
            }
            emit(r);
            continue;
        }
        parse_expr(r, 0);
    }
}

/* ---- DDL --------------------------------------------------------------------------------- */

typedef struct column_note {
    char name[64];
    pg_kind kind;
    long long mod1, mod2;
    int identity_always;
} column_note;

/* Writes a column type and the checks PostgreSQL makes on stored values. */
static void column_type(rw *r, const char *table, const char *col, int is_pk, int *identity,
                        lw_sqlbuf *norm)
{
    pg_type ty;
    if (parse_type(r, &ty))
        return;
    (void)is_pk;
    if (*identity && (ty.kind == K_INT2 || ty.kind == K_INT4 || ty.kind == K_INT8))
        ty.kind = ty.kind == K_INT2 ? K_SERIAL2 : ty.kind == K_INT4 ? K_SERIAL4 : K_SERIAL8;
    switch (ty.kind) {
    case K_SERIAL2:
    case K_SERIAL4:
    case K_SERIAL8:
        /* A sequence feeds the column, as in PostgreSQL: ids are never reused and an
         * explicit id does not move it. INT (not INTEGER) keeps the column apart from
         * SQLite's rowid, which would ignore the DEFAULT. */
        outf(r, "%s NOT NULL DEFAULT (pg_serial_nextval('%q_%q_seq')) ",
             ty.kind == K_SERIAL8   ? "BIGINT"
             : ty.kind == K_SERIAL2 ? "SMALLINT"
                                    : "INT",
             table, col);
        *identity = 1;
        return;
    case K_INT2:
    case K_INT4:
    case K_INT8:
        /* The range test runs inline; pg_assign is called only to raise PostgreSQL's
         * error (22003 out of range, 22P02 for text that is not a number, or for a
         * fraction the statement did not round: INTEGER affinity keeps 2.5 a REAL,
         * which "c" | 0 truncates; cheaper per row than typeof()). */
        outf(r,
             "%s CHECK ((\"%w\" BETWEEN %s AND \"%w\" = (\"%w\" | 0)) OR \"%w\" IS NULL OR "
             "pg_assign(\"%w\", '%s') IS NULL) ",
             ty.kind == K_INT2   ? "SMALLINT"
             : ty.kind == K_INT4 ? "INTEGER"
                                 : "BIGINT",
             col,
             ty.kind == K_INT2   ? "-32768 AND 32767"
             : ty.kind == K_INT4 ? "-2147483648 AND 2147483647"
                                 : "-9223372036854775808 AND 9223372036854775807",
             col, col, col, col,
             ty.kind == K_INT2   ? "int2"
             : ty.kind == K_INT4 ? "int4"
                                 : "int8");
        return;
    case K_NUMERIC:
        /* TEXT affinity keeps the decimal text exact; the declared name says NUMERIC and
         * the DECIMAL collation (decimal module) compares, sorts and groups the text as
         * numbers, also against numeric constants, which take the column's affinity. */
        if (ty.mod1 >= 0) {
            outf(r, "NUMERIC_TEXT(%lld,%lld) COLLATE DECIMAL ", ty.mod1,
                 ty.mod2 >= 0 ? ty.mod2 : 0);
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\", %lld, %lld)",
                              norm->len ? ", " : "", col, col, ty.mod1, ty.mod2 >= 0 ? ty.mod2 : 0);
        } else {
            out(r, "NUMERIC_TEXT COLLATE DECIMAL ");
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\")", norm->len ? ", " : "", col,
                              col);
        }
        return;
    case K_FLOAT:
        out(r, "DOUBLE PRECISION ");
        return;
    case K_TEXT:
        out(r, "TEXT ");
        return;
    case K_VARCHAR:
        if (ty.mod1 >= 0)
            outf(r,
                 "VARCHAR(%lld) CHECK (pg_assign(\"%w\", 'varchar', %lld) IS NOT NULL OR \"%w\" IS "
                 "NULL) ",
                 ty.mod1, col, ty.mod1, col);
        else
            out(r, "VARCHAR ");
        return;
    case K_BPCHAR:
        outf(r,
             "CHAR(%lld) CHECK (pg_assign(\"%w\", 'bpchar', %lld) IS NOT NULL OR \"%w\" IS NULL) ",
             ty.mod1, col, ty.mod1, col);
        return;
    case K_BOOL:
        outf(r, "BOOLEAN CHECK (pg_assign(\"%w\", 'bool') IS NOT NULL OR \"%w\" IS NULL) ", col,
             col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'bool')", norm->len ? ", " : "",
                          col, col);
        return;
    case K_BYTEA:
        outf(r, "BYTEA CHECK (pg_assign(\"%w\", 'bytea') IS NOT NULL OR \"%w\" IS NULL) ", col,
             col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'bytea')", norm->len ? ", " : "",
                          col, col);
        return;
    case K_JSON:
    case K_JSONB:
        outf(r, "%s CHECK (pg_assign(\"%w\", 'json') IS NOT NULL OR \"%w\" IS NULL) ",
             ty.kind == K_JSON ? "JSON" : "JSONB", col, col);
        /* jsonb stores its normal form (the last duplicate key, keys in jsonb's order,
         * numbers as numerics), so every operator and function reads what PostgreSQL
         * would; json keeps the text as written. */
        if (ty.kind == K_JSONB)
            lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'jsonb')",
                              norm->len ? ", " : "", col, col);
        return;
    case K_UUID:
        outf(r, "UUID CHECK (pg_assign(\"%w\", 'uuid') IS NOT NULL OR \"%w\" IS NULL) ", col, col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", 'uuid')", norm->len ? ", " : "",
                          col, col);
        return;
    case K_DATE:
    case K_TIMESTAMP:
    case K_TIMESTAMPTZ: {
        const char *n = ty.kind == K_DATE        ? "date"
                        : ty.kind == K_TIMESTAMP ? "timestamp"
                                                 : "timestamptz";
        outf(r, "%s CHECK (pg_assign(\"%w\", '%s') IS NOT NULL OR \"%w\" IS NULL) ",
             ty.kind == K_DATE        ? "DATE"
             : ty.kind == K_TIMESTAMP ? "TIMESTAMP"
                                      : "TIMESTAMPTZ",
             col, n, col);
        lw_sqlbuf_appendf(norm, "%s\"%w\" = pg_assign(NEW.\"%w\", '%s')", norm->len ? ", " : "",
                          col, col, n);
        return;
    }
    default:
        refuse(r, "the column type %s", ty.name);
    }
}

/* Does the column definition starting at the current token contain the word? */
static int column_has_word(const rw *r, const char *w)
{
    int level = 0;
    for (size_t k = 0; r->p + k < r->n; k++) {
        const lw_token *t = tok_at(r, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN) {
            if (level-- == 0)
                return 0;
        } else if (t->type == LW_TK_COMMA && level == 0)
            return 0;
        else if (level == 0 && word_at(r, k, w))
            return 1;
    }
    return 0;
}

/* Names of PostgreSQL's implicit constraints, so error messages can quote them. */
static void constraint_name(lw_sqlbuf *b, const char *table, const char *cols, const char *suffix)
{
    lw_sqlbuf_appendf(b, "%s_%s%s%s", table, cols, *cols ? "_" : "", suffix);
}

static int create_table(rw *r, int temp)
{
    (void)temp;
    /* CREATE [TEMP] TABLE [IF NOT EXISTS] name ( elements ) */
    size_t start = here(r);
    while (!at_end(r) && !word(r, "table"))
        emit(r);
    emit(r);
    if (word(r, "if")) {
        emit(r);
        emit(r);
        emit(r);
    }
    char *table = tok_text(r, 0);
    if (!table)
        return refuse(r, "CREATE TABLE without a name");
    char *bare = table;
    if (table[0] == '"') {
        size_t n = strlen(table);
        table[n - 1] = 0;
        bare = table + 1;
    }
    emit_name(r);
    while (type_at(r, 0, LW_TK_DOT)) {
        emit(r);
        sqlite3_free(table);
        table = tok_text(r, 0);
        bare = table ? table : "";
        emit_name(r);
    }
    if (word(r, "as") || word(r, "partition") || word(r, "of")) {
        if (!word(r, "as"))
            refuse(r, "CREATE TABLE ... PARTITION");
        walk_until(r, 0);
        sqlite3_free(table);
        return r->rc;
    }
    if (!type_at(r, 0, LW_TK_LPAREN)) {
        sqlite3_free(table);
        return refuse(r, "this form of CREATE TABLE");
    }
    emit(r);
    lw_sqlbuf norm = {0}, triggers = {0};
    int checks = 0;
    char **columns = NULL; /* the column names, for spellings SQLite cannot tell apart */
    int n_columns = 0;
    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN)) {
        if (word(r, "constraint") || word(r, "primary") || word(r, "unique") || word(r, "check") ||
            word(r, "foreign") || word(r, "exclude") || word(r, "like")) {
            /* A table constraint. */
            if (word(r, "exclude") || word(r, "like")) {
                refuse(r, "%s in CREATE TABLE", word(r, "like") ? "LIKE" : "EXCLUDE");
                break;
            }
            if (word(r, "check")) {
                lw_sqlbuf nm = {0};
                constraint_name(&nm, bare, "", checks++ ? "check1" : "check");
                outf(r, "CONSTRAINT \"%w\" ", nm.s ? nm.s : "");
                lw_sqlbuf_free(&nm);
            }
            while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_COMMA) &&
                   !type_at(r, 0, LW_TK_RPAREN)) {
                if (type_at(r, 0, LW_TK_LPAREN)) {
                    emit(r);
                    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN))
                        parse_expr(r, 0), type_at(r, 0, LW_TK_COMMA) ? emit(r) : (void)0;
                    emit(r);
                } else {
                    emit(r);
                }
            }
        } else {
            /* A column: name type [constraints]. */
            char *col = tok_text(r, 0);
            char *bcol = col;
            if (col && col[0] == '"') {
                col[strlen(col) - 1] = 0;
                bcol = col + 1;
            }
            int is_pk = column_has_word(r, "primary");
            emit_name(r);
            char **grown = sqlite3_realloc64(columns, (size_t)(n_columns + 1) * sizeof *columns);
            char *copy = grown ? sqlite3_mprintf("%s", bcol ? bcol : "") : NULL;
            if (grown)
                columns = grown;
            if (copy)
                columns[n_columns++] = copy;
            else
                r->t->out->oom = 1;
            int identity = column_has_word(r, "identity");
            int named = 0; /* the next column constraint has a CONSTRAINT name */
            column_type(r, bare, bcol ? bcol : "", is_pk, &identity, &norm);
            while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_COMMA) &&
                   !type_at(r, 0, LW_TK_RPAREN)) {
                if (word(r, "primary") && word_at(r, 1, "key")) {
                    emit(r);
                    emit(r);
                } else if (word(r, "generated")) {
                    /* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)] */
                    int always = word_at(r, 1, "always");
                    size_t k = always ? 2 : 3;
                    if (!word_at(r, k, "as") || !word_at(r, k + 1, "identity")) {
                        refuse(r, "generated columns");
                        break;
                    }
                    r->p += k + 2;
                    if (type_at(r, 0, LW_TK_LPAREN)) {
                        refuse(r, "identity sequence options");
                        break;
                    }
                    if (always)
                        lw_sqlbuf_appendf(&triggers,
                                          "CREATE TRIGGER \"_lw_identity_%w_%w\" BEFORE INSERT ON "
                                          "\"%w\" WHEN NEW.\"%w\" IS NOT "
                                          "pg_serial_last('%q_%q_seq') BEGIN SELECT "
                                          "RAISE(ABORT, 'PG-428C9: cannot insert a non-DEFAULT "
                                          "value into column \"%w\"'); END;",
                                          bare, bcol, bare, bcol, bare, bcol, bcol);
                } else if (word(r, "default")) {
                    skip(r);
                    out(r, "DEFAULT (");
                    parse_expr(r, BP_IS);
                    out(r, ") ");
                } else if (word(r, "references")) {
                    emit(r);
                    emit(r);
                    if (type_at(r, 0, LW_TK_LPAREN)) {
                        emit(r);
                        while (!at_end(r) && !type_at(r, 0, LW_TK_RPAREN))
                            emit(r);
                        emit(r);
                    }
                } else if (word(r, "check")) {
                    if (!named) {
                        lw_sqlbuf nm = {0};
                        constraint_name(&nm, bare, bcol ? bcol : "", "check");
                        outf(r, "CONSTRAINT \"%w\" ", nm.s ? nm.s : "");
                        lw_sqlbuf_free(&nm);
                    }
                    emit(r);
                    parse_expr(r, 0);
                } else if (word(r, "constraint")) {
                    emit(r);
                    emit(r);
                    named = 1;
                    continue;
                } else if (word(r, "collate")) {
                    emit(r);
                    if (word(r, "c") || word(r, "posix")) {
                        skip(r);
                        out(r, "BINARY ");
                    } else {
                        emit(r);
                    }
                } else {
                    emit(r);
                    continue;
                }
                named = 0;
            }
            sqlite3_free(col);
        }
        if (type_at(r, 0, LW_TK_COMMA))
            emit(r);
    }
    if (type_at(r, 0, LW_TK_RPAREN))
        emit(r);
    int twin_a, twin_b;
    if (!r->rc && lw_pg_case_twins(columns, n_columns, &twin_a, &twin_b))
        refuse(r, "a table with columns \"%s\" and \"%s\" (names that differ only in case)",
               columns[twin_a], columns[twin_b]);
    for (int i = 0; i < n_columns; i++)
        sqlite3_free(columns[i]);
    sqlite3_free(columns);
    if (word(r, "inherits") || word(r, "partition") || word(r, "with") || word(r, "tablespace")) {
        refuse(r, "CREATE TABLE ... %s",
               word(r, "inherits")    ? "INHERITS"
               : word(r, "partition") ? "PARTITION BY"
               : word(r, "with")      ? "WITH (...)"
                                      : "TABLESPACE");
    }
    if (!at_end(r) && !r->rc)
        walk_until(r, 0);
    if (!r->rc && (norm.len || triggers.len)) {
        /* Values PostgreSQL converts on the way in (booleans, NUMERIC scale, CHAR
         * padding, UUID and timestamp forms) are converted by triggers after the row is
         * written; the statement becomes one call that creates the table and them. */
        char *create = take_from(r, start);
        lw_sqlbuf all = {0};
        lw_sqlbuf_appendf(&all, "%s;", create ? create : "");
        if (norm.len) {
            lw_sqlbuf_appendf(&all,
                              "CREATE TRIGGER \"_lw_norm_i_%w\" AFTER INSERT ON \"%w\" BEGIN "
                              "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                              bare, bare, bare, norm.s);
            lw_sqlbuf_appendf(&all,
                              "CREATE TRIGGER \"_lw_norm_u_%w\" AFTER UPDATE ON \"%w\" BEGIN "
                              "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                              bare, bare, bare, norm.s);
        }
        if (triggers.len)
            lw_sqlbuf_appends(&all, triggers.s);
        outf(r, "SELECT 1 WHERE typeof(pg_exec(%Q)) = 'none'", all.s ? all.s : "");
        if (all.oom)
            r->t->out->oom = 1;
        sqlite3_free(create);
        lw_sqlbuf_free(&all);
    }
    lw_sqlbuf_free(&norm);
    lw_sqlbuf_free(&triggers);
    sqlite3_free(table);
    return r->rc;
}

/* CREATE SEQUENCE [IF NOT EXISTS] name [options] -> pg_create_sequence(...) */
static int create_sequence(rw *r)
{
    int if_not_exists = 0;
    if (word(r, "if")) {
        r->p += 3;
        if_not_exists = 1;
    }
    char *name = tok_text(r, 0);
    skip(r);
    long long start = 0, inc = 1, minv = 0, maxv = 0;
    int has_start = 0, has_min = 0, has_max = 0;
    while (!r->rc && !at_end(r)) {
        int neg = 0;
        long long *target = NULL;
        int *flag = NULL;
        if (word(r, "start")) {
            skip(r);
            if (word(r, "with"))
                skip(r);
            target = &start;
            flag = &has_start;
        } else if (word(r, "increment")) {
            skip(r);
            if (word(r, "by"))
                skip(r);
            target = &inc;
        } else if (word(r, "minvalue")) {
            skip(r);
            target = &minv;
            flag = &has_min;
        } else if (word(r, "maxvalue")) {
            skip(r);
            target = &maxv;
            flag = &has_max;
        } else if (word(r, "no") || word(r, "cache") || word(r, "as")) {
            skip(r);
            if (word(r, "minvalue") || word(r, "maxvalue") || word(r, "cycle") ||
                word(r, "bigint") || word(r, "integer") || word(r, "smallint") ||
                type_at(r, 0, LW_TK_NUMBER))
                skip(r);
            continue;
        } else if (word(r, "cycle") || word(r, "owned")) {
            refuse(r, "CREATE SEQUENCE ... %s", word(r, "cycle") ? "CYCLE" : "OWNED BY");
            break;
        } else {
            refuse(r, "this CREATE SEQUENCE option");
            break;
        }
        if (op_at(r, 0, "-")) {
            neg = 1;
            skip(r);
        }
        if (read_int_token(r, target)) {
            refuse(r, "this CREATE SEQUENCE value");
            break;
        }
        if (neg)
            *target = -*target;
        if (flag)
            *flag = 1;
    }
    char *lit = name ? sqlite3_mprintf("%Q", name) : NULL;
    outf(r, "SELECT 1 WHERE typeof(pg_create_sequence(%s, ", lit ? lit : "NULL");
    sqlite3_free(lit);
    if (has_start)
        outf(r, "%lld, ", start);
    else
        out(r, "NULL, ");
    outf(r, "%lld, ", inc);
    if (has_min)
        outf(r, "%lld, ", minv);
    else
        out(r, "NULL, ");
    if (has_max)
        outf(r, "%lld, ", maxv);
    else
        out(r, "NULL, ");
    outf(r, "%d)) = 'none'", if_not_exists);
    r->consumed = 1;
    sqlite3_free(name);
    return r->rc;
}

/* ---- SET, SHOW, RESET ----------------------------------------------------------------- */

static int set_statement(rw *r)
{
    skip(r); /* SET */
    if (word(r, "session") && !word_at(r, 1, "characteristics"))
        skip(r);
    if (word(r, "local"))
        skip(r);
    if (word(r, "transaction"))
        /* The core runs the forms it knows (LW_RUN_SET_TXN): the rest would be ignored. */
        return refuse(r, "this form of SET TRANSACTION");
    if (word(r, "session")) {
        /* SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...: SQLite
         * transactions are serializable. */
        while (!at_end(r)) {
            if (word(r, "read") && word_at(r, 1, "only"))
                return refuse(r, "READ ONLY transactions");
            skip(r);
        }
        out(r, "SELECT 1 WHERE 0");
        r->consumed = 1;
        return r->rc;
    }
    char *name;
    if (word(r, "time") && word_at(r, 1, "zone")) {
        r->p += 2;
        name = sqlite3_mprintf("timezone");
    } else {
        name = tok_text(r, 0);
        skip(r);
        while (type_at(r, 0, LW_TK_DOT) && name) {
            char *more = tok_text(r, 1);
            char *joined = sqlite3_mprintf("%s.%s", name, more ? more : "");
            sqlite3_free(name);
            sqlite3_free(more);
            name = joined;
            r->p += 2;
        }
        if (word(r, "to") || op_at(r, 0, "="))
            skip(r);
    }
    lw_sqlbuf value = {0};
    int is_default = 0;
    while (!r->rc && !at_end(r)) {
        const lw_token *t = tok_at(r, 0);
        if (t->type == LW_TK_COMMA) {
            lw_sqlbuf_appends(&value, ", ");
        } else if (t->type == LW_TK_STRING) {
            lw_sqlbuf v = {0};
            if (string_value(r, 0, &v) == 0)
                lw_sqlbuf_append(&value, v.s ? v.s : "", v.len);
            lw_sqlbuf_free(&v);
        } else if (word(r, "default") || word(r, "local")) {
            is_default = 1;
        } else {
            lw_sqlbuf_append(&value, r->sql + t->offset, t->length);
        }
        skip(r);
    }
    char *lit_name = sqlite3_mprintf("%Q", name ? name : "");
    char *lit_value = is_default ? NULL : sqlite3_mprintf("%Q", value.s ? value.s : "");
    outf(r, "SELECT 1 WHERE typeof(pg_set_config(%s, %s)) = 'none'", lit_name ? lit_name : "NULL",
         lit_value ? lit_value : "NULL");
    r->consumed = 1;
    sqlite3_free(lit_name);
    sqlite3_free(lit_value);
    sqlite3_free(name);
    lw_sqlbuf_free(&value);
    return r->rc;
}

/* ---- Statement dispatch ----------------------------------------------------------------- */

static int translate_statement(rw *r)
{
    if (word(r, "create")) {
        size_t k = 1;
        while (word_at(r, k, "temp") || word_at(r, k, "temporary") || word_at(r, k, "unlogged") ||
               word_at(r, k, "or") || word_at(r, k, "replace") || word_at(r, k, "unique"))
            k++;
        if (word_at(r, k, "table")) {
            if (word_at(r, 1, "unlogged"))
                r->p++; /* UNLOGGED changes durability, never answers */
            return create_table(r, word_at(r, 1, "temp") || word_at(r, 1, "temporary"));
        }
        if (word_at(r, k, "sequence")) {
            r->p += k + 1;
            return create_sequence(r);
        }
        if (word_at(r, k, "extension")) {
            r->p += k + 1;
            if (word(r, "if"))
                r->p += 3;
            const lw_token *t = tok_at(r, 0);
            static const char *const known[] = {"pgcrypto", "uuid-ossp", "\"uuid-ossp\"", "plpgsql",
                                                "citext"};
            for (size_t i = 0; t && i < sizeof known / sizeof known[0]; i++)
                if (t->length == strlen(known[i]) &&
                    strncasecmp(r->sql + t->offset, known[i], t->length) == 0) {
                    out(r, "SELECT 1 WHERE 0");
                    r->consumed = 1;
                    return 0;
                }
            return refuse(r, "the extension %.*s", t ? (int)t->length : 0, t ? spelled(r, t) : "");
        }
        if (word_at(r, k, "index")) {
            /* CONCURRENTLY and USING btree change nothing SQLite would answer. */
            while (!r->rc && !at_end(r)) {
                if (word(r, "concurrently")) {
                    skip(r);
                } else if (word(r, "using")) {
                    if (!word_at(r, 1, "btree"))
                        return refuse(r, "index methods other than btree");
                    r->p += 2;
                } else if (word(r, "include")) {
                    return refuse(r, "INCLUDE in CREATE INDEX");
                } else if (word(r, "where")) {
                    emit(r);
                    parse_expr(r, 0);
                } else if (type_at(r, 0, LW_TK_LPAREN)) {
                    emit(r);
                    while (!r->rc && !at_end(r) && !type_at(r, 0, LW_TK_RPAREN)) {
                        parse_expr(r, 0);
                        if (word(r, "asc") || word(r, "desc"))
                            emit(r);
                        if (word(r, "nulls"))
                            return refuse(r, "NULLS FIRST/LAST in an index");
                        if (type_at(r, 0, LW_TK_COMMA))
                            emit(r);
                        else
                            break;
                    }
                    emit(r);
                } else {
                    emit(r);
                }
            }
            return r->rc;
        }
        if (word_at(r, k, "view")) {
            walk_until(r, 0);
            return r->rc;
        }
        const lw_token *t = tok_at(r, k);
        return refuse(r, "CREATE %.*s", t ? (int)t->length : 0, t ? spelled(r, t) : "");
    }
    if (word(r, "drop")) {
        if (word_at(r, 1, "sequence")) {
            r->p += 2;
            int if_exists = 0;
            if (word(r, "if")) {
                r->p += 2;
                if_exists = 1;
            }
            char *name = tok_text(r, 0);
            char *lit = sqlite3_mprintf("%Q", name ? name : "");
            outf(r, "SELECT 1 WHERE typeof(pg_drop_sequence(%s, %d)) = 'none'", lit ? lit : "NULL",
                 if_exists);
            r->consumed = 1;
            sqlite3_free(lit);
            sqlite3_free(name);
            skip(r);
            if (type_at(r, 0, LW_TK_COMMA))
                return refuse(r, "dropping several sequences in one statement");
            return r->rc;
        }
        if (word_at(r, 1, "extension")) {
            out(r, "SELECT 1 WHERE 0");
            r->consumed = 1;
            return 0;
        }
        for (size_t k = 0; r->p + k < r->n; k++) {
            if (word_at(r, k, "cascade"))
                return refuse(r, "DROP ... CASCADE");
            if (type_at(r, k, LW_TK_COMMA))
                return refuse(r, "dropping several objects in one statement");
        }
        while (!at_end(r)) {
            if (word(r, "restrict"))
                skip(r);
            else
                emit(r);
        }
        return 0;
    }
    if (word(r, "alter")) {
        if (!word_at(r, 1, "table")) {
            const lw_token *what = tok_at(r, 1);
            return refuse(r, "ALTER %.*s", what ? (int)what->length : 0,
                          what ? spelled(r, what) : "");
        }
        size_t start = here(r);
        emit(r);
        emit(r);
        lw_sqlbuf norm = {0};
        char *table = NULL, *col = NULL;
        while (!r->rc && !at_end(r)) {
            if (word(r, "add") && !word_at(r, 1, "constraint") && !word_at(r, 1, "primary") &&
                !word_at(r, 1, "unique") && !word_at(r, 1, "check") && !word_at(r, 1, "foreign")) {
                if (!table && r->p > 0)
                    table = ident_text(r, r->p - 1);
                emit(r);
                accept_word(r, "column");
                if (!col && !at_end(r))
                    col = ident_text(r, r->p);
                emit_name(r);
                int identity = 0;
                column_type(r, table ? table : "", col ? col : "", 0, &identity, &norm);
                if (identity)
                    refuse(r, "ALTER TABLE ADD COLUMN of a serial or identity column");
                while (!r->rc && !at_end(r)) {
                    if (word(r, "default")) {
                        emit(r);
                        parse_expr(r, BP_IS);
                    } else {
                        emit(r);
                    }
                }
            } else if (word(r, "alter") || word(r, "add") || word(r, "owner")) {
                refuse(r, "this ALTER TABLE action");
            } else {
                emit(r);
            }
        }
        if (!r->rc && norm.len && table && col) {
            /* The added column's values are converted as CREATE TABLE's are, by triggers
             * of its own; rewriting the column once converts the rows already there
             * (they hold its DEFAULT). */
            char *alter = take_from(r, start);
            lw_sqlbuf all = {0};
            lw_sqlbuf_appendf(&all,
                              "%s; CREATE TRIGGER \"_lw_norm_i_%w.%w\" AFTER INSERT ON \"%w\" "
                              "BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END; "
                              "CREATE TRIGGER \"_lw_norm_u_%w.%w\" AFTER UPDATE OF \"%w\" ON "
                              "\"%w\" BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END; "
                              "UPDATE \"%w\" SET \"%w\" = \"%w\" WHERE \"%w\" IS NOT NULL",
                              alter ? alter : "", table, col, table, table, norm.s, table, col, col,
                              table, table, norm.s, table, col, col, col);
            outf(r, "SELECT 1 WHERE typeof(pg_exec(%Q)) = 'none'", all.s ? all.s : "");
            if (all.oom)
                r->t->out->oom = 1;
            sqlite3_free(alter);
            lw_sqlbuf_free(&all);
        }
        lw_sqlbuf_free(&norm);
        sqlite3_free(table);
        sqlite3_free(col);
        return r->rc;
    }
    if (word(r, "truncate")) {
        skip(r);
        accept_word(r, "table");
        r->t->out->len = 0;
        lw_sqlbuf tables = {0};
        int restart = 0;
        while (!r->rc && !at_end(r)) {
            if (word(r, "restart") && word_at(r, 1, "identity")) {
                restart = 1;
                r->p += 2;
            } else if (word(r, "continue") && word_at(r, 1, "identity")) {
                r->p += 2;
            } else if (word(r, "cascade")) {
                lw_sqlbuf_free(&tables);
                return refuse(r, "TRUNCATE ... CASCADE");
            } else if (word(r, "restrict") || word(r, "only") || type_at(r, 0, LW_TK_COMMA)) {
                skip(r);
            } else {
                char *name = tok_text(r, 0);
                char *lit = sqlite3_mprintf("%Q", name ? name : "");
                lw_sqlbuf_appendf(&tables, ", %s", lit ? lit : "''");
                sqlite3_free(lit);
                sqlite3_free(name);
                skip(r);
            }
        }
        if (r->t->out->s)
            r->t->out->s[0] = 0;
        outf(r, "SELECT 1 WHERE typeof(pg_truncate(%d%s)) = 'none'", restart,
             tables.s ? tables.s : "");
        r->consumed = 1;
        lw_sqlbuf_free(&tables);
        return r->rc;
    }
    if (word(r, "set")) {
        if (word_at(r, 1, "constraints"))
            return refuse(r, "SET CONSTRAINTS");
        return set_statement(r);
    }
    if (word(r, "reset")) {
        char *name = word_at(r, 1, "all") ? NULL : tok_text(r, 1);
        if (!name)
            return refuse(r, "RESET ALL");
        char *lit = sqlite3_mprintf("%Q", name);
        outf(r, "SELECT 1 WHERE typeof(pg_set_config(%s, NULL)) = 'none'", lit ? lit : "NULL");
        r->consumed = 1;
        sqlite3_free(lit);
        sqlite3_free(name);
        return 0;
    }
    if (word(r, "show")) {
        if (word_at(r, 1, "all"))
            return refuse(r, "SHOW ALL");
        char *name = (word_at(r, 1, "time") && word_at(r, 2, "zone")) ? sqlite3_mprintf("timezone")
                                                                      : tok_text(r, 1);
        char *lit = sqlite3_mprintf("%Q", name ? name : "");
        outf(r, "SELECT current_setting(%s)", lit ? lit : "NULL");
        r->consumed = 1;
        sqlite3_free(lit);
        sqlite3_free(name);
        return 0;
    }
    if (word(r, "delete") && word_at(r, 1, "from")) {
        /* DELETE FROM t [AS a] USING ... WHERE c -> DELETE FROM t AS a WHERE EXISTS
         * (SELECT 1 FROM ... WHERE c) */
        size_t k = 2;
        while (type_at(r, k + 1, LW_TK_DOT))
            k += 2;
        size_t after = k + 1;
        if (word_at(r, after, "as"))
            after++;
        size_t alias = after;
        if ((type_at(r, alias, LW_TK_WORD) && !is_clause_word(r, alias)) ||
            type_at(r, alias, LW_TK_QIDENT))
            after++;
        else
            alias = 0;
        if (word_at(r, after, "using")) {
            out(r, "DELETE FROM ");
            r->p += 2;
            while (r->p < r->n && !word(r, "as") && !word(r, "using") && !(alias && r->p == alias))
                emit(r);
            if (word(r, "as"))
                skip(r);
            if (alias) {
                out(r, "AS ");
                emit(r);
            }
            skip(r); /* USING */
            out(r, "WHERE EXISTS (SELECT 1 FROM ");
            while (!r->rc && !at_end(r) && !word(r, "where") && !word(r, "returning")) {
                if (type_at(r, 0, LW_TK_LPAREN) && starts_query(r, 1))
                    subquery(r);
                else
                    emit(r);
            }
            if (accept_word(r, "where"))
                parse_expr(r, 0);
            out(r, ") ");
            walk_until(r, 0);
            return r->rc;
        }
    }
    if (word(r, "savepoint") || word(r, "release") ||
        (word(r, "rollback") && (word_at(r, 1, "to") || word_at(r, 1, "transaction")))) {
        while (!at_end(r)) {
            if (word(r, "work") || word(r, "transaction"))
                skip(r);
            else
                emit(r);
        }
        return 0;
    }
    if (word(r, "listen") || word(r, "notify") || word(r, "unlisten") || word(r, "lock") ||
        word(r, "copy") || word(r, "do") || word(r, "prepare") || word(r, "execute") ||
        word(r, "deallocate") || word(r, "grant") || word(r, "revoke") || word(r, "comment") ||
        word(r, "explain") || word(r, "discard") || word(r, "cluster") || word(r, "reindex") ||
        word(r, "refresh") || word(r, "call") || word(r, "declare") || word(r, "fetch") ||
        word(r, "move") || word(r, "close") || word(r, "checkpoint") || word(r, "security")) {
        const lw_token *t = tok_at(r, 0);
        return refuse(r, "%.*s", (int)t->length, spelled(r, t));
    }
    walk_until(r, 0);
    return r->rc;
}

/*
 * PostgreSQL folds unquoted identifiers to lower case (A-Z only in a UTF-8 database)
 * and keeps quoted ones as written. The rewriter reads the statement through a copy of
 * its text in which every bare word is folded: *text gets the copy of the statement's
 * bytes and *toks its tokens with offsets into that copy (both sqlite3_free). Returns
 * 1 when a word had an upper-case letter (the copy was made), 0 when the original text
 * serves as it is, -1 when out of memory.
 */
static int fold_words(const lw_translation *t, char **text, lw_token **toks)
{
    *text = NULL;
    *toks = NULL;
    int upper = 0;
    for (size_t i = 0; i < t->n_tokens && !upper; i++) {
        const lw_token *k = &t->tokens[i];
        for (uint32_t b = 0; k->type == LW_TK_WORD && b < k->length && !upper; b++)
            upper = t->sql[k->offset + b] >= 'A' && t->sql[k->offset + b] <= 'Z';
    }
    if (!upper)
        return 0;
    size_t base = t->tokens[0].offset;
    const lw_token *last = &t->tokens[t->n_tokens - 1];
    size_t span = last->offset + last->length - base;
    *text = sqlite3_malloc64(span + 1);
    *toks = sqlite3_malloc64(t->n_tokens * sizeof **toks);
    if (!*text || !*toks) {
        sqlite3_free(*text);
        sqlite3_free(*toks);
        return -1;
    }
    memcpy(*text, t->sql + base, span);
    (*text)[span] = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        lw_token k = t->tokens[i];
        k.offset -= (uint32_t)base;
        k.name_offset = k.name_offset >= base ? k.name_offset - (uint32_t)base : 0;
        if (k.type == LW_TK_WORD)
            for (uint32_t b = 0; b < k.length; b++) {
                char *c = &(*text)[k.offset + b];
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
            }
        (*toks)[i] = k;
    }
    return 1;
}

/* True when the statement has a quoted identifier with an upper-case ASCII letter. */
static int quoted_upper(const lw_translation *t)
{
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *k = &t->tokens[i];
        for (uint32_t b = 0; k->type == LW_TK_QIDENT && b < k->length; b++)
            if (t->sql[k->offset + b] >= 'A' && t->sql[k->offset + b] <= 'Z')
                return 1;
    }
    return 0;
}

static int pg_translate(lw_translation *t)
{
    rw r;
    memset(&r, 0, sizeof r);
    r.t = t;
    char *folded_text = NULL;
    lw_token *folded_toks = NULL;
    if (fold_words(t, &folded_text, &folded_toks) < 0)
        return LW_ENOMEM;
    r.sql = folded_text ? folded_text : t->sql;
    r.tk = folded_toks ? folded_toks : t->tokens;
    r.at = sqlite3_malloc64((t->n_tokens ? t->n_tokens : 1) * sizeof *r.at);
    if (!r.at) {
        sqlite3_free(folded_text);
        sqlite3_free(folded_toks);
        return LW_ENOMEM;
    }
    for (size_t i = 0; i < t->n_tokens; i++)
        if (!lw_token_is_blank(&t->tokens[i]))
            r.at[r.n++] = i;
    int rc = translate_statement(&r);
    if (!rc && r.p < r.n && !r.rc && !r.consumed) {
        /* Tokens the walker did not consume are written as they are. */
        while (r.p < r.n)
            emit(&r);
    }
    rc = r.rc;
    if (!rc && r.bool_cols) {
        char mark[48];
        snprintf(mark, sizeof mark, "/*pg:b=%llx*/ ", (unsigned long long)r.bool_cols);
        insert_at(&r, 0, mark);
    }
    if (!rc && t->out->oom)
        rc = LW_ENOMEM;
    pg_state *s = t->state;
    if (!rc && s)
        rc = lw_pg_check_identifiers(s->db, &s->names, t->out->s ? t->out->s : "", quoted_upper(t),
                                     t->err);
    sqlite3_free(r.at);
    sqlite3_free(folded_text);
    sqlite3_free(folded_toks);
    return rc;
}

/* ---- Connection hooks ----------------------------------------------------------------- */

static int pg_open(sqlite3 *db, void **state, lw_dialect_error *err)
{
    char *msg = NULL;
    pg_state *s = sqlite3_malloc64(sizeof *s);
    if (!s) {
        lw_dialect_error_set(err, "53200", 1037, "out of memory");
        return LW_ENOMEM;
    }
    memset(s, 0, sizeof *s);
    s->db = db;
    int rc = lw_pg_func_register(db, &s->funcs, &msg);
    /* Double-quoted text is always an identifier, never a string, as in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    /* LIKE compares case-sensitively in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA case_sensitive_like = ON", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "58000", 1105, "postgresql dialect: %s",
                             msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        lw_pg_funcs_release(s->funcs);
        sqlite3_free(s);
        return LW_ESQL;
    }
    *state = s;
    return 0;
}

static void pg_close(void *state)
{
    pg_state *s = state;
    if (s) {
        sqlite3_finalize(s->table_info);
        lw_pg_funcs_release(s->funcs);
        lw_pg_names_free(s->names);
    }
    sqlite3_free(s);
}

/* ---- Results as psql prints them ------------------------------------------------------ */

static int decl_is(const char *decl, const char *prefix)
{
    return decl && strncasecmp(decl, prefix, strlen(prefix)) == 0;
}

/* Bit col of the boolean mark the translation left at the start of the statement. */
static int marked_bool(sqlite3_stmt *stmt, int col)
{
    const char *sql = sqlite3_sql(stmt);
    if (!sql || strncmp(sql, "/*pg:b=", 7) != 0 || col >= 64)
        return 0;
    unsigned long long mask = strtoull(sql + 7, NULL, 16);
    return (int)((mask >> col) & 1);
}

static int pg_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    (void)state;
    int type = sqlite3_column_type(stmt, col);
    if (type == SQLITE_NULL)
        return 0;
    const char *decl = sqlite3_column_decltype(stmt, col);
    if (type == SQLITE_INTEGER && (decl_is(decl, "bool") || marked_bool(stmt, col))) {
        lw_sqlbuf_appends(b, sqlite3_column_int64(stmt, col) ? "t" : "f");
        return 1;
    }
    if (type == SQLITE_FLOAT) {
        /* float8 output: the shortest text that reads back the same value. */
        double d = sqlite3_column_double(stmt, col);
        char buf[40];
        if (d != d) {
            lw_sqlbuf_appends(b, "NaN");
            return 1;
        }
        if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
            lw_sqlbuf_appends(b, d > 0 ? "Infinity" : "-Infinity");
            return 1;
        }
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                break;
        }
        /* psql prints 1e+20 as 1e+20 and 1024 as 1024, as %g does. */
        lw_sqlbuf_appends(b, buf);
        return 1;
    }
    if (type == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(stmt, col);
        int n = sqlite3_column_bytes(stmt, col);
        lw_sqlbuf_appends(b, "\\x");
        for (int i = 0; i < n; i++)
            lw_sqlbuf_appendf(b, "%02x", p[i]);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "char(")) {
        /* character(n) is blank-padded on output; stored unpadded so that comparisons
         * ignore trailing blanks as PostgreSQL's do. */
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col);
        long long width = atoll(decl + 5);
        int64_t have = lw_pg_char_length(s, n);
        lw_sqlbuf_append(b, s, n);
        for (int64_t k = have; k < width; k++)
            lw_sqlbuf_append(b, " ", 1);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "jsonb")) {
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col), out_n;
        const char *error;
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm)
            return 0;
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 1;
    }
    return 0;
}

/* ---- Errors in PostgreSQL's words --------------------------------------------------------- */

/* Runs a one-column query with ?1 = arg and returns the text of its first row
 * (sqlite3_free), or NULL. */
static char *query_text(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *stmt = NULL;
    char *result = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
            result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
}

/* The table an INSERT, UPDATE or DELETE of our own translation writes. */
static void written_table(const char *sql, char *out, size_t cap)
{
    out[0] = 0;
    if (!sql)
        return;
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    const char *after = NULL;
    if (!strncasecmp(sql, "INSERT INTO ", 12))
        after = sql + 12;
    else if (!strncasecmp(sql, "UPDATE ", 7))
        after = sql + 7;
    else if (!strncasecmp(sql, "DELETE FROM ", 12))
        after = sql + 12;
    if (!after)
        return;
    size_t n = strcspn(after, " (");
    if (n < cap) {
        memcpy(out, after, n);
        out[n] = 0;
    }
}

/* The PostgreSQL name of the unique constraint over "t.a, t.b" (SQLite's wording). */
static char *unique_name(pg_state *s, const char *cols)
{
    char table[128] = {0};
    const char *dot = strchr(cols, '.');
    if (!dot || (size_t)(dot - cols) >= sizeof table)
        return NULL;
    memcpy(table, cols, (size_t)(dot - cols));
    /* Column list "a_b" from "t.a, t.b". */
    lw_sqlbuf names = {0}, list = {0};
    for (const char *p = cols; *p;) {
        const char *d = strchr(p, '.');
        if (!d)
            break;
        const char *e = strstr(d, ", ");
        size_t n = e ? (size_t)(e - d - 1) : strlen(d + 1);
        lw_sqlbuf_appendf(&names, "%s%.*s", names.len ? "_" : "", (int)n, d + 1);
        lw_sqlbuf_appendf(&list, "%s%.*s", list.len ? "," : "", (int)n, d + 1);
        p = e ? e + 2 : d + 1 + n;
    }
    char *result = NULL;
    /* An index made by CREATE UNIQUE INDEX keeps its own name. */
    sqlite3_stmt *stmt = NULL;
    char *sql = sqlite3_mprintf(
        "SELECT il.name, il.origin FROM pragma_index_list(?1) il WHERE il.\"unique\" AND "
        "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
        "ORDER BY seqno)) = %Q",
        list.s ? list.s : "");
    if (sql && sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *origin = (const char *)sqlite3_column_text(stmt, 1);
            if (origin && !strcmp(origin, "c"))
                result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            else if (origin && !strcmp(origin, "pk"))
                result = sqlite3_mprintf("%s_pkey", table);
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
    if (!result) {
        /* An INTEGER PRIMARY KEY has no index: pragma_table_info says it is the key. */
        char *pk = query_text(s->db,
                              "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                              "pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)",
                              table);
        if (pk && list.s && !strcmp(pk, list.s))
            result = sqlite3_mprintf("%s_pkey", table);
        else
            result = sqlite3_mprintf("%s_%s_key", table, names.s ? names.s : "");
        sqlite3_free(pk);
    }
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&list);
    return result;
}

/*
 * The command PostgreSQL names when a read-only transaction refuses a write ("cannot
 * execute INSERT in a read-only transaction"), read from our own translation sql: its
 * first words (CREATE INDEX, DROP TABLE...), or the dialect function that writes for
 * it (CREATE TABLE with conversions runs through pg_exec, TRUNCATE through
 * pg_truncate, sequences through their functions).
 */
static void readonly_command(const char *sql, char *out, size_t cap)
{
    static const struct {
        const char *call, *command;
    } calls[] = {
        {"pg_exec(", "CREATE TABLE"},
        {"pg_truncate(", "TRUNCATE TABLE"},
        {"pg_create_sequence(", "CREATE SEQUENCE"},
        {"pg_drop_sequence(", "DROP SEQUENCE"},
        {"nextval(", "nextval()"},
        {"setval(", "setval()"},
    };
    snprintf(out, cap, "statement");
    if (!sql)
        return;
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strstr(sql, calls[i].call)) {
            snprintf(out, cap, "%s", calls[i].command);
            return;
        }
    size_t n = strspn(sql, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    int two = (n == 6 && (!strncasecmp(sql, "CREATE", 6))) ||
              (n == 4 && !strncasecmp(sql, "DROP", 4)) || (n == 5 && !strncasecmp(sql, "ALTER", 5));
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = (char)(sql[i] >= 'a' && sql[i] <= 'z' ? sql[i] - 'a' + 'A' : sql[i]);
    const char *next = sql + n;
    while (two && *next == ' ')
        next++;
    /* CREATE UNIQUE INDEX and CREATE TEMP TABLE are CREATE INDEX and CREATE TABLE. */
    while (two && (!strncasecmp(next, "UNIQUE ", 7) || !strncasecmp(next, "TEMP ", 5) ||
                   !strncasecmp(next, "TEMPORARY ", 10))) {
        next += strcspn(next, " ");
        while (*next == ' ')
            next++;
    }
    size_t m = two ? strspn(next, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") : 0;
    if (m && k + 1 < cap)
        out[k++] = ' ';
    for (size_t i = 0; i < m && k + 1 < cap; i++)
        out[k++] = (char)(next[i] >= 'a' && next[i] <= 'z' ? next[i] - 'a' + 'A' : next[i]);
    out[k] = 0;
    if (!k)
        snprintf(out, cap, "statement");
}

/* The last occurrence of needle in haystack, or NULL. */
static const char *last_occurrence(const char *haystack, const char *needle)
{
    const char *found = NULL;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        found = p;
    return found;
}

/*
 * The regexp module's errors as PostgreSQL 15 words them (docs/regexp.md). The module
 * names the function and the argument ("regexp_like(): invalid regular expression
 * option: \"z\" in argument 3"); PostgreSQL says only what is wrong, with 22023 for
 * flags and parameters and 2201B for what its regcomp refuses. Returns 1 when msg was
 * one of them.
 */
static int pg_regexp_error(const char *msg, lw_dialect_error *err)
{
    const char *p, *arg;
    if ((p = strstr(msg, "invalid regular expression option: \"")) != NULL &&
        (arg = last_occurrence(p, " in argument ")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%.*s", (int)(arg - p), p);
        return 1;
    }
    if ((p = strstr(msg, "() does not support the \"global\" option")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%s", msg);
        return 1;
    }
    if ((p = strstr(msg, "(): invalid value for parameter \"")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%s", p + 4);
        return 1;
    }
    if (strstr(msg, "(): invalid regular expression flags '")) {
        lw_dialect_error_set(err, "2201B", 1139,
                             "invalid regular expression: invalid argument to regex function");
        return 1;
    }
    /* A PostgreSQL syntax the engine does not have, or a pattern ICU cannot run. */
    if (strstr(msg, "syntax) is not supported: patterns use PostgreSQL's advanced syntax") ||
        strstr(msg, "has no ICU equivalent")) {
        lw_dialect_error_set(err, "0A000", 1235, "%s", msg);
        return 1;
    }
    if ((p = strstr(msg, "invalid regular expression")) == NULL)
        return 0;
    /* "invalid regular expression '<pattern>' in argument N: <reason>": the reason is
     * PostgreSQL's own; the pattern may hold anything, so the last " in argument "
     * is the module's. */
    const char *reason = NULL;
    if (p[26] == ' ' && p[27] == '\'' && (arg = last_occurrence(p, "' in argument ")) != NULL) {
        reason = arg + 14;
        while (*reason >= '0' && *reason <= '9')
            reason++;
        reason = reason[0] == ':' && reason[1] == ' ' ? reason + 2 : NULL;
    }
    if (reason)
        lw_dialect_error_set(err, "2201B", 1139, "invalid regular expression: %s", reason);
    else
        lw_dialect_error_set(err, "2201B", 1139, "%s", p);
    return 1;
}

static void pg_map_error(void *state, int code, const char *msg, lw_dialect_error *err)
{
    pg_state *s = state;
    char sqlstate[6];
    const char *bare;
    if (s && !sqlite3_get_autocommit(s->db))
        s->aborted = 1;
    if (!msg)
        return;
    if ((bare = lw_pg_split_error(msg, sqlstate)) != NULL) {
        lw_dialect_error_set(err, sqlstate, err->mysql_errno, "%s", bare);
        return;
    }
    /* Messages of modules that the dialect turns into PostgreSQL's. */
    if (strstr(msg, "numeric field overflow")) {
        lw_dialect_error_set(err, "22003", 1264, "numeric field overflow");
        return;
    }
    if (strstr(msg, "invalid decimal value")) {
        lw_dialect_error_set(err, "22P02", 1366, "invalid input syntax for type numeric");
        return;
    }
    if (pg_regexp_error(msg, err))
        return;
    if (strstr(msg, "division by zero")) {
        lw_dialect_error_set(err, "22012", 1365, "division by zero");
        return;
    }
    int primary = code & 0xff;
    if (!strncmp(msg, "UNIQUE constraint failed: ", 26) ||
        !strncmp(msg, "PRIMARY KEY constraint failed: ", 31)) {
        char *name = unique_name(s, strchr(msg, ':') + 2);
        lw_dialect_error_set(err, "23505", 1062,
                             "duplicate key value violates unique constraint \"%s\"",
                             name ? name : "?");
        sqlite3_free(name);
        return;
    }
    if (!strncmp(msg, "NOT NULL constraint failed: ", 28)) {
        const char *tc = msg + 28, *dot = strchr(tc, '.');
        if (dot)
            lw_dialect_error_set(err, "23502", 1048,
                                 "null value in column \"%s\" of relation \"%.*s\" violates "
                                 "not-null constraint",
                                 dot + 1, (int)(dot - tc), tc);
        return;
    }
    if (!strncmp(msg, "CHECK constraint failed: ", 25)) {
        const char *name = msg + 25;
        char *table = query_text(s->db,
                                 "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                 "instr(sql, '\"' || ?1 || '\"') OR instr(sql, 'CONSTRAINT ' "
                                 "|| ?1 || ' ') LIMIT 1",
                                 name);
        lw_dialect_error_set(err, "23514", 3819,
                             "new row for relation \"%s\" violates check constraint \"%s\"",
                             table ? table : "?", name);
        sqlite3_free(table);
        return;
    }
    if (!strncmp(msg, "FOREIGN KEY constraint failed", 29)) {
        char target[128];
        written_table(s->last_sql, target, sizeof target);
        if (target[0]) {
            char *fk = query_text(s->db,
                                  "SELECT group_concat(\"from\", '_') FROM "
                                  "pragma_foreign_key_list(?1)",
                                  target);
            if (fk && !strchr(fk, '_'))
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else if (fk)
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else
                lw_dialect_error_set(err, "23503", 1451,
                                     "update or delete on table \"%s\" violates a foreign key "
                                     "constraint",
                                     target);
            sqlite3_free(fk);
        }
        return;
    }
    if (!strncmp(msg, "no such table: ", 15)) {
        const char *name = msg + 15, *dot = strchr(name, '.');
        lw_dialect_error_set(err, "42P01", 1146, "relation \"%s\" does not exist",
                             dot && !strncmp(name, "main.", 5) ? dot + 1 : name);
        return;
    }
    if (!strncmp(msg, "no such collation sequence: ", 28)) {
        lw_dialect_error_set(err, "42704", 1273,
                             "collation \"%s\" for encoding \"UTF8\" does not exist", msg + 28);
        return;
    }
    if (!strncmp(msg, "no such column: ", 16)) {
        lw_dialect_error_set(err, "42703", 1054, "column \"%s\" does not exist", msg + 16);
        return;
    }
    if (!strncmp(msg, "no such function: ", 18)) {
        lw_dialect_error_set(err, "42883", 1305, "function %s does not exist", msg + 18);
        return;
    }
    if (!strncmp(msg, "table ", 6) && strstr(msg, " already exists")) {
        const char *name = msg + 6;
        const char *end = strstr(name, " already exists");
        lw_dialect_error_set(err, "42P07", 1050, "relation %.*s already exists", (int)(end - name),
                             name);
        if (name[0] != '"') {
            lw_dialect_error_set(err, "42P07", 1050, "relation \"%.*s\" already exists",
                                 (int)(end - name), name);
        }
        return;
    }
    if (!strncmp(msg, "duplicate column name: ", 23)) {
        lw_dialect_error_set(err, "42701", 1060, "column \"%s\" specified more than once",
                             msg + 23);
        return;
    }
    if (!strncmp(msg, "near \"", 6) && strstr(msg, "\": syntax error")) {
        const char *end = strstr(msg, "\": syntax error");
        lw_dialect_error_set(err, "42601", 1064, "syntax error at or near \"%.*s\"",
                             (int)(end - msg - 6), msg + 6);
        return;
    }
    if (!strcmp(msg, "incomplete input")) {
        lw_dialect_error_set(err, "42601", 1064, "syntax error at end of input");
        return;
    }
    if (!strncmp(msg, "no such savepoint: ", 19)) {
        lw_dialect_error_set(err, "3B001", 1305, "savepoint \"%s\" does not exist", msg + 19);
        return;
    }
    if (primary == SQLITE_READONLY || strstr(msg, "attempt to write a readonly database")) {
        char command[32];
        readonly_command(s ? s->last_sql : NULL, command, sizeof command);
        lw_dialect_error_set(err, "25006", 1792, "cannot execute %s in a read-only transaction",
                             command);
        return;
    }
}

/* ---- Transactions: PostgreSQL's failed-transaction state ---------------------------------- */

static int starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int pg_before_statement(void *state, int what, const char *sql, lw_dialect_error *err)
{
    pg_state *s = state;
    int in_txn = !sqlite3_get_autocommit(s->db);
    if (!in_txn)
        s->aborted = 0;
    /* Kept for the foreign-key message, which names the written table: the text is
     * the cached statement's and outlives its execution. */
    s->last_sql = sql;
    const char *p = sql;
    if (p[0] == '/' && !strncmp(p, "/*pg:b=", 7) && strstr(p, "*/"))
        p = strstr(p, "*/") + 3;
    if (what != LW_RUN_PLAIN)
        lw_pg_funcs_txn_reset(s->funcs); /* now() is per transaction */
    switch (what) {
    case LW_RUN_BEGIN:
        if (s->aborted)
            break;
        /* PostgreSQL warns about BEGIN inside a transaction and carries on. */
        return in_txn ? LW_RUN_SKIP : LW_RUN_GO;
    case LW_RUN_COMMIT:
        if (!in_txn)
            return LW_RUN_SKIP;
        if (s->aborted) {
            s->aborted = 0;
            return LW_RUN_AS_ROLLBACK;
        }
        return LW_RUN_GO;
    case LW_RUN_ROLLBACK:
        s->aborted = 0;
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_RUN_SET_TXN:
        if (s->aborted)
            break;
        /* Outside a transaction PostgreSQL only warns, and nothing changes. */
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    default:
        /* Savepoint commands are the only texts starting with S or R that matter here;
         * the first letter keeps this check off the common path. */
        if (!in_txn && (p[0] == 'S' || p[0] == 's' || p[0] == 'R' || p[0] == 'r') &&
            (starts_with_ci(p, "SAVEPOINT") || starts_with_ci(p, "RELEASE") ||
             starts_with_ci(p, "ROLLBACK"))) {
            const char *what_sql = starts_with_ci(p, "SAVEPOINT") ? "SAVEPOINT"
                                   : starts_with_ci(p, "RELEASE") ? "RELEASE SAVEPOINT"
                                                                  : "ROLLBACK TO SAVEPOINT";
            lw_dialect_error_set(err, "25P01", 1399, "%s can only be used in transaction blocks",
                                 what_sql);
            return LW_ESTATE;
        }
        if (!s->aborted)
            return LW_RUN_GO;
        if (starts_with_ci(p, "ROLLBACK")) {
            s->aborted = 0;
            return LW_RUN_GO;
        }
        break;
    }
    lw_dialect_error_set(err, "25P02", 1399,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
    return LW_ESTATE;
}

const lw_dialect lw_dialect_postgresql = {
    .name = "postgresql",
    .lex_flags = LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT,
    .on_open = pg_open,
    .on_close = pg_close,
    .translate = pg_translate,
    .format_value = pg_format_value,
    .map_error = pg_map_error,
    .before_statement = pg_before_statement,
    .set_transaction = 1,
};
