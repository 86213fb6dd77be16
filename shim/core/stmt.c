/*
 * The statement path (dialect.h has the picture):
 *
 *   text -> lw_lex -> split at ';' -> per statement: lw_describe (describe.h: its kind,
 *   BEGIN characteristics, locking clause removed, the indexes it builds), dialect
 *   translate -> SQLite SQL + parameter map -> cached per connection under the
 *   original text with the description, which every later step reads.
 *
 * A cached text keeps its translated statements and their prepared sqlite3_stmt, so
 * running the same text again costs a hash lookup, the bindings and the steps: no
 * lexing, no translation, no prepare. Values are checked against the whole text's
 * parameters (count, names, one style) before the first statement runs.
 */
#include <string.h>

#include "core/shim_int.h"

/* ---- Compiling a text ------------------------------------------------------------ */

static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void compiled_free(const lw_dialect *d, lw_compiled *c)
{
    if (c->dialect_data && d->free_stmt_data)
        d->free_stmt_data(c->dialect_data);
    sqlite3_finalize(c->prepared);
    sqlite3_free(c->sql);
    sqlite3_free(c->params.refs);
    lw_stmt_desc_free(&c->desc);
}

static void entry_free(const lw_dialect *d, lw_cache_entry *e)
{
    for (int i = 0; i < e->n_stmts; i++)
        compiled_free(d, &e->stmts[i]);
    sqlite3_free(e->stmts);
    sqlite3_free(e->text);
    sqlite3_free(e);
}

static int compile_statement(lw_conn *conn, const char *text, const lw_token *toks, size_t n,
                             lw_compiled *c, int anonymous_before)
{
    lw_token *kept = NULL;
    size_t n_kept = 0;
    if (lw_describe(text, toks, n, conn->dialect->set_transaction, &c->desc, &kept, &n_kept))
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    if (c->desc.kind == LW_KIND_EMPTY)
        return 0;
    if (n) {
        c->desc.source = text + toks[0].offset;
        c->desc.source_len = toks[n - 1].offset + toks[n - 1].length - toks[0].offset;
    }
    lw_sqlbuf out = {0};
    lw_dialect_error derr = {{0}, 0, NULL};
    c->params.anonymous_seen = anonymous_before;
    lw_translation t = {text,  kept ? kept : toks, kept ? n_kept : n,   &out, &c->params,
                        &derr, &c->desc,           conn->dialect_state, NULL};
    int rc;
    if (c->desc.kind == LW_KIND_PLAIN)
        rc = conn->dialect->translate(conn->dialect, &t);
    else
        rc = lw_translate_identity(conn->dialect, &t);
    sqlite3_free(kept);
    c->dialect_data = t.stmt_data;
    if (rc) {
        lw_sqlbuf_free(&out);
        return lw_error_from_dialect(&conn->err, rc, &derr);
    }
    lw_dialect_error_clear(&derr);
    c->sql = lw_sqlbuf_finish(&out);
    if (!c->sql)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    return 0;
}

static int compile_text(lw_conn *conn, const char *text, size_t len, lw_cache_entry *e)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    int rc = lw_lex(text, len, conn->dialect->lex_flags, &toks, &lerr);
    if (rc == -2) {
        lw_tokens_free(&toks);
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    }
    if (rc && conn->dialect->lex_error) {
        lw_tokens_free(&toks);
        lw_dialect_error de = {"42601", 1064, NULL};
        conn->dialect->lex_error(conn->dialect_state, text, len, lerr.offset, lerr.message, &de);
        return lw_error_from_dialect(&conn->err, LW_ESYNTAX, &de);
    }
    if (rc) {
        lw_tokens_free(&toks);
        return lw_error_set(&conn->err, LW_ESYNTAX, "42601", 1064, "%s at character %d",
                            lerr.message, (int)lerr.offset + 1);
    }
    int n_stmts = 0;
    for (size_t i = 0; i <= toks.len; i = lw_statement_end(text, toks.items, toks.len, i) + 1)
        n_stmts++;
    e->stmts = sqlite3_malloc64((size_t)n_stmts * sizeof *e->stmts);
    if (!e->stmts) {
        lw_tokens_free(&toks);
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    }
    int anonymous = 0;
    rc = 0;
    for (size_t start = 0; start <= toks.len && rc == 0;) {
        size_t end = lw_statement_end(text, toks.items, toks.len, start);
        lw_compiled *c = &e->stmts[e->n_stmts];
        memset(c, 0, sizeof *c);
        rc = compile_statement(conn, text, toks.items ? toks.items + start : NULL, end - start, c,
                               anonymous);
        if (rc == 0 && c->desc.kind == LW_KIND_EMPTY) {
            compiled_free(conn->dialect, c);
        } else {
            e->n_stmts++;
            if (rc == 0 && c->params.family) {
                if (e->family && e->family != c->params.family)
                    rc = lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                      "the statements mix parameter styles: use one of "
                                      "anonymous (? %%s), numbered ($1 ?1 :1) or named "
                                      "(:name @name $name %%(name)s)");
                e->family = c->params.family;
                anonymous = c->params.anonymous_seen;
                if (c->params.max_number > e->n_positions)
                    e->n_positions = c->params.max_number;
            }
        }
        start = end + 1;
    }
    if (e->family == LW_PARAM_QMARK)
        e->n_positions = anonymous;
    lw_tokens_free(&toks);
    return rc;
}

/* ---- The cache ------------------------------------------------------------------- */

static int entry_busy(const lw_cache_entry *e)
{
    for (int i = 0; i < e->n_stmts; i++)
        if (e->stmts[i].in_use)
            return 1;
    return 0;
}

static void evict_one(lw_conn *conn)
{
    lw_cache_entry **victim = NULL;
    for (int b = 0; b < LW_CACHE_BUCKETS; b++)
        for (lw_cache_entry **p = &conn->buckets[b]; *p; p = &(*p)->next)
            if (!entry_busy(*p) && (!victim || (*p)->last_used < (*victim)->last_used))
                victim = p;
    if (victim) {
        lw_cache_entry *e = *victim;
        *victim = e->next;
        entry_free(conn->dialect, e);
        conn->n_cached--;
    }
}

int lw_cache_busy(const lw_conn *conn)
{
    for (int b = 0; b < LW_CACHE_BUCKETS; b++)
        for (const lw_cache_entry *e = conn->buckets[b]; e; e = e->next)
            if (entry_busy(e))
                return 1;
    return 0;
}

void lw_cache_clear(lw_conn *conn)
{
    for (int b = 0; b < LW_CACHE_BUCKETS; b++) {
        lw_cache_entry *e = conn->buckets[b];
        while (e) {
            lw_cache_entry *next = e->next;
            entry_free(conn->dialect, e);
            e = next;
        }
        conn->buckets[b] = NULL;
    }
    conn->n_cached = 0;
}

/* Finds or compiles text. Returns NULL with the connection's error set on failure. */
static lw_cache_entry *lookup(lw_conn *conn, const char *text)
{
    size_t len = strlen(text);
    uint64_t h = hash_text(text, len);
    lw_cache_entry **bucket = &conn->buckets[h % LW_CACHE_BUCKETS];
    unsigned epoch = conn->dialect->translation_epoch
                         ? conn->dialect->translation_epoch(conn->dialect_state)
                         : 0;
    for (lw_cache_entry **p = bucket; *p; p = &(*p)->next) {
        lw_cache_entry *e = *p;
        if (e->hash != h || e->text_len != len || memcmp(e->text, text, len) != 0)
            continue;
        if (e->epoch != epoch && !entry_busy(e)) {
            /* Translated under settings that changed since: translated again. */
            *p = e->next;
            entry_free(conn->dialect, e);
            conn->n_cached--;
            break;
        }
        e->last_used = ++conn->use_clock;
        return e;
    }
    lw_cache_entry *e = sqlite3_malloc64(sizeof *e);
    if (!e) {
        lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        return NULL;
    }
    memset(e, 0, sizeof *e);
    e->text = sqlite3_malloc64(len + 1);
    if (!e->text) {
        sqlite3_free(e);
        lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        return NULL;
    }
    memcpy(e->text, text, len + 1);
    e->text_len = len;
    e->hash = h;
    e->epoch = epoch;
    if (compile_text(conn, e->text, len, e)) {
        /* Tokens point into e->text, which the messages no longer need. */
        entry_free(conn->dialect, e);
        return NULL;
    }
    if (conn->n_cached >= LW_STMT_CACHE_SIZE)
        evict_one(conn);
    e->last_used = ++conn->use_clock;
    e->next = *bucket;
    *bucket = e;
    conn->n_cached++;
    return e;
}

/* ---- Values ---------------------------------------------------------------------- */

static const lw_value *find_named(const lw_value *values, int n, const char *name, int len)
{
    for (int i = 0; i < n; i++)
        if (values[i].name && (int)strlen(values[i].name) == len &&
            memcmp(values[i].name, name, (size_t)len) == 0)
            return &values[i];
    return NULL;
}

/* Checks values against the text's parameters before anything runs. */
static int check_values(lw_conn *conn, const lw_cache_entry *e, const lw_value *values, int n)
{
    if (n < 0 || (n > 0 && !values))
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "invalid value array (%d values)",
                            n);
    if (!e->family) {
        if (n)
            return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                "the statement has no parameters but %d values were given", n);
        return 0;
    }
    if (e->family != LW_PARAM_NAMED) {
        for (int i = 0; i < n; i++)
            if (values[i].name)
                return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                    "value %d is named '%s' but the statement's parameters "
                                    "are positional",
                                    i + 1, values[i].name);
        if (n != e->n_positions)
            return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                "the statement needs %d parameter values but %d were given",
                                e->n_positions, n);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        if (!values[i].name)
            return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                "value %d has no name but the statement's parameters are "
                                "named",
                                i + 1);
        int used = 0;
        for (int s = 0; s < e->n_stmts && !used; s++)
            for (int k = 0; k < e->stmts[s].params.n && !used; k++) {
                const lw_param_ref *r = &e->stmts[s].params.refs[k];
                used = (int)strlen(values[i].name) == r->name_len &&
                       memcmp(values[i].name, r->name, (size_t)r->name_len) == 0;
            }
        if (!used)
            return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                "value '%s' matches no parameter of the statement", values[i].name);
    }
    for (int s = 0; s < e->n_stmts; s++)
        for (int k = 0; k < e->stmts[s].params.n; k++) {
            const lw_param_ref *r = &e->stmts[s].params.refs[k];
            if (!find_named(values, n, r->name, r->name_len))
                return lw_error_set(&conn->err, LW_EPARAM, "08P01", 1210,
                                    "no value for parameter '%.*s'", r->name_len, r->name);
        }
    return 0;
}

static int bind_values(lw_conn *conn, sqlite3_stmt *stmt, const lw_compiled *c,
                       const lw_value *values, int n, void (*lifetime)(void *))
{
    if (c->dialect_data && conn->dialect->check_values) {
        /* The dialect's rules for the values, where the statement stores them. */
        lw_dialect_error de = {{0}, 0, NULL};
        int rc = conn->dialect->check_values(conn->dialect_state, c->dialect_data, &c->params,
                                             &values, n, &de);
        if (rc)
            return lw_error_from_dialect(&conn->err, rc, &de);
        lw_dialect_error_clear(&de);
    }
    for (int k = 0; k < c->params.n; k++) {
        const lw_param_ref *r = &c->params.refs[k];
        const lw_value *v =
            r->position ? &values[r->position - 1] : find_named(values, n, r->name, r->name_len);
        int rc;
        switch (v->type) {
        case LW_TYPE_NULL:
            rc = sqlite3_bind_null(stmt, k + 1);
            break;
        case LW_TYPE_INT:
            rc = sqlite3_bind_int64(stmt, k + 1, v->v.i);
            break;
        case LW_TYPE_REAL:
            rc = sqlite3_bind_double(stmt, k + 1, v->v.d);
            break;
        case LW_TYPE_TEXT:
            rc = v->v.s.p ? sqlite3_bind_text64(stmt, k + 1, v->v.s.p,
                                                v->v.s.n < 0 ? strlen(v->v.s.p)
                                                             : (sqlite3_uint64)v->v.s.n,
                                                lifetime, SQLITE_UTF8)
                          : sqlite3_bind_null(stmt, k + 1);
            break;
        case LW_TYPE_BLOB:
            rc = sqlite3_bind_blob64(stmt, k + 1, v->v.s.p ? v->v.s.p : "",
                                     v->v.s.n < 0 ? 0 : (sqlite3_uint64)v->v.s.n, lifetime);
            break;
        default:
            return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                                "value for parameter %d has an invalid type %d", k + 1,
                                (int)v->type);
        }
        if (rc != SQLITE_OK)
            return lw_conn_fail(conn, rc);
    }
    return 0;
}

/* Prepares c (once; the prepared statement stays cached) or, when the cached one is
 * lent out to an open lw_rows, a private one (*owned set). */
static int prepare(lw_conn *conn, lw_compiled *c, sqlite3_stmt **out, int *owned)
{
    *owned = 0;
    if (c->prepared && !c->in_use) {
        *out = c->prepared;
        return 0;
    }
    sqlite3_stmt *stmt = NULL;
    conn->busy.timed_out = 0;
    int rc = sqlite3_prepare_v3(conn->db, c->sql, -1, c->prepared ? 0 : SQLITE_PREPARE_PERSISTENT,
                                &stmt, NULL);
    if (rc != SQLITE_OK)
        return lw_conn_fail(conn, rc);
    if (!stmt) /* only a comment survived translation */
        return lw_error_set(&conn->err, LW_EINVAL, "42601", 1065, "empty statement");
    if (!c->prepared) {
        c->prepared = stmt;
    } else {
        *owned = 1;
    }
    *out = stmt;
    return 0;
}

static int run_control(lw_conn *conn, const lw_stmt_desc *d)
{
    int rc;
    switch (d->kind) {
    case LW_KIND_BEGIN:
        if (!sqlite3_get_autocommit(conn->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25001", 1399,
                                "there is already a transaction in progress");
        /* A read-only transaction never needs the write lock: it begins DEFERRED
         * unless BEGIN names a mode. */
        rc = lw_begin(conn, d->access == LW_ACCESS_READ_ONLY && !d->begin_mode ? LW_TXN_DEFERRED
                                                                               : d->begin_mode);
        conn->txn_queried = 0;
        if (rc == 0 && d->access == LW_ACCESS_READ_ONLY)
            rc = lw_conn_txn_access(conn, 1);
        return rc;
    case LW_KIND_SET_TXN:
        if (sqlite3_get_autocommit(conn->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                                "SET TRANSACTION can only be used in transaction blocks");
        if (d->access == LW_ACCESS_READ_WRITE && conn->txn_read_only && conn->txn_queried)
            return lw_error_set(&conn->err, LW_ESTATE, "25001", 1568,
                                "transaction read-write mode must be set before any query");
        return d->access ? lw_conn_txn_access(conn, d->access == LW_ACCESS_READ_ONLY) : 0;
    case LW_KIND_COMMIT:
    case LW_KIND_ROLLBACK:
        if (sqlite3_get_autocommit(conn->db))
            return lw_error_set(&conn->err, LW_ESTATE, "25P01", 1399,
                                "there is no transaction in progress");
        conn->sp_depth = 0;
        return lw_conn_end_txn(conn, d->kind == LW_KIND_COMMIT ? "COMMIT" : "ROLLBACK");
    default:
        return 0;
    }
}

/*
 * The dialect's say before c runs (dialect.h, before_statement). Returns 0 to run c as
 * compiled, 1 when c was handled here (skipped, or rolled back instead of committed:
 * *rc is the outcome), or a negative code with the connection's error set.
 */
static int dialect_gate(lw_conn *conn, const lw_compiled *c, int *rc)
{
    if (!conn->dialect->before_statement)
        return 0;
    lw_dialect_error de = {{0}, 0, NULL};
    int verdict =
        conn->dialect->before_statement(conn->dialect_state, &c->desc, c->sql ? c->sql : "", &de);
    if (verdict < 0)
        return lw_error_from_dialect(&conn->err, verdict, &de);
    lw_dialect_error_clear(&de);
    if (verdict == LW_RUN_SKIP) {
        *rc = 0;
        return 1;
    }
    if (verdict == LW_RUN_AS_ROLLBACK) {
        lw_stmt_desc rollback = {.kind = LW_KIND_ROLLBACK};
        *rc = run_control(conn, &rollback);
        return 1;
    }
    return 0;
}

/* Runs one compiled statement to completion. */
static int exec_one(lw_conn *conn, lw_compiled *c, const lw_value *values, int n)
{
    if (conn->txn_read_only && lw_conn_txn_ended(conn))
        return conn->err.code;
    int handled_rc = 0, gate = dialect_gate(conn, c, &handled_rc);
    if (gate < 0)
        return gate;
    if (gate == 1)
        return handled_rc;
    if (c->desc.kind != LW_KIND_PLAIN)
        return run_control(conn, &c->desc);
    sqlite3_stmt *stmt;
    int owned, opened = 0, building = 0;
    conn->txn_queried = 1;
    int rc = prepare(conn, c, &stmt, &owned);
    if (rc)
        return rc;
    if (c->params.n && (rc = bind_values(conn, stmt, c, values, n, SQLITE_STATIC)) != 0)
        goto done;
    if (c->desc.lock != LW_LOCK_NONE &&
        (rc = lw_conn_lock_for_select(conn, c->desc.wait, &opened)) != 0)
        goto done;
    if ((rc = lw_index_build_begin(conn, &c->desc.build, &building)) != 0)
        goto done;
    conn->busy.timed_out = 0;
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    if (step != SQLITE_DONE)
        rc = lw_conn_fail(conn, step);
done:
    sqlite3_reset(stmt);
    if (c->params.n)
        sqlite3_clear_bindings(stmt);
    if (owned)
        sqlite3_finalize(stmt);
    if (building) {
        int brc = lw_index_build_end(conn, &c->desc.build, rc == 0);
        rc = rc ? rc : brc;
    }
    if (opened) {
        int crc = rc ? lw_conn_run(conn, "ROLLBACK") : lw_conn_run(conn, "COMMIT");
        rc = rc ? rc : crc;
    }
    return rc;
}

int lw_exec(lw_conn *conn, const char *sql, const lw_value *values, int n_values)
{
    if (!conn || !sql)
        return LW_EINVAL;
    conn->statements_run = 1;
    if (conn->err.code)
        lw_error_reset(&conn->err);
    lw_cache_entry *e = lookup(conn, sql);
    if (!e)
        return conn->err.code;
    int rc = check_values(conn, e, values, n_values);
    for (int i = 0; i < e->n_stmts && rc == 0; i++)
        rc = exec_one(conn, &e->stmts[i], values, n_values);
    return rc;
}

/* ---- Rows ------------------------------------------------------------------------ */

int lw_query(lw_conn *conn, const char *sql, const lw_value *values, int n_values, lw_rows **out)
{
    if (!out)
        return LW_EINVAL;
    *out = NULL;
    if (!conn || !sql)
        return LW_EINVAL;
    conn->statements_run = 1;
    lw_error_reset(&conn->err);
    lw_cache_entry *e = lookup(conn, sql);
    if (!e)
        return conn->err.code;
    if (e->n_stmts != 1)
        return lw_error_set(&conn->err, LW_EINVAL, "42601", 1064,
                            "lw_query runs exactly one statement, the text has %d "
                            "(use lw_exec for scripts)",
                            e->n_stmts);
    int rc = check_values(conn, e, values, n_values);
    if (rc)
        return rc;
    lw_compiled *c = &e->stmts[0];
    if (conn->txn_read_only && lw_conn_txn_ended(conn))
        return conn->err.code;
    int handled_rc = 0, gate = dialect_gate(conn, c, &handled_rc);
    if (gate < 0)
        return gate;
    lw_rows *rows = sqlite3_malloc64(sizeof *rows);
    if (!rows)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memset(rows, 0, sizeof *rows);
    rows->conn = conn;
    if (gate == 1 || c->desc.kind != LW_KIND_PLAIN) {
        rc = gate == 1 ? handled_rc : run_control(conn, &c->desc);
        rows->done = 1;
        if (rc) {
            sqlite3_free(rows);
            return rc;
        }
        *out = rows;
        return 0;
    }
    conn->txn_queried = 1;
    rc = prepare(conn, c, &rows->stmt, &rows->owns_stmt);
    if (rc == 0 && c->params.n)
        rc = bind_values(conn, rows->stmt, c, values, n_values, SQLITE_TRANSIENT);
    if (rc == 0 && c->desc.lock != LW_LOCK_NONE)
        rc = lw_conn_lock_for_select(conn, c->desc.wait, &rows->owns_txn);
    if (rc == 0 && c->desc.build.what != LW_BUILDS_NOTHING) {
        if (lw_index_build_copy(&c->desc.build, &rows->build) != 0)
            rc = lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
        else
            rc = lw_index_build_begin(conn, &rows->build, &rows->building);
    }
    if (rc) {
        lw_index_build_free(&rows->build);
        if (rows->stmt) {
            sqlite3_reset(rows->stmt);
            if (rows->owns_stmt)
                sqlite3_finalize(rows->stmt);
        }
        sqlite3_free(rows);
        return rc;
    }
    if (!rows->owns_stmt) {
        rows->compiled = c;
        c->in_use = 1;
    }
    *out = rows;
    return 0;
}

static int finish_txn(lw_rows *rows, int failed)
{
    if (!rows->owns_txn)
        return 0;
    rows->owns_txn = 0;
    return lw_conn_run(rows->conn, failed ? "ROLLBACK" : "COMMIT");
}

/* Ends the savepoint of a statement that builds indexes: records their versions when
 * it succeeded (see index_versions.c). */
static int finish_build(lw_rows *rows, int succeeded)
{
    if (!rows->building)
        return 0;
    rows->building = 0;
    if (succeeded)
        sqlite3_reset(rows->stmt);
    return lw_index_build_end(rows->conn, &rows->build, succeeded);
}

int lw_rows_next(lw_rows *rows)
{
    if (!rows)
        return LW_EINVAL;
    if (rows->done || !rows->stmt)
        return LW_DONE;
    lw_conn *conn = rows->conn;
    conn->busy.timed_out = 0;
    int rc = sqlite3_step(rows->stmt);
    if (rc == SQLITE_ROW)
        return LW_ROW;
    rows->done = 1;
    if (rc == SQLITE_DONE) {
        lw_error_reset(&conn->err);
        int code = finish_build(rows, 1);
        int txn = finish_txn(rows, code != 0);
        return code ? code : txn;
    }
    int code = lw_conn_fail(conn, rc);
    sqlite3_reset(rows->stmt);
    finish_build(rows, 0);
    finish_txn(rows, 1);
    return code;
}

int lw_rows_close(lw_rows *rows)
{
    if (!rows)
        return 0;
    int rc = 0;
    if (rows->stmt) {
        sqlite3_reset(rows->stmt);
        if (rows->owns_stmt)
            sqlite3_finalize(rows->stmt);
        else {
            sqlite3_clear_bindings(rows->stmt);
            rows->compiled->in_use = 0;
        }
    }
    finish_build(rows, 0);
    lw_index_build_free(&rows->build);
    rc = finish_txn(rows, 0);
    lw_sqlbuf_free(&rows->display);
    sqlite3_free(rows);
    return rc;
}

static int col_ok(const lw_rows *rows, int col)
{
    return rows && rows->stmt && col >= 0 && col < sqlite3_column_count(rows->stmt);
}

int lw_column_count(const lw_rows *rows)
{
    return rows && rows->stmt ? sqlite3_column_count(rows->stmt) : 0;
}

const char *lw_column_name(const lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_name(rows->stmt, col) : NULL;
}

const char *lw_column_decltype(const lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_decltype(rows->stmt, col) : NULL;
}

lw_type lw_column_type(lw_rows *rows, int col)
{
    if (!col_ok(rows, col))
        return LW_TYPE_NULL;
    switch (sqlite3_column_type(rows->stmt, col)) {
    case SQLITE_INTEGER:
        return LW_TYPE_INT;
    case SQLITE_FLOAT:
        return LW_TYPE_REAL;
    case SQLITE_TEXT:
        return LW_TYPE_TEXT;
    case SQLITE_BLOB:
        return LW_TYPE_BLOB;
    default:
        return LW_TYPE_NULL;
    }
}

int lw_column_is_null(lw_rows *rows, int col)
{
    return lw_column_type(rows, col) == LW_TYPE_NULL;
}

int64_t lw_column_int64(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_int64(rows->stmt, col) : 0;
}

double lw_column_double(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_double(rows->stmt, col) : 0.0;
}

const char *lw_column_text(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? (const char *)sqlite3_column_text(rows->stmt, col) : NULL;
}

const void *lw_column_blob(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_blob(rows->stmt, col) : NULL;
}

int lw_column_bytes(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? sqlite3_column_bytes(rows->stmt, col) : 0;
}

const char *lw_column_display(lw_rows *rows, int col)
{
    if (!col_ok(rows, col) || sqlite3_column_type(rows->stmt, col) == SQLITE_NULL)
        return NULL;
    const lw_dialect *d = rows->conn->dialect;
    if (d->format_value) {
        lw_sqlbuf_reset(&rows->display);
        if (d->format_value(rows->conn->dialect_state, rows->stmt, col, &rows->display) &&
            !rows->display.oom)
            return rows->display.s ? rows->display.s : "";
    }
    return (const char *)sqlite3_column_text(rows->stmt, col);
}
