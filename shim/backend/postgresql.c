/*
 * The PostgreSQL backend: a postgresql:// connection through libpq (backend.h has
 * the interface, docs/servers.md the user's view).
 *
 * Connecting. The URL, without likewise's own options, goes to libpq as it is
 * (PQconnectStartParams with expand_dbname), so every libpq form works: host=/socket
 * /dir, several hosts, sslmode=, options=, PG* environment variables. Before it come
 * the defaults a URL may override (connect_timeout=10, fallback_application_name);
 * after it what likewise needs (client_encoding=UTF8). The connection is polled to a
 * deadline (connect_timeout), with verbose errors so that a server's refusal keeps
 * its SQLSTATE (28P01 wrong password, 3D000 no such database). Then one round trip
 * sets the session: lock_timeout from the URL's timeout (a statement waits that long
 * for a lock, then fails with 55P03; timeout=0 becomes 1 ms, since PostgreSQL's 0
 * means "wait forever"), and default_transaction_read_only for mode=ro. Notices are
 * dropped (a library does not write to standard error).
 *
 * Statements run with the extended protocol and text results, which is what psql
 * prints. One with parameters is prepared on the server once (PQprepare, named
 * lw<n>) and cached with the text; later runs send only the values
 * (PQexecPrepared). The parameter types are the values' (INT int4, or int8 when it
 * does not fit; REAL float8; BLOB bytea in binary; TEXT and NULL unknown, so the
 * server infers them from the context as for a quoted literal); a later run whose
 * values need other types prepares the statement again. A statement without
 * parameters runs as a one-off (PQexecParams, unnamed statement).
 *
 * A cached statement outlives schema changes: PostgreSQL replans it, but refuses to
 * change its result columns ("cached plan must not change result type"). So DDL run
 * through the connection (and a rollback of a transaction that ran some) marks every
 * prepared statement for a new PREPARE, and a statement that still meets the error
 * outside a transaction is prepared again and run once more. Replaced statements are
 * deallocated at the next moment the connection is outside a transaction.
 *
 * A statement runs when the core starts it (lw_query, lw_exec) and its rows are read
 * whole into the result (PGresult), so a connection may run other statements while
 * rows are open, as on SQLite. Errors of class 42 (syntax, unknown table or column,
 * found before anything runs) return from lw_query as SQLite's prepare errors do;
 * other errors (constraints, locks, data) from the first lw_rows_next, as SQLite's
 * step errors do. COPY ... FROM STDIN / TO STDOUT is refused (0A000) and the copy
 * ended, so the connection never waits for data that will not come.
 *
 * Transactions: txn=deferred begins with BEGIN (the server's default isolation, READ
 * COMMITTED), immediate (the default) and exclusive with BEGIN ISOLATION LEVEL
 * SERIALIZABLE: the transaction behaves as if it ran alone, as every SQLite
 * transaction does, and when the server cannot grant that it fails with 40001, which
 * lw_transaction retries. A COMMIT the server turns into a ROLLBACK (the transaction
 * had failed) is an error for lw_commit (25P02), never a silent success.
 *
 * template=NAME: the URL's database is where CREATE DATABASE <clone> TEMPLATE NAME
 * runs; the connection then uses the clone, which lw_close drops. PostgreSQL copies
 * the template's files (tens to hundreds of milliseconds) and refuses while another
 * session is connected to the template (55006).
 */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/values.h"
#include "core/shim_int.h"

/* PostgreSQL's type OIDs the backend tells apart (pg_type.dat). */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_NAME = 19,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_OID = 26,
    OID_JSON = 114,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_BPCHAR = 1042,
    OID_VARCHAR = 1043,
    OID_DATE = 1082,
    OID_TIME = 1083,
    OID_TIMESTAMP = 1114,
    OID_TIMESTAMPTZ = 1184,
    OID_INTERVAL = 1186,
    OID_TIMETZ = 1266,
    OID_NUMERIC = 1700,
    OID_UUID = 2950,
    OID_JSONB = 3802
};

/* Names replaced statements wait in until they can be deallocated. */
#define PG_PENDING_MAX 64

typedef struct lw_pg {
    PGconn *pg;
    PGcancel *cancel;
    int64_t changes;
    unsigned long next_name; /* prepared statements are lw1, lw2, ... */
    unsigned generation;     /* bumped by DDL: older prepared statements are re-prepared */
    int ddl_in_txn;          /* the open transaction ran DDL (a rollback undoes it) */
    char *pending[PG_PENDING_MAX];
    int n_pending;
    /* template=: the clone this connection made and the URL to drop it through. */
    char *clone;
    char *admin_uri;
} lw_pg;

static lw_pg *state(const lw_conn *conn)
{
    return conn->backend_state;
}

static int oom(lw_conn *conn)
{
    return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
}

/* The error of a failed result, or of the connection when res is NULL. */
static int pg_fail(lw_conn *conn, const PGresult *res)
{
    lw_pg *s = state(conn);
    const char *sqlstate = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char *own = NULL;
    if (!primary) {
        /* libpq's own message ("server closed the connection unexpectedly"). */
        own = sqlite3_mprintf("%s", PQerrorMessage(s->pg));
        if (own) {
            size_t n = strlen(own);
            while (n && (own[n - 1] == '\n' || own[n - 1] == ' '))
                own[--n] = 0;
        }
        primary = own ? own : "";
    }
    if (!sqlstate && PQstatus(s->pg) == CONNECTION_BAD)
        sqlstate = "08006";
    int rc = lw_error_postgresql(&conn->err, sqlstate, primary, 0);
    sqlite3_free(own);
    return rc;
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* ---- Connecting ------------------------------------------------------------------ */

/*
 * A connection error from libpq's verbose message: "...failed: FATAL:  28P01: password
 * authentication failed for user ..." gives the SQLSTATE and the server's message;
 * a message without one (no server answered) is 08006.
 */
static int connect_error(lw_conn *conn, const char *message)
{
    char sqlstate[6] = {0};
    lw_sqlbuf text = {0};
    const char *p = strstr(message, "FATAL:  ");
    if (!p)
        p = strstr(message, "ERROR:  ");
    if (p && strlen(p) > 15 && p[13] == ':' && p[14] == ' ') {
        memcpy(sqlstate, p + 8, 5);
        lw_sqlbuf_append(&text, message, (size_t)(p - message));
        const char *end = strchr(p + 15, '\n');
        lw_sqlbuf_append(&text, p + 15, end ? (size_t)(end - p - 15) : strlen(p + 15));
    } else {
        lw_sqlbuf_appends(&text, message);
        while (text.len && (text.s[text.len - 1] == '\n' || text.s[text.len - 1] == ' '))
            text.s[--text.len] = 0;
    }
    if (text.oom) {
        lw_sqlbuf_free(&text);
        return oom(conn);
    }
    int rc =
        lw_error_postgresql(&conn->err, sqlstate[0] ? sqlstate : "08006", text.s ? text.s : "", 1);
    lw_sqlbuf_free(&text);
    return rc;
}

/* Seconds libpq will give the connection (its connect_timeout, 0: no limit). */
static int connect_timeout(PGconn *pg)
{
    int seconds = 0;
    PQconninfoOption *opts = PQconninfo(pg);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "connect_timeout") == 0 && o->val)
            seconds = atoi(o->val);
    PQconninfoFree(opts);
    return seconds <= 0 ? 0 : seconds < 2 ? 2 : seconds; /* libpq's own rounding */
}

/* Connects to uri (or, when dbname is not NULL, to that database of the same server);
 * returns 0 with *out set, or an LW_E* code (conn->err set). */
static int pg_connect(lw_conn *conn, const char *uri, const char *dbname, PGconn **out)
{
    const char *keywords[] = {"connect_timeout", "fallback_application_name", "dbname",
                              "client_encoding", dbname ? "dbname" : NULL,    NULL};
    const char *values[] = {"10", "likewise", uri, "UTF8", dbname, NULL};
    *out = NULL;
    PGconn *pg = PQconnectStartParams(keywords, values, 1);
    if (!pg)
        return oom(conn);
    PQsetErrorVerbosity(pg, PQERRORS_VERBOSE);
    int seconds = connect_timeout(pg);
    double deadline = lw_now() + seconds;
    PostgresPollingStatusType st =
        PQstatus(pg) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
        struct pollfd p = {PQsocket(pg), st == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0};
        double left = deadline - lw_now();
        if (seconds && left <= 0) {
            PQfinish(pg);
            return lw_error_postgresql(&conn->err, "08006",
                                       "connection to server timed out (connect_timeout)", 1);
        }
        int r = poll(&p, 1, seconds ? (int)(left * 1000) + 1 : -1);
        if (r < 0 && errno != EINTR)
            break;
        st = PQconnectPoll(pg);
    }
    if (PQstatus(pg) != CONNECTION_OK) {
        int rc = connect_error(conn, PQerrorMessage(pg));
        PQfinish(pg);
        return rc;
    }
    PQsetErrorVerbosity(pg, PQERRORS_DEFAULT);
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    *out = pg;
    return 0;
}

/* Runs sql (no parameters, any number of statements); 0 or an LW_E* code. */
static int pg_exec_simple(lw_conn *conn, const char *sql)
{
    PGresult *res = PQexec(state(conn)->pg, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : pg_fail(conn, res);
    PQclear(res);
    return rc;
}

/* A fresh database name for a clone of template: template_lw<pid>_<n>_<time>, at most
 * 63 bytes (PostgreSQL's limit). */
static char *clone_name(const char *template_name)
{
    static const char hex[] = "0123456789abcdef";
    char suffix[48];
    unsigned long long t = (unsigned long long)(lw_now() * 1e6);
    int n = snprintf(suffix, sizeof suffix, "_lw%ld_", (long)getpid());
    for (int i = 0; i < 8; i++)
        suffix[n++] = hex[(t >> (4 * i)) & 15];
    suffix[n] = 0;
    return sqlite3_mprintf("%.*s%s", 63 - n, template_name, suffix);
}

/* template=NAME: CREATE DATABASE <clone> TEMPLATE NAME on the URL's database, then
 * connect to the clone. */
static int open_clone(lw_conn *conn, const lw_url *u)
{
    lw_pg *s = state(conn);
    s->clone = clone_name(u->template_path);
    s->admin_uri = sqlite3_mprintf("%s", u->server_uri);
    if (!s->clone || !s->admin_uri)
        return oom(conn);
    char *clone_id = PQescapeIdentifier(s->pg, s->clone, strlen(s->clone));
    char *template_id = PQescapeIdentifier(s->pg, u->template_path, strlen(u->template_path));
    char *sql = clone_id && template_id
                    ? sqlite3_mprintf("CREATE DATABASE %s TEMPLATE %s", clone_id, template_id)
                    : NULL;
    PQfreemem(clone_id);
    PQfreemem(template_id);
    if (!sql)
        return oom(conn);
    int rc = pg_exec_simple(conn, sql);
    sqlite3_free(sql);
    if (rc) {
        sqlite3_free(s->clone); /* nothing was created: nothing to drop */
        s->clone = NULL;
        return rc;
    }
    PQfinish(s->pg);
    s->pg = NULL;
    return pg_connect(conn, u->server_uri, s->clone, &s->pg);
}

static int pg_open(lw_conn *conn, const lw_url *u)
{
    lw_pg *s = sqlite3_malloc64(sizeof *s);
    if (!s)
        return oom(conn);
    memset(s, 0, sizeof *s);
    conn->backend_state = s;
    /* Check libpq's part of the URL before connecting, so a bad parameter is named as
     * a URL error (08001) rather than a failed connection. */
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(u->server_uri, &why);
    if (!opts) {
        int rc = lw_error_set(&conn->err, why ? LW_EURL : LW_ENOMEM, why ? "08001" : "53200",
                              why ? 2005 : 1037, "invalid connection URL: %s",
                              why ? why : "out of memory");
        if (why) {
            size_t n = strlen(conn->err.sqlite_message);
            while (n && conn->err.sqlite_message[n - 1] == '\n')
                conn->err.sqlite_message[--n] = 0;
        }
        PQfreemem(why);
        return rc;
    }
    PQconninfoFree(opts);
    int rc = pg_connect(conn, u->server_uri, NULL, &s->pg);
    if (rc == 0 && u->template_path)
        rc = open_clone(conn, u);
    if (rc)
        return rc;
    s->cancel = PQgetCancel(s->pg);
    if (!s->cancel)
        return oom(conn);
    char sql[160];
    snprintf(sql, sizeof sql, "SET lock_timeout = %d%s",
             conn->busy.timeout_ms ? conn->busy.timeout_ms : 1,
             conn->read_only ? "; SET default_transaction_read_only = on" : "");
    return pg_exec_simple(conn, sql);
}

static void pg_close(lw_conn *conn)
{
    lw_pg *s = state(conn);
    if (!s)
        return;
    if (s->cancel)
        PQfreeCancel(s->cancel);
    if (s->pg)
        PQfinish(s->pg);
    s->pg = NULL;
    if (s->clone) {
        /* Drop the clone through the database it was made from (errors ignored: the
         * connection is gone whatever happens). */
        if (pg_connect(conn, s->admin_uri, NULL, &s->pg) == 0) {
            char *id = PQescapeIdentifier(s->pg, s->clone, strlen(s->clone));
            char *sql = id ? sqlite3_mprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", id) : NULL;
            if (sql)
                PQclear(PQexec(s->pg, sql));
            sqlite3_free(sql);
            PQfreemem(id);
            PQfinish(s->pg);
        }
        lw_error_reset(&conn->err);
    }
    for (int i = 0; i < s->n_pending; i++)
        sqlite3_free(s->pending[i]);
    sqlite3_free(s->clone);
    sqlite3_free(s->admin_uri);
    sqlite3_free(s);
    conn->backend_state = NULL;
}

/* ---- Connection state ------------------------------------------------------------ */

static int pg_in_transaction(const lw_conn *conn)
{
    PGTransactionStatusType t = PQtransactionStatus(state(conn)->pg);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static int pg_run(lw_conn *conn, const char *sql)
{
    return pg_exec_simple(conn, sql);
}

static int pg_begin(lw_conn *conn, int mode)
{
    state(conn)->ddl_in_txn = 0;
    return pg_exec_simple(conn,
                          mode == LW_TXN_DEFERRED ? "BEGIN" : "BEGIN ISOLATION LEVEL SERIALIZABLE");
}

static int pg_end(lw_conn *conn, int commit)
{
    lw_pg *s = state(conn);
    if (!pg_in_transaction(conn))
        return 0; /* the server ended it already: nothing to tidy up */
    PGresult *res = PQexec(s->pg, commit ? "COMMIT" : "ROLLBACK");
    int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_fail(conn, res);
    if (rc == 0 && commit && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
        rc = lw_error_set(&conn->err, LW_ESTATE, "25P02", 1399,
                          "current transaction is aborted: COMMIT rolled it back");
    PQclear(res);
    if (!commit || rc)
        s->generation += (unsigned)s->ddl_in_txn; /* undone DDL changed the schema back */
    s->ddl_in_txn = 0;
    return rc;
}

static int pg_ping(lw_conn *conn)
{
    lw_pg *s = state(conn);
    if (PQstatus(s->pg) != CONNECTION_OK)
        return 0;
    PGresult *res = PQexec(s->pg, "SELECT 1");
    int ok = res && PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok;
}

static int pg_cancel(lw_conn *conn)
{
    char why[256];
    lw_pg *s = state(conn);
    if (s->cancel && PQcancel(s->cancel, why, sizeof why))
        return 0;
    return LW_ECONNECTION;
}

static int64_t pg_changes(lw_conn *conn)
{
    return state(conn)->changes;
}

static int64_t pg_last_insert_id(lw_conn *conn)
{
    lw_error_set(&conn->err, LW_ENOTSUP, "0A000", 1235,
                 "lw_last_insert_id: PostgreSQL has no last insert id per connection; "
                 "use INSERT ... RETURNING");
    return 0;
}

/* Deallocates replaced prepared statements, once the connection is idle. */
static void deallocate_pending(lw_pg *s)
{
    if (!s->n_pending || PQtransactionStatus(s->pg) != PQTRANS_IDLE)
        return;
    lw_sqlbuf sql = {0};
    for (int i = 0; i < s->n_pending; i++) {
        lw_sqlbuf_appendf(&sql, "DEALLOCATE %s;", s->pending[i]);
        sqlite3_free(s->pending[i]);
    }
    s->n_pending = 0;
    if (!sql.oom && sql.s)
        PQclear(PQexec(s->pg, sql.s));
    lw_sqlbuf_free(&sql);
}

/* Queues a prepared statement's name for deallocation (takes name). */
static void forget_prepared(lw_pg *s, char *name)
{
    if (s->n_pending == PG_PENDING_MAX)
        deallocate_pending(s);
    if (s->n_pending < PG_PENDING_MAX)
        s->pending[s->n_pending++] = name;
    else
        sqlite3_free(name); /* in a long transaction: freed with the session */
}

/* ---- Statements -------------------------------------------------------------------- */

static int pg_compile(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                      int anonymous_before, lw_compiled *c)
{
    return lw_compile_for_server(conn, text, toks, n, anonymous_before,
                                 LW_PASS_DOLLAR | LW_PASS_JSONB_QMARK | LW_PASS_ARRAY_SLICES, c);
}

/* A bare BEGIN takes the connection's txn mode, as on the embedded backend. */
static int pg_intercept(lw_conn *conn, const lw_compiled *c, int *rc)
{
    if (c->desc.kind == LW_KIND_BEGIN && c->desc.begin_bare && !pg_in_transaction(conn)) {
        *rc = lw_begin(conn, LW_TXN_DEFAULT);
        return 1;
    }
    return 0;
}

struct lw_bstmt {
    lw_cell_rows cells; /* first: the shared getters (values.h) read it */
    lw_conn *conn;
    char *sql;  /* owned copy: the cache entry may go while rows are open */
    char *name; /* the server's prepared statement, NULL until prepared */
    unsigned generation;
    int n_params;
    Oid *types; /* the types it was prepared with */
    Oid *want;  /* the types this run's values need */
    const char **values;
    int *lengths, *formats;
    char *store; /* this run's number texts and NUL-terminated copies */
    size_t store_cap;
    PGresult *res;
    int ncols;
    int row, nrows;   /* the current row (-1 before the first), rows in res */
    int failed;       /* an error waits for the first step (delivered there) */
    lw_error pending; /* that error */
    int done;
    int n_cols_alloc; /* columns cells has conversion buffers for */
};

static void pg_finalize(lw_bstmt *b);
static lw_cell cell(const lw_bstmt *b, int col);

static int pg_prepare(lw_conn *conn, lw_compiled *c, int persistent, lw_bstmt **out)
{
    (void)persistent;
    *out = NULL;
    lw_bstmt *b = sqlite3_malloc64(sizeof *b);
    if (!b)
        return oom(conn);
    memset(b, 0, sizeof *b);
    b->cells.cell = cell;
    b->conn = conn;
    b->n_params = c->params.n;
    b->sql = sqlite3_mprintf("%s", c->sql);
    size_t np = (size_t)(b->n_params ? b->n_params : 1);
    b->types = sqlite3_malloc64(np * sizeof *b->types);
    b->want = sqlite3_malloc64(np * sizeof *b->want);
    b->values = sqlite3_malloc64(np * sizeof *b->values);
    b->lengths = sqlite3_malloc64(np * sizeof *b->lengths);
    b->formats = sqlite3_malloc64(np * sizeof *b->formats);
    if (!b->sql || !b->types || !b->want || !b->values || !b->lengths || !b->formats) {
        pg_finalize(b);
        return oom(conn);
    }
    memset(b->types, 0, np * sizeof *b->types);
    b->row = -1;
    *out = b;
    return 0;
}

/*
 * Binds for the next run: every value as text (numbers written here, text as given)
 * except BLOB, sent as binary bytea. The run happens in pg_start, within the caller's
 * call, so text values are used where they are unless they need a terminating NUL.
 */
static int pg_bind(lw_bstmt *b, const lw_compiled *c, const lw_value *values, int n, int copy)
{
    (void)copy;
    lw_conn *conn = b->conn;
    size_t need = 0;
    for (int k = 0; k < b->n_params; k++) {
        const lw_value *v = lw_param_value(c, k, values, n);
        if (v->type == LW_TYPE_INT || v->type == LW_TYPE_REAL)
            need += LW_NUMBER_TEXT_MAX;
        else if (v->type == LW_TYPE_TEXT && v->v.s.p && v->v.s.n >= 0)
            need += (size_t)v->v.s.n + 1;
    }
    if (need > b->store_cap) {
        /* One allocation for this run's texts, so the pointers below stay valid. */
        char *store = sqlite3_realloc64(b->store, need);
        if (!store)
            return oom(conn);
        b->store = store;
        b->store_cap = need;
    }
    char *at = b->store;
    for (int k = 0; k < b->n_params; k++) {
        const lw_value *v = lw_param_value(c, k, values, n);
        b->formats[k] = 0;
        b->lengths[k] = 0;
        switch (v->type) {
        case LW_TYPE_NULL:
            b->values[k] = NULL;
            b->want[k] = b->types[k];
            break;
        case LW_TYPE_INT:
            lw_int64_text(v->v.i, at);
            b->values[k] = at;
            at += strlen(at) + 1;
            b->want[k] =
                v->v.i >= -2147483648LL && v->v.i <= 2147483647LL && b->types[k] != OID_INT8
                    ? OID_INT4
                    : OID_INT8;
            break;
        case LW_TYPE_REAL:
            lw_double_text(v->v.d, at);
            b->values[k] = at;
            at += strlen(at) + 1;
            b->want[k] = OID_FLOAT8;
            break;
        case LW_TYPE_TEXT:
            if (!v->v.s.p) {
                b->values[k] = NULL;
                b->want[k] = b->types[k];
                break;
            }
            if (v->v.s.n >= 0) {
                if (memchr(v->v.s.p, 0, (size_t)v->v.s.n))
                    return lw_error_set(&conn->err, LW_ESQL, "22021", 1366,
                                        "invalid byte sequence for encoding \"UTF8\": 0x00 "
                                        "(in the value of parameter $%d)",
                                        k + 1);
                memcpy(at, v->v.s.p, (size_t)v->v.s.n);
                at[v->v.s.n] = 0;
                b->values[k] = at;
                at += v->v.s.n + 1;
            } else {
                b->values[k] = v->v.s.p;
            }
            b->want[k] = 0;
            break;
        case LW_TYPE_BLOB:
            b->values[k] = v->v.s.p ? v->v.s.p : "";
            b->lengths[k] = v->v.s.n < 0 ? 0 : (int)v->v.s.n;
            b->formats[k] = 1;
            b->want[k] = OID_BYTEA;
            break;
        default:
            return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                                "value for parameter %d has an invalid type %d", k + 1,
                                (int)v->type);
        }
    }
    return 0;
}

/* Whether the prepared types take this run's values; an int4 that must hold an int8
 * value, or a value whose type differs from the one prepared, needs a new PREPARE. */
static int types_fit(const lw_bstmt *b)
{
    for (int k = 0; k < b->n_params; k++)
        if (b->values[k] && b->want[k] != b->types[k] &&
            !(b->want[k] == OID_INT4 && b->types[k] == OID_INT8))
            return 0;
    return 1;
}

/* PREPAREs the statement with this run's types under a new name. */
static int prepare_named(lw_bstmt *b)
{
    lw_conn *conn = b->conn;
    lw_pg *s = state(conn);
    if (b->name) {
        forget_prepared(s, b->name);
        b->name = NULL;
    }
    for (int k = 0; k < b->n_params; k++)
        if (b->values[k])
            b->types[k] = b->want[k];
    char *name = sqlite3_mprintf("lw%lu", ++s->next_name);
    if (!name)
        return oom(conn);
    PGresult *res = PQprepare(s->pg, name, b->sql, b->n_params, b->types);
    int rc = res && PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_fail(conn, res);
    PQclear(res);
    if (rc) {
        sqlite3_free(name);
        return rc;
    }
    b->name = name;
    b->generation = s->generation;
    return 0;
}

static int is_word(const char *tag, const char *word)
{
    size_t n = strlen(word);
    return strncmp(tag, word, n) == 0 && (tag[n] == 0 || tag[n] == ' ');
}

/* What a finished command changes: the row count of DML (lw_changes), and the schema
 * generation after DDL. */
static void command_done(lw_pg *s, const PGresult *res)
{
    const char *tag = PQcmdStatus((PGresult *)res);
    if (tag[0] == 'S' && tag[1] == 'E')
        return; /* SELECT, SET: the common case, nothing to note */
    if (is_word(tag, "INSERT") || is_word(tag, "UPDATE") || is_word(tag, "DELETE") ||
        is_word(tag, "MERGE")) {
        int64_t n = 0;
        for (const char *d = PQcmdTuples((PGresult *)res); *d >= '0' && *d <= '9'; d++)
            n = n * 10 + (*d - '0');
        s->changes = n;
    } else if (is_word(tag, "CREATE") || is_word(tag, "ALTER") || is_word(tag, "DROP") ||
               is_word(tag, "COMMENT") || is_word(tag, "GRANT") || is_word(tag, "REVOKE")) {
        s->generation++;
        s->ddl_in_txn = 1;
    } else if (is_word(tag, "ROLLBACK")) {
        s->generation += (unsigned)s->ddl_in_txn;
        s->ddl_in_txn = 0;
    } else if (is_word(tag, "COMMIT") || is_word(tag, "BEGIN") || is_word(tag, "START")) {
        s->ddl_in_txn = 0;
    }
}

/* Ends a COPY the statement started: the shim has no data to give or take. */
static PGresult *refuse_copy(lw_bstmt *b, PGresult *res)
{
    lw_pg *s = state(b->conn);
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
        PQputCopyEnd(s->pg, "COPY FROM STDIN is not supported by likewise");
    if (st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
        char *row = NULL;
        while (PQgetCopyData(s->pg, &row, 0) > 0)
            PQfreemem(row);
    }
    PGresult *last = NULL;
    while ((res = PQgetResult(s->pg)) != NULL) {
        PQclear(last);
        last = res;
    }
    PQclear(last);
    lw_error_set(&b->conn->err, LW_ENOTSUP, "0A000", 1235,
                 "COPY ... FROM STDIN and TO STDOUT are not supported through likewise");
    return NULL;
}

static PGresult *execute(lw_bstmt *b)
{
    lw_pg *s = state(b->conn);
    if (!b->n_params)
        return PQexecParams(s->pg, b->sql, 0, NULL, NULL, NULL, NULL, 0);
    return PQexecPrepared(s->pg, b->name, b->n_params, b->values, b->lengths, b->formats, 0);
}

/* "cached plan must not change result type": another session changed the schema. */
static int stale_plan(const PGresult *res)
{
    const char *state_ = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    return state_ && msg && strcmp(state_, "0A000") == 0 && strstr(msg, "cached plan must not");
}

static void free_columns(lw_bstmt *b)
{
    lw_cell_rows_free(&b->cells, b->n_cols_alloc);
    b->n_cols_alloc = 0;
}

/* Keeps the connection's error for the first step, which returns it. */
static int defer_error(lw_bstmt *b)
{
    lw_error_move(&b->pending, &b->conn->err);
    b->failed = 1;
    return 0;
}

/* Runs the statement (see the file header): rows are read whole into b->res. */
static int pg_start(lw_bstmt *b)
{
    lw_conn *conn = b->conn;
    lw_pg *s = state(conn);
    b->failed = 0;
    b->done = 0;
    b->row = -1;
    deallocate_pending(s);
    int rc = 0;
    if (b->n_params && (!b->name || b->generation != s->generation || !types_fit(b)) &&
        (rc = prepare_named(b)) != 0)
        return rc;
    PGresult *res = execute(b);
    if (res && PQresultStatus(res) == PGRES_FATAL_ERROR && b->n_params && stale_plan(res) &&
        PQtransactionStatus(s->pg) == PQTRANS_IDLE) {
        PQclear(res);
        if ((rc = prepare_named(b)) != 0)
            return rc;
        res = execute(b);
    }
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
        refuse_copy(b, res);
        return defer_error(b);
    }
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY) {
        rc = pg_fail(conn, res);
        PQclear(res);
        /* Errors found before anything ran (class 42) return now, as SQLite's prepare
         * errors do; the others from the first step. */
        if (strncmp(conn->err.sqlstate, "42", 2) == 0)
            return rc;
        return defer_error(b);
    }
    b->res = res;
    b->ncols = PQnfields(res);
    b->nrows = st == PGRES_TUPLES_OK ? PQntuples(res) : 0;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        command_done(s, res);
    if (b->ncols > b->n_cols_alloc) {
        /* Conversion buffers, kept across runs: a buffer holds the row stamp of the
         * value it converted, and the stamps only grow. */
        free_columns(b);
        if (lw_cell_rows_alloc(&b->cells, b->ncols))
            return oom(conn);
        b->n_cols_alloc = b->ncols;
    }
    return 0;
}

static int pg_step(lw_bstmt *b)
{
    if (b->failed) {
        b->failed = 0;
        b->done = 1;
        lw_error_move(&b->conn->err, &b->pending);
        return b->conn->err.code;
    }
    if (b->done || !b->res)
        return LW_DONE;
    if (++b->row < b->nrows) {
        b->cells.row_stamp++;
        return LW_ROW;
    }
    b->done = 1;
    return LW_DONE;
}

static void release_result(lw_bstmt *b)
{
    PQclear(b->res);
    b->res = NULL;
    b->ncols = b->nrows = 0;
}

static int pg_reset(lw_bstmt *b)
{
    release_result(b);
    lw_error_reset(&b->pending);
    b->row = -1;
    b->failed = 0;
    b->done = 0;
    return 0;
}

static void pg_finalize(lw_bstmt *b)
{
    if (!b)
        return;
    release_result(b);
    free_columns(b);
    if (b->name) {
        lw_pg *s = state(b->conn);
        if (s)
            forget_prepared(s, b->name);
        else
            sqlite3_free(b->name);
    }
    sqlite3_free(b->sql);
    sqlite3_free(b->types);
    sqlite3_free(b->want);
    sqlite3_free(b->values);
    sqlite3_free(b->lengths);
    sqlite3_free(b->formats);
    sqlite3_free(b->store);
    lw_error_reset(&b->pending);
    sqlite3_free(b);
}

/* ---- Columns ------------------------------------------------------------------------ */

static lw_cell cell(const lw_bstmt *b, int col)
{
    lw_cell c = {LW_CELL_NULL, NULL, 0};
    if (!b->res || b->row < 0 || b->row >= b->nrows || PQgetisnull(b->res, b->row, col))
        return c;
    c.data = PQgetvalue(b->res, b->row, col);
    c.len = (size_t)PQgetlength(b->res, b->row, col);
    switch (PQftype(b->res, col)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
        c.kind = LW_CELL_INT;
        break;
    case OID_BOOL:
        c.kind = LW_CELL_BOOL;
        break;
    case OID_FLOAT4:
    case OID_FLOAT8:
        c.kind = LW_CELL_REAL;
        break;
    case OID_BYTEA:
        c.kind = LW_CELL_BYTEA_HEX;
        break;
    default:
        c.kind = LW_CELL_TEXT;
        break;
    }
    return c;
}

static int pg_column_count(const lw_bstmt *b)
{
    return b->ncols;
}

static const char *pg_column_name(const lw_bstmt *b, int col)
{
    return b->res ? PQfname(b->res, col) : NULL;
}

static const char *pg_column_decltype(const lw_bstmt *b, int col)
{
    static const struct {
        Oid oid;
        const char *name;
    } names[] = {
        {OID_BOOL, "boolean"},
        {OID_BYTEA, "bytea"},
        {OID_NAME, "name"},
        {OID_INT8, "bigint"},
        {OID_INT2, "smallint"},
        {OID_INT4, "integer"},
        {OID_TEXT, "text"},
        {OID_OID, "oid"},
        {OID_JSON, "json"},
        {OID_FLOAT4, "real"},
        {OID_FLOAT8, "double precision"},
        {OID_BPCHAR, "character"},
        {OID_VARCHAR, "character varying"},
        {OID_DATE, "date"},
        {OID_TIME, "time without time zone"},
        {OID_TIMESTAMP, "timestamp without time zone"},
        {OID_TIMESTAMPTZ, "timestamp with time zone"},
        {OID_INTERVAL, "interval"},
        {OID_TIMETZ, "time with time zone"},
        {OID_NUMERIC, "numeric"},
        {OID_UUID, "uuid"},
        {OID_JSONB, "jsonb"},
    };
    if (!b->res)
        return NULL;
    Oid oid = PQftype(b->res, col);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].oid == oid)
            return names[i].name;
    return NULL;
}

const lw_backend lw_backend_postgresql = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .in_transaction = pg_in_transaction,
    .begin = pg_begin,
    .end = pg_end,
    .run = pg_run,
    .ping = pg_ping,
    .cancel = pg_cancel,
    .changes = pg_changes,
    .last_insert_id = pg_last_insert_id,
    .compile = pg_compile,
    .intercept = pg_intercept,
    .prepare = pg_prepare,
    .bind = pg_bind,
    .start = pg_start,
    .step = pg_step,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_decltype = pg_column_decltype,
    .column_type = lw_cells_column_type,
    .column_int64 = lw_cells_column_int64,
    .column_double = lw_cells_column_double,
    .column_text = lw_cells_column_text,
    .column_blob = lw_cells_column_blob,
    .column_bytes = lw_cells_column_bytes,
    .column_display = lw_cells_column_display,
};
