/*
 * The statement path (backend/backend.h has the picture):
 *
 *   text -> lw_lex -> split at ';' -> per statement: the backend's compile (lw_describe,
 *   describe.h: its kind, BEGIN characteristics, locking clause, the indexes it
 *   builds; then the dialect translation for SQLite, the server's own SQL with its
 *   placeholders for a server) -> cached per connection under the original text with
 *   the description, which every later step reads.
 *
 * A cached text keeps its compiled statements and the backend's prepared statements,
 * so running the same text again costs a hash lookup, the bindings and the steps: no
 * lexing, no translation, no prepare (on a server: no parse). Values are checked
 * against the whole text's parameters (count, names, one style) before the first
 * statement runs, whatever the backend.
 */
#include <string.h>

#include "core/shim_int.h"

/* ---- Compiling a text ------------------------------------------------------------ */

/* The cache key's hash: FNV-1a's constants over 8-byte words (a byte at a time cost
 * a few hundred instructions per call on a typical statement, which on a server's
 * round trip of ten microseconds is a visible share). */
static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 1099511628211ull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 32);
}

static void compiled_free(const lw_conn *conn, lw_compiled *c)
{
    if (c->dialect_data && conn->dialect->free_stmt_data)
        conn->dialect->free_stmt_data(c->dialect_data);
    if (c->prepared)
        conn->backend->finalize(c->prepared);
    sqlite3_free(c->sql);
    sqlite3_free(c->params.refs);
    sqlite3_free(c->slots);
    lw_stmt_desc_free(&c->desc);
}

static void entry_free(const lw_conn *conn, lw_cache_entry *e)
{
    for (int i = 0; i < e->n_stmts; i++)
        compiled_free(conn, &e->stmts[i]);
    sqlite3_free(e->stmts);
    sqlite3_free(e->text);
    sqlite3_free(e);
}

/* What the statement toks[start..end) does to the schema (LW_SCHEMA_*), read from its
 * first word. */
static unsigned schema_effect(const char *text, const lw_token *toks, size_t start, size_t end)
{
    size_t i = start;
    while (i < end && (toks[i].type == LW_TK_SPACE || toks[i].type == LW_TK_COMMENT))
        i++;
    if (i >= end || toks[i].type != LW_TK_WORD)
        return 0;
    static const struct {
        const char *word;
        unsigned effect;
    } words[] = {
        {"create", LW_SCHEMA_CHANGES},
        {"alter", LW_SCHEMA_CHANGES},
        {"drop", LW_SCHEMA_CHANGES},
        {"rollback", LW_SCHEMA_ROLLS_BACK | LW_SCHEMA_ENDS_TXN},
        {"abort", LW_SCHEMA_ROLLS_BACK | LW_SCHEMA_ENDS_TXN},
        {"commit", LW_SCHEMA_ENDS_TXN},
        {"end", LW_SCHEMA_ENDS_TXN},
    };
    const char *w = text + toks[i].offset;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k].word) == toks[i].length &&
            sqlite3_strnicmp(w, words[k].word, (int)toks[i].length) == 0) {
            unsigned effect = words[k].effect;
            /* ROLLBACK TO [SAVEPOINT] keeps the transaction open. */
            for (size_t j = i + 1; (effect & LW_SCHEMA_ROLLS_BACK) && j < end; j++)
                if (toks[j].type == LW_TK_WORD && toks[j].length == 2 &&
                    sqlite3_strnicmp(text + toks[j].offset, "to", 2) == 0)
                    effect &= ~(unsigned)LW_SCHEMA_ENDS_TXN;
            return effect;
        }
    return 0;
}

/* The text e is about to run: a schema change makes every text compiled before it
 * stale, as does a ROLLBACK of a transaction that changed the schema. The text itself
 * was compiled before, so it is compiled again too when it comes back. */
static void note_schema_effect(lw_conn *conn, const lw_cache_entry *e)
{
    if (e->schema_effect & LW_SCHEMA_CHANGES) {
        conn->schema_gen++;
        conn->schema_in_txn = 1;
    } else if ((e->schema_effect & LW_SCHEMA_ROLLS_BACK) && conn->schema_in_txn) {
        conn->schema_gen++;
    }
    if ((e->schema_effect & LW_SCHEMA_ENDS_TXN) && !(e->schema_effect & LW_SCHEMA_CHANGES))
        conn->schema_in_txn = 0;
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
        lw_dialect_error de = {"42601", 1064, NULL, 0};
        conn->dialect->lex_error(lw_conn_dialect_state(conn), text, len, lerr.offset, lerr.message,
                                 &de);
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
        e->schema_effect |= schema_effect(text, toks.items, start, end);
        lw_compiled *c = &e->stmts[e->n_stmts];
        memset(c, 0, sizeof *c);
        rc = conn->backend->compile(conn, text, toks.items ? toks.items + start : NULL, end - start,
                                    anonymous, c);
        if (rc == 0 && c->desc.kind == LW_KIND_EMPTY) {
            compiled_free(conn, c);
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
        entry_free(conn, e);
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
            entry_free(conn, e);
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
                         ? conn->dialect->translation_epoch(lw_conn_dialect_state(conn))
                         : 0;
    for (lw_cache_entry **p = bucket; *p; p = &(*p)->next) {
        lw_cache_entry *e = *p;
        if (e->hash != h || e->text_len != len || memcmp(e->text, text, len) != 0)
            continue;
        /* Translated under settings that changed since, or compiled before a schema
         * change: translated again (unless rows still read it, then it runs as it is). */
        if ((e->epoch != epoch || e->schema_gen != conn->schema_gen) && !entry_busy(e)) {
            *p = e->next;
            entry_free(conn, e);
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
    e->schema_gen = conn->schema_gen;
    if (compile_text(conn, e->text, len, e)) {
        /* Tokens point into e->text, which the messages no longer need. */
        entry_free(conn, e);
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

const lw_value *lw_param_value(const lw_compiled *c, int k, const lw_value *values, int n)
{
    const lw_param_ref *r = &c->params.refs[k];
    return r->position ? &values[r->position - 1] : find_named(values, n, r->name, r->name_len);
}

/* Checks the value array of the call fn (lw_exec, lw_query): LW_EINVAL when it cannot
 * be read. */
static int check_value_array(lw_conn *conn, const char *fn, const lw_value *values, int n)
{
    if (n < 0)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                            "%s: n_values is %d: expected 0 or more", fn, n);
    if (n > 0 && !values)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210,
                            "%s: values is NULL but n_values is %d", fn, n);
    return 0;
}

/* Checks values against the text's parameters before anything runs. */
static int check_values(lw_conn *conn, const lw_cache_entry *e, const lw_value *values, int n)
{
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

/* Prepares c (once; the prepared statement stays cached) or, when the cached one is
 * lent out to an open lw_rows, a private one (*owned set). */
static int prepare(lw_conn *conn, lw_compiled *c, lw_bstmt **out, int *owned)
{
    *owned = 0;
    if (c->prepared && !c->in_use) {
        *out = c->prepared;
        return 0;
    }
    lw_bstmt *stmt = NULL;
    int rc = conn->backend->prepare(conn, c, !c->prepared, &stmt);
    if (rc)
        return rc;
    if (!c->prepared)
        c->prepared = stmt;
    else
        *owned = 1;
    *out = stmt;
    return 0;
}

/* The backend's own way of running c, when it has one (backend.h, intercept). Returns
 * 1 when c was handled (*rc its outcome), 0 to run it, or a negative code. */
static int intercept(lw_conn *conn, const lw_compiled *c, int *rc)
{
    *rc = 0;
    return conn->backend->intercept ? conn->backend->intercept(conn, c, rc) : 0;
}

/* After a statement ran: COMMIT and ROLLBACK end every savepoint lw_begin opened. */
static void after_statement(lw_conn *conn, const lw_compiled *c)
{
    if (c->desc.kind == LW_KIND_COMMIT || c->desc.kind == LW_KIND_ROLLBACK ||
        !conn->backend->in_transaction(conn))
        conn->sp_depth = 0;
}

/* Runs one compiled statement to completion. */
static int exec_one(lw_conn *conn, lw_compiled *c, const lw_value *values, int n)
{
    const lw_backend *be = conn->backend;
    int rc = 0, handled = intercept(conn, c, &rc);
    if (handled < 0)
        return handled;
    if (handled) {
        after_statement(conn, c);
        return rc;
    }
    lw_bstmt *stmt;
    int owned;
    if ((rc = prepare(conn, c, &stmt, &owned)) != 0)
        return rc;
    rc = be->bind(stmt, c, values, n, 0);
    if (rc == 0 && be->start)
        rc = be->start(stmt);
    if (rc == 0) {
        int step;
        while ((step = be->step(stmt)) == LW_ROW)
            ;
        rc = step < 0 ? step : 0;
    }
    int reset = be->reset(stmt);
    rc = rc ? rc : reset;
    if (owned)
        be->finalize(stmt);
    after_statement(conn, c);
    return rc;
}

int lw_exec(lw_conn *conn, const char *sql, const lw_value *values, int n_values)
{
    if (!conn)
        return LW_EINVAL;
    conn->statements_run = 1;
    if (conn->err.code)
        lw_error_reset(&conn->err);
    if (!sql)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "lw_exec: sql is NULL");
    if (check_value_array(conn, "lw_exec", values, n_values))
        return LW_EINVAL;
    lw_cache_entry *e = lookup(conn, sql);
    if (!e)
        return conn->err.code;
    int rc = check_values(conn, e, values, n_values);
    if (rc == 0)
        note_schema_effect(conn, e);
    for (int i = 0; i < e->n_stmts && rc == 0; i++)
        rc = exec_one(conn, &e->stmts[i], values, n_values);
    return rc;
}

/* ---- Rows ------------------------------------------------------------------------ */

int lw_query(lw_conn *conn, const char *sql, const lw_value *values, int n_values, lw_rows **out)
{
    if (out)
        *out = NULL;
    if (!conn)
        return LW_EINVAL;
    conn->statements_run = 1;
    lw_error_reset(&conn->err);
    if (!out)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "lw_query: out is NULL");
    if (!sql)
        return lw_error_set(&conn->err, LW_EINVAL, "22023", 1210, "lw_query: sql is NULL");
    if (check_value_array(conn, "lw_query", values, n_values))
        return LW_EINVAL;
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
    note_schema_effect(conn, e);
    lw_compiled *c = &e->stmts[0];
    const lw_backend *be = conn->backend;
    int handled = intercept(conn, c, &rc);
    if (handled < 0)
        return handled;
    if (handled)
        after_statement(conn, c);
    if (handled && rc)
        return rc;
    lw_rows *rows = sqlite3_malloc64(sizeof *rows);
    if (!rows)
        return lw_error_set(&conn->err, LW_ENOMEM, "53200", 1037, "out of memory");
    memset(rows, 0, sizeof *rows);
    rows->conn = conn;
    if (handled) {
        rows->done = 1;
        *out = rows;
        return 0;
    }
    rc = prepare(conn, c, &rows->stmt, &rows->owns_stmt);
    if (rc == 0)
        rc = be->bind(rows->stmt, c, values, n_values, 1);
    if (rc == 0 && be->start)
        rc = be->start(rows->stmt);
    if (rc) {
        if (rows->stmt) {
            be->reset(rows->stmt);
            if (rows->owns_stmt)
                be->finalize(rows->stmt);
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

int lw_rows_next(lw_rows *rows)
{
    if (!rows)
        return LW_EINVAL;
    if (rows->done || !rows->stmt)
        return LW_DONE;
    lw_conn *conn = rows->conn;
    int rc = conn->backend->step(rows->stmt);
    if (rc == LW_ROW)
        return LW_ROW;
    rows->done = 1;
    if (rc == LW_DONE)
        lw_error_reset(&conn->err);
    return rc;
}

int lw_rows_close(lw_rows *rows)
{
    if (!rows)
        return 0;
    int rc = 0;
    if (rows->stmt) {
        const lw_backend *be = rows->conn->backend;
        rc = be->reset(rows->stmt);
        if (rows->owns_stmt)
            be->finalize(rows->stmt);
        else
            rows->compiled->in_use = 0;
    }
    sqlite3_free(rows);
    return rc;
}

static int col_ok(const lw_rows *rows, int col)
{
    return rows && rows->stmt && col >= 0 && col < rows->conn->backend->column_count(rows->stmt);
}

int lw_column_count(const lw_rows *rows)
{
    return rows && rows->stmt ? rows->conn->backend->column_count(rows->stmt) : 0;
}

const char *lw_column_name(const lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_name(rows->stmt, col) : NULL;
}

const char *lw_column_decltype(const lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_decltype(rows->stmt, col) : NULL;
}

lw_type lw_column_type(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_type(rows->stmt, col) : LW_TYPE_NULL;
}

int lw_column_is_null(lw_rows *rows, int col)
{
    return lw_column_type(rows, col) == LW_TYPE_NULL;
}

int64_t lw_column_int64(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_int64(rows->stmt, col) : 0;
}

double lw_column_double(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_double(rows->stmt, col) : 0.0;
}

const char *lw_column_text(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_text(rows->stmt, col) : NULL;
}

const void *lw_column_blob(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_blob(rows->stmt, col) : NULL;
}

int lw_column_bytes(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_bytes(rows->stmt, col) : 0;
}

const char *lw_column_display(lw_rows *rows, int col)
{
    return col_ok(rows, col) ? rows->conn->backend->column_display(rows->stmt, col) : NULL;
}
