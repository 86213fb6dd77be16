/*
 * The mysql and mariadb dialects' statements (the rules' statement table, mysql.c):
 *
 *   CREATE [TEMPORARY | OR REPLACE] TABLE   columns.c
 *   CREATE [UNIQUE] INDEX name ON t (cols)   alter.c (the key in the catalog); FULLTEXT and
 *                      SPATIAL refused
 *   CREATE [OR REPLACE] VIEW   SQLite's CREATE VIEW (OR REPLACE drops the old one)
 *   DROP [TEMPORARY] TABLE [IF EXISTS] t, ...   my_drop_tables: 1051 "Unknown table
 *                      'db.t'" for missing ones (notes with IF EXISTS), catalog rows
 *   DROP INDEX name ON t   alter.c;  DROP VIEW   SQLite's
 *   ALTER TABLE, RENAME TABLE   alter.c (applied when they run: runtime_alter.c)
 *   SET @x = v, SET [SESSION] var = v, SET NAMES cs [COLLATE c]   my_setvar,
 *                      my_set_sysvar; SET foreign_key_checks = 0|1 alone is PRAGMA
 *                      foreign_keys; SET GLOBAL is refused (1193 for an unknown
 *                      variable); SET TRANSACTION and SET
 *                      autocommit alone: transactions.c
 *   SHOW WARNINGS, SHOW ERRORS [LIMIT n], SHOW COUNT(*) WARNINGS | ERRORS   the
 *                      diagnostics area (they never clear it)
 *   SHOW [FULL] TABLES [FROM db] [LIKE p], SHOW [FULL] COLUMNS | FIELDS FROM t [LIKE p],
 *   DESCRIBE | DESC t [col | 'p']   queries of sqlite_schema and the catalog (columns.c)
 *   SHOW [SESSION] VARIABLES [LIKE p]   the variables my_sysvar knows
 *   SHOW COLLATION, SHOW CHARACTER SET | CHARSET [LIKE p | WHERE e]   what the dialect
 *                      emulates (collations.c), in MariaDB's columns and order
 *   INSERT [IGNORE] ... [ON DUPLICATE KEY UPDATE], INSERT ... SET, REPLACE   my_insert:
 *                      SQLite's upsert (VALUES(col) is excluded.col), INSERT IGNORE's
 *                      duplicates warn 1062 through ON CONFLICT ... WHERE my_duplicate
 *   TRUNCATE [TABLE] t   my_truncate (the AUTO_INCREMENT counter starts again)
 *   UPDATE IGNORE      UPDATE OR IGNORE, strict mode's errors as warnings
 *   DO expr, ...       every expression evaluated, no rows
 *   USE main           the one database; another name is 1049
 *   refused            LOCK TABLES, UNLOCK TABLES, LOAD DATA, HANDLER, the other
 *                      SHOW forms, EXPLAIN, CREATE DATABASE, DROP DATABASE (still to
 *                      come: SHOW CREATE TABLE, SHOW INDEX, information_schema)
 */
#include <stdio.h>
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/scope.h"
#include "dialect/values.h"
#include "dialect/mysql/mysql.h"

/* ---- CREATE -------------------------------------------------------------------------------- */

static int my_create(lw_walker *w)
{
    size_t k = 1;
    int or_replace = lw_word_at(w, 1, "or") && lw_word_at(w, 2, "replace");
    if (or_replace)
        k = 3;
    int temporary = lw_word_at(w, k, "temporary");
    if (temporary)
        k++;
    if (lw_word_at(w, k, "table"))
        return my_create_table(w, temporary, or_replace);
    if (!or_replace && !temporary &&
        (lw_word_at(w, k, "index") ||
         (lw_word_at(w, k, "unique") && lw_word_at(w, k + 1, "index"))))
        return my_create_index_statement(w, k); /* alter.c */
    if (lw_word_at(w, k, "fulltext") || lw_word_at(w, k, "spatial"))
        return lw_refuse(w, "%s indexes", lw_word_at(w, k, "fulltext") ? "FULLTEXT" : "SPATIAL");
    if (lw_word_at(w, k, "database") || lw_word_at(w, k, "schema"))
        return lw_refuse(w, "CREATE DATABASE (a connection has one database, %s)", MY_DATABASE);
    if (lw_word_at(w, k, "view") && or_replace) {
        /* CREATE OR REPLACE VIEW v AS ...: the old view goes, as one statement. */
        w->p += k + 1;
        char *name = lw_ident_text(w, w->p);
        size_t start = lw_here(w);
        lw_out(w, "CREATE VIEW ");
        lw_walk_until(w, 0);
        char *create = lw_take_from(w, start);
        char *both =
            name && create ? sqlite3_mprintf("DROP VIEW IF EXISTS \"%w\"; %s", name, create) : NULL;
        if (both)
            lw_outf(w, "SELECT 1 WHERE typeof(my_exec(%Q)) = 'none'", both);
        else
            lw_fail(w, LW_ENOMEM);
        sqlite3_free(both);
        sqlite3_free(name);
        sqlite3_free(create);
        w->consumed = 1;
        return w->rc;
    }
    lw_walk_until(w, 0);
    return w->rc;
}

/* ---- DROP ---------------------------------------------------------------------------------- */

static int my_drop(lw_walker *w)
{
    size_t k = 1;
    int temporary = lw_word_at(w, k, "temporary");
    if (temporary)
        k++;
    if (lw_word_at(w, k, "database") || lw_word_at(w, k, "schema"))
        return lw_refuse(w, "DROP DATABASE");
    if (lw_word_at(w, k, "index"))
        return my_drop_index_statement(w, k); /* alter.c */
    if (!lw_word_at(w, k, "table") && !lw_word_at(w, k, "tables")) {
        lw_walk_until(w, 0);
        return w->rc;
    }
    w->p += k + 1;
    int if_exists = 0;
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
        if_exists = 1;
        w->p += 2;
    }
    lw_outf(w, "SELECT 1 WHERE typeof(my_drop_tables(%d, %d", if_exists, temporary);
    while (!w->rc && !lw_at_end(w)) {
        if (lw_word(w, "restrict") || lw_word(w, "cascade")) {
            lw_skip(w);
            continue;
        }
        char *name = my_name(w);
        if (!name)
            return w->rc;
        if (lw_type_at(w, 0, LW_TK_DOT)) {
            /* db.table: only this connection's database. */
            int ours = name && !sqlite3_stricmp(name, MY_DATABASE);
            sqlite3_free(name);
            lw_skip(w);
            if (!ours)
                return lw_refuse(w, "a table of another database");
            name = my_name(w);
            if (!name)
                return w->rc;
        }
        lw_outf(w, ", %Q", name ? name : "");
        sqlite3_free(name);
        if (!lw_next_item(w) && !lw_at_end(w) && !lw_word(w, "restrict") && !lw_word(w, "cascade"))
            return my_syntax_error(w, 0);
        if (w->t->out->len && w->t->out->s[w->t->out->len - 2] == ',')
            w->t->out->len -= 2; /* the comma lw_next_item wrote */
    }
    lw_out(w, ")) = 'none'");
    w->consumed = 1;
    return w->rc;
}

/* ---- INSERT, REPLACE, TRUNCATE --------------------------------------------------------------- */

/* INSERT INTO t SET a = 1, b = 2 (the current token is SET): a column list and one
 * VALUES row, each value stored as an INSERT's value is. */
static int insert_set(lw_walker *w)
{
    enum { MAX_SET = 64 };
    char *names[MAX_SET], *values[MAX_SET];
    int n = 0;
    lw_skip(w); /* SET */
    while (!w->rc && !lw_at_end(w)) {
        size_t col = w->p;
        if (lw_type_at(w, 1, LW_TK_DOT))
            col = w->p += 2; /* t.col: the table is the INSERT's */
        /* Errors leave the loop, so that the names and values taken so far are freed. */
        if ((!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT)) ||
            (!lw_op_at(w, 1, "=") && !lw_op_at(w, 1, ":="))) {
            my_syntax_error(w, lw_type_at(w, 0, LW_TK_WORD) ? 1 : 0);
            break;
        }
        if (n == MAX_SET) {
            lw_refuse(w, "INSERT ... SET with more than %d columns", MAX_SET);
            break;
        }
        w->p += 2;
        if (lw_word(w, "default") && (lw_type_at(w, 1, LW_TK_COMMA) || !lw_tok(w, 1) ||
                                      lw_word_at(w, 1, "on") || lw_word_at(w, 1, "returning"))) {
            lw_refuse(w, "DEFAULT in INSERT ... SET");
            break;
        }
        size_t start = lw_here(w);
        lw_expr e = lw_parse_expr(w, 0);
        lw_assignment_cast(w, &e, w->insert_table, col, n, 1);
        values[n] = lw_take_from(w, start);
        names[n] = lw_ident_text(w, col);
        n++;
        if (!values[n - 1] || !names[n - 1])
            lw_fail(w, LW_ENOMEM);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!w->rc) {
        lw_out(w, "(");
        for (int i = 0; i < n; i++)
            lw_outf(w, "%s\"%w\"", i ? ", " : "", names[i]);
        lw_out(w, ") VALUES (");
        for (int i = 0; i < n; i++)
            lw_outf(w, "%s%s", i ? ", " : "", values[i]);
        lw_out(w, ") ");
    }
    for (int i = 0; i < n; i++) {
        sqlite3_free(names[i]);
        sqlite3_free(values[i]);
    }
    w->in_values = 1; /* ON DUPLICATE KEY UPDATE may follow */
    if (!w->rc)
        lw_walk_until(w, 0);
    return w->rc;
}

/* INSERT IGNORE's rows that a unique key already has: " ON CONFLICT DO UPDATE SET c = c
 * WHERE my_duplicate(key, value)", which warns 1062 naming the key whose columns equal
 * the new row's (the catalog's keys, the primary key first) and skips the row. Returns
 * 0 when the table has no key in the catalog (then SQLite's OR IGNORE skips silently),
 * else 1 after writing the clause. */
static int ignore_duplicates(lw_walker *w, const char *table)
{
    if (!w->schema || !table)
        return 0;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(w->schema->db,
                           "SELECT name, columns FROM _lw_mysql_constraints WHERE table_name = ?1 "
                           "AND kind IN ('PRIMARY KEY', 'UNIQUE') ORDER BY kind = 'UNIQUE', rowid",
                           -1, &stmt, NULL) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return 0;
    }
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    lw_sqlbuf keys = {0}, values = {0}, first = {0};
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *cols = (const char *)sqlite3_column_text(stmt, 1);
        if (!name || !cols || !*cols)
            continue;
        lw_sqlbuf match = {0}, value = {0};
        for (const char *p = cols; *p;) {
            int n = (int)strcspn(p, ",");
            lw_sqlbuf_appendf(&match, "%s\"%.*w\" = excluded.\"%.*w\"", match.len ? " AND " : "", n,
                              p, n, p);
            lw_sqlbuf_appendf(&value, "%sexcluded.\"%.*w\"", value.len ? " || '-' || " : "", n, p);
            if (!first.len)
                lw_sqlbuf_appendf(&first, "\"%.*w\"", n, p);
            p += n + (p[n] == ',');
        }
        lw_sqlbuf_appendf(&keys, "WHEN %s THEN %Q ", match.s ? match.s : "0", name);
        lw_sqlbuf_appendf(&values, "WHEN %s THEN %s ", match.s ? match.s : "0",
                          value.s ? value.s : "''");
        lw_sqlbuf_free(&match);
        lw_sqlbuf_free(&value);
    }
    sqlite3_finalize(stmt);
    int written = keys.len && !keys.oom && !values.oom && !first.oom;
    if (written)
        lw_outf(w, " ON CONFLICT DO UPDATE SET %s = %s WHERE my_duplicate(CASE %sEND, CASE %sEND)",
                first.s, first.s, keys.s, values.s);
    lw_sqlbuf_free(&keys);
    lw_sqlbuf_free(&values);
    lw_sqlbuf_free(&first);
    return written;
}

/* INSERT [IGNORE] INTO t ... and REPLACE [INTO] t ...: SQLite's INSERT OR IGNORE and
 * REPLACE INTO (both delete or skip the rows a unique key already has, as MariaDB's do);
 * the SET form becomes a column list and a VALUES row. */
/* Does the query at the current token (SELECT ...) have a * or name.* in its select
 * list at its own level, and no RETURNING or ON DUPLICATE KEY UPDATE after it? */
static int select_has_star(const lw_walker *w)
{
    if (!lw_word(w, "select"))
        return 0;
    int depth = 0, star = 0;
    for (size_t k = 1; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && (lw_word_at(w, k, "returning") || lw_word_at(w, k, "duplicate")))
            return 0;
        else if (depth == 0 && lw_word_at(w, k, "from"))
            break;
        else if (depth == 0 && lw_op_at(w, k, "*") &&
                 (lw_type_at(w, k - 1, LW_TK_COMMA) || lw_type_at(w, k - 1, LW_TK_DOT) ||
                  lw_word_at(w, k - 1, "select") || lw_word_at(w, k - 1, "distinct") ||
                  lw_word_at(w, k - 1, "all")) &&
                 (w->p + k + 1 >= w->n || lw_type_at(w, k + 1, LW_TK_COMMA) ||
                  lw_word_at(w, k + 1, "from")))
            star = 1;
    }
    return star;
}

/* The number of columns INSERT INTO t [(cols)] stores: its list's, or the table's. */
static int insert_width(lw_walker *w)
{
    if (w->n_insert_cols >= 0)
        return w->n_insert_cols;
    if (!w->schema || !w->schema->db) /* translated without a database (tests, fuzzing) */
        return 0;
    char *table = lw_ident_text(w, w->insert_table);
    int n = 0;
    sqlite3_stmt *stmt = NULL;
    if (table && sqlite3_prepare_v2(w->schema->db, "SELECT count(*) FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            n = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    return n;
}

/*
 * INSERT INTO t [(cols)] SELECT *, ... : a * stands for columns the translation cannot
 * name, so their values could not be checked as they are stored. The query becomes a
 * CTE whose columns are named by position, and each is stored with its column's checks:
 *   INSERT INTO t [(cols)] WITH _lw_star(_lw_1, ..., _lw_n) AS (SELECT ...)
 *     SELECT my_assign(_lw_1, ...), ... FROM _lw_star [RETURNING ...]
 * (a RETURNING list reads the rows stored, as MariaDB's does). Returns 1 when it wrote
 * the statement's rest, 0 when the query has no *.
 */
static int star_select(lw_walker *w)
{
    if (!w->insert_table || !select_has_star(w))
        return 0;
    int n = insert_width(w);
    if (n <= 0 || n > 1000)
        return 0;
    lw_out(w, "WITH _lw_star(");
    for (int i = 0; i < n; i++)
        lw_outf(w, "%s_lw_%d", i ? ", " : "", i + 1);
    lw_out(w, ") AS (");
    size_t table = w->insert_table, all = w->n;
    size_t returning = my_top_level_word(w, "returning");
    w->insert_table = 0; /* the query's items go into the CTE, not the table */
    if (returning > w->p)
        w->n = returning;
    lw_walk_until(w, 0);
    w->n = all;
    w->insert_table = table;
    lw_out(w, ") SELECT ");
    for (int i = 0; i < n && !w->rc; i++) {
        lw_expr e = lw_expr_here(w);
        e.tok = w->n; /* no token of the statement: not a bare parameter */
        e.type = LW_K_UNKNOWN;
        if (i)
            lw_out(w, ", ");
        e.start = lw_here(w);
        lw_outf(w, "_lw_%d ", i + 1);
        lw_assignment_cast(w, &e, table, lw_insert_column(w, i), i, 0);
    }
    lw_out(w, " FROM _lw_star ");
    lw_walk_until(w, 0); /* RETURNING ... */
    return 1;
}

static int my_insert(lw_walker *w)
{
    int replace = lw_word(w, "replace");
    size_t k = 1;
    if (lw_word_at(w, k, "low_priority") || lw_word_at(w, k, "delayed") ||
        lw_word_at(w, k, "high_priority"))
        return lw_refuse(w, "%.*s", (int)lw_tok(w, k)->length, lw_spelled(w, lw_tok(w, k)));
    int ignore = !replace && lw_word_at(w, k, "ignore");
    if (ignore)
        k++;
    int into = lw_word_at(w, k, "into");
    if (!into && !replace) {
        if (ignore)
            return my_syntax_error(w, k);
        lw_walk_until(w, 0);
        return w->rc;
    }
    /* lw_note_insert_target reads INSERT INTO name from the token before INTO. */
    size_t name = into ? k + 1 : k;
    w->p = name - 2;
    lw_note_insert_target(w);
    w->p = name;
    /* INSERT IGNORE ... VALUES without RETURNING or ON DUPLICATE KEY UPDATE: the
     * duplicates warn (ignore_duplicates); otherwise SQLite's OR IGNORE. */
    int upsert = 0;
    for (size_t k2 = name; ignore && k2 < w->n; k2++) {
        if (lw_word_at(w, k2, "values") || lw_word_at(w, k2, "value") || lw_word_at(w, k2, "set")) {
            upsert = 1;
        } else if (lw_word_at(w, k2, "select") || lw_word_at(w, k2, "returning") ||
                   lw_word_at(w, k2, "duplicate")) {
            upsert = 0;
            break;
        }
    }
    if (my_check_value_counts(w, name))
        return w->rc;
    if (ignore)
        lw_out(w, MY_IGNORE);
    size_t body = lw_here(w);
    lw_out(w, replace ? "REPLACE INTO " : ignore ? "INSERT OR IGNORE INTO " : "INSERT INTO ");
    if (!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT))
        return my_syntax_error(w, 0);
    lw_emit(w);
    while (lw_type_at(w, 0, LW_TK_DOT) && lw_tok(w, 1)) {
        lw_emit(w);
        lw_emit(w);
    }
    size_t list = lw_here(w);
    char *no_default = NULL;
    if (lw_word(w, "set") && w->insert_table)
        insert_set(w);
    else if (!star_select(w)) {
        int values = w->n_insert_cols > 0;
        lw_walk_until(w, 0);
        if (values && w->in_values && !w->rc)
            no_default = my_implicit_column_names(w, list);
    }
    if (upsert && !w->rc) {
        char *table = lw_ident_text(w, w->insert_table);
        if (ignore_duplicates(w, table)) {
            /* The clause handles the duplicates: a plain INSERT, so that the other
             * errors SQLite's OR IGNORE would swallow (NOT NULL, CHECK) stay errors. */
            char *rest = lw_take_from(w, body + strlen("INSERT OR IGNORE INTO "));
            w->t->out->len = body;
            lw_outf(w, MY_UPSERT "INSERT INTO %s", rest ? rest : "");
            sqlite3_free(rest);
        }
        sqlite3_free(table);
    }
    if (no_default && !w->rc)
        lw_insert_at(w, body, no_default);
    sqlite3_free(no_default);
    return w->rc;
}

/* ON DUPLICATE KEY UPDATE col = v, ...: SQLite's upsert on any unique key, its
 * assignments stored as an UPDATE's; VALUES(col) is excluded.col (functions.c). */
static void on_duplicate_key_update(lw_walker *w)
{
    if (!w->insert_table) {
        my_syntax_error(w, 0);
        return;
    }
    if (!w->in_values) {
        /* SQLite would read ON after INSERT ... SELECT ... FROM t as a join's. */
        lw_refuse(w, "ON DUPLICATE KEY UPDATE after INSERT ... SELECT");
        return;
    }
    w->p += 4;
    lw_insert_at(w, 0, MY_UPSERT);
    lw_out(w, "ON CONFLICT DO UPDATE SET ");
    w->write_table = w->insert_table;
    w->in_values = 0;
}

/* TRUNCATE [TABLE] t: my_truncate empties it and resets its AUTO_INCREMENT counter. */
static int my_truncate(lw_walker *w)
{
    w->p += lw_word_at(w, 1, "table") ? 2 : 1;
    char *name = my_name(w);
    if (!name)
        return w->rc;
    if (lw_type_at(w, 0, LW_TK_DOT)) {
        int ours = !sqlite3_stricmp(name, MY_DATABASE);
        sqlite3_free(name);
        lw_skip(w);
        if (!ours)
            return lw_refuse(w, "a table of another database");
        name = my_name(w);
        if (!name)
            return w->rc;
    }
    if (!lw_at_end(w)) {
        sqlite3_free(name);
        return my_syntax_error(w, 0);
    }
    lw_outf(w, "SELECT 1 WHERE typeof(my_truncate(%Q)) = 'none'", name);
    sqlite3_free(name);
    w->consumed = 1;
    return w->rc;
}

/* UPDATE IGNORE t ...: SQLite's UPDATE OR IGNORE (a row a unique key already has is
 * left as it was) with strict mode's errors as warnings (the MY_IGNORE mark); the scope
 * and the written table as the clause walk records them for UPDATE. */
static int my_update(lw_walker *w)
{
    int multi = my_multi_update(w);
    if (multi)
        return multi < 0 ? multi : 0;
    if (!lw_word_at(w, 1, "ignore")) {
        lw_walk_until(w, 0);
        return w->rc;
    }
    lw_out(w, MY_IGNORE "UPDATE OR IGNORE ");
    w->p = 1; /* the table is one token past IGNORE, as past UPDATE */
    lw_scope_items(w, 1);
    lw_scope_from(w, 1);
    size_t k = 1;
    while (lw_type_at(w, k + 1, LW_TK_DOT))
        k += 2;
    if (lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_QIDENT))
        w->write_table = w->p + k;
    w->p = 2;
    lw_walk_until(w, 0);
    return w->rc;
}

/* DO expr, ...: every expression evaluated, nothing returned. */
static int my_do(lw_walker *w)
{
    lw_skip(w); /* DO */
    if (lw_at_end(w))
        return my_syntax_error(w, 0);
    lw_out(w, "SELECT 1 WHERE ");
    for (int first = 1; !w->rc && !lw_at_end(w); first = 0) {
        lw_outf(w, "%stypeof(", first ? "" : "|| ");
        lw_parse_expr(w, 0);
        lw_out(w, ") ");
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!w->rc && !lw_at_end(w))
        return my_syntax_error(w, 0);
    lw_out(w, "= 'none'");
    w->consumed = 1;
    return w->rc;
}

/* ---- SET
 * ------------------------------------------------------------------------------------------ */

/* The value of SET var = value: an expression, or a bare word (ON, OFF, DEFAULT, a mode
 * name) as its text. */
static void set_value(lw_walker *w)
{
    if (lw_type_at(w, 0, LW_TK_WORD) && (lw_type_at(w, 1, LW_TK_COMMA) || !lw_tok(w, 1)) &&
        !lw_word(w, "null") && !lw_word(w, "true") && !lw_word(w, "false")) {
        const lw_token *t = lw_tok(w, 0);
        lw_outf(w, "'%.*s'", (int)t->length, w->sql + t->offset);
        lw_skip(w);
        return;
    }
    lw_parse_expr(w, 0);
}

static int my_set(lw_walker *w)
{
    lw_skip(w); /* SET */
    if (lw_word(w, "global") ||
        (lw_type_at(w, 0, LW_TK_VARIABLE) && lw_tok(w, 0)->length > 9 &&
         !sqlite3_strnicmp(w->sql + lw_tok(w, 0)->offset, "@@global.", 9))) {
        /* Refused; an unknown variable is MariaDB's 1193 first (my_sysvar raises it,
         * my_set_global refuses a known one). */
        const lw_token *t = lw_tok(w, 0);
        char *name = lw_word(w, "global")
                         ? (lw_tok(w, 1) ? lw_tok_text(w, 1) : NULL)
                         : sqlite3_mprintf("%.*s", (int)t->length - 9, w->sql + t->offset + 9);
        if (!name)
            return lw_refuse(w, "SET GLOBAL");
        lw_outf(w, "SELECT 1 WHERE typeof(my_sysvar(%Q)) = 'none' OR my_set_global()", name);
        sqlite3_free(name);
        w->consumed = 1;
        return w->rc;
    }
    if (lw_word(w, "transaction"))
        return my_set_transaction(w, 0);
    if ((lw_word(w, "session") || lw_word(w, "local")) && lw_word_at(w, 1, "transaction")) {
        lw_skip(w);
        return my_set_transaction(w, 1);
    }
    int autocommit = my_set_autocommit(w);
    if (autocommit)
        return autocommit < 0 ? autocommit : 0;
    /* SET foreign_key_checks = v alone: SQLite's pragma. */
    if (lw_word(w, "foreign_key_checks") && lw_op_at(w, 1, "=") && lw_type_at(w, 2, LW_TK_NUMBER) &&
        w->p + 3 == w->n) {
        const lw_token *v = lw_tok(w, 2);
        lw_outf(w, "PRAGMA foreign_keys = %s", w->sql[v->offset] == '0' ? "OFF" : "ON");
        w->consumed = 1;
        return w->rc;
    }
    lw_out(w, "SELECT 1 WHERE ");
    int first = 1;
    while (!w->rc && !lw_at_end(w)) {
        if (!first)
            lw_out(w, "|| ");
        first = 0;
        const lw_token *t = lw_tok(w, 0);
        if (lw_word(w, "session") || lw_word(w, "local"))
            lw_skip(w), t = lw_tok(w, 0);
        if (!t)
            return my_syntax_error(w, 0);
        if (lw_word(w, "names") || (lw_word(w, "character") && lw_word_at(w, 1, "set")) ||
            lw_word(w, "charset")) {
            /* SET NAMES cs [COLLATE c]: the connection's collation. */
            w->p += lw_word(w, "character") ? 2 : 1;
            if (lw_at_end(w))
                return my_syntax_error(w, 0); /* SET NAMES with no name (fuzz_mysql_rewriter) */
            char *cs = lw_type_at(w, 0, LW_TK_STRING) ? NULL : lw_tok_text(w, 0);
            lw_sqlbuf v = {0};
            if (!cs)
                lw_string_value(w, 0, &v);
            const char *charset = cs ? cs : v.s ? v.s : "";
            const char *cs_default = !sqlite3_stricmp(charset, "default")
                                         ? my_session_of(w)->flavor->default_collation
                                         : my_charset_collation(w, charset);
            lw_skip(w);
            char *coll = NULL;
            if (lw_word(w, "collate")) {
                lw_skip(w);
                if (lw_type_at(w, 0, LW_TK_STRING)) {
                    lw_sqlbuf cv = {0};
                    lw_sqlbuf_append(&cv, "", 0);
                    lw_string_value(w, 0, &cv);
                    coll = lw_sqlbuf_finish(&cv);
                    lw_skip(w);
                } else {
                    coll = my_name(w);
                }
                if (!coll) {
                    sqlite3_free(cs);
                    lw_sqlbuf_free(&v);
                    return w->rc ? w->rc : lw_fail(w, LW_ENOMEM);
                }
            }
            const my_collation *mc = coll ? my_find_collation(coll, strlen(coll)) : NULL;
            const char *cs_name = cs_default ? my_collation_charset(cs_default) : "";
            if (!cs_default)
                lw_refuse(w, "the character set %s", charset);
            else if (coll && !mc)
                lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", coll);
            else if (mc && strcmp(my_collation_charset(mc->name), cs_name) != 0)
                lw_walk_error(w, LW_ESQL, "42000", 1253,
                              "COLLATION '%s' is not valid for CHARACTER SET '%s'", mc->name,
                              cs_name);
            else
                /* SET NAMES: the client's, the results' and the connection's character
                 * set (runtime_session.c). */
                lw_outf(w,
                        "typeof(my_set_sysvar('character_set_client', %Q)) || "
                        "typeof(my_set_sysvar('character_set_results', %Q)) || "
                        "typeof(my_set_sysvar('collation_connection', %Q)) ",
                        cs_name, cs_name, mc ? mc->name : cs_default);
            sqlite3_free(cs);
            sqlite3_free(coll);
            lw_sqlbuf_free(&v);
        } else if (t->type == LW_TK_VARIABLE && t->kind == LW_VAR_USER) {
            lw_sqlbuf name = {0};
            const char *s = w->sql + t->offset;
            lw_sqlbuf_append(&name, s + 1, t->length - 1);
            lw_skip(w);
            if (!lw_op_at(w, 0, "=") && !lw_op_at(w, 0, ":=")) {
                lw_sqlbuf_free(&name);
                return my_syntax_error(w, 0);
            }
            lw_skip(w);
            lw_outf(w, "typeof(my_setvar(%Q, ", name.s ? name.s : "");
            lw_parse_expr(w, 0);
            lw_out(w, ")) ");
            lw_sqlbuf_free(&name);
        } else {
            /* A system variable: name, @@name, @@session.name. */
            char *name;
            if (t->type == LW_TK_VARIABLE) {
                const char *s = w->sql + t->offset + 2;
                size_t n = t->length - 2;
                if (n > 8 && !sqlite3_strnicmp(s, "session.", 8))
                    s += 8, n -= 8;
                else if (n > 6 && !sqlite3_strnicmp(s, "local.", 6))
                    s += 6, n -= 6;
                name = sqlite3_mprintf("%.*s", (int)n, s);
            } else {
                name = lw_tok_text(w, 0);
            }
            lw_skip(w);
            if (!lw_op_at(w, 0, "=") && !lw_op_at(w, 0, ":=")) {
                sqlite3_free(name);
                return my_syntax_error(w, 0);
            }
            lw_skip(w);
            if (name && (!sqlite3_stricmp(name, "foreign_key_checks") ||
                         !sqlite3_stricmp(name, "autocommit"))) {
                lw_refuse(w,
                          !sqlite3_stricmp(name, "autocommit")
                              ? "SET autocommit to a value other than a constant, or together "
                                "with other settings"
                              : "SET %s together with other settings",
                          name);
                sqlite3_free(name);
                return w->rc;
            }
            if (lw_word(w, "default") && (lw_type_at(w, 1, LW_TK_COMMA) || !lw_tok(w, 1))) {
                /* SET var = DEFAULT (the word; the string 'DEFAULT' is a value). */
                lw_skip(w);
                lw_outf(w, "typeof(my_set_sysvar_default(%Q)) ", name ? name : "");
            } else {
                lw_outf(w, "typeof(my_set_sysvar(%Q, ", name ? name : "");
                set_value(w);
                lw_out(w, ")) ");
            }
            sqlite3_free(name);
        }
        if (!lw_next_item(w))
            break;
        w->t->out->len -= 2; /* the comma: the settings are joined by || */
    }
    if (!lw_at_end(w) && !w->rc)
        return my_syntax_error(w, 0);
    lw_out(w, "= 'none'");
    w->consumed = 1;
    return w->rc;
}

/* ---- SHOW TABLES, SHOW COLUMNS, DESCRIBE ------------------------------------------------------
 */

/* [LIKE 'pattern'] after SHOW ... (a WHERE is refused): " AND my_like(<expr>, ...)"
 * under the collation. Returns the walker's failure. */
static int show_like(lw_walker *w, const char *expr, const char *collation)
{
    if (lw_word(w, "where")) {
        /* WHERE over the result's columns: SQLite reads a result column's alias in
         * WHERE. */
        lw_skip(w);
        lw_out(w, "AND (");
        lw_parse_expr(w, 0);
        lw_out(w, ") ");
        return w->rc ? w->rc : lw_at_end(w) ? 0 : my_syntax_error(w, 0);
    }
    if (!lw_word(w, "like"))
        return lw_at_end(w) ? 0 : my_syntax_error(w, 0);
    lw_skip(w);
    if (!lw_type_at(w, 0, LW_TK_STRING))
        return my_syntax_error(w, 0);
    lw_outf(w, "AND my_like(%s, ", expr);
    lw_emit(w);
    lw_outf(w, ", '\\', '%s') ", collation);
    return lw_at_end(w) ? 0 : my_syntax_error(w, 0);
}

/* [FROM | IN db]: this connection's database only. */
static int show_from_database(lw_walker *w)
{
    if (!lw_word(w, "from") && !lw_word(w, "in"))
        return 0;
    lw_skip(w);
    char *db = my_name(w);
    if (!db)
        return w->rc;
    int ours = !sqlite3_stricmp(db, MY_DATABASE);
    if (!ours)
        lw_walk_error(w, LW_ESQL, "42000", 1049, "Unknown database '%s'", db);
    sqlite3_free(db);
    return w->rc;
}

/* SHOW [FULL] TABLES [FROM db] [LIKE 'p']: the base tables and views of the database,
 * by name (the shim's own tables left out: sqlite_*, _lw_*, lw_collation_versions). */
static int show_tables(lw_walker *w, int full)
{
    if (show_from_database(w))
        return w->rc;
    lw_outf(w, "SELECT name AS \"Tables_in_%s\"", MY_DATABASE);
    if (full)
        lw_out(w, ", CASE type WHEN 'view' THEN 'VIEW' ELSE 'BASE TABLE' END AS \"Table_type\"");
    lw_out(w, " FROM main.sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE "
              "'\\_lw\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> "
              "'lw_collation_versions' ");
    if (show_like(w, "name", "utf8mb4_bin"))
        return w->rc;
    lw_out(w, "ORDER BY name");
    w->consumed = 1;
    return w->rc;
}

/* The columns of table (a quoted SQL literal) as SHOW [FULL] COLUMNS lists them, from the
 * catalog (columns.c): Key is PRI for a primary key's columns, UNI for a one-column
 * unique key's, MUL for the first column of another key or a foreign key's; a string
 * default is shown without its quotes. */
static int show_columns_of(lw_walker *w, const char *table, int full)
{
    sqlite3 *db = w->schema ? w->schema->db : NULL;
    int catalog = 1;
    if (db) {
        sqlite3_stmt *stmt = NULL;
        catalog =
            sqlite3_prepare_v2(db, "SELECT 1 FROM _lw_mysql_columns", -1, &stmt, NULL) == SQLITE_OK;
        sqlite3_finalize(stmt);
    }
    if (!catalog)
        return lw_walk_error(w, LW_ESQL, "42S02", 1146, "Table '%s.%s' doesn't exist", MY_DATABASE,
                             table);
    lw_out(w, "SELECT c.column_name AS \"Field\", c.column_type AS \"Type\", ");
    if (full)
        lw_out(w, "NULLIF(c.collation, '') AS \"Collation\", ");
    lw_out(w, "c.is_nullable AS \"Null\", "
              "CASE WHEN EXISTS (SELECT 1 FROM _lw_mysql_constraints k WHERE k.table_name = "
              "c.table_name AND k.kind = 'PRIMARY KEY' AND instr(',' || lower(k.columns) || ',', "
              "',' || lower(c.column_name) || ',')) THEN 'PRI' "
              "WHEN EXISTS (SELECT 1 FROM _lw_mysql_constraints k WHERE k.table_name = "
              "c.table_name AND k.kind = 'UNIQUE' AND lower(k.columns) = lower(c.column_name)) "
              "THEN 'UNI' "
              "WHEN EXISTS (SELECT 1 FROM _lw_mysql_constraints k WHERE k.table_name = "
              "c.table_name AND k.kind IN ('UNIQUE', 'KEY', 'FOREIGN KEY') AND "
              "(lower(k.columns) = lower(c.column_name) OR substr(lower(k.columns), 1, "
              "length(c.column_name) + 1) = lower(c.column_name) || ',')) THEN 'MUL' "
              "ELSE '' END AS \"Key\", "
              "CASE WHEN c.default_text IS NULL OR c.default_text IN ('', 'NULL') THEN NULL "
              "WHEN c.default_text LIKE '''%''' THEN replace(substr(c.default_text, 2, "
              "length(c.default_text) - 2), '''''', '''') ELSE c.default_text END AS "
              "\"Default\", COALESCE(c.extra, '') AS \"Extra\"");
    if (full)
        lw_out(w, ", 'select,insert,update,references' AS \"Privileges\", COALESCE(c.comment, '') "
                  "AS \"Comment\"");
    lw_outf(w, " FROM _lw_mysql_columns c WHERE my_table_exists(%Q) AND c.table_name = %Q ", table,
            table);
    return w->rc;
}

/* SHOW [FULL] COLUMNS | FIELDS FROM | IN t [FROM | IN db] [LIKE 'p'] */
static int show_columns(lw_walker *w, int full)
{
    if (!lw_word(w, "from") && !lw_word(w, "in"))
        return my_syntax_error(w, 0);
    lw_skip(w);
    char *table = my_table_name(w);
    if (!table)
        return w->rc;
    if (!show_from_database(w) && !show_columns_of(w, table, full) &&
        !show_like(w, "c.column_name", "utf8mb4_general_ci"))
        lw_out(w, "ORDER BY c.ordinal");
    sqlite3_free(table);
    w->consumed = 1;
    return w->rc;
}

/* DESCRIBE t [column | 'pattern'], DESC t ...: SHOW COLUMNS FROM t [LIKE ...]. */
static int my_describe(lw_walker *w)
{
    lw_skip(w);
    if (lw_word(w, "select") || lw_word(w, "insert") || lw_word(w, "update") ||
        lw_word(w, "delete") || lw_word(w, "with") || lw_word(w, "extended") ||
        lw_word(w, "partitions") || lw_word(w, "format") || lw_word(w, "analyze"))
        return lw_refuse(w, "EXPLAIN");
    char *table = my_table_name(w);
    if (!table)
        return w->rc;
    if (!show_columns_of(w, table, 0)) {
        if (lw_type_at(w, 0, LW_TK_STRING)) {
            lw_out(w, "AND my_like(c.column_name, ");
            lw_emit(w);
            lw_out(w, ", '\\', 'utf8mb4_general_ci') ");
        } else if (!lw_at_end(w)) {
            char *col = my_name(w);
            if (col)
                lw_outf(w, "AND my_like(c.column_name, %Q, '\\', 'utf8mb4_general_ci') ", col);
            sqlite3_free(col);
        }
        if (!w->rc && !lw_at_end(w))
            my_syntax_error(w, 0);
        lw_out(w, "ORDER BY c.ordinal");
    }
    sqlite3_free(table);
    w->consumed = 1;
    return w->rc;
}

/* SHOW [SESSION | LOCAL] VARIABLES [LIKE 'p']: the variables @@name knows (my_sysvar) that
 * keep their value while the statement runs, the booleans shown ON or OFF. A GLOBAL
 * variable, and WHERE, are refused. */
/* The variables SHOW VARIABLES and information_schema.SESSION_VARIABLES list (my_sysvar
 * knows them), sorted, NULL-terminated. */
const char *const my_variable_names[] = {
    "auto_increment_increment",
    "auto_increment_offset",
    "autocommit",
    "character_set_client",
    "character_set_connection",
    "character_set_database",
    "character_set_results",
    "character_set_server",
    "collation_connection",
    "collation_database",
    "collation_server",
    "default_storage_engine",
    "div_precision_increment",
    "explicit_defaults_for_timestamp",
    "foreign_key_checks",
    "group_concat_max_len",
    "in_transaction",
    "innodb_lock_wait_timeout",
    "lower_case_table_names",
    "max_allowed_packet",
    "max_error_count",
    "sql_auto_is_null",
    "sql_mode",
    "time_zone",
    "version",
    "version_comment",
    NULL,
};

static int show_variables(lw_walker *w)
{
    lw_out(w, "SELECT value AS \"Variable_name\", CASE WHEN value IN ('autocommit', "
              "'explicit_defaults_for_timestamp', 'foreign_key_checks', 'sql_auto_is_null') "
              "THEN CASE my_sysvar(value) WHEN 1 THEN 'ON' ELSE 'OFF' END ELSE "
              "CAST(my_sysvar(value) AS TEXT) END AS \"Value\" FROM json_each('[");
    for (size_t i = 0; my_variable_names[i]; i++)
        lw_outf(w, "%s\"%s\"", i ? "," : "", my_variable_names[i]);
    lw_out(w, "]') WHERE 1 ");
    if (show_like(w, "value", "utf8mb4_general_ci"))
        return w->rc;
    /* By the name: "value" alone would be the Value column (SQLite reads an alias first). */
    lw_out(w, "ORDER BY 1");
    w->consumed = 1;
    return w->rc;
}

/* ---- SHOW WARNINGS ------------------------------------------------------------------------------
 */

static int my_show(lw_walker *w)
{
    if (lw_word_at(w, 1, "global") && lw_word_at(w, 2, "variables"))
        return lw_refuse(w, "SHOW GLOBAL VARIABLES");
    int session = lw_word_at(w, 1, "session") || lw_word_at(w, 1, "local");
    if (lw_word_at(w, 1 + session, "variables")) {
        w->p += 2 + session;
        return show_variables(w);
    }
    if (lw_word_at(w, 1, "collation") || lw_word_at(w, 1, "charset") ||
        (lw_word_at(w, 1, "character") && lw_word_at(w, 2, "set"))) {
        /* SHOW COLLATION, SHOW CHARACTER SET [LIKE | WHERE]: what the dialect
         * emulates (collations.c). */
        int charsets = !lw_word_at(w, 1, "collation");
        w->p += lw_word_at(w, 1, "character") ? 3 : 2;
        my_write_collation_list(w, charsets);
        if (!show_like(w, charsets ? "\"Charset\"" : "\"Collation\"", "utf8mb4_general_ci"))
            w->consumed = 1;
        return w->rc;
    }
    int full = lw_word_at(w, 1, "full");
    if (lw_word_at(w, 1 + full, "tables")) {
        w->p += 2 + full;
        return show_tables(w, full);
    }
    if (lw_word_at(w, 1 + full, "columns") || lw_word_at(w, 1 + full, "fields")) {
        w->p += 2 + full;
        return show_columns(w, full);
    }
    if (lw_word_at(w, 1, "create") && lw_word_at(w, 2, "table"))
        return my_show_create_statement(w); /* introspection.c */
    if (lw_word_at(w, 1, "index") || lw_word_at(w, 1, "indexes") || lw_word_at(w, 1, "keys"))
        return my_show_index_statement(w);
    int count = lw_word_at(w, 1, "count") && lw_type_at(w, 2, LW_TK_LPAREN);
    size_t k = count ? 5 : 1; /* SHOW COUNT ( * ) */
    int warnings = lw_word_at(w, k, "warnings"), errors = lw_word_at(w, k, "errors");
    if (!lw_tok(w, 1))
        return my_syntax_error(w, 1); /* SHOW alone (fuzz_mysql_rewriter: it read past the end) */
    if (!warnings && !errors)
        return lw_refuse(w, "SHOW %.*s", (int)lw_tok(w, 1)->length, w->sql + lw_tok(w, 1)->offset);
    w->p += k + 1;
    lw_out(w, MY_KEEP_WARNINGS);
    if (count) {
        lw_outf(w, "SELECT %s() AS \"@@session.%s_count\"",
                warnings ? "my_warning_count" : "my_error_count", warnings ? "warning" : "error");
    } else {
        lw_out(w, "SELECT value ->> 0 AS \"Level\", value ->> 1 AS \"Code\", value ->> 2 AS "
                  "\"Message\" FROM json_each(my_warnings()) ");
        if (errors)
            lw_out(w, "WHERE value ->> 0 = 'Error' ");
        if (lw_word(w, "limit")) {
            lw_skip(w);
            lw_out(w, "LIMIT ");
            while (!lw_at_end(w))
                lw_emit(w);
        }
    }
    if (!lw_at_end(w))
        return my_syntax_error(w, 0);
    w->consumed = 1;
    return w->rc;
}

/* ---- USE
 * ------------------------------------------------------------------------------------------ */

static int my_use(lw_walker *w)
{
    char *name = lw_tok(w, 1) ? lw_ident_text(w, w->p + 1) : NULL;
    if (!name || sqlite3_stricmp(name, MY_DATABASE) != 0) {
        lw_walk_error(w, LW_ESQL, "42000", 1049, "Unknown database '%s'", name ? name : "");
        sqlite3_free(name);
        return w->rc;
    }
    sqlite3_free(name);
    lw_out(w, "SELECT 1 WHERE 0");
    w->consumed = 1;
    return 0;
}

/* FROM DUAL: no table at all. */
static void from_dual(lw_walker *w)
{
    w->p += 2;
}

/* LIMIT n, LIMIT off, n, LIMIT n OFFSET off: integer constants or ? (anything else is
 * MariaDB's syntax error); SQLite reads all three forms as MariaDB does. */
static void limit_value(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    int ok = t && (t->type == LW_TK_PARAM || t->type == LW_TK_VARIABLE ||
                   (t->type == LW_TK_NUMBER && !memchr(w->sql + t->offset, '.', t->length) &&
                    !memchr(w->sql + t->offset, 'e', t->length)));
    if (!ok) {
        my_syntax_error(w, 0);
        return;
    }
    if (t->type == LW_TK_VARIABLE)
        lw_parse_expr(w, BP_UNARY);
    else
        lw_emit(w);
}

static void limit_clause(lw_walker *w)
{
    lw_emit(w); /* LIMIT */
    limit_value(w);
    if (!w->rc && (lw_type_at(w, 0, LW_TK_COMMA) || lw_word(w, "offset"))) {
        lw_emit(w);
        limit_value(w);
    }
}

/* Clauses SQLite would reject or read otherwise, refused until they are written. */
static void refused_clause(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    lw_refuse(w, "%.*s", (int)t->length, lw_spelled(w, t));
}

/* WITH ROLLUP that rollup.c left (not after a query block's GROUP BY): refused by name
 * rather than left to SQLite's syntax error. */
static void rollup_clause(lw_walker *w)
{
    lw_refuse(w, "WITH ROLLUP outside GROUP BY");
}

const lw_clause my_clauses[] = {
    {"with rollup", rollup_clause},    {"from dual", from_dual},
    {"limit", limit_clause},           {"on duplicate key update", on_duplicate_key_update},
    {"high_priority", refused_clause}, {"low_priority", refused_clause},
    {"delayed", refused_clause},       {NULL, NULL},
};

const lw_statement my_statements[] = {
    {"create", my_create},
    {"drop", my_drop},
    {"alter", my_alter_statement},
    {"set", my_set},
    {"show", my_show},
    {"use", my_use},
    {"start", my_start},
    {"select", my_select},
    {"get", my_get_diagnostics},
    {"lock", my_lock},
    {"unlock", my_unlock},
    {"load", NULL},
    {"handler", NULL},
    {"rename", my_rename_statement},
    {"flush", NULL},
    {"grant", NULL},
    {"revoke", NULL},
    {"call", NULL},
    {"prepare", NULL},
    {"execute", NULL},
    {"deallocate", NULL},
    {"get", NULL},
    {"signal", NULL},
    {"resignal", NULL},
    {"describe", my_describe},
    {"desc", my_describe},
    {"explain", NULL},
    {"optimize", NULL},
    {"analyze", NULL},
    {"check", NULL},
    {"repair", NULL},
    {"truncate", my_truncate},
    {"replace", my_insert},
    {"insert", my_insert},
    {"do", my_do},
    {"update", my_update},
    {"delete", my_delete},
    {"help", NULL},
    {"kill", NULL},
    {"purge", NULL},
    {"reset", NULL},
    {"install", NULL},
    {"uninstall", NULL},
    {NULL, NULL},
};
