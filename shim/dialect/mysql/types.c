/*
 * The mysql and mariadb dialects' types as tables for the shared layer
 * (dialect/types.h): the type names CAST reads, the kinds expressions have, the
 * SQLite declared types columns.c writes and the kinds behind them, and the kinds of
 * numeric constants.
 *
 * Kinds. MariaDB computes every integer expression in 64 bits, signed or unsigned:
 * TINYINT..BIGINT are LW_K_INT8 in expressions and the UNSIGNED ones LW_K_UINT8
 * (columns.c keeps each column's own range for what it stores). DECIMAL is the exact
 * numeric carrier (decimal text, ext/decimal), FLOAT and DOUBLE are doubles, strings
 * LW_K_TEXT (with their collation, collations.c), binary strings LW_K_BYTEA, DATE and
 * DATETIME/TIMESTAMP and TIME their temporal kinds (text in canonical form), JSON
 * text. Booleans are integers.
 *
 * Arithmetic is written by the operator hooks of expressions.c (my_ops of
 * runtime_numeric.c, which takes each operand's class); the table below serves the
 * shared unary minus.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect/mysql/mysql.h"

/* CAST's type names (columns.c reads column types itself: ENUM('a'), UNSIGNED...). */
const lw_type_name my_type_names[] = {
    {"signed", LW_K_INT8, LW_TYPE_NO_MODIFIER, 0, "SIGNED(...)"},
    {"signed integer", LW_K_INT8, LW_TYPE_NO_MODIFIER, 0, "SIGNED INTEGER(...)"},
    {"signed int", LW_K_INT8, LW_TYPE_NO_MODIFIER, 0, "SIGNED INT(...)"},
    {"int", LW_K_INT8, LW_TYPE_NO_MODIFIER, 0, "INT(...)"},
    {"integer", LW_K_INT8, LW_TYPE_NO_MODIFIER, 0, "INTEGER(...)"},
    {"unsigned", LW_K_UINT8, LW_TYPE_NO_MODIFIER, 0, "UNSIGNED(...)"},
    {"unsigned integer", LW_K_UINT8, LW_TYPE_NO_MODIFIER, 0, "UNSIGNED INTEGER(...)"},
    {"unsigned int", LW_K_UINT8, LW_TYPE_NO_MODIFIER, 0, "UNSIGNED INT(...)"},
    {"decimal", LW_K_NUMERIC, 0, 0, NULL},
    {"dec", LW_K_NUMERIC, 0, 0, NULL},
    {"numeric", LW_K_NUMERIC, 0, 0, NULL},
    {"fixed", LW_K_NUMERIC, 0, 0, NULL},
    {"double", LW_K_FLOAT, LW_TYPE_NO_MODIFIER, 0, "DOUBLE(...)"},
    {"double precision", LW_K_FLOAT, LW_TYPE_NO_MODIFIER, 0, "DOUBLE PRECISION(...)"},
    {"real", LW_K_FLOAT, LW_TYPE_NO_MODIFIER, 0, "REAL(...)"},
    {"float", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"char", LW_K_TEXT, 0, 0, NULL},
    {"character", LW_K_TEXT, 0, 0, NULL},
    {"nchar", LW_K_TEXT, 0, 0, NULL},
    {"varchar", LW_K_TEXT, 0, 0, NULL},
    {"binary", LW_K_BYTEA, 0, 0, NULL},
    {"date", LW_K_DATE, LW_TYPE_NO_MODIFIER, 0, "DATE(...)"},
    {"datetime", LW_K_TIMESTAMP, 0, 0, NULL},
    {"timestamp", LW_K_TIMESTAMP, 0, 0, NULL},
    {"time", LW_K_TIME, 0, 0, NULL},
    {"json", LW_K_JSON, LW_TYPE_NO_MODIFIER, 0, "JSON(...)"},
    {0},
};

/* name, cast, cast with a length, integer range check, cast of a quoted operand,
 * equality. Casts are written by expressions.c (my_cast), not through this table. */
const lw_kind_def my_kinds[LW_K_COUNT] = {
    [LW_K_INT8] = {"bigint", NULL, NULL, "my_int_check", 0, NULL},
    [LW_K_UINT8] = {"bigint unsigned", NULL, NULL, "my_int_check", 0, NULL},
    [LW_K_NUMERIC] = {"decimal", NULL, NULL, NULL, 0, NULL},
    [LW_K_FLOAT] = {"double", NULL, NULL, NULL, 0, NULL},
    [LW_K_TEXT] = {"varchar", NULL, NULL, NULL, 0, NULL},
    [LW_K_BYTEA] = {"varbinary", NULL, NULL, NULL, 0, NULL},
    [LW_K_JSON] = {"json", NULL, NULL, NULL, 0, NULL},
    /* JSON_EXTRACT's result (json.c), compared as the scalar it holds. */
    [LW_K_JSONB] = {"json", NULL, NULL, NULL, 0, NULL},
    [LW_K_DATE] = {"date", NULL, NULL, NULL, 0, NULL},
    [LW_K_TIMESTAMP] = {"datetime", NULL, NULL, NULL, 0, NULL},
    [LW_K_TIME] = {"time", NULL, NULL, NULL, 0, NULL},
};

/* The declared types columns.c writes (the words decide; the entry with the most
 * words wins) and the kinds behind them. */
const lw_declared_type my_declared[] = {
    {"TINYINT", LW_K_INT8},
    {"SMALLINT", LW_K_INT8},
    {"MEDIUMINT", LW_K_INT8},
    {"INT", LW_K_INT8},
    {"INTEGER", LW_K_INT8},
    {"BIGINT", LW_K_INT8},
    {"TINYINT UNSIGNED", LW_K_UINT8},
    {"SMALLINT UNSIGNED", LW_K_UINT8},
    {"MEDIUMINT UNSIGNED", LW_K_UINT8},
    {"INT UNSIGNED", LW_K_UINT8},
    {"UNSIGNED_BIGNUM_TEXT", LW_K_UINT8},
    {"BIT", LW_K_UINT8},
    {"YEAR", LW_K_INT8},
    {"NUMERIC_TEXT", LW_K_NUMERIC},
    {"FLOAT", LW_K_FLOAT},
    {"DOUBLE", LW_K_FLOAT},
    {"CHAR", LW_K_TEXT},
    {"VARCHAR", LW_K_TEXT},
    {"TINYTEXT", LW_K_TEXT},
    {"TEXT", LW_K_TEXT},
    {"MEDIUMTEXT", LW_K_TEXT},
    {"LONGTEXT", LW_K_TEXT},
    {"ENUM", LW_K_TEXT},
    {"SET_MEMBERS", LW_K_TEXT},
    {"JSON", LW_K_JSON},
    {"BINARY", LW_K_BYTEA},
    {"VARBINARY", LW_K_BYTEA},
    {"TINYBLOB", LW_K_BYTEA},
    {"BLOB", LW_K_BYTEA},
    {"MEDIUMBLOB", LW_K_BYTEA},
    {"LONGBLOB", LW_K_BYTEA},
    {"DATE", LW_K_DATE},
    {"DATETIME", LW_K_TIMESTAMP},
    {"TIMESTAMP", LW_K_TIMESTAMP},
    {"TIME", LW_K_TIME},
    {0},
};

/* Constants: integers are BIGINT (expressions.c types the ones above INT64_MAX as
 * BIGINT UNSIGNED and longer ones as DECIMAL, 1.5 as DECIMAL and 1e3 as DOUBLE). */
const lw_number_rules my_numbers = {LW_K_INT8, LW_K_INT8, LW_K_NUMERIC, LW_K_NUMERIC};

/* The shared layer's typed arithmetic is not used (expressions.c writes + - * / itself);
 * an empty table makes any path that reaches it the server's "no operator" error. */
const lw_arith_rule my_arith[] = {
    {0},
};

int my_decimals_of(const lw_expr *e)
{
    if (e->decimals >= 0)
        return e->decimals;
    return e->type == LW_K_NUMERIC ? -1 : 0;
}

lw_kind my_common_kind(const lw_expr *e, int n, int *decimals)
{
    lw_kind kind = n ? e[0].type : LW_K_UNKNOWN;
    int exact = 1, most = 0;
    for (int i = 0; i < n; i++) {
        lw_kind k = e[i].is_bool ? LW_K_INT8 : e[i].type;
        exact = exact && (k == LW_K_NUMERIC || lw_is_int_kind(k) || k == LW_K_NULL);
        int d = my_decimals_of(&e[i]);
        most = d < 0 || most < 0 ? -1 : d > most ? d : most;
        if (i && e[i].type != kind)
            kind = e[i].type == LW_K_NULL ? kind : kind == LW_K_NULL ? e[i].type : LW_K_UNKNOWN;
    }
    if (kind != LW_K_UNKNOWN || !exact)
        return kind;
    *decimals = most;
    return LW_K_NUMERIC;
}

void my_arith_decimals(lw_walker *w, lw_expr *e, char op, int left, int right)
{
    if (e->type != LW_K_NUMERIC) {
        e->decimals = e->type == LW_K_FLOAT ? -1 : 0;
        return;
    }
    if (left < 0 || right < 0) {
        e->decimals = -1;
        return;
    }
    int d;
    switch (op) {
    case '*':
        d = left + right;
        break;
    case '/':
        d = left + my_session_of(w)->div_precision_increment;
        break;
    default:
        d = left > right ? left : right;
        break;
    }
    e->decimals = d > 38 ? 38 : d;
}

void my_column(lw_walker *w, lw_expr *e, const char *declared)
{
    if (e->type == LW_K_TIMESTAMP && !strncasecmp(declared, "TIMESTAMP", 9)) {
        /* A TIMESTAMP column holds UTC; every reference reads it on the session's wall
         * clock (runtime_zone.c), as MariaDB's Field_timestamp does. */
        char *col = lw_take_from(w, e->start);
        if (col)
            lw_outf(w, "my_tz_local(%s) ", col);
        else
            w->t->out->oom = 1;
        sqlite3_free(col);
    }
    if (e->type == LW_K_TIMESTAMP || e->type == LW_K_TIME) {
        const char *paren = strchr(declared, '(');
        e->decimals = paren ? atoi(paren + 1) : 0; /* the column's fraction digits */
    } else if (e->type == LW_K_NUMERIC) {
        const char *comma = strchr(declared, ',');
        e->decimals = comma ? atoi(comma + 1) : 0;
    } else if (lw_is_int_kind(e->type)) {
        e->decimals = 0;
    }
}

/* The my_temporal_as WHAT of a temporal kind, NULL for another kind. */
static const char *temporal_word(const lw_expr *e)
{
    if (e->is_bool)
        return NULL;
    return e->type == LW_K_DATE        ? "date"
           : e->type == LW_K_TIMESTAMP ? "datetime"
           : e->type == LW_K_TIME      ? "time"
                                       : NULL;
}

/* Wraps the string operand from start to end in my_temporal_as(..., WHAT, FSP); FSP -1
 * when the other operand's fraction digits are not known. */
static void as_temporal(lw_walker *w, size_t start, size_t end, const char *what, int fsp)
{
    char *tail = lw_take_from(w, end);
    lw_insert_call(w, start, "my_temporal_as");
    lw_outf(w, ", '%s', %d) ", what, fsp < 0 ? -1 : fsp > 6 ? 6 : fsp);
    if (tail)
        lw_out(w, tail);
    sqlite3_free(tail);
}

static int is_number(const lw_expr *e)
{
    return e->is_bool || lw_is_int_kind(e->type) || e->type == LW_K_NUMERIC ||
           e->type == LW_K_FLOAT;
}

/* Wraps the temporal operand from start to end in my_temporal_number (20240102). */
static void as_temporal_number(lw_walker *w, size_t start, size_t end, const char *what)
{
    char *tail = lw_take_from(w, end);
    lw_insert_call(w, start, "my_temporal_number");
    lw_outf(w, ", '%c') ", what[0] == 'd' && what[1] == 'a' ? 'd' : what[0] == 't' ? 'T' : 't');
    if (tail)
        lw_out(w, tail);
    sqlite3_free(tail);
}

int my_temporal_comparison(lw_walker *w, lw_expr *left, size_t left_end, lw_expr *right)
{
    const char *lt = temporal_word(left), *rt = temporal_word(right);
    /* With a number: the temporal's number (DATE '2024-01-02' = 20240102). */
    if (lt && is_number(right)) {
        size_t before = lw_here(w);
        as_temporal_number(w, left->start, left_end, lt);
        right->start += lw_here(w) - before;
        return 1;
    }
    if (rt && is_number(left)) {
        as_temporal_number(w, right->start, lw_here(w), rt);
        return 1;
    }
    if (lt && !rt && my_is_string(right) && right->type != LW_K_BYTEA) {
        as_temporal(w, right->start, lw_here(w), lt, left->decimals);
        return 1;
    }
    if (rt && !lt && my_is_string(left) && left->type != LW_K_BYTEA) {
        size_t before = lw_here(w);
        as_temporal(w, left->start, left_end, rt, right->decimals);
        right->start += lw_here(w) - before;
        return 1;
    }
    return 0;
}

int my_temporal_operand(lw_walker *w, const lw_expr *temporal, const lw_expr *operand, size_t start)
{
    const char *what = temporal_word(temporal);
    if (!what || temporal_word(operand) || !my_is_string(operand) || operand->type == LW_K_BYTEA)
        return 0;
    as_temporal(w, start, lw_here(w), what, temporal->decimals);
    return 1;
}
