/*
 * The MariaDB backend: a mysql:// or mariadb:// connection through libmariadb
 * (MariaDB Connector/C; backend.h has the interface, docs/servers.md the user's view).
 *
 * Connecting. mysql_real_connect with the URL's user, password, host, port, socket
 * and database; utf8mb4; a connect timeout of 10 seconds; CLIENT_FOUND_ROWS, so an
 * UPDATE counts the rows it matched as SQLite and PostgreSQL do (lw_changes), and
 * CLIENT_MULTI_RESULTS for procedures. Never reconnecting behind the caller's back
 * (a lost connection is an error and lw_conn_usable says so). Init commands set the
 * session: innodb_lock_wait_timeout from the URL's timeout, rounded up to whole
 * seconds (InnoDB's unit; timeout=0 is 0: fail at once), and SESSION TRANSACTION READ
 * ONLY for mode=ro.
 *
 * Statements. One with parameters is prepared on the server once
 * (mysql_stmt_prepare) and cached with the text; its values go as typed binary
 * parameters (INT as BIGINT, REAL as DOUBLE, TEXT as a string, BLOB as bytes), its
 * rows come through the binary protocol, fetched as strings: Connector/C then writes
 * every type as the server's text protocol does (checked for integers signed and
 * unsigned, FLOAT and DOUBLE, DECIMAL with its scale, DATE, DATETIME(6), TIME(3),
 * YEAR, BIT, binary strings, JSON, ENUM), which is what the mariadb client prints. A
 * statement without parameters runs as a one-off through the text protocol
 * (mysql_real_query). Rows are read whole (mysql_stmt_store_result,
 * mysql_store_result), so other statements may run while rows are open. Errors of
 * class 42 (syntax, unknown table or column) return from lw_query as SQLite's
 * prepare errors do, the others from the first lw_rows_next.
 *
 * A CALL answers with several results: the procedure's result sets, then its status.
 * The first result set is the statement's rows; the others are read and dropped at
 * once, since the connection can run nothing else until they are. A prepared
 * statement's stored rows go with its next result, so a CALL's are copied first
 * (kept_rows), and its columns, unknown when it was prepared, are bound after it ran.
 *
 * Transactions: txn=deferred begins with START TRANSACTION (the server's default
 * isolation, REPEATABLE READ), immediate (the default) and exclusive with SET
 * TRANSACTION ISOLATION LEVEL SERIALIZABLE first: the transaction behaves as if it ran
 * alone, as every SQLite transaction does; InnoDB gets there with shared locks on what
 * it reads, and two transactions that then both want to write fail one of them with
 * 1213 (deadlock), which lw_transaction retries.
 *
 * lw_cancel opens a second connection with the same credentials and runs KILL QUERY
 * for this connection's thread: the statement fails with 1317 (57014).
 */
#include <errmsg.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend/values.h"
#include "core/shim_int.h"

typedef struct lw_my {
    MYSQL *my;
    int64_t changes, last_insert_id;
    unsigned long thread_id;
    /* How to reach the server again, for lw_cancel. */
    char *host, *user, *password, *socket;
    unsigned port;
} lw_my;

static lw_my *state(const lw_conn *conn)
{
    return conn->backend_state;
}

static int oom(lw_conn *conn)
{
    return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
}

static int my_fail(lw_conn *conn, MYSQL *my, int opening)
{
    return lw_error_mysql(&conn->err, mysql_errno(my), mysql_sqlstate(my), mysql_error(my),
                          opening);
}

static int stmt_fail(lw_conn *conn, MYSQL_STMT *st)
{
    return lw_error_mysql(&conn->err, mysql_stmt_errno(st), mysql_stmt_sqlstate(st),
                          mysql_stmt_error(st), 0);
}

static char *dup(const char *s)
{
    return s ? sqlite3_mprintf("%s", s) : NULL;
}

/* A connection with the URL's parts; NULL with *err set (mysql_errno...) when it fails. */
static MYSQL *connect_with(lw_conn *conn, const lw_my *s, const char *database, int init)
{
    MYSQL *my = mysql_init(NULL);
    if (!my)
        return NULL;
    unsigned timeout = 10;
    my_bool off = 0;
    mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(my, MYSQL_OPT_RECONNECT, &off);
    if (init) {
        char sql[80];
        /* InnoDB counts whole seconds: round up, so a statement never waits less than
         * the timeout asked for. */
        snprintf(sql, sizeof sql, "SET SESSION innodb_lock_wait_timeout = %d",
                 conn->busy.timeout_ms / 1000 + (conn->busy.timeout_ms % 1000 != 0));
        mysql_optionsv(my, MYSQL_INIT_COMMAND, sql);
        if (conn->read_only)
            mysql_optionsv(my, MYSQL_INIT_COMMAND, "SET SESSION TRANSACTION READ ONLY");
    }
    mysql_real_connect(my, s->host, s->user, s->password, database, s->port, s->socket,
                       CLIENT_FOUND_ROWS | CLIENT_MULTI_RESULTS);
    return my;
}

static int my_open(lw_conn *conn, const lw_url *u)
{
    lw_my *s = sqlite3_malloc64(sizeof *s);
    if (!s)
        return oom(conn);
    memset(s, 0, sizeof *s);
    conn->backend_state = s;
    s->host = dup(u->host);
    s->user = dup(u->user);
    s->password = dup(u->password);
    s->socket = dup(u->socket);
    s->port = (unsigned)u->port;
    if ((u->host && !s->host) || (u->user && !s->user) || (u->password && !s->password) ||
        (u->socket && !s->socket))
        return oom(conn);
    s->my = connect_with(conn, s, u->database, 1);
    if (!s->my)
        return oom(conn);
    if (mysql_errno(s->my))
        return my_fail(conn, s->my, 1);
    s->thread_id = mysql_thread_id(s->my);
    return 0;
}

static void my_close(lw_conn *conn)
{
    lw_my *s = state(conn);
    if (!s)
        return;
    if (s->my)
        mysql_close(s->my);
    sqlite3_free(s->host);
    sqlite3_free(s->user);
    sqlite3_free(s->password);
    sqlite3_free(s->socket);
    sqlite3_free(s);
    conn->backend_state = NULL;
}

/* ---- Connection state ------------------------------------------------------------ */

static int my_in_transaction(const lw_conn *conn)
{
    unsigned int status = 0;
    if (mariadb_get_infov(state(conn)->my, MARIADB_CONNECTION_SERVER_STATUS, &status))
        return 0;
    return (status & SERVER_STATUS_IN_TRANS) != 0;
}

/* Runs sql through the text protocol, every result discarded. */
static int my_run(lw_conn *conn, const char *sql)
{
    MYSQL *my = state(conn)->my;
    if (mysql_real_query(my, sql, strlen(sql)))
        return my_fail(conn, my, 0);
    int more;
    do {
        MYSQL_RES *res = mysql_store_result(my);
        mysql_free_result(res);
        if (mysql_errno(my))
            return my_fail(conn, my, 0);
        more = mysql_next_result(my);
        if (more > 0)
            return my_fail(conn, my, 0);
    } while (more == 0);
    return 0;
}

static int my_begin(lw_conn *conn, int mode)
{
    int rc =
        mode == LW_TXN_DEFERRED ? 0 : my_run(conn, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    return rc ? rc : my_run(conn, "START TRANSACTION");
}

static int my_end(lw_conn *conn, int commit)
{
    if (!commit && !my_in_transaction(conn))
        return 0; /* the server ended it already (a deadlock rolls back): nothing to do */
    return my_run(conn, commit ? "COMMIT" : "ROLLBACK");
}

static int my_ping(lw_conn *conn)
{
    return mysql_ping(state(conn)->my) == 0;
}

static int my_cancel(lw_conn *conn)
{
    lw_my *s = state(conn);
    lw_conn scratch; /* connect_with reads only the timeout and read_only of conn */
    memset(&scratch, 0, sizeof scratch);
    MYSQL *killer = connect_with(&scratch, s, NULL, 0);
    if (!killer)
        return LW_ENOMEM;
    int rc = 0;
    char sql[64];
    snprintf(sql, sizeof sql, "KILL QUERY %lu", s->thread_id);
    if (mysql_errno(killer) || mysql_real_query(killer, sql, strlen(sql)))
        rc = LW_ECONNECTION;
    mysql_close(killer);
    return rc;
}

static int64_t my_changes(lw_conn *conn)
{
    return state(conn)->changes;
}

static int64_t my_last_insert_id(lw_conn *conn)
{
    return state(conn)->last_insert_id;
}

/* ---- Statements -------------------------------------------------------------------- */

static int my_compile(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                      int anonymous_before, lw_compiled *c)
{
    return lw_compile_for_server(conn, text, toks, n, anonymous_before, LW_PASS_AT_VARIABLES, c);
}

/* A bare BEGIN takes the connection's txn mode, as on the embedded backend. */
static int my_intercept(lw_conn *conn, const lw_compiled *c, int *rc)
{
    if (c->desc.kind == LW_KIND_BEGIN && c->desc.begin_bare && !my_in_transaction(conn)) {
        *rc = lw_begin(conn, LW_TXN_DEFAULT);
        return 1;
    }
    return 0;
}

/* One result column of a prepared statement: fetched as a string. */
typedef struct my_col {
    char *buf;
    unsigned long cap, length;
    my_bool is_null, error;
} my_col;

struct lw_bstmt {
    lw_cell_rows cells; /* first: the shared getters (values.h) read it */
    lw_conn *conn;
    char *sql;        /* owned copy (the one-off's text; the cache entry may go) */
    MYSQL_STMT *stmt; /* prepared (statements with parameters), else NULL */
    int n_slots;
    MYSQL_BIND *params;
    int64_t *ints;
    double *reals;
    int dml;   /* INSERT, UPDATE, DELETE, REPLACE: lw_changes counts its rows */
    int ncols; /* result columns, 0 for a command */
    MYSQL_FIELD *fields;
    MYSQL_RES *meta; /* the prepared statement's result metadata (its live columns) */
    /* A prepared CALL's columns, copied with its rows (names included): the
     * statement's own go with its next result. */
    MYSQL_FIELD *own_fields;
    int n_own_fields;
    MYSQL_BIND *results;
    my_col *cols;
    MYSQL_RES *res; /* a one-off's rows */
    MYSQL_ROW row;
    unsigned long *lengths;
    int have_rows; /* rows were stored and are being read */
    int on_row;
    /* A prepared CALL's first result, copied before the rest was dropped: n_kept rows
     * of ncols values (NULL for SQL NULL, else NUL-terminated), the current one
     * kept_at - 1. */
    char **kept_rows;
    unsigned long *kept_lengths;
    size_t n_kept, kept_at;
    int rebind; /* results were dropped: bind the columns again after the next run */
    int failed;
    lw_error pending;
    int done;
};

static void my_finalize(lw_bstmt *b);
static lw_cell cell(const lw_bstmt *b, int col);
static int setup_results(lw_bstmt *b);
static int fetch_row(lw_bstmt *b);

/* Whether the statement's first word makes it a data change (lw_changes). */
static int starts_dml(const char *sql)
{
    while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
        sql++;
    static const char *const verbs[] = {"INSERT", "UPDATE", "DELETE", "REPLACE", NULL};
    for (int i = 0; verbs[i]; i++) {
        size_t n = strlen(verbs[i]);
        if (strncasecmp(sql, verbs[i], n) == 0 &&
            !((sql[n] >= 'a' && sql[n] <= 'z') || (sql[n] >= 'A' && sql[n] <= 'Z') ||
              sql[n] == '_' || (sql[n] >= '0' && sql[n] <= '9')))
            return 1;
    }
    return 0;
}

static int my_prepare(lw_conn *conn, lw_compiled *c, int persistent, lw_bstmt **out)
{
    (void)persistent;
    *out = NULL;
    lw_bstmt *b = sqlite3_malloc64(sizeof *b);
    if (!b)
        return oom(conn);
    memset(b, 0, sizeof *b);
    b->cells.cell = cell;
    b->conn = conn;
    b->sql = sqlite3_mprintf("%s", c->sql);
    b->dml = b->sql && starts_dml(b->sql);
    if (!b->sql) {
        my_finalize(b);
        return oom(conn);
    }
    if (!c->params.n) {
        *out = b;
        return 0;
    }
    b->n_slots = c->n_slots;
    b->params = sqlite3_malloc64((size_t)b->n_slots * sizeof *b->params);
    b->ints = sqlite3_malloc64((size_t)b->n_slots * sizeof *b->ints);
    b->reals = sqlite3_malloc64((size_t)b->n_slots * sizeof *b->reals);
    b->stmt = mysql_stmt_init(state(conn)->my);
    if (!b->params || !b->ints || !b->reals || !b->stmt) {
        my_finalize(b);
        return oom(conn);
    }
    memset(b->params, 0, (size_t)b->n_slots * sizeof *b->params);
    if (mysql_stmt_prepare(b->stmt, b->sql, strlen(b->sql))) {
        int rc = stmt_fail(conn, b->stmt);
        my_finalize(b);
        return rc;
    }
    if ((int)mysql_stmt_param_count(b->stmt) != b->n_slots) {
        int rc = lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                              "the server sees %lu parameters in the statement, likewise %d",
                              mysql_stmt_param_count(b->stmt), b->n_slots);
        my_finalize(b);
        return rc;
    }
    int rc = setup_results(b);
    if (rc) {
        my_finalize(b);
        return rc;
    }
    *out = b;
    return 0;
}

/* Binds the values as typed binary parameters. The statement runs in my_start, within
 * the caller's call, so text and blob memory is used where it is. */
static int my_bind(lw_bstmt *b, const lw_compiled *c, const lw_value *values, int n, int copy)
{
    (void)copy;
    for (int k = 0; k < b->n_slots; k++) {
        const lw_value *v = lw_param_value(c, c->slots[k], values, n);
        MYSQL_BIND *p = &b->params[k];
        memset(p, 0, sizeof *p);
        switch (v->type) {
        case LW_TYPE_NULL:
            p->buffer_type = MYSQL_TYPE_NULL;
            break;
        case LW_TYPE_INT:
            b->ints[k] = v->v.i;
            p->buffer_type = MYSQL_TYPE_LONGLONG;
            p->buffer = &b->ints[k];
            break;
        case LW_TYPE_REAL:
            b->reals[k] = v->v.d;
            p->buffer_type = MYSQL_TYPE_DOUBLE;
            p->buffer = &b->reals[k];
            break;
        case LW_TYPE_TEXT:
            if (!v->v.s.p) {
                p->buffer_type = MYSQL_TYPE_NULL;
                break;
            }
            p->buffer_type = MYSQL_TYPE_STRING;
            p->buffer = (void *)v->v.s.p;
            p->buffer_length = v->v.s.n < 0 ? strlen(v->v.s.p) : (unsigned long)v->v.s.n;
            break;
        case LW_TYPE_BLOB:
            p->buffer_type = MYSQL_TYPE_BLOB;
            p->buffer = (void *)(v->v.s.p ? v->v.s.p : "");
            p->buffer_length = v->v.s.n < 0 ? 0 : (unsigned long)v->v.s.n;
            break;
        default:
            return lw_error_set(&b->conn->err, LW_EINVAL, "22023", 1210,
                                "value for parameter %d has an invalid type %d", k + 1,
                                (int)v->type);
        }
    }
    if (b->n_slots && mysql_stmt_bind_param(b->stmt, b->params))
        return stmt_fail(b->conn, b->stmt);
    return 0;
}

/* Keeps the connection's error for the first step, which returns it; errors of class
 * 42 (found before anything ran) are returned at once instead. */
static int defer_error(lw_bstmt *b, int rc)
{
    if (strncmp(b->conn->err.sqlstate, "42", 2) == 0)
        return rc;
    lw_error_move(&b->pending, &b->conn->err);
    b->failed = 1;
    return 0;
}

static void free_conversions(lw_bstmt *b)
{
    lw_cell_rows_free(&b->cells, b->ncols);
}

/* Conversion buffers for b->ncols columns (values.h), kept across runs: a buffer is
 * valid for the row stamp it holds, and the stamps only grow. */
static int conversion_buffers(lw_bstmt *b)
{
    if (!b->ncols)
        return 0;
    return lw_cell_rows_alloc(&b->cells, b->ncols) ? oom(b->conn) : 0;
}

static void free_own_fields(lw_bstmt *b)
{
    for (int i = 0; i < b->n_own_fields; i++)
        sqlite3_free(b->own_fields[i].name);
    sqlite3_free(b->own_fields);
    b->own_fields = NULL;
    b->n_own_fields = 0;
}

/* Copies n result columns into b->own_fields: what the getters read (type, flags,
 * character set, length) and the name; the other strings are left NULL. */
static int copy_fields(lw_bstmt *b, const MYSQL_FIELD *fields, int n)
{
    free_own_fields(b);
    b->own_fields = sqlite3_malloc64((size_t)n * sizeof *b->own_fields);
    if (!b->own_fields)
        return oom(b->conn);
    memset(b->own_fields, 0, (size_t)n * sizeof *b->own_fields);
    for (int i = 0; i < n; i++) {
        MYSQL_FIELD *f = &b->own_fields[i];
        f->type = fields[i].type;
        f->flags = fields[i].flags;
        f->charsetnr = fields[i].charsetnr;
        f->length = fields[i].length;
        f->decimals = fields[i].decimals;
        f->name = sqlite3_mprintf("%s", fields[i].name ? fields[i].name : "");
        b->n_own_fields = i + 1;
        if (!f->name)
            return oom(b->conn);
        f->name_length = (unsigned)strlen(f->name);
    }
    return 0;
}

/* Initial size of a result buffer: the column's length (capped); a longer value is
 * fetched again into a buffer of its size (my_step). */
#define MY_BUFFER_MIN 64
#define MY_BUFFER_MAX 1024

/*
 * After the statement is prepared (again): its result columns, a string buffer per
 * column bound once (Connector/C keeps result bindings across executions), and the
 * conversion buffers. A command has no columns.
 */
static int setup_results(lw_bstmt *b)
{
    free_conversions(b);
    for (int i = 0; i < b->ncols && b->cols; i++)
        sqlite3_free(b->cols[i].buf);
    sqlite3_free(b->cols);
    sqlite3_free(b->results);
    b->cols = NULL;
    b->results = NULL;
    b->ncols = 0;
    b->fields = NULL;
    free_own_fields(b);
    if (b->meta)
        mysql_free_result(b->meta);
    b->meta = NULL;
    if (mysql_stmt_field_count(b->stmt) == 0)
        return 0;
    b->meta = mysql_stmt_result_metadata(b->stmt);
    if (!b->meta)
        return stmt_fail(b->conn, b->stmt);
    int n = (int)mysql_num_fields(b->meta);
    b->fields = mysql_fetch_fields(b->meta);
    b->cols = sqlite3_malloc64((size_t)n * sizeof *b->cols);
    b->results = sqlite3_malloc64((size_t)n * sizeof *b->results);
    if (!b->cols || !b->results)
        return oom(b->conn);
    memset(b->cols, 0, (size_t)n * sizeof *b->cols);
    b->ncols = n;
    for (int i = 0; i < n; i++) {
        my_col *col = &b->cols[i];
        unsigned long want = b->fields[i].length + 1;
        want = want < MY_BUFFER_MIN ? MY_BUFFER_MIN : want > MY_BUFFER_MAX ? MY_BUFFER_MAX : want;
        col->buf = sqlite3_malloc64(want);
        if (!col->buf)
            return oom(b->conn);
        col->cap = want;
        MYSQL_BIND *r = &b->results[i];
        memset(r, 0, sizeof *r);
        r->buffer_type = MYSQL_TYPE_STRING;
        r->buffer = col->buf;
        r->buffer_length = col->cap;
        r->length = &col->length;
        r->is_null = &col->is_null;
        r->error = &col->error;
    }
    if (mysql_stmt_bind_result(b->stmt, b->results))
        return stmt_fail(b->conn, b->stmt);
    return conversion_buffers(b);
}

/* What a finished command changes: lw_changes and lw_last_insert_id. */
static void command_done(lw_bstmt *b, my_ulonglong affected, my_ulonglong insert_id)
{
    lw_my *s = state(b->conn);
    if (b->dml && affected != (my_ulonglong)-1)
        s->changes = (int64_t)affected;
    if (insert_id)
        s->last_insert_id = (int64_t)insert_id;
}

/* Copies the stored rows of the current result (a CALL's first) into b->kept_rows,
 * before the results that follow replace them. */
static int keep_rows(lw_bstmt *b)
{
    size_t cap = 0, n = (size_t)b->ncols;
    int rc;
    while ((rc = fetch_row(b)) == LW_ROW) {
        if (b->n_kept == cap) {
            cap = cap ? 2 * cap : 16;
            char **rows = sqlite3_realloc64(b->kept_rows, cap * n * sizeof *rows);
            if (rows)
                b->kept_rows = rows;
            unsigned long *lengths = sqlite3_realloc64(b->kept_lengths, cap * n * sizeof *lengths);
            if (lengths)
                b->kept_lengths = lengths;
            if (!rows || !lengths)
                return oom(b->conn);
        }
        for (size_t i = 0; i < n; i++) {
            const my_col *col = &b->cols[i];
            char **v = &b->kept_rows[b->n_kept * n + i];
            b->kept_lengths[b->n_kept * n + i] = col->length;
            *v = NULL;
            if (col->is_null)
                continue;
            *v = sqlite3_malloc64(col->length + 1);
            if (!*v) {
                b->n_kept++; /* so that free_kept frees this row's values */
                return oom(b->conn);
            }
            memcpy(*v, col->buf, col->length);
            (*v)[col->length] = 0;
        }
        b->n_kept++;
    }
    if (rc < 0)
        return rc;
    if ((rc = copy_fields(b, b->fields, b->ncols)) != 0)
        return rc;
    b->fields = b->own_fields;
    if (!b->kept_rows) {
        /* No rows: an empty array marks the copy (step reads kept_rows). */
        b->kept_rows = sqlite3_malloc64(sizeof *b->kept_rows);
        if (!b->kept_rows)
            return oom(b->conn);
    }
    mysql_stmt_free_result(b->stmt);
    return 0;
}

/* Reads and drops the results that follow a CALL's first; the status result at the
 * end says what the procedure changed. */
static int drop_more_results(lw_bstmt *b)
{
    int more;
    while ((more = mysql_stmt_next_result(b->stmt)) == 0) {
        b->rebind = 1;
        if (mysql_stmt_field_count(b->stmt) == 0) {
            command_done(b, mysql_stmt_affected_rows(b->stmt), mysql_stmt_insert_id(b->stmt));
        } else if (mysql_stmt_store_result(b->stmt) || mysql_stmt_free_result(b->stmt)) {
            return defer_error(b, stmt_fail(b->conn, b->stmt));
        }
    }
    return more > 0 ? defer_error(b, stmt_fail(b->conn, b->stmt)) : 0;
}

/*
 * Runs the prepared statement and stores its rows. When the statement's result
 * columns changed since it was prepared (ALTER TABLE, here or elsewhere), the server
 * prepares it again by itself but Connector/C keeps the old columns and refuses to run
 * it (2057): it is prepared again on the client side and run once more.
 */
static int start_prepared(lw_bstmt *b)
{
    for (int attempt = 0;; attempt++) {
        int failed = mysql_stmt_execute(b->stmt);
        if (!failed && mysql_stmt_field_count(b->stmt) == 0) {
            command_done(b, mysql_stmt_affected_rows(b->stmt), mysql_stmt_insert_id(b->stmt));
            return drop_more_results(b);
        }
        /* A CALL's columns are known only now. */
        if (!failed && (b->rebind || mysql_stmt_field_count(b->stmt) != (unsigned)b->ncols)) {
            int rc = setup_results(b);
            if (rc)
                return rc;
            b->rebind = 0;
        }
        if (!failed)
            failed = mysql_stmt_store_result(b->stmt);
        if (failed && mysql_stmt_errno(b->stmt) == CR_NEW_STMT_METADATA && attempt == 0) {
            if (mysql_stmt_prepare(b->stmt, b->sql, strlen(b->sql)) ||
                (b->n_slots && mysql_stmt_bind_param(b->stmt, b->params)))
                return stmt_fail(b->conn, b->stmt);
            int rc = setup_results(b);
            if (rc)
                return rc;
            continue;
        }
        if (failed)
            return defer_error(b, stmt_fail(b->conn, b->stmt));
        break;
    }
    b->have_rows = 1;
    if (!mysql_stmt_more_results(b->stmt))
        return 0;
    int rc = keep_rows(b);
    return rc ? rc : drop_more_results(b);
}

static int start_text(lw_bstmt *b)
{
    MYSQL *my = state(b->conn)->my;
    free_conversions(b);
    b->ncols = 0;
    if (mysql_real_query(my, b->sql, strlen(b->sql)))
        return defer_error(b, my_fail(b->conn, my, 0));
    if (mysql_field_count(my) == 0) {
        command_done(b, mysql_affected_rows(my), mysql_insert_id(my));
    } else {
        b->res = mysql_store_result(my);
        if (!b->res)
            return defer_error(b, my_fail(b->conn, my, 0));
        b->ncols = (int)mysql_num_fields(b->res);
        b->fields = mysql_fetch_fields(b->res);
        b->have_rows = 1;
    }
    /* A procedure's further results are read and dropped: the first is the one. */
    int more;
    while ((more = mysql_next_result(my)) == 0)
        mysql_free_result(mysql_store_result(my));
    if (more > 0)
        return defer_error(b, my_fail(b->conn, my, 0));
    return conversion_buffers(b);
}

static int my_start(lw_bstmt *b)
{
    b->failed = 0;
    b->done = 0;
    b->on_row = 0;
    return b->stmt ? start_prepared(b) : start_text(b);
}

/*
 * Fetches the prepared statement's next stored row into the column buffers: LW_ROW,
 * LW_DONE, or an LW_E* code. A value that did not fit its buffer with a terminating
 * NUL (its length was not known in advance) is fetched again into one of its size, and
 * the columns are bound again (the statement keeps its own copy).
 */
static int fetch_row(lw_bstmt *b)
{
    int rc = mysql_stmt_fetch(b->stmt);
    if (rc == 1)
        return stmt_fail(b->conn, b->stmt);
    if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
        return LW_DONE;
    int grown = 0;
    for (int i = 0; i < b->ncols; i++) {
        my_col *col = &b->cols[i];
        if (col->is_null || (!col->error && col->length < col->cap))
            continue;
        char *buf = sqlite3_realloc64(col->buf, col->length + 1);
        if (!buf)
            return oom(b->conn);
        col->buf = buf;
        col->cap = col->length + 1;
        b->results[i].buffer = buf;
        b->results[i].buffer_length = col->cap;
        grown = 1;
        if (mysql_stmt_fetch_column(b->stmt, &b->results[i], (unsigned)i, 0))
            return stmt_fail(b->conn, b->stmt);
    }
    if (grown && mysql_stmt_bind_result(b->stmt, b->results))
        return stmt_fail(b->conn, b->stmt);
    return LW_ROW;
}

static int my_step(lw_bstmt *b)
{
    if (b->failed) {
        b->failed = 0;
        b->done = 1;
        lw_error_move(&b->conn->err, &b->pending);
        return b->conn->err.code;
    }
    if (b->done || !b->have_rows)
        return LW_DONE;
    if (b->kept_rows) {
        if (b->kept_at < b->n_kept) {
            b->kept_at++;
            b->on_row = 1;
            b->cells.row_stamp++;
            return LW_ROW;
        }
    } else if (b->res) {
        b->row = mysql_fetch_row(b->res);
        if (b->row) {
            b->lengths = mysql_fetch_lengths(b->res);
            b->on_row = 1;
            b->cells.row_stamp++;
            return LW_ROW;
        }
    } else {
        int rc = fetch_row(b);
        if (rc == LW_ROW) {
            b->on_row = 1;
            b->cells.row_stamp++;
            return LW_ROW;
        }
        if (rc < 0) {
            b->done = 1;
            return rc;
        }
    }
    b->on_row = 0;
    b->done = 1;
    return LW_DONE;
}

static void free_kept(lw_bstmt *b)
{
    for (size_t i = 0; i < b->n_kept * (size_t)b->ncols; i++)
        sqlite3_free(b->kept_rows[i]);
    sqlite3_free(b->kept_rows);
    sqlite3_free(b->kept_lengths);
    b->kept_rows = NULL;
    b->kept_lengths = NULL;
    b->n_kept = b->kept_at = 0;
}

static int my_reset(lw_bstmt *b)
{
    free_kept(b);
    if (b->res) {
        mysql_free_result(b->res);
        b->res = NULL;
        b->fields = NULL;
    }
    if (b->stmt && b->have_rows)
        mysql_stmt_free_result(b->stmt);
    b->have_rows = 0;
    b->on_row = 0;
    b->failed = 0;
    b->done = 0;
    lw_error_reset(&b->pending);
    return 0;
}

static void my_finalize(lw_bstmt *b)
{
    if (!b)
        return;
    my_reset(b);
    free_conversions(b);
    free_own_fields(b);
    if (b->meta)
        mysql_free_result(b->meta);
    if (b->stmt)
        mysql_stmt_close(b->stmt);
    for (int i = 0; i < b->ncols && b->cols; i++)
        sqlite3_free(b->cols[i].buf);
    sqlite3_free(b->cols);
    sqlite3_free(b->results);
    sqlite3_free(b->params);
    sqlite3_free(b->ints);
    sqlite3_free(b->reals);
    sqlite3_free(b->sql);
    sqlite3_free(b);
}

/* ---- Columns ------------------------------------------------------------------------ */

static lw_cell_kind kind_of(const MYSQL_FIELD *f)
{
    switch (f->type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
        return LW_CELL_INT;
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:
        return LW_CELL_REAL;
    case MYSQL_TYPE_BIT:
    case MYSQL_TYPE_GEOMETRY:
        return LW_CELL_BLOB;
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
        return f->charsetnr == 63 ? LW_CELL_BLOB : LW_CELL_TEXT; /* 63: binary */
    case MYSQL_TYPE_NULL:
        return LW_CELL_NULL;
    default:
        return LW_CELL_TEXT;
    }
}

static lw_cell cell(const lw_bstmt *b, int col)
{
    lw_cell c = {LW_CELL_NULL, NULL, 0};
    if (!b->on_row)
        return c;
    if (b->res) {
        if (!b->row[col])
            return c;
        c.data = b->row[col];
        c.len = b->lengths[col];
    } else if (b->kept_rows) {
        size_t at = (b->kept_at - 1) * (size_t)b->ncols + (size_t)col;
        if (!b->kept_rows[at])
            return c;
        c.data = b->kept_rows[at];
        c.len = b->kept_lengths[at];
    } else {
        const my_col *mc = &b->cols[col];
        if (mc->is_null)
            return c;
        mc->buf[mc->length] = 0; /* my_step made room for it */
        c.data = mc->buf;
        c.len = mc->length;
    }
    c.kind = kind_of(&b->fields[col]);
    return c;
}

static int my_column_count(const lw_bstmt *b)
{
    return b->have_rows ? b->ncols : 0;
}

static const char *my_column_name(const lw_bstmt *b, int col)
{
    return b->fields ? b->fields[col].name : NULL;
}

static const char *my_column_decltype(const lw_bstmt *b, int col)
{
    if (!b->fields)
        return NULL;
    const MYSQL_FIELD *f = &b->fields[col];
    int binary = f->charsetnr == 63;
    if (f->flags & ENUM_FLAG)
        return "ENUM";
    if (f->flags & SET_FLAG)
        return "SET";
    switch (f->type) {
    case MYSQL_TYPE_TINY:
        return "TINYINT";
    case MYSQL_TYPE_SHORT:
        return "SMALLINT";
    case MYSQL_TYPE_INT24:
        return "MEDIUMINT";
    case MYSQL_TYPE_LONG:
        return "INT";
    case MYSQL_TYPE_LONGLONG:
        return "BIGINT";
    case MYSQL_TYPE_FLOAT:
        return "FLOAT";
    case MYSQL_TYPE_DOUBLE:
        return "DOUBLE";
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
        return "DECIMAL";
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
        return "DATE";
    case MYSQL_TYPE_TIME:
        return "TIME";
    case MYSQL_TYPE_DATETIME:
        return "DATETIME";
    case MYSQL_TYPE_TIMESTAMP:
        return "TIMESTAMP";
    case MYSQL_TYPE_YEAR:
        return "YEAR";
    case MYSQL_TYPE_BIT:
        return "BIT";
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
        return binary ? "VARBINARY" : "VARCHAR";
    case MYSQL_TYPE_STRING:
        return binary ? "BINARY" : "CHAR";
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
        return binary ? "BLOB" : "TEXT";
    case MYSQL_TYPE_GEOMETRY:
        return "GEOMETRY";
    default:
        return NULL;
    }
}

const lw_backend lw_backend_mariadb = {
    .name = "mariadb",
    .open = my_open,
    .close = my_close,
    .in_transaction = my_in_transaction,
    .begin = my_begin,
    .end = my_end,
    .run = my_run,
    .ping = my_ping,
    .cancel = my_cancel,
    .changes = my_changes,
    .last_insert_id = my_last_insert_id,
    .compile = my_compile,
    .intercept = my_intercept,
    .prepare = my_prepare,
    .bind = my_bind,
    .start = my_start,
    .step = my_step,
    .reset = my_reset,
    .finalize = my_finalize,
    .column_count = my_column_count,
    .column_name = my_column_name,
    .column_decltype = my_column_decltype,
    .column_type = lw_cells_column_type,
    .column_int64 = lw_cells_column_int64,
    .column_double = lw_cells_column_double,
    .column_text = lw_cells_column_text,
    .column_blob = lw_cells_column_blob,
    .column_bytes = lw_cells_column_bytes,
    .column_display = lw_cells_column_display,
};
