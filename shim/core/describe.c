/*
 * The statement description (describe.h): the one place where the core reads a
 * statement's words. The first meaningful word decides what there is to read, so a
 * statement is read once and only as far as its kind needs:
 *
 *   BEGIN / START TRANSACTION [characteristics]        LW_KIND_BEGIN
 *   COMMIT / END / ROLLBACK / ABORT [TRANSACTION|WORK] LW_KIND_COMMIT, LW_KIND_ROLLBACK
 *   SET TRANSACTION characteristics                    LW_KIND_SET_TXN (set_transaction)
 *       characteristics: ISOLATION LEVEL ..., READ ONLY, READ WRITE, commas, and
 *       with BEGIN also TRANSACTION, WORK and SQLite's DEFERRED / IMMEDIATE /
 *       EXCLUSIVE. A form with anything else is a plain statement, which SQLite (or
 *       the dialect) judges.
 *   SAVEPOINT, RELEASE, ROLLBACK TO                    plain, with lw_savepoint_cmd
 *   SELECT / WITH / ( ... locking clauses at nesting depth 0:
 *       FOR { UPDATE | NO KEY UPDATE | SHARE | KEY SHARE } [OF name [, name]...]
 *       [NOWAIT | WAIT n | SKIP LOCKED], repeatable as PostgreSQL allows (WAIT n is
 *       Oracle's), and MySQL's LOCK IN SHARE MODE [wait option] as FOR SHARE; removed from the
 *       tokens the dialect translates. UPDATE wins over SHARE, NOWAIT over SKIP LOCKED.
 *   CREATE [UNIQUE] INDEX [IF NOT EXISTS] [main.]name  that index is built
 *   CREATE TABLE [IF NOT EXISTS] [main.]name           its constraint indexes
 *   REINDEX [[main.]name]                              every index, or those of name
 *       TEMP objects, other schemas and views build nothing that is recorded.
 *
 * Isolation levels are accepted (SQLite transactions are serializable, at least as
 * strong as any level asked for); READ ONLY is enforced by conn.c.
 */
#include "core/describe.h"

#include <string.h>

#include "core/shim_int.h"

static size_t next_meaningful(const lw_token *toks, size_t n, size_t i)
{
    return lw_tokens_skip_blank(toks, n, i + 1);
}

/* ---- Transaction control --------------------------------------------------------- */

/*
 * Reads the transaction characteristics in the tokens after i into *mode and
 * d->access. Returns 1 when that is all there is, 0 for a form the core does not know.
 */
static int read_characteristics(const char *sql, const lw_token *toks, size_t n, size_t i,
                                int begin, int *mode, lw_stmt_desc *d)
{
    d->begin_bare = begin;
    for (size_t j = next_meaningful(toks, n, i); j < n; j = next_meaningful(toks, n, j)) {
        const lw_token *t = &toks[j];
        if (!(lw_token_is_word(sql, t, "TRANSACTION") || lw_token_is_word(sql, t, "WORK")))
            d->begin_bare = 0;
        if (begin && lw_token_is_word(sql, t, "DEFERRED"))
            *mode = LW_TXN_DEFERRED;
        else if (begin && lw_token_is_word(sql, t, "IMMEDIATE"))
            *mode = LW_TXN_IMMEDIATE;
        else if (begin && lw_token_is_word(sql, t, "EXCLUSIVE"))
            *mode = LW_TXN_EXCLUSIVE;
        else if (lw_token_is_word(sql, t, "ONLY"))
            d->access = LW_ACCESS_READ_ONLY;
        else if (lw_token_is_word(sql, t, "WRITE"))
            d->access = LW_ACCESS_READ_WRITE;
        else if (!((begin && (lw_token_is_word(sql, t, "TRANSACTION") ||
                              lw_token_is_word(sql, t, "WORK"))) ||
                   lw_token_is_word(sql, t, "ISOLATION") || lw_token_is_word(sql, t, "LEVEL") ||
                   lw_token_is_word(sql, t, "SERIALIZABLE") ||
                   lw_token_is_word(sql, t, "REPEATABLE") || lw_token_is_word(sql, t, "READ") ||
                   lw_token_is_word(sql, t, "COMMITTED") ||
                   lw_token_is_word(sql, t, "UNCOMMITTED") || t->type == LW_TK_COMMA))
            return 0;
    }
    return 1;
}

/* BEGIN or START TRANSACTION (first at i: the last word of the opening). */
static void describe_begin(const char *sql, const lw_token *toks, size_t n, size_t i,
                           lw_stmt_desc *d)
{
    int mode = 0;
    if (!read_characteristics(sql, toks, n, i, 1, &mode, d))
        return; /* not a form we know: SQLite judges it */
    d->kind = LW_KIND_BEGIN;
    d->begin_mode = mode;
}

/* COMMIT / END / ROLLBACK / ABORT at i, with nothing after them but TRANSACTION or
 * WORK; anything else (ROLLBACK TO SAVEPOINT) runs as it is. */
static void describe_end(const char *sql, const lw_token *toks, size_t n, size_t i, int commit,
                         lw_stmt_desc *d)
{
    for (size_t j = next_meaningful(toks, n, i); j < n; j = next_meaningful(toks, n, j))
        if (!lw_token_is_word(sql, &toks[j], "TRANSACTION") &&
            !lw_token_is_word(sql, &toks[j], "WORK"))
            return;
    d->kind = commit ? LW_KIND_COMMIT : LW_KIND_ROLLBACK;
}

/* ---- Locking clauses --------------------------------------------------------------- */

/*
 * The wait option after a locking clause whose last token is at j (NOWAIT, Oracle's
 * WAIT n, SKIP LOCKED), recorded in d; returns the index of its last token, or j.
 */
static size_t read_wait_option(const char *sql, const lw_token *toks, size_t n, size_t j,
                               lw_stmt_desc *d)
{
    size_t w = next_meaningful(toks, n, j);
    size_t secs = w < n ? next_meaningful(toks, n, w) : n;
    if (w < n && lw_token_is_word(sql, &toks[w], "NOWAIT")) {
        d->wait = LW_WAIT_NOWAIT;
        j = w;
    } else if (w < n && lw_token_is_word(sql, &toks[w], "WAIT") && secs < n &&
               toks[secs].type == LW_TK_NUMBER) {
        /* Oracle's WAIT n: wait up to n seconds for the lock */
        long v = 0;
        for (uint32_t c = 0; c < toks[secs].length && v < 100000000; c++) {
            char ch = sql[toks[secs].offset + c];
            if (ch < '0' || ch > '9')
                break;
            v = v * 10 + (ch - '0');
        }
        if (d->wait == LW_WAIT_DEFAULT) {
            d->wait = LW_WAIT_SECONDS;
            d->wait_seconds = (int)v;
        }
        j = secs;
    } else if (w < n && lw_token_is_word(sql, &toks[w], "SKIP")) {
        size_t l = next_meaningful(toks, n, w);
        if (l < n && lw_token_is_word(sql, &toks[l], "LOCKED")) {
            if (d->wait == LW_WAIT_DEFAULT)
                d->wait = LW_WAIT_SKIP_LOCKED;
            j = l;
        }
    }
    return j;
}

/*
 * Reads the locking clause whose FOR is at i; returns the index of its last token, or
 * i when FOR does not start one (FOR in another role).
 */
static size_t read_lock_clause(const char *sql, const lw_token *toks, size_t n, size_t i,
                               lw_stmt_desc *d)
{
    size_t j = next_meaningful(toks, n, i);
    lw_row_lock lock = LW_LOCK_NONE;
    if (j < n && lw_token_is_word(sql, &toks[j], "UPDATE")) {
        lock = LW_LOCK_UPDATE;
    } else if (j < n && lw_token_is_word(sql, &toks[j], "SHARE")) {
        lock = LW_LOCK_SHARE;
    } else if (j < n &&
               (lw_token_is_word(sql, &toks[j], "NO") || lw_token_is_word(sql, &toks[j], "KEY"))) {
        int no = lw_token_is_word(sql, &toks[j], "NO");
        if (no) {
            j = next_meaningful(toks, n, j);
            if (!(j < n && lw_token_is_word(sql, &toks[j], "KEY")))
                j = n;
        }
        size_t w = j < n ? next_meaningful(toks, n, j) : n;
        if (w < n && lw_token_is_word(sql, &toks[w], no ? "UPDATE" : "SHARE")) {
            lock = no ? LW_LOCK_UPDATE : LW_LOCK_SHARE;
            j = w;
        }
    }
    if (lock == LW_LOCK_NONE)
        return i;
    d->for_share |= lock == LW_LOCK_SHARE;
    /* OF name[.name] [, ...]: the names end at NOWAIT, SKIP or the end. */
    size_t after = next_meaningful(toks, n, j);
    if (after < n && lw_token_is_word(sql, &toks[after], "OF")) {
        j = after;
        for (size_t p = next_meaningful(toks, n, j); p < n; p = next_meaningful(toks, n, p)) {
            const lw_token *q = &toks[p];
            if (lw_token_is_word(sql, q, "NOWAIT") || lw_token_is_word(sql, q, "SKIP") ||
                lw_token_is_word(sql, q, "FOR"))
                break;
            if (q->type != LW_TK_WORD && q->type != LW_TK_QIDENT && q->type != LW_TK_DOT &&
                q->type != LW_TK_COMMA)
                break;
            j = p;
        }
    }
    j = read_wait_option(sql, toks, n, j, d);
    if (d->lock != LW_LOCK_UPDATE)
        d->lock = lock;
    return j;
}

/*
 * MySQL's LOCK IN SHARE MODE [NOWAIT | WAIT n | SKIP LOCKED] whose LOCK is at i, read as
 * FOR SHARE; returns the index of its last token, or i when LOCK does not start one.
 */
static size_t read_share_mode_clause(const char *sql, const lw_token *toks, size_t n, size_t i,
                                     lw_stmt_desc *d)
{
    static const char *const words[] = {"IN", "SHARE", "MODE"};
    size_t j = i;
    for (int w = 0; w < 3; w++) {
        j = next_meaningful(toks, n, j);
        if (j >= n || !lw_token_is_word(sql, &toks[j], words[w]))
            return i;
    }
    j = read_wait_option(sql, toks, n, j, d);
    if (d->lock != LW_LOCK_UPDATE)
        d->lock = LW_LOCK_SHARE;
    return j;
}

/*
 * The locking clauses of a query at nesting depth 0: recorded in d, and the other
 * tokens copied into *kept (allocated at the first clause). Returns 0 or -2.
 */
static int describe_locking(const char *sql, const lw_token *toks, size_t n, lw_stmt_desc *d,
                            lw_token **kept, size_t *n_kept)
{
    int depth = 0;
    lw_token *k = NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const lw_token *t = &toks[i];
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN && depth > 0)
            depth--;
        int is_for = depth == 0 && lw_token_is_word(sql, t, "FOR");
        if (is_for || (depth == 0 && lw_token_is_word(sql, t, "LOCK"))) {
            size_t last = is_for ? read_lock_clause(sql, toks, n, i, d)
                                 : read_share_mode_clause(sql, toks, n, i, d);
            if (last != i) {
                if (!k) {
                    k = sqlite3_malloc64(n * sizeof *k);
                    if (!k)
                        return -2;
                    memcpy(k, toks, i * sizeof *k);
                    m = i;
                }
                i = last; /* drop FOR ... through last */
                continue;
            }
        }
        if (k)
            k[m++] = *t;
    }
    *kept = k;
    *n_kept = m;
    return 0;
}

/* ---- The indexes a statement builds -------------------------------------------------- */

/* The name token at toks[i] (a word or a quoted identifier), unquoted into a new
 * string (sqlite3_free), or NULL. *nomem is set when allocation failed. */
static char *name_at(const char *sql, const lw_token *toks, size_t n, size_t i, int *nomem)
{
    if (i >= n)
        return NULL;
    const lw_token *t = &toks[i];
    const char *p = sql + t->offset;
    char *out = NULL;
    if (t->type == LW_TK_WORD) {
        out = sqlite3_mprintf("%.*s", (int)t->length, p);
    } else if (t->type == LW_TK_QIDENT && t->length >= 2) {
        char close = p[0] == '[' ? ']' : p[0];
        out = sqlite3_malloc64(t->length);
        if (out) {
            size_t len = 0;
            for (uint32_t k = 1; k + 1 < t->length; k++) {
                out[len++] = p[k];
                if (p[k] == close && close != ']')
                    k++; /* a doubled quote stands for one */
            }
            out[len] = 0;
        }
    } else {
        return NULL;
    }
    if (!out)
        *nomem = 1;
    return out;
}

/* Reads [schema.]name at toks[*i]: sets *name (owned), whether a schema was given
 * and whether it is main (or none was given); advances *i past it. */
static void qualified_name(const char *sql, const lw_token *toks, size_t n, size_t *i, char **name,
                           int *qualified, int *in_main, int *nomem)
{
    size_t j = lw_tokens_skip_blank(toks, n, *i + 1);
    *in_main = 1;
    *qualified = j < n && toks[j].type == LW_TK_DOT;
    if (*qualified) {
        char *schema = name_at(sql, toks, n, *i, nomem);
        *in_main = schema && sqlite3_stricmp(schema, "main") == 0;
        sqlite3_free(schema);
        *i = lw_tokens_skip_blank(toks, n, j + 1);
        j = lw_tokens_skip_blank(toks, n, *i + 1);
    }
    *name = name_at(sql, toks, n, *i, nomem);
    *i = j;
}

/* REINDEX [[main.]name] (i: the word REINDEX). Returns 0 or -2. */
static int describe_reindex(const char *sql, const lw_token *toks, size_t n, size_t i,
                            lw_index_build *b)
{
    int nomem = 0, in_main = 1;
    i = lw_tokens_skip_blank(toks, n, i + 1);
    if (i >= n) {
        b->what = LW_BUILDS_ALL;
        return 0;
    }
    qualified_name(sql, toks, n, &i, &b->name, &b->qualified, &in_main, &nomem);
    if (b->name && in_main && i >= n)
        b->what = LW_BUILDS_REINDEX_NAME;
    return nomem ? -2 : 0;
}

/* CREATE [UNIQUE] INDEX / CREATE TABLE (i: the word CREATE). Returns 0 or -2. */
static int describe_create(const char *sql, const lw_token *toks, size_t n, size_t i,
                           lw_index_build *b)
{
    int nomem = 0, in_main = 1;
    i = lw_tokens_skip_blank(toks, n, i + 1);
    if (i < n && lw_token_is_word(sql, &toks[i], "UNIQUE"))
        i = lw_tokens_skip_blank(toks, n, i + 1);
    int is_index = i < n && lw_token_is_word(sql, &toks[i], "INDEX");
    int is_table = i < n && lw_token_is_word(sql, &toks[i], "TABLE");
    if (!is_index && !is_table)
        return 0; /* TEMP objects, views, triggers, virtual tables */
    i = lw_tokens_skip_blank(toks, n, i + 1);
    if (i < n && lw_token_is_word(sql, &toks[i], "IF")) {
        b->if_not_exists = 1;
        for (int k = 0; k < 3 && i < n; k++) /* IF NOT EXISTS */
            i = lw_tokens_skip_blank(toks, n, i + 1);
    }
    qualified_name(sql, toks, n, &i, &b->name, &b->qualified, &in_main, &nomem);
    if (b->name && in_main)
        b->what = is_index ? LW_BUILDS_INDEX : LW_BUILDS_TABLE;
    return nomem ? -2 : 0;
}

/* ---- The description ----------------------------------------------------------------- */

int lw_describe(const char *sql, const lw_token *toks, size_t n, int set_transaction,
                lw_stmt_desc *d, lw_token **kept, size_t *n_kept)
{
    memset(d, 0, sizeof *d);
    *kept = NULL;
    *n_kept = 0;
    size_t i = lw_tokens_skip_blank(toks, n, 0);
    if (i >= n) {
        d->kind = LW_KIND_EMPTY;
        return 0;
    }
    const lw_token *first = &toks[i];
    int rc = 0;
    if (first->type == LW_TK_LPAREN || lw_token_is_word(sql, first, "SELECT") ||
        lw_token_is_word(sql, first, "WITH")) {
        rc = describe_locking(sql, toks, n, d, kept, n_kept);
    } else if (lw_token_is_word(sql, first, "BEGIN")) {
        describe_begin(sql, toks, n, i, d);
    } else if (lw_token_is_word(sql, first, "START") || lw_token_is_word(sql, first, "SET")) {
        size_t j = next_meaningful(toks, n, i);
        if (j < n && lw_token_is_word(sql, &toks[j], "TRANSACTION")) {
            int mode = 0;
            if (lw_token_is_word(sql, first, "START"))
                describe_begin(sql, toks, n, j, d);
            else if (set_transaction && read_characteristics(sql, toks, n, j, 0, &mode, d))
                d->kind = LW_KIND_SET_TXN;
        }
    } else if (lw_token_is_word(sql, first, "COMMIT") || lw_token_is_word(sql, first, "END")) {
        describe_end(sql, toks, n, i, 1, d);
    } else if (lw_token_is_word(sql, first, "ROLLBACK") || lw_token_is_word(sql, first, "ABORT")) {
        describe_end(sql, toks, n, i, 0, d);
        /* ROLLBACK with more than TRANSACTION or WORK after it rolls back to a savepoint
         * (ABORT has no such form). */
        if (d->kind == LW_KIND_PLAIN && lw_token_is_word(sql, first, "ROLLBACK"))
            d->savepoint = LW_SAVEPOINT_ROLLBACK_TO;
    } else if (lw_token_is_word(sql, first, "SAVEPOINT")) {
        d->savepoint = LW_SAVEPOINT_OPEN;
    } else if (lw_token_is_word(sql, first, "RELEASE")) {
        d->savepoint = LW_SAVEPOINT_RELEASE;
    } else if (lw_token_is_word(sql, first, "CREATE")) {
        rc = describe_create(sql, toks, n, i, &d->build);
    } else if (lw_token_is_word(sql, first, "REINDEX")) {
        rc = describe_reindex(sql, toks, n, i, &d->build);
    }
    if (d->build.what == LW_BUILDS_NOTHING)
        lw_index_build_free(&d->build); /* nothing built: no name, no flags */
    if (d->kind != LW_KIND_BEGIN && d->kind != LW_KIND_SET_TXN)
        d->access = LW_ACCESS_DEFAULT; /* a form not recognised keeps no half-read access */
    if (d->kind != LW_KIND_BEGIN)
        d->begin_bare = 0;
    return rc;
}

void lw_index_build_free(lw_index_build *b)
{
    sqlite3_free(b->name);
    memset(b, 0, sizeof *b);
}

void lw_stmt_desc_free(lw_stmt_desc *d)
{
    lw_index_build_free(&d->build);
}

int lw_index_build_copy(const lw_index_build *from, lw_index_build *to)
{
    *to = *from;
    to->name = NULL;
    if (from->name && !(to->name = sqlite3_mprintf("%s", from->name)))
        return -2;
    return 0;
}
