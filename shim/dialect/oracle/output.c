/*
 * The oracle dialect's values as SQL*Plus prints them under the session's NLS settings
 * (lw_dialect.format_value, which lwsql and lw_column_display use; docs/oracle.md 1.2):
 *
 *   DATE                       NLS_DATE_FORMAT (DD-MON-RR by default)
 *   TIMESTAMP(p)               NLS_TIMESTAMP_FORMAT, FF with p digits (9 for an
 *                              expression: TO_TIMESTAMP's); WITH LOCAL TIME ZONE in the
 *                              session's time zone
 *   TIMESTAMP WITH TIME ZONE   NLS_TIMESTAMP_TZ_FORMAT
 *   RAW, BLOB                  upper-case hexadecimal
 *   BOOLEAN                    TRUE, FALSE
 *   NUMBER, text               as stored (NUMBER is stored in TO_CHAR's form)
 *
 * A column's type is its declared type when it names a table column, else the letter
 * the translation's mark gives its expression (oracle.h).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/oracle.h"

/* The mark's letter for column col, or ORA_COL_OTHER. */
static char mark_letter(sqlite3_stmt *stmt, int col)
{
    const char *sql = sqlite3_sql(stmt);
    size_t k = strlen(ORA_MARK);
    if (!sql || strncmp(sql, ORA_MARK, k) != 0)
        return ORA_COL_OTHER;
    const char *kinds = sql + k + 1;
    for (int i = 0; i < col; i++)
        if (!kinds[i] || kinds[i] == '*')
            return ORA_COL_OTHER;
    return kinds[col] && kinds[col] != '*' ? kinds[col] : ORA_COL_OTHER;
}

int ora_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    ora_state *s = state;
    int type = sqlite3_column_type(stmt, col);
    if (type == SQLITE_NULL)
        return 0;
    if (type == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(stmt, col);
        int n = sqlite3_column_bytes(stmt, col);
        for (int i = 0; i < n; i++)
            lw_sqlbuf_appendf(b, "%02X", p[i]);
        return 1;
    }
    const char *decl = sqlite3_column_decltype(stmt, col);
    ora_type ty;
    char letter = ORA_COL_OTHER;
    int precision = 9, local = 0;
    if (decl && ora_type_of_declared(decl, &ty) == 0) {
        letter = ty.kind == LW_K_DATE          ? ORA_COL_DATE
                 : ty.kind == LW_K_TIMESTAMPTZ ? ORA_COL_TSTZ
                 : ty.kind == LW_K_TIMESTAMP   ? ORA_COL_TIMESTAMP
                 : ty.kind == LW_K_BOOL        ? ORA_COL_BOOL
                                               : ORA_COL_OTHER;
        if (ty.p >= 0 && ty.p <= 9)
            precision = (int)ty.p;
        local = ty.tz == 'L';
    } else {
        letter = mark_letter(stmt, col);
    }
    if (letter == ORA_COL_BOOL && type == SQLITE_INTEGER) {
        lw_sqlbuf_appends(b, sqlite3_column_int64(stmt, col) ? "TRUE" : "FALSE");
        return 1;
    }
    if (letter != ORA_COL_DATE && letter != ORA_COL_TIMESTAMP && letter != ORA_COL_TSTZ)
        return 0;
    const char *text = (const char *)sqlite3_column_text(stmt, col);
    ora_dt dt;
    if (!text || ora_dt_parse(text, (size_t)sqlite3_column_bytes(stmt, col), &dt) != 0)
        return 0;
    ora_session *sess = s ? s->session : NULL;
    if (!sess)
        return 0;
    if (local) {
        int nanos = dt.nanos;
        ora_dt_from_seconds(ora_dt_seconds(&dt) + ora_session_tz(sess) * 60, &dt);
        dt.nanos = nanos;
    }
    const char *fmt = ora_session_format(sess, letter == ORA_COL_DATE   ? 'D'
                                               : letter == ORA_COL_TSTZ ? 'Z'
                                                                        : 'T');
    const char *msg = NULL;
    return ora_dt_format(&dt, fmt, strlen(fmt), precision, b, &msg) == 0;
}
