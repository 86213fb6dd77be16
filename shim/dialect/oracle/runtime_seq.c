/*
 * Sequences, ROWNUM and multi-statement execution for the oracle dialect
 * (SQLRF "CREATE SEQUENCE", "Sequence Pseudocolumns", "ROWNUM Pseudocolumn"):
 *
 *   ora_create_sequence(NAME, START, INCREMENT, MIN, MAX, CYCLE)   CREATE SEQUENCE: the
 *                              sequence kept in the table _lw_ora_sequences; MIN and MAX
 *                              NULL for Oracle's defaults (1 and 10^28-1 ascending,
 *                              -(10^27-1) and -1 descending), START NULL for the
 *                              minimum (ascending) or maximum (descending); ORA-00955
 *   ora_drop_sequence(NAME)    DROP SEQUENCE (ORA-02289 for an unknown one)
 *   ora_nextval(NAME)          the next value; past MAXVALUE (MINVALUE descending)
 *                              ORA-08004 unless CYCLE (then it starts again at MINVALUE
 *                              or MAXVALUE); CURRVAL of this session becomes it
 *   ora_currval(NAME)          ORA-08002 before a NEXTVAL of this session
 *   ora_identity(NAME, MODE, START, INCREMENT)   the value of an identity column (its
 *                              sequence's NEXTVAL, the sequence made on first use); MODE
 *                              says what
 *                              the column is ('A' ALWAYS, 'D' BY DEFAULT, 'N' BY DEFAULT
 *                              ON NULL), which the rewriter reads from the column's
 *                              default
 *   ora_on_null(X)             X: marks a DEFAULT ON NULL default
 *   ora_rownum(KEY, WHAT)      ROWNUM of the query block KEY in the statement running:
 *                              WHAT 0 the number the current row would get (for the
 *                              WHERE clause's ROWNUM conditions), 1 assign it (the WHERE
 *                              clause passed), 2 the current row's number
 *   ora_exec(SQL, ...)         runs statements one after another inside a savepoint,
 *                              undone together when one fails (INSERT ALL)
 *
 * Sequence values are integers here (Oracle's are NUMBER(28)); the table is written in
 * the open transaction (Oracle's sequences ignore rollbacks, these do not).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/runtime_int.h"

#define SEQ_TABLE "_lw_ora_sequences"

/* The sequence's row: 0 found (fields set), 1 not found, -1 error (set on ctx). */
typedef struct seq {
    int64_t value; /* the last value given, when has_value */
    int has_value;
    int64_t start, increment, minv, maxv;
    int cycle;
} seq;

static int seq_table(sqlite3 *db)
{
    return sqlite3_exec(db,
                        "CREATE TABLE IF NOT EXISTS " SEQ_TABLE " (name TEXT PRIMARY KEY, "
                        "value INTEGER, start INTEGER, increment INTEGER, minv INTEGER, maxv "
                        "INTEGER, cycle INTEGER)",
                        NULL, NULL, NULL);
}

static int seq_read(sqlite3_context *ctx, const char *name, seq *s)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(
        db, "SELECT value, start, increment, minv, maxv, cycle FROM " SEQ_TABLE " WHERE name = ?1",
        -1, &stmt, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return 1; /* no table: no sequence */
    }
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(stmt) == SQLITE_ROW;
    if (found) {
        s->has_value = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
        s->value = sqlite3_column_int64(stmt, 0);
        s->start = sqlite3_column_int64(stmt, 1);
        s->increment = sqlite3_column_int64(stmt, 2);
        s->minv = sqlite3_column_int64(stmt, 3);
        s->maxv = sqlite3_column_int64(stmt, 4);
        s->cycle = sqlite3_column_int(stmt, 5);
    }
    sqlite3_finalize(stmt);
    return found ? 0 : 1;
}

static int seq_write(sqlite3_context *ctx, const char *name, int64_t value)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "UPDATE " SEQ_TABLE " SET value = ?2 WHERE name = ?1", -1,
                                &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, value);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK)
        lw_result_errorf(ctx, "%s", sqlite3_errmsg(db));
    return rc;
}

/* Remembers value as the session's CURRVAL of name. */
static int seen(ora_session *s, const char *name, int64_t value)
{
    ora_seen_sequence *e = s->seen;
    while (e && strcmp(e->name, name))
        e = e->next;
    char *v = sqlite3_mprintf("%lld", (long long)value);
    if (!v)
        return -1;
    if (!e) {
        e = sqlite3_malloc64(sizeof *e);
        char *n = sqlite3_mprintf("%s", name);
        if (!e || !n) {
            sqlite3_free(e);
            sqlite3_free(n);
            sqlite3_free(v);
            return -1;
        }
        e->name = n;
        e->value = NULL;
        e->next = s->seen;
        s->seen = e;
    }
    sqlite3_free(e->value);
    e->value = v;
    return 0;
}

/* Creates sequence name; MIN, MAX and START negative-one... as Oracle defaults them
 * when not given (has_*). Returns 0, or -1 after raising the error. */
static int seq_create(sqlite3_context *ctx, const char *name, int has_start, int64_t start,
                      int64_t inc, int has_min, int64_t minv, int has_max, int64_t maxv, int cycle)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (inc == 0) {
        ora_error(ctx, 4002, "INCREMENT must be a non-zero integer");
        return -1;
    }
    if (!has_min)
        minv = inc > 0 ? 1 : -999999999999999999LL;
    if (!has_max)
        maxv = inc > 0 ? 999999999999999999LL : -1;
    if (!has_start)
        start = inc > 0 ? minv : maxv;
    if (minv >= maxv) {
        ora_error(ctx, 4004, "MINVALUE must be less than MAXVALUE");
        return -1;
    }
    if (start < minv) {
        ora_error(ctx, 4006, "START WITH cannot be less than MINVALUE");
        return -1;
    }
    if (start > maxv) {
        ora_error(ctx, 4008, "START WITH cannot be more than MAXVALUE");
        return -1;
    }
    seq s;
    if (seq_table(db) != SQLITE_OK) {
        lw_result_errorf(ctx, "%s", sqlite3_errmsg(db));
        return -1;
    }
    if (seq_read(ctx, name, &s) == 0) {
        ora_error(ctx, 955, "name is already used by an existing object");
        return -1;
    }
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT INTO " SEQ_TABLE
                                " (name, value, start, increment, minv, maxv, cycle) VALUES "
                                "(?1, NULL, ?2, ?3, ?4, ?5, ?6)",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, start);
        sqlite3_bind_int64(stmt, 3, inc);
        sqlite3_bind_int64(stmt, 4, minv);
        sqlite3_bind_int64(stmt, 5, maxv);
        sqlite3_bind_int(stmt, 6, cycle);
        rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_OK) {
        lw_result_errorf(ctx, "%s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static int64_t arg_or(sqlite3_value *v, int64_t dflt, int *given)
{
    *given = sqlite3_value_type(v) != SQLITE_NULL;
    return *given ? sqlite3_value_int64(v) : dflt;
}

static void create_sequence_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    int hs, hi, hmin, hmax;
    int64_t start = arg_or(argv[1], 0, &hs), inc = arg_or(argv[2], 1, &hi);
    int64_t minv = arg_or(argv[3], 0, &hmin), maxv = arg_or(argv[4], 0, &hmax);
    if (name && seq_create(ctx, name, hs, start, inc, hmin, minv, hmax, maxv,
                           sqlite3_value_int(argv[5])) == 0)
        sqlite3_result_int(ctx, 0);
}

static void drop_sequence_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    seq s;
    if (!name || seq_read(ctx, name, &s) != 0) {
        ora_error(ctx, 2289, "sequence does not exist");
        return;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM " SEQ_TABLE " WHERE name = ?1", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    sqlite3_result_int(ctx, 0);
}

/* The next value of sequence name into *out. Returns 0 or -1 after raising. */
static int next_value(sqlite3_context *ctx, const char *name, int64_t *out)
{
    seq s;
    if (seq_read(ctx, name, &s) != 0) {
        ora_error(ctx, 2289, "sequence does not exist");
        return -1;
    }
    int64_t v;
    if (!s.has_value) {
        v = s.start;
    } else if (s.increment > 0 ? s.value > s.maxv - s.increment : s.value < s.minv - s.increment) {
        if (!s.cycle) {
            ora_error(ctx, 8004, "sequence %s.NEXTVAL %s %sVALUE and cannot be instantiated", name,
                      s.increment > 0 ? "exceeds" : "goes below", s.increment > 0 ? "MAX" : "MIN");
            return -1;
        }
        v = s.increment > 0 ? s.minv : s.maxv;
    } else {
        v = s.value + s.increment;
    }
    if (seq_write(ctx, name, v) != SQLITE_OK)
        return -1;
    if (seen(ora_session_of(ctx), name, v)) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    *out = v;
    return 0;
}

static void nextval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    int64_t v;
    if (name && next_value(ctx, name, &v) == 0)
        sqlite3_result_int64(ctx, v);
}

static void currval_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    ora_session *s = ora_session_of(ctx);
    for (ora_seen_sequence *e = s->seen; name && e; e = e->next)
        if (!strcmp(e->name, name)) {
            sqlite3_result_text(ctx, e->value, -1, SQLITE_TRANSIENT);
            return;
        }
    ora_error(ctx, 8002, "sequence %s.CURRVAL is not yet defined in this session",
              name ? name : "");
}

/* ora_identity(NAME, MODE, START, INCREMENT): the sequence is made on first use. */
static void identity_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    seq s;
    int hs, hi;
    int64_t start = arg_or(argv[2], 1, &hs), inc = arg_or(argv[3], 1, &hi);
    if (!name ||
        (seq_read(ctx, name, &s) != 0 && seq_create(ctx, name, hs, start, inc, 0, 0, 0, 0, 0) != 0))
        return;
    nextval_fn(ctx, 1, argv);
}

static void on_null_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[0]);
}

/* ---- ROWNUM -------------------------------------------------------------------------- */

static void rownum_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    ora_session *s = ora_session_of(ctx);
    int64_t key = sqlite3_value_int64(argv[0]);
    int what = sqlite3_value_int(argv[1]);
    int k = 0;
    while (k < s->n_rownum && s->rownum_key[k] != key)
        k++;
    if (k == s->n_rownum) {
        if (k == ORA_MAX_ROWNUM_BLOCKS) {
            lw_result_errorf(ctx, "ora_rownum(): too many query blocks with ROWNUM");
            return;
        }
        s->rownum_key[k] = key;
        s->rownum[k] = 0;
        s->n_rownum++;
    }
    if (what == 1)
        s->rownum[k]++;
    sqlite3_result_int64(ctx, what == 0 ? s->rownum[k] + 1 : s->rownum[k]);
}

void ora_session_reset_rownum(ora_session *s)
{
    if (s)
        s->n_rownum = 0;
}

/* ---- Several statements as one ------------------------------------------------------- */

static void exec_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    char *err = NULL;
    int rc = sqlite3_exec(db, "SAVEPOINT _lw_ora_exec", NULL, NULL, &err);
    for (int i = 0; i < argc && rc == SQLITE_OK; i++) {
        const char *sql = (const char *)sqlite3_value_text(argv[i]);
        if (sql)
            rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    }
    if (rc != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK TO _lw_ora_exec; RELEASE _lw_ora_exec", NULL, NULL, NULL);
        lw_result_errorf(ctx, "%s", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return;
    }
    sqlite3_exec(db, "RELEASE _lw_ora_exec", NULL, NULL, NULL);
    sqlite3_result_int(ctx, 0);
}

#define STATE(name, n, fn)                                                                         \
    {                                                                                              \
        {name, n, SQLITE_UTF8, fn, NULL, NULL, NULL, NULL}, 1                                      \
    }

const ora_function_def ora_seq_functions[] = {
    STATE("ora_create_sequence", 6, create_sequence_fn),
    STATE("ora_drop_sequence", 1, drop_sequence_fn),
    STATE("ora_nextval", 1, nextval_fn),
    STATE("ora_currval", 1, currval_fn),
    STATE("ora_identity", 4, identity_fn),
    {{"ora_on_null", 1, LW_PURE, on_null_fn, NULL, NULL, NULL, NULL}, 0},
    STATE("ora_rownum", 2, rownum_fn),
    {{"ora_exec", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, exec_fn, NULL, NULL, NULL, NULL}, 0},
    {{NULL, 0, 0, NULL, NULL, NULL, NULL, NULL}, 0},
};
