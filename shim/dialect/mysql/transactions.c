/*
 * MariaDB's transactions on SQLite's: the statements that set their characteristics,
 * and what each statement does to the open transaction (the before_statement hook,
 * session.c, asks my_transaction_verdict).
 *
 * SQL:
 *   SET [SESSION | LOCAL] TRANSACTION characteristic [, characteristic]
 *       characteristic: ISOLATION LEVEL {READ UNCOMMITTED | READ COMMITTED |
 *       REPEATABLE READ | SERIALIZABLE} | READ ONLY | READ WRITE
 *                       my_set_transaction (runtime_transaction.c): with SESSION the
 *                       session's @@tx_isolation / @@tx_read_only, without it only the
 *                       next transaction's (1568 while one is in progress)
 *   SET [SESSION] autocommit = 0 | 1 | ON | OFF   alone in its SET (a constant):
 *                       0 makes the first statement that uses a table open a
 *                       transaction that lasts until COMMIT or ROLLBACK; turning it on
 *                       commits the open one; 'maybe' is 1231
 *   START TRANSACTION WITH CONSISTENT SNAPSHOT [, READ ONLY | READ WRITE]
 *                       a transaction that reads the database at once (SQLite's
 *                       snapshot is taken by the first read)
 *   LOCK TABLE[S] t [[AS] a] {READ [LOCAL] | [LOW_PRIORITY] WRITE} [, ...], UNLOCK TABLES
 *                       the shim's lock semantics (docs/shim.md: FOR UPDATE): while tables
 *                       are locked the connection holds the database's write lock, in a
 *                       transaction begun IMMEDIATE, so no other connection writes until
 *                       UNLOCK TABLES (or START TRANSACTION, which releases the locks)
 *                       commits it. Each statement may use only the locked tables, under
 *                       the names they were locked as (1100), and write only those locked
 *                       WRITE (1099), checked when the statement is translated (the
 *                       translations are made again when the locks change). COMMIT and
 *                       ROLLBACK keep the locks; with autocommit on they do nothing (the
 *                       statements count as committed: they are, at UNLOCK TABLES). A
 *                       missing table is 1146.
 *
 * What a statement does to the transaction, as MariaDB 10.11 does it:
 *   - COMMIT and ROLLBACK without a transaction succeed and do nothing;
 *   - START TRANSACTION in a transaction commits it first;
 *   - DDL (CREATE, DROP, ALTER, TRUNCATE, RENAME; not of TEMPORARY tables) commits the
 *     open transaction before it runs;
 *   - SAVEPOINT outside a transaction is accepted and forgotten (a later ROLLBACK TO it
 *     is 1305), unless autocommit is off (then it opens the transaction);
 *   - INSERT, UPDATE, DELETE and REPLACE in a READ ONLY transaction (START TRANSACTION
 *     READ ONLY, SET [SESSION] TRANSACTION READ ONLY) are 1792.
 *
 * Limits: under LOCK TABLES a crash before UNLOCK TABLES loses the writes made since LOCK
 * TABLES (MariaDB commits each statement); a READ lock also keeps other connections
 * from writing other tables (SQLite's lock is the database's); SQLite's isolation is
 * SERIALIZABLE whatever level is set (stronger than the
 * level asked for, never weaker); a READ ONLY transaction refuses writes to temporary
 * tables too.
 */
#include <string.h>
#include <strings.h>

#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

/* ---- SET TRANSACTION ----------------------------------------------------------------------- */

int my_set_transaction(lw_walker *w, int session)
{
    lw_skip(w); /* TRANSACTION */
    const char *level = NULL;
    int read_only = -1;
    do {
        if (lw_word(w, "isolation") && lw_word_at(w, 1, "level")) {
            w->p += 2;
            if (lw_word(w, "read") && lw_word_at(w, 1, "uncommitted"))
                level = "READ-UNCOMMITTED", w->p += 2;
            else if (lw_word(w, "read") && lw_word_at(w, 1, "committed"))
                level = "READ-COMMITTED", w->p += 2;
            else if (lw_word(w, "repeatable") && lw_word_at(w, 1, "read"))
                level = "REPEATABLE-READ", w->p += 2;
            else if (lw_word(w, "serializable"))
                level = "SERIALIZABLE", w->p += 1;
            else
                return my_syntax_error(w, 0);
        } else if (lw_word(w, "read") && (lw_word_at(w, 1, "only") || lw_word_at(w, 1, "write"))) {
            read_only = lw_word_at(w, 1, "only");
            w->p += 2;
        } else {
            return my_syntax_error(w, 0);
        }
    } while (lw_type_at(w, 0, LW_TK_COMMA) && (lw_skip(w), 1));
    if (!lw_at_end(w))
        return my_syntax_error(w, 0);
    lw_outf(w, "SELECT 1 WHERE typeof(my_set_transaction(%d, %Q, %s)) = 'none'", session, level,
            read_only < 0 ? "NULL"
            : read_only   ? "1"
                          : "0");
    w->consumed = 1;
    return w->rc;
}

/* ---- SET autocommit ----------------------------------------------------------------------- */

/* Whether the token at k is a constant that turns a switch on (1, ON, TRUE, '1', 'ON'). */
static int switch_on(lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    const char *s = w->sql + t->offset;
    size_t n = t->length;
    if (t->type == LW_TK_STRING && n >= 2)
        s++, n -= 2;
    return (n == 1 && s[0] == '1') || (n == 2 && !strncasecmp(s, "on", 2)) ||
           (n == 4 && !strncasecmp(s, "true", 4));
}

int my_set_autocommit(lw_walker *w)
{
    size_t k = 0;
    if (lw_word(w, "session") || lw_word(w, "local"))
        k = 1;
    const lw_token *t = lw_tok(w, k);
    if (!t)
        return 0;
    const char *s = w->sql + t->offset;
    int named = t->type == LW_TK_WORD && lw_word_at(w, k, "autocommit");
    int variable = t->type == LW_TK_VARIABLE && k == 0 &&
                   ((t->length == 12 && !strncasecmp(s, "@@autocommit", 12)) ||
                    (t->length == 20 && !strncasecmp(s, "@@session.autocommit", 20)) ||
                    (t->length == 18 && !strncasecmp(s, "@@local.autocommit", 18)));
    if (!named && !variable)
        return 0;
    if (!(lw_op_at(w, k + 1, "=") || lw_op_at(w, k + 1, ":=")))
        return 0;
    if (!lw_tok(w, k + 2) || lw_tok(w, k + 3))
        return 0; /* more than one value token: judged with the other settings */
    const lw_token *v = lw_tok(w, k + 2);
    if (v->type != LW_TK_NUMBER && v->type != LW_TK_STRING && v->type != LW_TK_WORD)
        return 0;
    /* The mark tells before_statement that the statement turns autocommit on, which
     * commits the open transaction (when autocommit was off). */
    lw_outf(w, "%sSELECT 1 WHERE typeof(my_set_sysvar('autocommit', ",
            switch_on(w, k + 2) ? MY_AUTOCOMMIT_ON : "");
    w->p += k + 2;
    if (v->type == LW_TK_WORD) {
        lw_outf(w, "'%.*s'", (int)v->length, w->sql + v->offset);
        lw_skip(w);
    } else {
        lw_parse_expr(w, 0);
    }
    lw_out(w, ")) = 'none'");
    w->consumed = 1;
    return w->rc ? w->rc : 1;
}

/* ---- START TRANSACTION WITH CONSISTENT SNAPSHOT -------------------------------------------- */

int my_start(lw_walker *w)
{
    if (!(lw_word_at(w, 1, "transaction") && lw_word_at(w, 2, "with") &&
          lw_word_at(w, 3, "consistent") && lw_word_at(w, 4, "snapshot")))
        return my_syntax_error(w, 0);
    w->p = 5;
    int read_only = 0;
    while (lw_type_at(w, 0, LW_TK_COMMA) && lw_word_at(w, 1, "read") &&
           (lw_word_at(w, 2, "only") || lw_word_at(w, 2, "write"))) {
        read_only = lw_word_at(w, 2, "only");
        w->p += 3;
    }
    if (!lw_at_end(w))
        return my_syntax_error(w, 0);
    /* before_statement begins the transaction (MY_SNAPSHOT); the count reads the schema,
     * which takes SQLite's snapshot then, as InnoDB's consistent snapshot is taken. */
    lw_outf(w, "%sSELECT 1 WHERE (SELECT count(*) FROM sqlite_schema) < 0",
            read_only ? MY_SNAPSHOT_READ_ONLY : MY_SNAPSHOT);
    w->consumed = 1;
    return w->rc;
}

/* ---- What a statement does to the transaction ------------------------------------------- */

/* Whether the word at s (n bytes of it) is word, followed by a blank or the end. */
static int word_is(const char *s, size_t n, const char *word)
{
    size_t m = strlen(word);
    return n >= m && !strncasecmp(s, word, m) &&
           (n == m || s[m] == ' ' || s[m] == '\t' || s[m] == '\n' || s[m] == '\r');
}

/* The text after the first word of s (n bytes), blanks skipped; *left gets its length. */
static const char *second_word(const char *s, size_t n, size_t *left)
{
    size_t i = 0;
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    *left = n - i;
    return s + i;
}

int my_commits_implicitly(const char *s, size_t n)
{
    if (!n)
        return 0;
    switch (s[0] | 0x20) {
    case 'c':
    case 'd':
        if (word_is(s, n, "create") || word_is(s, n, "drop")) {
            size_t left;
            const char *next = second_word(s, n, &left);
            if (word_is(next, left, "or"))
                return 1; /* CREATE OR REPLACE TEMPORARY is rare: it commits here */
            return !word_is(next, left, "temporary");
        }
        return 0;
    case 'a':
        return word_is(s, n, "alter");
    case 't':
        return word_is(s, n, "truncate");
    case 'r':
        return word_is(s, n, "rename");
    default:
        return 0;
    }
}

/* The next transaction's READ ONLY: SET TRANSACTION's, else the session's. */
static int next_read_only(const my_session *s)
{
    return s->next_read_only >= 0 ? s->next_read_only : s->tx_read_only;
}

/* A transaction begins: it takes the next transaction's characteristics. */
static void transaction_begins(my_session *s, int read_only)
{
    s->txn_read_only = read_only;
    s->next_isolation = s->next_read_only = -1;
}

int my_transaction_verdict(my_state *st, const lw_stmt_desc *desc, unsigned facts,
                           lw_dialect_error *err)
{
    my_session *s = st->session;
    int in_txn = !sqlite3_get_autocommit(st->db);
    if (!in_txn)
        s->txn_read_only = 0;
    switch (desc->kind) {
    case LW_KIND_BEGIN:
        my_table_locks_clear(s); /* START TRANSACTION releases the table locks */
        transaction_begins(s, desc->access == LW_ACCESS_READ_ONLY ||
                                  (desc->access == LW_ACCESS_DEFAULT && next_read_only(s)));
        return in_txn ? LW_RUN_COMMIT_FIRST : LW_RUN_GO;
    case LW_KIND_COMMIT:
    case LW_KIND_ROLLBACK:
        if (s->n_table_locks && s->autocommit)
            return LW_RUN_SKIP; /* under LOCK TABLES: committed at UNLOCK TABLES */
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_KIND_PLAIN:
        break;
    default:
        return LW_RUN_GO;
    }
    if (facts & MY_FACT_LOCK_TABLES) {
        transaction_begins(s, 0);
        return LW_RUN_RESTART | LW_RUN_IMMEDIATE;
    }
    if (facts & MY_FACT_UNLOCK_TABLES)
        return s->n_table_locks && in_txn ? LW_RUN_COMMIT_FIRST : LW_RUN_GO;
    if (facts & MY_FACT_SNAPSHOT) {
        transaction_begins(s, (facts & MY_FACT_SNAPSHOT_READ_ONLY) || next_read_only(s));
        return LW_RUN_RESTART;
    }
    if (desc->savepoint == LW_SAVEPOINT_OPEN && !in_txn) {
        if (s->autocommit)
            return LW_RUN_SKIP;
        transaction_begins(s, next_read_only(s));
        return LW_RUN_BEGIN_FIRST;
    }
    if (facts & MY_FACT_AUTOCOMMIT_ON)
        return in_txn && !s->autocommit ? LW_RUN_COMMIT_FIRST : LW_RUN_GO;
    if (facts & MY_FACT_COMMITS)
        return in_txn ? LW_RUN_COMMIT_FIRST : LW_RUN_GO;
    if (s->stmt_is_write && (in_txn ? s->txn_read_only : next_read_only(s))) {
        lw_dialect_error_set(err, "25006", 1792,
                             "Cannot execute statement in a READ ONLY transaction");
        my_warn(s, LW_LEVEL_ERROR, 1792, "%s", err->message);
        return LW_ESQL;
    }
    if (!in_txn && !(facts & MY_FACT_NO_TABLES) && desc->savepoint == LW_SAVEPOINT_NONE &&
        (!s->autocommit || s->n_table_locks)) {
        transaction_begins(s, next_read_only(s));
        /* Tables locked: the write lock again (after DDL or COMMIT ended the last). */
        return LW_RUN_BEGIN_FIRST | (s->n_table_locks ? LW_RUN_IMMEDIATE : 0);
    }
    return LW_RUN_GO;
}

/* ---- LOCK TABLES ------------------------------------------------------------------------------
 */

/* The sqlite3 handle behind the walker's connection, or NULL outside one. */
static sqlite3 *db_of(const lw_walker *w)
{
    const my_state *st = w->t->state;
    return st ? st->db : NULL;
}

int my_lock(lw_walker *w)
{
    if (!lw_word_at(w, 1, "table") && !lw_word_at(w, 1, "tables"))
        return lw_refuse(w, "LOCK %.*s", lw_tok(w, 1) ? (int)lw_tok(w, 1)->length : 0,
                         lw_tok(w, 1) ? w->sql + lw_tok(w, 1)->offset : "");
    w->p = 2;
    lw_out(w, MY_LOCK_TABLES "SELECT 1 WHERE typeof(my_lock_tables(");
    for (int first = 1; !w->rc; first = 0) {
        if (lw_type_at(w, 1, LW_TK_DOT))
            w->p += 2; /* db.table: the one database */
        char *table = my_name(w);
        if (!table)
            return w->rc;
        char *alias = NULL;
        if (lw_word(w, "as"))
            lw_skip(w);
        if (!lw_word(w, "read") && !lw_word(w, "write") && !lw_word(w, "low_priority"))
            alias = my_name(w);
        int write = 0;
        if (lw_word(w, "read")) {
            lw_skip(w);
            if (lw_word(w, "local"))
                lw_skip(w);
        } else if (lw_word(w, "write") ||
                   (lw_word(w, "low_priority") && lw_word_at(w, 1, "write"))) {
            w->p += lw_word(w, "write") ? 1 : 2;
            write = 1;
            if (lw_word(w, "concurrent"))
                lw_skip(w);
        } else if (!w->rc) {
            my_syntax_error(w, 0);
        }
        sqlite3 *db = db_of(w);
        if (!w->rc && db &&
            sqlite3_table_column_metadata(db, "main", table, NULL, NULL, NULL, NULL, NULL, NULL) !=
                SQLITE_OK &&
            sqlite3_table_column_metadata(db, "temp", table, NULL, NULL, NULL, NULL, NULL, NULL) !=
                SQLITE_OK)
            lw_walk_error(w, LW_ESQL, "42S02", 1146, "Table '%s.%s' doesn't exist", MY_DATABASE,
                          table);
        if (!w->rc)
            lw_outf(w, "%s%Q, %Q, %d", first ? "" : ", ", table, alias ? alias : table, write);
        sqlite3_free(table);
        sqlite3_free(alias);
        if (w->rc || !lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!w->rc && !lw_at_end(w))
        return my_syntax_error(w, 0);
    lw_out(w, ")) = 'none'");
    w->consumed = 1;
    return w->rc;
}

int my_unlock(lw_walker *w)
{
    if (!(lw_word_at(w, 1, "table") || lw_word_at(w, 1, "tables")) || lw_tok(w, 2))
        return lw_refuse(w, "this form of UNLOCK");
    lw_out(w, MY_UNLOCK_TABLES "SELECT 1 WHERE typeof(my_unlock_tables()) = 'none'");
    w->consumed = 1;
    return w->rc;
}

/* The lock the session holds on a table used under name, or NULL. */
static const my_table_lock *lock_of(const my_session *s, const char *table, const char *name)
{
    for (int i = 0; i < s->n_table_locks; i++)
        if (!sqlite3_stricmp(s->table_locks[i].table, table) &&
            !sqlite3_stricmp(s->table_locks[i].name, name))
            return &s->table_locks[i];
    return NULL;
}

/* Whether the word at k names a CTE of the statement (name AS ( or name (cols) AS (). */
static int is_cte(const lw_walker *w, const char *name)
{
    for (size_t k = 0; k + 2 < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if ((t->type == LW_TK_WORD || t->type == LW_TK_QIDENT) &&
            lw_token_is_word(w->sql, &w->tk[w->at[k + 1]], "as") &&
            w->tk[w->at[k + 2]].type == LW_TK_LPAREN) {
            char *s = lw_ident_text((lw_walker *)w, k);
            int same = s && !sqlite3_stricmp(s, name);
            sqlite3_free(s);
            if (same)
                return 1;
        }
    }
    return 0;
}

/* Checks the table item at k (a name, or a parenthesis); *k moves past it. written:
 * the statement writes it. Returns 0 or the walker's failure. */
static int check_item(lw_walker *w, size_t *k, int written)
{
    const my_session *s = my_session_of(w);
    const lw_token *t = *k < w->n ? &w->tk[w->at[*k]] : NULL;
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT))
        return 0;
    size_t table = (*k)++;
    int other_db = 0;
    if (*k + 1 < w->n && w->tk[w->at[*k]].type == LW_TK_DOT) {
        other_db = !lw_token_is_word(w->sql, &w->tk[w->at[table]], MY_DATABASE);
        table = *k + 1;
        *k += 2;
    }
    size_t alias = 0;
    if (*k < w->n && lw_token_is_word(w->sql, &w->tk[w->at[*k]], "as"))
        (*k)++;
    static const char *const not_alias[] = {
        "join",   "left",   "right",         "inner",  "cross", "natural", "on",        "using",
        "where",  "group",  "order",         "limit",  "set",   "values",  "value",     "select",
        "having", "union",  "straight_join", "window", "for",   "lock",    "returning", "use",
        "force",  "ignore", "partition",     "outer",  NULL};
    if (*k < w->n &&
        (w->tk[w->at[*k]].type == LW_TK_WORD || w->tk[w->at[*k]].type == LW_TK_QIDENT)) {
        alias = *k;
        for (const char *const *x = not_alias; alias && *x; x++)
            if (lw_token_is_word(w->sql, &w->tk[w->at[*k]], *x))
                alias = 0;
        if (alias)
            (*k)++;
    }
    if (other_db)
        return 0; /* information_schema and the like: not tables LOCK TABLES names */
    char *name = lw_ident_text(w, table);
    char *used = lw_ident_text(w, alias ? alias : table);
    int rc = 0;
    if (!name || !used) {
        rc = lw_fail(w, LW_ENOMEM);
    } else if (!is_cte(w, name)) {
        const my_table_lock *l = lock_of(s, name, used);
        if (!l)
            rc = lw_walk_error(w, LW_ESQL, "HY000", 1100,
                               "Table '%s' was not locked with LOCK TABLES", used);
        else if (written && !l->write)
            rc = lw_walk_error(w, LW_ESQL, "HY000", 1099,
                               "Table '%s' was locked with a READ lock and can't be updated", used);
    }
    sqlite3_free(name);
    sqlite3_free(used);
    return rc;
}

int my_check_table_locks(lw_walker *w)
{
    const my_session *s = my_session_of(w);
    if (!s->n_table_locks || !w->n)
        return 0;
    const lw_token *first = &w->tk[w->at[0]];
    if (lw_token_is_word(w->sql, first, "lock") || lw_token_is_word(w->sql, first, "unlock") ||
        lw_token_is_word(w->sql, first, "show") || lw_token_is_word(w->sql, first, "set"))
        return 0;
    int writes =
        lw_token_is_word(w->sql, first, "insert") || lw_token_is_word(w->sql, first, "replace") ||
        lw_token_is_word(w->sql, first, "update") || lw_token_is_word(w->sql, first, "delete");
    for (size_t k = 0; k < w->n && !w->rc;) {
        const lw_token *t = &w->tk[w->at[k]];
        int written = 0, list = 0;
        if (k == 0 && lw_token_is_word(w->sql, first, "update")) {
            k++;
            while (k < w->n && (lw_token_is_word(w->sql, &w->tk[w->at[k]], "low_priority") ||
                                lw_token_is_word(w->sql, &w->tk[w->at[k]], "ignore")))
                k++;
            written = list = 1; /* UPDATE t [, u]: the first item is the one it writes */
        } else if (writes && lw_token_is_word(w->sql, t, "into") && k <= 3) {
            k++;
            written = 1;
        } else if (lw_token_is_word(w->sql, t, "from") || lw_token_is_word(w->sql, t, "join") ||
                   lw_token_is_word(w->sql, t, "straight_join")) {
            list = lw_token_is_word(w->sql, t, "from");
            written = k == 1 && lw_token_is_word(w->sql, first, "delete");
            k++;
        } else {
            k++;
            continue;
        }
        /* A list of items: name [AS alias], ... after FROM and UPDATE; one after JOIN. */
        for (;;) {
            size_t before = k;
            if (check_item(w, &k, written))
                return w->rc;
            written = 0;
            if (!list || k == before || k >= w->n || w->tk[w->at[k]].type != LW_TK_COMMA)
                break;
            k++;
        }
    }
    return w->rc;
}
