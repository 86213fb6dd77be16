/*
 * Error codes and the error object, and the one mapping from SQLite's failures to
 * SQLSTATE and MySQL error numbers (docs/shim.md has the table).
 *
 * SQLite's extended result codes decide where they can (constraints, busy, read-only,
 * I/O); plain SQLITE_ERROR is classified by the message prefix SQLite uses for each
 * case ("no such table: ", "no such column: ", "... syntax error"), which are stable
 * parts of SQLite's interface that its own test suite relies on.
 */
#include <stdarg.h>
#include <string.h>

#include "core/shim_int.h"

const char *lw_err_name(int code)
{
    switch (code) {
#define LW_ERR_NAME_(name, value, message)                                                         \
    case value:                                                                                    \
        return "LW_E" #name;
        LW_ERRNO_MAP(LW_ERR_NAME_)
#undef LW_ERR_NAME_
    default:
        return "unknown error";
    }
}

const char *lw_strerror(int code)
{
    switch (code) {
#define LW_ERR_MSG_(name, value, message)                                                          \
    case value:                                                                                    \
        return message;
        LW_ERRNO_MAP(LW_ERR_MSG_)
#undef LW_ERR_MSG_
    default:
        return "unknown error";
    }
}

int lw_error_code(const lw_error *e)
{
    return e ? e->code : LW_EINVAL;
}

int lw_error_sqlite_code(const lw_error *e)
{
    return e ? e->sqlite_code : 0;
}

const char *lw_error_sqlite_message(const lw_error *e)
{
    return e && e->sqlite_message ? e->sqlite_message : "";
}

const char *lw_error_sqlstate(const lw_error *e)
{
    return e && e->code ? e->sqlstate : "00000";
}

int lw_error_mysql_errno(const lw_error *e)
{
    return e ? e->mysql_errno : 0;
}

int lw_error_vendor_code(const lw_error *e)
{
    return e && e->code ? e->vendor_code : 0;
}

const char *lw_error_message(const lw_error *e)
{
    if (!e || !e->code)
        return "";
    if (e->message)
        return e->message;
    return e->sqlite_message ? e->sqlite_message : lw_strerror(e->code);
}

static char *dup_or_null(const char *s)
{
    return s ? sqlite3_mprintf("%s", s) : NULL;
}

lw_error *lw_error_copy(const lw_error *e)
{
    if (!e)
        return NULL;
    lw_error *c = sqlite3_malloc64(sizeof *c);
    if (!c)
        return NULL;
    *c = *e;
    c->sqlite_message = dup_or_null(e->sqlite_message);
    c->message = dup_or_null(e->message);
    if ((e->sqlite_message && !c->sqlite_message) || (e->message && !c->message)) {
        lw_error_free(c);
        return NULL;
    }
    return c;
}

void lw_error_free(lw_error *e)
{
    if (!e)
        return;
    lw_error_reset(e);
    sqlite3_free(e);
}

void lw_error_reset(lw_error *e)
{
    sqlite3_free(e->sqlite_message);
    sqlite3_free(e->message);
    memset(e, 0, sizeof *e);
}

static void set_state(lw_error *e, int code, const char *sqlstate, int mysql_errno)
{
    e->code = code;
    memcpy(e->sqlstate, sqlstate, 5);
    e->sqlstate[5] = 0;
    e->mysql_errno = mysql_errno;
}

int lw_error_set(lw_error *e, int code, const char *sqlstate, int mysql_errno, const char *fmt, ...)
{
    lw_error_reset(e);
    va_list ap;
    va_start(ap, fmt);
    e->sqlite_message = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    set_state(e, code, sqlstate, mysql_errno);
    return code;
}

int lw_error_from_dialect(lw_error *e, int code, lw_dialect_error *de)
{
    lw_error_reset(e);
    if (code == LW_ENOMEM || !de->message) {
        set_state(e, LW_ENOMEM, "53200", 1037);
        lw_dialect_error_clear(de);
        return LW_ENOMEM;
    }
    set_state(e, code, de->sqlstate[0] ? de->sqlstate : "42601", de->mysql_errno);
    e->vendor_code = de->vendor_code;
    e->sqlite_message = de->message;
    de->message = NULL;
    lw_dialect_error_clear(de);
    return code;
}

static int starts(const char *msg, const char *prefix)
{
    return strncmp(msg, prefix, strlen(prefix)) == 0;
}

/* Classifies SQLITE_ERROR by SQLite's message. */
static int classify_error(lw_error *e, const char *msg)
{
    if (starts(msg, "no such table:"))
        set_state(e, LW_ESQL, "42P01", 1146);
    else if (starts(msg, "no such column:"))
        set_state(e, LW_ESQL, "42703", 1054);
    else if (starts(msg, "no such function:"))
        set_state(e, LW_ESQL, "42883", 1305);
    else if (strstr(msg, "syntax error") || starts(msg, "incomplete input") ||
             starts(msg, "unrecognized token:"))
        set_state(e, LW_ESYNTAX, "42601", 1064);
    else if (starts(msg, "table ") && strstr(msg, " already exists"))
        set_state(e, LW_ESQL, "42P07", 1050);
    else if (starts(msg, "index ") && strstr(msg, " already exists"))
        set_state(e, LW_ESQL, "42P07", 1061);
    else if (strstr(msg, "division by zero"))
        set_state(e, LW_ESQL, "22012", 1365);
    else if (strstr(msg, "numeric field overflow"))
        set_state(e, LW_ESQL, "22003", 1264);
    else if (starts(msg, "cannot start a transaction within a transaction"))
        set_state(e, LW_ESTATE, "25001", 1399);
    else if (strstr(msg, "no transaction is active"))
        set_state(e, LW_ESTATE, "25P01", 1399);
    else if (starts(msg, "no such savepoint:"))
        set_state(e, LW_ESTATE, "3B001", 1305);
    else if (starts(msg, "no such collation sequence:"))
        set_state(e, LW_ESQL, "42704", 1273);
    else if (strstr(msg, "ambiguous column name"))
        set_state(e, LW_ESQL, "42702", 1052);
    else
        set_state(e, LW_ESQL, "XX000", 1105);
    return e->code;
}

int lw_error_from_sqlite(lw_error *e, int rc, const char *sqlite_message, lw_busy_cause cause)
{
    lw_error_reset(e);
    e->sqlite_code = rc;
    e->sqlite_message = dup_or_null(sqlite_message ? sqlite_message : sqlite3_errstr(rc));
    const char *msg = e->sqlite_message ? e->sqlite_message : "";
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
        set_state(e, LW_ECONSTRAINT, "23505", 1062);
        break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        set_state(e, LW_ECONSTRAINT, "23503", 1452);
        break;
    case SQLITE_CONSTRAINT_NOTNULL:
        set_state(e, LW_ECONSTRAINT, "23502", 1048);
        break;
    case SQLITE_CONSTRAINT_CHECK:
        set_state(e, LW_ECONSTRAINT, "23514", 3819);
        break;
    case SQLITE_BUSY_SNAPSHOT:
        set_state(e, LW_ERETRY, "40001", 1213);
        break;
    default:
        switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            set_state(e, LW_ECONSTRAINT, "23000", 1062);
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            if (cause == LW_BUSY_REFUSED)
                set_state(e, LW_ERETRY, "40001", 1213);
            else
                set_state(e, LW_ELOCKTIMEOUT, "55P03", 1205);
            break;
        case SQLITE_READONLY:
            set_state(e, LW_EREADONLY, "25006", 1792);
            break;
        case SQLITE_NOMEM:
            set_state(e, LW_ENOMEM, "53200", 1037);
            break;
        case SQLITE_FULL:
            set_state(e, LW_EIO, "53100", 1021);
            break;
        case SQLITE_IOERR:
            set_state(e, LW_EIO, "58030", 1030);
            break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            set_state(e, LW_ECORRUPT, "XX001", 1030);
            break;
        case SQLITE_CANTOPEN:
            set_state(e, LW_ECANTOPEN, "08006", 1049);
            break;
        case SQLITE_TOOBIG:
            set_state(e, LW_ESQL, "54000", 1301);
            break;
        case SQLITE_MISMATCH:
            set_state(e, LW_ESQL, "42804", 1366);
            break;
        case SQLITE_RANGE:
            set_state(e, LW_EPARAM, "08P01", 1210);
            break;
        case SQLITE_INTERRUPT:
            set_state(e, LW_ECANCELED, "57014", 1317);
            break;
        case SQLITE_AUTH:
            set_state(e, LW_ESQL, "42501", 1142);
            break;
        default:
            classify_error(e, msg);
            break;
        }
    }
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        /* SQLite's "database is locked" says neither what happened nor what to do. */
        const char *why =
            cause == LW_BUSY_NOWAIT   ? "could not obtain lock: another connection holds the "
                                        "database write lock (NOWAIT)"
            : cause == LW_BUSY_WAITED ? "lock timeout: another connection held the database write "
                                        "lock until the timeout passed"
                                      : "could not serialize access due to concurrent update: "
                                        "retry the transaction";
        e->message = sqlite3_mprintf("%s", why);
    }
    return e->code;
}
