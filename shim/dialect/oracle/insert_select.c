/*
 * INSERT INTO t [(cols)] SELECT * ... (SQLRF "INSERT", subquery): each value the query
 * gives goes into its column through the column's type (types.c: NUMBER's precision
 * and rounding, VARCHAR2's length, DATE), which the walk writes per select item. A * in
 * the select list is many items the walk cannot see, so before the walk (oracle.c) the
 * query gets names for its columns:
 *
 *   INSERT INTO t (a, b) SELECT * FROM s
 *   -> INSERT INTO t (a, b) WITH lw_src (lw_c1, lw_c2) AS (SELECT * FROM s)
 *      SELECT lw_c1, lw_c2 FROM lw_src
 *
 * with as many names as the INSERT has columns (its list, else the table's columns); a
 * query with another number of columns fails as Oracle's does (ORA-00913/00947 through
 * SQLite's "has N values for M columns").
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

static int is_word(const char *sql, const lw_token *m, size_t n, size_t k, const char *w)
{
    return k < n && m[k].type == LW_TK_WORD && lw_token_is_word(sql, &m[k], w);
}

static int is_type(const lw_token *m, size_t n, size_t k, int type)
{
    return k < n && m[k].type == type;
}

/* The number of columns of table t (an Oracle name token: unquoted folds to upper
 * case), 0 when there is no such table. */
static int column_count(sqlite3 *db, const char *sql, const lw_token *t)
{
    char name[256];
    const char *s = sql + t->offset;
    size_t len = t->length;
    int quoted = t->type == LW_TK_QIDENT;
    if (quoted)
        s++, len -= 2;
    if (!db || len == 0 || len >= sizeof name)
        return 0;
    for (size_t i = 0; i < len; i++)
        name[i] = (char)(!quoted && s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    name[len] = 0;
    sqlite3_stmt *stmt = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1)", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            n = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return n;
}

int ora_insert_select_star(sqlite3 *db, const char *sql, const lw_token *toks, size_t n,
                           char **text, lw_dialect_error *err)
{
    (void)err;
    *text = NULL;
    lw_token *m = sqlite3_malloc64((n ? n : 1) * sizeof *m);
    if (!m)
        return LW_ENOMEM;
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (!lw_token_is_blank(&toks[i]))
            m[c++] = toks[i];
    if (c > 0 && m[c - 1].type == LW_TK_SEMICOLON)
        c--;
    int rc = 0;
    size_t k = 2;
    if (!is_word(sql, m, c, 0, "insert") || !is_word(sql, m, c, 1, "into") ||
        (!is_type(m, c, 2, LW_TK_WORD) && !is_type(m, c, 2, LW_TK_QIDENT)))
        goto done;
    const lw_token *table = &m[k++];
    if (is_type(m, c, k, LW_TK_DOT) &&
        (is_type(m, c, k + 1, LW_TK_WORD) || is_type(m, c, k + 1, LW_TK_QIDENT))) {
        table = &m[k + 1];
        k += 2;
    }
    int n_cols = 0;
    if (is_type(m, c, k, LW_TK_LPAREN)) {
        int d = 0;
        n_cols = 1;
        for (; k < c; k++) {
            if (m[k].type == LW_TK_LPAREN)
                d++;
            else if (m[k].type == LW_TK_RPAREN && --d == 0)
                break;
            else if (d == 1 && m[k].type == LW_TK_COMMA)
                n_cols++;
        }
        k++;
    }
    size_t select = k;
    if (!is_word(sql, m, c, select, "select"))
        goto done;
    /* a * (or t.*) among the select list's items */
    int star = 0, d = 0;
    for (k = select + 1; k < c && !star; k++) {
        if (m[k].type == LW_TK_LPAREN)
            d++;
        else if (m[k].type == LW_TK_RPAREN)
            d--;
        else if (!d && is_word(sql, m, c, k, "from"))
            break;
        else if (!d && m[k].type == LW_TK_OPERATOR && m[k].length == 1 && sql[m[k].offset] == '*')
            star = k == select + 1 || m[k - 1].type == LW_TK_COMMA || m[k - 1].type == LW_TK_DOT ||
                   is_word(sql, m, c, k - 1, "distinct") || is_word(sql, m, c, k - 1, "unique") ||
                   is_word(sql, m, c, k - 1, "all");
    }
    if (!star || (!n_cols && !(n_cols = column_count(db, sql, table))))
        goto done;
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, sql, m[select].offset);
    lw_sqlbuf_appends(&out, "WITH lw_src (");
    for (int i = 1; i <= n_cols; i++)
        lw_sqlbuf_appendf(&out, "%slw_c%d", i > 1 ? ", " : "", i);
    lw_sqlbuf_appends(&out, ") AS (");
    lw_sqlbuf_append(&out, sql + m[select].offset,
                     m[c - 1].offset + m[c - 1].length - m[select].offset);
    lw_sqlbuf_appends(&out, ") SELECT ");
    for (int i = 1; i <= n_cols; i++)
        lw_sqlbuf_appendf(&out, "%slw_c%d", i > 1 ? ", " : "", i);
    lw_sqlbuf_appends(&out, " FROM lw_src");
    *text = lw_sqlbuf_finish(&out);
    rc = *text ? 1 : LW_ENOMEM;
done:
    sqlite3_free(m);
    return rc;
}
