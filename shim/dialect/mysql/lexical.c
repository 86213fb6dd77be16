/*
 * MySQL's lexical forms as the mysql and mariadb dialects write them (the rules'
 * primary hook, my_primary, runs before the shared primaries):
 *
 *   '...' "..." N'...'   backslash escapes: \0 \b \n \r \t \Z, \' \" \\, any other
 *                        character stands for itself, \% and \_ keep their backslash
 *                        (LIKE reads them); a doubled quote is one; adjacent constants
 *                        are one ('a' 'b' "c" is 'abc'); the connection's collation
 *   _utf8mb4'x' _binary'x' _latin1'x'   character set introducers: utf8mb4 (its
 *                        default collation), a binary string, or latin1 (compared under
 *                        latin1_swedish_ci; _latin1 X'..' keeps its bytes, which are not
 *                        read as latin1 characters)
 *   X'41' 0x41 b'101'    binary strings (SQLite blobs); in arithmetic 0x41 and b'101' are
 *                        the integer of their bytes (65, 5) while MariaDB reads X'41' as
 *                        the string 'A' (runtime_numeric.c's class h); an odd number of
 *                        hexadecimal digits in X'' is MariaDB's syntax error
 *   1, 1.50, 1.5e1       BIGINT (BIGINT UNSIGNED above INT64_MAX, DECIMAL beyond 64
 *                        bits), DECIMAL with its digits (the exact carrier), DOUBLE
 *   @x, @@x, @@session.x a user variable (my_getvar) and a system variable (my_sysvar)
 *   !x                   NOT x, binding tighter than every binary operator
 *   BINARY x             x as a binary string: compared byte by byte (COLLATE BINARY)
 *   CAST(x AS type), CONVERT(x, type), CONVERT(x USING charset)   expressions.c
 *
 * Syntax errors are MariaDB's 1064 with the text from the offending token on
 * (my_syntax_error).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/mysql.h"

static const lw_escape escapes[] = {
    {'0', 0}, {'b', '\b'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'}, {'Z', 26},
};

const lw_escape_rules my_escapes = {
    escapes,
    sizeof escapes / sizeof escapes[0],
    "%_",
    LW_ESC_ZERO_OK,
};

/* ---- Syntax errors ------------------------------------------------------------------- */

int my_syntax_error(lw_walker *w, size_t k)
{
    if (w->p + k >= w->n)
        return my_syntax_error_near(w, (size_t)-1);
    return my_syntax_error_near(w, w->tk[w->at[w->p + k]].offset);
}

int my_syntax_error_near(lw_walker *w, size_t from)
{
    const lw_translation *t = w->t;
    const lw_token *last = &t->tokens[t->n_tokens ? t->n_tokens - 1 : 0];
    size_t end = t->n_tokens ? last->offset + last->length : 0;
    /* At the end of the statement MariaDB quotes nothing. */
    int at_end = from == (size_t)-1;
    if (at_end)
        from = 0;
    /* Offsets in w->tk are into w->sql, which is the caller's text (the dialect does
     * not fold names). */
    const char *near = t->sql + from;
    size_t n = !at_end && end > from ? end - from : 0;
    int line = 1;
    for (size_t i = 0; i < from; i++)
        line += t->sql[i] == '\n';
    const my_session *s = my_session_of(w);
    return lw_walk_error(w, LW_ESYNTAX, "42000", 1064,
                         "You have an error in your SQL syntax; check the manual that "
                         "corresponds to your %s server version for the right syntax to use "
                         "near '%.*s' at line %d",
                         s->flavor->server, (int)(n > 80 ? 80 : n), near, line);
}

char *my_name(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)) {
        my_syntax_error(w, 0);
        return NULL;
    }
    char *s = lw_ident_text(w, w->p);
    if (!s) {
        lw_fail(w, LW_ENOMEM);
        return NULL;
    }
    w->p++;
    return s;
}

/* ---- Strings ---------------------------------------------------------------------------- */

/* The value of the string token k ahead (MySQL's escapes) appended to val. */
static int string_value(lw_walker *w, size_t k, lw_sqlbuf *val)
{
    const lw_token *t = lw_tok(w, k);
    lw_literal_error why;
    const lw_escape_rules *esc =
        (my_session_of(w)->sql_mode & MY_MODE_NO_BACKSLASH_ESCAPES) ? NULL : &my_escapes;
    if (lw_decode_string(w->sql + t->offset, t->length, t->kind, esc, val, &why))
        return my_syntax_error(w, k);
    return 0;
}

static int is_text_string(const lw_token *t)
{
    return t && t->type == LW_TK_STRING &&
           (t->kind == LW_STR_PLAIN || t->kind == LW_STR_ESCAPE || t->kind == LW_STR_DQ ||
            t->kind == LW_STR_NATIONAL);
}

/* A string constant and the constants right after it, as one SQLite literal. */
static void string_constant(lw_walker *w, lw_expr *e)
{
    lw_sqlbuf val = {0};
    lw_sqlbuf_append(&val, "", 0);
    do {
        if (string_value(w, 0, &val))
            break;
        lw_skip(w);
    } while (is_text_string(lw_tok(w, 0)));
    lw_put_literal(w, val.s ? val.s : "", val.len);
    lw_sqlbuf_free(&val);
    e->type = LW_K_UNKNOWN_LITERAL;
    my_literal_collation(w, e);
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Writes bytes as a SQLite blob constant X'..'. */
static void put_blob(lw_walker *w, const unsigned char *b, size_t n)
{
    lw_out(w, "X'");
    for (size_t i = 0; i < n; i++)
        lw_outf(w, "%02X", b[i]);
    lw_out(w, "' ");
}

/* X'..', 0x.., b'..' (the current token) as a blob. */
static void binary_constant(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    const char *s = w->sql + t->offset;
    unsigned char bytes[512];
    size_t nb = 0;
    if (t->type == LW_TK_NUMBER) {
        /* 0xABC: the digits after 0x, an odd count padded in front. */
        const char *d = s + 2;
        size_t n = t->length - 2;
        size_t i = 0;
        if (n % 2) {
            bytes[nb++] = (unsigned char)hex_value(d[0]);
            i = 1;
        }
        for (; i + 1 < n + 1 && nb < sizeof bytes; i += 2)
            bytes[nb++] = (unsigned char)(hex_value(d[i]) << 4 | hex_value(d[i + 1]));
    } else if (t->kind == LW_STR_HEX) {
        const char *d = s + 2;
        size_t n = t->length - 3;
        for (size_t i = 0; i < n; i++)
            if (hex_value(d[i]) < 0 || n % 2) {
                my_syntax_error(w, 0);
                return;
            }
        for (size_t i = 0; i + 1 < n && nb < sizeof bytes; i += 2)
            bytes[nb++] = (unsigned char)(hex_value(d[i]) << 4 | hex_value(d[i + 1]));
    } else {
        /* b'0101': bits, right-aligned into whole bytes. */
        const char *d = s + 2;
        size_t n = t->length - 3;
        for (size_t i = 0; i < n; i++)
            if (d[i] != '0' && d[i] != '1') {
                my_syntax_error(w, 0);
                return;
            }
        size_t lead = n % 8;
        unsigned acc = 0;
        for (size_t i = 0; i < n && nb < sizeof bytes; i++) {
            acc = acc << 1 | (unsigned)(d[i] - '0');
            if ((i + 1 + (8 - lead) % 8) % 8 == 0) {
                bytes[nb++] = (unsigned char)acc;
                acc = 0;
            }
        }
    }
    if (t->length > 2 * sizeof bytes) {
        lw_refuse(w, "a binary constant longer than %d bytes", (int)sizeof bytes);
        return;
    }
    lw_skip(w);
    put_blob(w, bytes, nb);
    e->type = LW_K_BYTEA;
    e->collation = "binary";
    e->coercibility = LW_COERCE_COERCIBLE;
    e->collation_seen = 0;
}

/* _charset 'x': an introducer. */
static int introducer(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    const lw_token *next = lw_tok(w, 1);
    if (!next || next->type != LW_TK_STRING || t->length < 2)
        return 0;
    char cs[64];
    snprintf(cs, sizeof cs, "%.*s", (int)(t->length - 1), w->sql + t->offset + 1);
    if (!sqlite3_stricmp(cs, "binary")) {
        lw_skip(w);
        if (next->kind == LW_STR_HEX || next->kind == LW_STR_BIT) {
            binary_constant(w, e);
            return 1;
        }
        size_t start = lw_here(w);
        string_constant(w, e);
        lw_insert_at(w, start, "CAST(");
        lw_out(w, "AS BLOB) ");
        e->type = LW_K_BYTEA;
        e->collation = "binary";
        e->coercibility = LW_COERCE_COERCIBLE;
        return 1;
    }
    const char *collation = NULL;
    if (!sqlite3_stricmp(cs, "utf8mb4") || !sqlite3_stricmp(cs, "utf8mb3") ||
        !sqlite3_stricmp(cs, "utf8"))
        collation = my_session_of(w)->flavor->default_collation;
    else if (!sqlite3_stricmp(cs, "latin1"))
        collation = "latin1_swedish_ci";
    else
        return 0;
    lw_skip(w);
    if (next->kind == LW_STR_HEX || next->kind == LW_STR_BIT) {
        binary_constant(w, e);
        e->type = LW_K_UNKNOWN_LITERAL;
    } else {
        string_constant(w, e);
    }
    e->collation = collation;
    e->coercibility = LW_COERCE_COERCIBLE;
    return 1;
}

/* ---- Numbers ----------------------------------------------------------------------------- */

static void number_constant(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    const char *s = w->sql + t->offset;
    int point = 0, exponent = 0, frac = 0;
    for (uint32_t i = 0; i < t->length; i++) {
        if (s[i] == '.')
            point = 1;
        else if (s[i] == 'e' || s[i] == 'E')
            exponent = 1;
        else if (point && !exponent)
            frac++;
    }
    if (exponent) {
        /* A DOUBLE: SQLite reads the same value. */
        lw_emit(w);
        e->type = LW_K_FLOAT;
        e->coercibility = LW_COERCE_NUMERIC;
        return;
    }
    if (point) {
        lw_skip(w);
        size_t start = lw_here(w);
        lw_put_literal(w, s, t->length);
        lw_exact_numeric_result(w, start);
        e->type = LW_K_NUMERIC;
        e->decimals = frac;
        return;
    }
    /* Integers: BIGINT, BIGINT UNSIGNED up to 2^64 - 1, DECIMAL beyond. */
    uint64_t v = 0;
    int over = 0;
    for (uint32_t i = 0; i < t->length && !over; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            over = 1;
        else
            v = v * 10 + d;
    }
    if (!over && v <= (uint64_t)INT64_MAX) {
        lw_emit(w);
        e->type = LW_K_INT8;
        e->decimals = 0;
        return;
    }
    lw_skip(w);
    size_t start = lw_here(w);
    lw_put_literal(w, s, t->length);
    if (over)
        lw_exact_numeric_result(w, start);
    e->type = over ? LW_K_NUMERIC : LW_K_UINT8;
    e->decimals = 0;
}

/* A negative constant: -9223372036854775808 is a BIGINT and -2.5 a DECIMAL, not the
 * negation of a value. */
static int negative_constant(lw_walker *w, lw_expr *e)
{
    const lw_token *num = lw_tok(w, 1);
    if (!num || num->type != LW_TK_NUMBER)
        return 0;
    const char *s = w->sql + num->offset;
    if (num->length > 1 && (s[1] == 'x' || s[1] == 'X'))
        return 0;
    /* Only when nothing binding tighter than a sign follows (COLLATE aside). */
    const lw_token *after = lw_tok(w, 2);
    if (after && after->type == LW_TK_OPERATOR && after->length == 1 &&
        w->sql[after->offset] == '^')
        return 0;
    int point = 0, exponent = 0, frac = 0;
    for (uint32_t i = 0; i < num->length; i++) {
        if (s[i] == '.')
            point = 1;
        else if (s[i] == 'e' || s[i] == 'E')
            exponent = 1;
        else if (point && !exponent)
            frac++;
    }
    if (exponent) {
        lw_emit(w);
        lw_emit(w);
        e->type = LW_K_FLOAT;
        return 1;
    }
    if (point) {
        w->p += 2;
        size_t start = lw_here(w);
        char *text = sqlite3_mprintf("-%.*s", (int)num->length, s);
        if (text)
            lw_put_literal(w, text, strlen(text));
        sqlite3_free(text);
        lw_exact_numeric_result(w, start);
        e->type = LW_K_NUMERIC;
        e->decimals = frac;
        return 1;
    }
    uint64_t v = 0;
    for (uint32_t i = 0; i < num->length; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (v > (uint64_t)INT64_MAX + 1)
        return 0;
    lw_emit(w);
    lw_emit(w);
    e->type = LW_K_INT8;
    e->decimals = 0;
    return 1;
}

/* ---- Variables ------------------------------------------------------------------------------- */

static void variable(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    const char *s = w->sql + t->offset;
    lw_sqlbuf name = {0};
    if (t->kind == LW_VAR_SYSTEM) {
        lw_sqlbuf_append(&name, s + 2, t->length - 2);
    } else if (t->length > 2 && (s[1] == '\'' || s[1] == '"' || s[1] == '`')) {
        lw_literal_error why;
        if (s[1] == '`')
            lw_sqlbuf_append(&name, s + 2, t->length - 3);
        else
            lw_decode_string(s + 1, t->length - 1, LW_STR_ESCAPE, &my_escapes, &name, &why);
    } else {
        lw_sqlbuf_append(&name, s + 1, t->length - 1);
    }
    lw_skip(w);
    lw_outf(w, "%s(%Q) ", t->kind == LW_VAR_SYSTEM ? "my_sysvar" : "my_getvar",
            name.s ? name.s : "");
    lw_sqlbuf_free(&name);
    e->type = LW_K_UNKNOWN;
}

/* ---- The primary hook ------------------------------------------------------------------------ */

int my_primary(lw_walker *w, lw_expr *e)
{
    const lw_token *t = lw_tok(w, 0);
    switch (t->type) {
    case LW_TK_STRING:
        if (t->kind == LW_STR_HEX || t->kind == LW_STR_BIT)
            binary_constant(w, e);
        else
            string_constant(w, e);
        return 1;
    case LW_TK_NUMBER:
        if (t->length > 2 && w->sql[t->offset] == '0' &&
            (w->sql[t->offset + 1] == 'x' || w->sql[t->offset + 1] == 'X'))
            binary_constant(w, e);
        else
            number_constant(w, e);
        return 1;
    case LW_TK_VARIABLE:
        variable(w, e);
        return 1;
    case LW_TK_OPERATOR:
        if (lw_op_at(w, 0, "!")) {
            lw_skip(w);
            lw_out(w, "(NOT ");
            lw_expr operand = lw_parse_expr(w, BP_UNARY);
            my_truth_operand(w, &operand);
            lw_out(w, ") ");
            e->is_bool = 1;
            e->type = LW_K_BOOL;
            return 1;
        }
        if (lw_op_at(w, 0, "-"))
            return negative_constant(w, e);
        if (lw_op_at(w, 0, "~")) {
            lw_skip(w);
            size_t start = lw_here(w);
            lw_expr operand = lw_parse_expr(w, BP_UNARY);
            char type = my_type_letter(w, &operand);
            lw_insert_call(w, start, "my_bitnot");
            lw_outf(w, ", '%c') ", type);
            e->type = LW_K_UINT8;
            e->decimals = 0;
            return 1;
        }
        /* Only - + ~ ! and * (count(*)) may start an expression: another operator here is
         * MariaDB's syntax error. */
        if (!lw_op_at(w, 0, "+") && !lw_op_at(w, 0, "*"))
            return my_syntax_error(w, 0), 1;
        return 0;
    case LW_TK_WORD:
        if (w->sql[t->offset] == '_' && lw_type_at(w, 1, LW_TK_STRING))
            return introducer(w, e);
        if (lw_word(w, "binary") && lw_tok(w, 1) && !lw_is_clause_word(w, 1)) {
            lw_skip(w);
            lw_out(w, "(");
            lw_parse_expr(w, BP_UNARY);
            lw_out(w, ") COLLATE BINARY ");
            e->type = LW_K_BYTEA;
            e->collation = "binary";
            e->coercibility = LW_COERCE_EXPLICIT;
            e->collation_seen = 1;
            return 1;
        }
        if ((lw_word(w, "cast") || lw_word(w, "convert")) && lw_type_at(w, 1, LW_TK_LPAREN))
            return my_cast_expression(w, e);
        if (lw_word(w, "default") && lw_type_at(w, 1, LW_TK_LPAREN))
            return my_default_function(w, e);
        return my_select_alias(w, e);
    case LW_TK_QIDENT:
        return my_select_alias(w, e);
    default:
        return 0;
    }
}
