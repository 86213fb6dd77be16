/*
 * Subqueries and rows in expressions, where MariaDB checks what SQLite lets pass:
 *
 *   (SELECT x ...)   a scalar subquery (one column, in an expression) returns at most
 *       one row: more is error 1242 (21000) "Subquery returns more than 1 row" when it
 *       runs (SQLite takes the first row). The rules' scalar_subquery hook writes it
 *         (WITH _lw_one(v) AS (SELECT * FROM (SELECT x ...) LIMIT 2)
 *          SELECT my_one_row(v) FROM _lw_one)
 *       so that the query stops at its second row; the aggregate my_one_row returns the
 *       one row's value, NULL for none (as before), and raises 1242 at a second row
 *       (runtime_subquery.c). A correlated subquery of one row costs about a third more
 *       than SQLite's own (200,000 lookups by key: 0.13 s of CPU against 0.10 s).
 *       Limit: the result has no column affinity any more, so a comparison SQLite
 *       would have made under the subquery's column affinity is made under the other
 *       operand's; the dialect writes MariaDB's comparisons by kind (collations.c), which
 *       the subquery's kind still drives.
 *   (a, b) = 1, x = (SELECT a, b ...)   a row compared with a scalar is error 4078
 *       (HY000) "Illegal parameter data types row and int for operation '='", naming
 *       the scalar's type as MariaDB's type handler does (the column's declared type,
 *       the constant's type, or the expression's kind: int, bigint, varchar, decimal,
 *       double, date, datetime...). An operand whose type name is not known here keeps
 *       SQLite's error (XX000 "row value misused").
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/mysql.h"
#include "dialect/scope.h"

void my_scalar_subquery(lw_walker *w, size_t start)
{
    lw_insert_at(w, start, "(WITH _lw_one(v) AS (SELECT * FROM ");
    lw_out(w, "LIMIT 2) SELECT my_one_row(v) FROM _lw_one) ");
}

/* MariaDB's type handler name of a column's declared type as columns.c writes it, or
 * NULL when it is not one this file knows. */
static const char *declared_type_name(const char *decl, char *buf, size_t size)
{
    static const struct {
        const char *declared, *name;
    } names[] = {
        {"TINYINT", "tinyint"},
        {"SMALLINT", "smallint"},
        {"MEDIUMINT", "mediumint"},
        {"INT", "int"},
        {"INTEGER", "int"},
        {"BIGINT", "bigint"},
        {"UNSIGNED_BIGNUM_TEXT", "bigint unsigned"},
        {"NUMERIC_TEXT", "decimal"},
        {"FLOAT", "float"},
        {"DOUBLE", "double"},
        {"CHAR", "char"},
        {"VARCHAR", "varchar"},
        {"ENUM", "varchar"},
        {"SET_MEMBERS", "varchar"},
        {"TEXT", "blob"},
        {"BLOB", "blob"},
        {"JSON", "longblob/json"},
        {"DATE", "date"},
        {"DATETIME", "datetime"},
        {"TIMESTAMP", "timestamp"},
        {"TIME", "time"},
        {"YEAR", "year"},
        {"BIT", "bit"},
    };
    size_t n = strcspn(decl, " (");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].declared) == n && !sqlite3_strnicmp(decl, names[i].declared, (int)n)) {
            int is_unsigned = strstr(decl, "UNSIGNED") && strcmp(names[i].declared, "INT") == 0;
            snprintf(buf, size, "%s%s", names[i].name, is_unsigned ? " unsigned" : "");
            return buf;
        }
    return NULL;
}

/* The type name of the non-row operand e of a comparison (its tokens end at token
 * end), or NULL when unknown. */
static const char *operand_type_name(lw_walker *w, const lw_expr *e, size_t end, char *buf,
                                     size_t size)
{
    size_t n = end > e->tok ? end - e->tok : 0;
    const lw_token *t = e->tok < w->n ? &w->tk[w->at[e->tok]] : NULL;
    if (n == 1 && t && t->type == LW_TK_NUMBER) {
        const char *s = w->sql + t->offset;
        if (memchr(s, 'e', t->length) || memchr(s, 'E', t->length))
            return "double";
        if (memchr(s, '.', t->length))
            return "decimal";
        return t->length < 10 ? "int" : "bigint";
    }
    if (n == 1 && t && t->type == LW_TK_STRING)
        return "varchar";
    if ((n == 1 || n == 3) && t && (t->type == LW_TK_WORD || t->type == LW_TK_QIDENT) &&
        (n == 1 || w->tk[w->at[e->tok + 1]].type == LW_TK_DOT)) {
        if (n == 1 && lw_token_is_word(w->sql, t, "null"))
            return "null";
        size_t table_tok = 0;
        lw_column_source(w, n == 3 ? e->tok : 0, e->tok + n - 1, &table_tok);
        char *table = table_tok ? lw_ident_text(w, table_tok) : NULL;
        char *col = table ? lw_ident_text(w, e->tok + n - 1) : NULL;
        char *decl = col && w->schema ? lw_schema_declared_type(w->schema, table, col, 0) : NULL;
        const char *name = decl ? declared_type_name(decl, buf, size) : NULL;
        sqlite3_free(table);
        sqlite3_free(col);
        sqlite3_free(decl);
        if (name)
            return name;
        if (table_tok)
            return NULL;
    }
    if (e->is_bool)
        return "boolean";
    switch (e->type) {
    case LW_K_NULL:
        return "null";
    case LW_K_DATE:
        return "date";
    case LW_K_TIMESTAMP:
        return "datetime";
    case LW_K_TIME:
        return "time";
    case LW_K_FLOAT:
        return "double";
    case LW_K_NUMERIC:
        return "decimal";
    case LW_K_TEXT:
        return "varchar";
    default:
        return NULL;
    }
}

int my_row_comparison(lw_walker *w, const lw_expr *left, const lw_expr *right)
{
    if (!left->row_items == !right->row_items || right->tok == 0)
        return 0;
    const lw_token *op = &w->tk[w->at[right->tok - 1]];
    char lbuf[32], rbuf[32];
    const char *l =
        left->row_items ? "row" : operand_type_name(w, left, right->tok - 1, lbuf, sizeof lbuf);
    const char *r = right->row_items ? "row" : operand_type_name(w, right, w->p, rbuf, sizeof rbuf);
    if (!l || !r)
        return 0;
    return lw_walk_error(w, LW_ESQL, "HY000", 4078,
                         "Illegal parameter data types %s and %s for operation '%.*s'", l, r,
                         (int)op->length, w->sql + op->offset);
}
