/*
 * An ENUM or SET column in a number context (`e + 0`, `s & 2`) or sorted (ORDER BY e):
 * MariaDB uses its index or bits, not its text. expressions.c and collations.c ask
 * here whether an operand is such a column and have it written my_enum_number(...)
 * (runtime_enum.c). Only a plain column reference (col or qualifier.col) is seen; an
 * ENUM inside a larger expression (CONCAT(e) + 0) is its text, as in MariaDB.
 */
#include <string.h>

#include "dialect/mysql/mysql.h"
#include "dialect/scope.h"

/* The table and column names when tokens [from, to) are a column of an ENUM or SET
 * (both sqlite3_free), else 0. */
static int enum_column(lw_walker *w, size_t from, size_t to, char **table, char **column)
{
    size_t qual = 0, col;
    if (to == from + 1) {
        col = from;
    } else if (to == from + 3 && w->tk[w->at[from + 1]].type == LW_TK_DOT) {
        qual = from;
        col = from + 2;
    } else {
        return 0;
    }
    const lw_token *t = &w->tk[w->at[col]];
    if (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)
        return 0;
    /* Token positions here are absolute: the scope lookup reads them from 0. */
    size_t saved = w->p, table_tok = 0;
    w->p = 0;
    lw_column_source(w, qual, col, &table_tok);
    w->p = saved;
    if (!table_tok)
        return 0;
    *table = lw_ident_text(w, table_tok);
    *column = lw_ident_text(w, col);
    char *decl = *table && *column ? lw_schema_declared_type(w->schema, *table, *column, 0) : NULL;
    int yes =
        decl && (!sqlite3_strnicmp(decl, "ENUM", 4) || !sqlite3_strnicmp(decl, "SET_MEMBERS", 11));
    sqlite3_free(decl);
    if (!yes) {
        sqlite3_free(*table);
        sqlite3_free(*column);
        *table = *column = NULL;
    }
    return yes;
}

int my_enum_operand_at(lw_walker *w, lw_expr *e, size_t end_tok, size_t end_out)
{
    char *table = NULL, *column = NULL;
    if (w->rc || e->is_bool || !enum_column(w, e->tok, end_tok, &table, &column))
        return 0;
    char *after = lw_take_from(w, end_out);
    char *operand = lw_take_from(w, e->start);
    lw_outf(w, "my_enum_number(%s, %Q, %Q) ", operand ? operand : "NULL", table, column);
    if (after)
        lw_out(w, after);
    sqlite3_free(after);
    sqlite3_free(operand);
    sqlite3_free(table);
    sqlite3_free(column);
    e->type = LW_K_INT8;
    e->collation = NULL;
    e->coercibility = LW_COERCE_NUMERIC;
    e->decimals = 0;
    return 1;
}

int my_enum_operand(lw_walker *w, lw_expr *e, size_t end_tok)
{
    return my_enum_operand_at(w, e, end_tok, lw_here(w));
}
