/*
 * The mysql and mariadb dialects' values as the mariadb client prints them
 * (lw_dialect.format_value, which lwsql and lw_column_display use): DOUBLEs in the
 * shortest text that reads back the value (15, 0.30000000000000004, 1e300), FLOATs
 * with six significant digits, ZEROFILL integers padded to their width, YEAR 0 as
 * 0000. Everything else prints as SQLite's text: DECIMAL is decimal text with its
 * scale, dates and times are text in their canonical form, booleans are integers.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect/mysql/mysql.h"

int my_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    (void)state;
    int type = sqlite3_column_type(stmt, col);
    const char *decl = sqlite3_column_decltype(stmt, col);
    if (type == SQLITE_FLOAT) {
        char buf[400];
        size_t n = my_format_double(sqlite3_column_double(stmt, col),
                                    decl && !strncasecmp(decl, "FLOAT", 5), buf, sizeof buf);
        lw_sqlbuf_append(b, buf, n);
        return 1;
    }
    if (type == SQLITE_INTEGER && decl) {
        const char *zf = strstr(decl, "ZEROFILL(");
        if (zf) {
            lw_sqlbuf_appendf(b, "%0*lld", atoi(zf + 9),
                              (long long)sqlite3_column_int64(stmt, col));
            return 1;
        }
        if (!strncasecmp(decl, "YEAR", 4)) {
            lw_sqlbuf_appendf(b, "%04lld", (long long)sqlite3_column_int64(stmt, col));
            return 1;
        }
    }
    return 0;
}
