/*
 * Server errors in the error object, so that the lw_error accessors mean the same on
 * every engine (docs/servers.md has the table):
 *
 *   lw_error_code       the LW_E* class, decided by the SQLSTATE on PostgreSQL and by
 *                       the error number on MariaDB, as the embedded backend decides
 *                       it from SQLite's code: a unique violation is LW_ECONSTRAINT, a
 *                       lock wait that timed out LW_ELOCKTIMEOUT, a serialization
 *                       failure or deadlock LW_ERETRY (what lw_transaction retries)
 *   lw_error_sqlstate   the server's own. On MariaDB, where the server's is the
 *                       unspecific HY000 or MySQL's 70100, the SQLSTATE the embedded
 *                       backend uses for the same condition instead: 1205 lock wait
 *                       timeout 55P03, 1969 statement timeout and 1317 query
 *                       interrupted 57014, 1927 connection killed 57P01, and the
 *                       client library's connection failures (2002, 2003, 2006,
 *                       2013...) 08006
 *   lw_error_mysql_errno the server's own on MariaDB; on PostgreSQL the MySQL number
 *                       of the same condition (23505 is 1062), 1105 when there is none
 *   lw_error_message    the server's message (PostgreSQL's primary message; MariaDB's
 *                       error text), also lw_error_sqlite_message; lw_error_sqlite_code
 *                       is 0
 */
#include <string.h>

#include "core/shim_int.h"

typedef struct pg_code {
    const char *sqlstate; /* five characters, or two for a class */
    int code;             /* LW_E* */
    int mysql_errno;
} pg_code;

/* Exact SQLSTATEs first, then classes (two characters); the first match wins. */
static const pg_code pg_codes[] = {
    {"23505", LW_ECONSTRAINT, 1062},
    {"23503", LW_ECONSTRAINT, 1452},
    {"23502", LW_ECONSTRAINT, 1048},
    {"23514", LW_ECONSTRAINT, 3819},
    {"42601", LW_ESYNTAX, 1064},
    {"42P01", LW_ESQL, 1146},
    {"42703", LW_ESQL, 1054},
    {"42883", LW_ESQL, 1305},
    {"42P07", LW_ESQL, 1050},
    {"42704", LW_ESQL, 1273},
    {"42702", LW_ESQL, 1052},
    {"22012", LW_ESQL, 1365},
    {"22003", LW_ESQL, 1264},
    {"22001", LW_ESQL, 1406},
    {"22P02", LW_ESQL, 1366},
    {"22007", LW_ESQL, 1292},
    {"22008", LW_ESQL, 1292},
    {"55P03", LW_ELOCKTIMEOUT, 1205},
    {"40001", LW_ERETRY, 1213},
    {"40P01", LW_ERETRY, 1213},
    {"25006", LW_EREADONLY, 1792},
    {"25001", LW_ESTATE, 1399},
    {"25P01", LW_ESTATE, 1399},
    {"3B001", LW_ESTATE, 1305},
    {"0A000", LW_ENOTSUP, 1235},
    {"08P01", LW_EPARAM, 1210},
    {"57014", LW_ECANCELED, 1317},
    {"57P01", LW_ECONNECTION, 1927},
    {"57P02", LW_ECONNECTION, 1927},
    {"57P03", LW_ECONNECTION, 1927},
    {"53200", LW_ENOMEM, 1037},
    {"53100", LW_EIO, 1021},
    {"XX001", LW_ECORRUPT, 1030},
    {"3D000", LW_ECANTOPEN, 1049},
    {"28", LW_ECANTOPEN, 1045},
    {"08", LW_ECONNECTION, 2013},
    {"23", LW_ECONSTRAINT, 1062},
    {"40", LW_ERETRY, 1213},
    {"25", LW_ESTATE, 1399},
    {"53", LW_ENOMEM, 1037},
    {"58", LW_EIO, 1030},
};

static void fill(lw_error *e, int code, const char *sqlstate, int mysql_errno, const char *message)
{
    lw_error_reset(e);
    e->code = code;
    memcpy(e->sqlstate, sqlstate, 5);
    e->sqlstate[5] = 0;
    e->mysql_errno = mysql_errno;
    e->sqlite_message = sqlite3_mprintf("%s", message && *message ? message : lw_strerror(code));
    if (!e->sqlite_message) {
        e->code = LW_ENOMEM;
        memcpy(e->sqlstate, "53200", 6);
        e->mysql_errno = 1037;
    }
}

int lw_error_postgresql(lw_error *e, const char *sqlstate, const char *message, int opening)
{
    if (!sqlstate || strlen(sqlstate) != 5)
        sqlstate = "08006"; /* libpq's own failure (no server answer): the connection */
    int code = LW_ESQL, mysql_errno = 1105;
    for (size_t i = 0; i < sizeof pg_codes / sizeof pg_codes[0]; i++) {
        const pg_code *p = &pg_codes[i];
        if (strncmp(sqlstate, p->sqlstate, strlen(p->sqlstate)) == 0) {
            code = p->code;
            mysql_errno = p->mysql_errno;
            break;
        }
    }
    if (opening && (code == LW_ECONNECTION || code == LW_ESQL))
        code = LW_ECANTOPEN, mysql_errno = mysql_errno == 2013 ? 2002 : mysql_errno;
    fill(e, code, sqlstate, mysql_errno, message);
    return e->code;
}

typedef struct my_code {
    unsigned mysql_errno;
    int code;
    const char *sqlstate; /* replaces the server's HY000 or 70100; NULL: the server's */
} my_code;

static const my_code my_codes[] = {
    {1062, LW_ECONSTRAINT, NULL},     {1586, LW_ECONSTRAINT, NULL},
    {1451, LW_ECONSTRAINT, NULL},     {1452, LW_ECONSTRAINT, NULL},
    {1048, LW_ECONSTRAINT, NULL},     {3819, LW_ECONSTRAINT, NULL},
    {4025, LW_ECONSTRAINT, NULL},     {1064, LW_ESYNTAX, NULL},
    {1149, LW_ESYNTAX, NULL},         {1205, LW_ELOCKTIMEOUT, "55P03"},
    {3572, LW_ELOCKTIMEOUT, "55P03"}, {1213, LW_ERETRY, NULL},
    {1792, LW_EREADONLY, NULL},       {1568, LW_ESTATE, NULL},
    {1399, LW_ESTATE, NULL},          {1305, LW_ESQL, NULL},
    {1235, LW_ENOTSUP, NULL},         {1295, LW_ENOTSUP, NULL},
    {1210, LW_EPARAM, NULL},          {1969, LW_ECANCELED, "57014"},
    {1317, LW_ECANCELED, "57014"},    {1927, LW_ECONNECTION, "57P01"},
    {1045, LW_ECANTOPEN, NULL},       {1044, LW_ECANTOPEN, NULL},
    {1049, LW_ECANTOPEN, NULL},       {2002, LW_ECANTOPEN, "08006"},
    {2003, LW_ECANTOPEN, "08006"},    {2005, LW_ECANTOPEN, "08006"},
    {2026, LW_ECANTOPEN, "08006"},    {2006, LW_ECONNECTION, "08006"},
    {2013, LW_ECONNECTION, "08006"},  {2055, LW_ECONNECTION, "08006"},
    {1037, LW_ENOMEM, NULL},          {1038, LW_ENOMEM, NULL},
    {2008, LW_ENOMEM, "53200"},       {1021, LW_EIO, NULL},
};

int lw_error_mysql(lw_error *e, unsigned mysql_errno, const char *sqlstate, const char *message,
                   int opening)
{
    if (!sqlstate || strlen(sqlstate) != 5)
        sqlstate = "HY000";
    int code = 0;
    const char *replaced = NULL;
    for (size_t i = 0; i < sizeof my_codes / sizeof my_codes[0] && !code; i++)
        if (my_codes[i].mysql_errno == mysql_errno) {
            code = my_codes[i].code;
            replaced = my_codes[i].sqlstate;
        }
    if (!code) {
        code = strncmp(sqlstate, "23", 2) == 0   ? LW_ECONSTRAINT
               : strncmp(sqlstate, "40", 2) == 0 ? LW_ERETRY
               : strncmp(sqlstate, "08", 2) == 0 ? LW_ECONNECTION
               : strncmp(sqlstate, "28", 2) == 0 ? LW_ECANTOPEN
                                                 : LW_ESQL;
    }
    if (replaced && (strcmp(sqlstate, "HY000") == 0 || strcmp(sqlstate, "70100") == 0))
        sqlstate = replaced;
    if (opening && (code == LW_ECONNECTION || code == LW_ESQL))
        code = LW_ECANTOPEN;
    fill(e, code, sqlstate, (int)mysql_errno, message);
    e->vendor_code = e->mysql_errno; /* MariaDB's own numbers */
    return e->code;
}

void lw_error_move(lw_error *to, lw_error *from)
{
    lw_error_reset(to);
    *to = *from;
    memset(from, 0, sizeof *from);
}
