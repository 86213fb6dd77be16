/*
 * The mysql and mariadb dialects' errors in MariaDB's words (lw_dialect.map_error): the
 * errors the runtime raises carry their errno ("MY-1264: ...", runtime.h), whose
 * SQLSTATE my_errors[] gives; SQLite's own messages are worded from the table below
 * (dialect/errors.h), with the key, constraint, table or clause MariaDB names found in
 * the catalog, the schema and the statement:
 *
 *   1062 23000  Duplicate entry '<value>' for key '<key>' (the value my_key remembered;
 *               a multi-column key's values joined by '-', cut at 64 characters)
 *   1048 23000  Column 'c' cannot be null
 *   1452 / 1451 23000  Cannot add or update a child row / Cannot delete or update a
 *               parent row: a foreign key constraint fails (`db`.`t`, CONSTRAINT ...)
 *   4025 23000  CONSTRAINT `name` failed for `db`.`t`
 *   1146 42S02  Table 'db.t' doesn't exist        1050 42S01  Table 't' already exists
 *   1054 42S22  Unknown column 'c' in '<clause>' (the clause's keyword, as MariaDB
 *               10.11.19 names it: SELECT, WHERE, ON, ORDER BY, SET, INSERT INTO...)
 *   1052 23000  Column 'c' in SELECT is ambiguous  1061 42000  Duplicate key name 'k'
 *   1064 42000  You have an error in your SQL syntax; ... near '<text>' at line N
 *   1305 42000  FUNCTION db.f does not exist      1136 21S01  Column count doesn't
 *               match value count at row 1
 *   1906 HY000  The value specified for generated column 'c' in table 't' has been
 *               ignored
 *   1205, 1213  the lock errors in MariaDB's words
 *
 * Every error is also the diagnostics area's condition (Error level), as SHOW WARNINGS
 * shows it after a failed statement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect/catalog.h"
#include "dialect/errors.h"
#include "dialect/mysql/mysql.h"

/* MariaDB's SQLSTATE of each error number the dialect raises. */
static const struct {
    int errno_;
    const char *sqlstate;
} my_errors[] = {
    {1037, "HY001"}, {1048, "23000"}, {1049, "42000"}, {1050, "42S01"}, {1051, "42S02"},
    {1052, "23000"}, {1054, "42S22"}, {1059, "42000"}, {1060, "42S21"}, {1061, "42000"},
    {1062, "23000"}, {1064, "42000"}, {1068, "42000"}, {1072, "42000"}, {1074, "42000"},
    {1075, "42000"}, {1090, "42000"}, {1091, "42000"}, {1103, "42000"}, {1105, "HY000"},
    {1111, "HY000"}, {1136, "21S01"}, {1139, "42000"}, {1146, "42S02"}, {1172, "42000"},
    {1193, "HY000"}, {1205, "HY000"}, {1213, "40001"}, {1222, "21000"}, {1231, "42000"},
    {1232, "42000"}, {1235, "0A000"}, {1241, "21000"}, {1242, "21000"}, {1253, "42000"},
    {1264, "22003"}, {1265, "01000"}, {1267, "HY000"}, {1273, "HY000"}, {1292, "22007"},
    {1305, "42000"}, {1365, "22012"}, {1366, "22007"}, {1406, "22001"}, {1425, "42000"},
    {1426, "42000"}, {1427, "42000"}, {1439, "42000"}, {1451, "23000"}, {1452, "23000"},
    {1568, "25001"}, {1582, "42000"}, {1690, "22003"}, {1758, "35000"}, {1792, "25006"},
    {1906, "HY000"}, {4025, "23000"},
};

const char *my_sqlstate_of(int errno_)
{
    for (size_t i = 0; i < sizeof my_errors / sizeof my_errors[0]; i++)
        if (my_errors[i].errno_ == errno_)
            return my_errors[i].sqlstate;
    return "HY000";
}

/* ---- The statement that failed -------------------------------------------------------------- */

/* The table an INSERT, UPDATE, DELETE or REPLACE of our own translation writes, and its
 * verb (I, U, D), from the translation's text. */
static char written_table(const char *sql, char *out, size_t cap)
{
    out[0] = 0;
    if (!sql)
        return 0;
    while (!strncmp(sql, "/*", 2) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    const char *after = NULL;
    char verb = 0;
    if (!strncasecmp(sql, "INSERT ", 7)) {
        after = strstr(sql, "INTO ");
        after = after ? after + 5 : NULL;
        verb = 'I';
    } else if (!strncasecmp(sql, "UPDATE ", 7)) {
        after = sql + 7;
        verb = 'U';
    } else if (!strncasecmp(sql, "DELETE FROM ", 12)) {
        after = sql + 12;
        verb = 'D';
    } else if (strstr(sql, "my_drop_tables(")) {
        verb = 'X';
    }
    if (!after)
        return verb;
    while (*after == ' ')
        after++;
    size_t n;
    if (*after == '"' || *after == '`') {
        const char *end = strchr(after + 1, *after);
        n = end ? (size_t)(end - after - 1) : 0;
        after++;
    } else {
        n = strcspn(after, " (");
    }
    if (n < cap) {
        memcpy(out, after, n);
        out[n] = 0;
    }
    return verb;
}

/* ---- 1062 ---------------------------------------------------------------------------------- */

/* "Duplicate entry 'v' for key 'k'" from SQLite's "t.a, t.b". */
static int duplicate_entry(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    if (!st)
        return 0;
    char cols[512];
    snprintf(cols, sizeof cols, "%.*s", (int)n, captured);
    char table[128] = {0};
    const char *dot = strchr(cols, '.');
    if (!dot || (size_t)(dot - cols) >= sizeof table)
        return 0;
    memcpy(table, cols, (size_t)(dot - cols));
    /* The columns "a,b" and the values "x-y". */
    lw_sqlbuf list = {0}, value = {0};
    lw_sqlbuf_append(&value, "", 0);
    for (const char *p = cols; *p;) {
        const char *d = strchr(p, '.');
        if (!d)
            break;
        const char *e = strstr(d, ", ");
        size_t len = e ? (size_t)(e - d - 1) : strlen(d + 1);
        char col[128];
        snprintf(col, sizeof col, "%.*s", (int)len, d + 1);
        lw_sqlbuf_appendf(&list, "%s%s", list.len ? "," : "", col);
        const my_keyval *k = my_key_value(st->session, table, col);
        lw_sqlbuf_appendf(&value, "%s%s", value.len ? "-" : "", k && k->text ? k->text : "");
        p = e ? e + 2 : d + 1 + len;
    }
    /* The key: an index "<table>.<key>" over exactly those columns, or the primary key. */
    char *key = lw_catalog_text(
        st->db,
        "SELECT il.name FROM pragma_index_list(?1) AS il WHERE il.\"unique\" AND (SELECT "
        "group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY "
        "seqno)) = ?2 COLLATE NOCASE ORDER BY il.origin = 'pk' DESC",
        table, list.s ? list.s : "");
    const char *shown = "PRIMARY";
    size_t tl = strlen(table);
    if (key && !strncmp(key, table, tl) && key[tl] == '.')
        shown = key + tl + 1;
    else if (key && strncmp(key, "sqlite_autoindex_", 17) != 0)
        shown = key;
    /* MariaDB shows at most 64 characters: a longer value as its first 61 and "...". */
    const char *v = value.s ? value.s : "";
    size_t bytes = 0, chars = 0, total = 0;
    for (const char *q = v; *q; q++)
        total += ((unsigned char)*q & 0xC0) != 0x80;
    size_t keep = total > 64 ? 61 : total;
    while (v[bytes] && chars < keep) {
        bytes++;
        while (((unsigned char)v[bytes] & 0xC0) == 0x80)
            bytes++;
        chars++;
    }
    lw_dialect_error_set(err, "23000", 1062, "Duplicate entry '%.*s%s' for key '%s'", (int)bytes, v,
                         v[bytes] ? "..." : "", shown);
    sqlite3_free(key);
    lw_sqlbuf_free(&list);
    lw_sqlbuf_free(&value);
    return 1;
}

static int not_null(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    const char *dot = memchr(captured, '.', n);
    const char *col = dot ? dot + 1 : captured;
    size_t len = n - (size_t)(col - captured);
    /* A column the INSERT's column list leaves out: it has no default (1364). */
    if (st && my_insert_leaves_out(st->source, st->source_len, col, len))
        lw_dialect_error_set(err, "HY000", 1364, "Field '%.*s' doesn't have a default value",
                             (int)len, col);
    else
        lw_dialect_error_set(err, "23000", 1048, "Column '%.*s' cannot be null", (int)len, col);
    return 1;
}

/* ---- Foreign keys -----------------------------------------------------------------------------
 */

static int foreign_key(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)captured;
    (void)n;
    my_state *st = state;
    if (!st)
        return 0;
    char table[128];
    char verb = written_table(st->last_sql, table, sizeof table);
    int child = verb == 'I';
    if (verb == 'U') {
        char *has = lw_catalog_text(st->db,
                                    "SELECT 1 FROM _lw_mysql_constraints WHERE table_name = ?1 "
                                    "AND kind = 'FOREIGN KEY'",
                                    table, NULL);
        child = has != NULL;
        sqlite3_free(has);
    }
    if (verb == 'X' || !table[0]) {
        lw_dialect_error_set(err, "23000", 1451,
                             "Cannot delete or update a parent row: a foreign key constraint "
                             "fails");
        return 1;
    }
    char *row = NULL;
    if (child) {
        row = lw_catalog_text(st->db,
                              "SELECT '`' || table_name || '`, CONSTRAINT `' || name || '` ' || "
                              "definition FROM _lw_mysql_constraints WHERE table_name = ?1 AND "
                              "kind = 'FOREIGN KEY' ORDER BY rowid",
                              table, NULL);
    } else {
        /* The child whose rows still point at the parent's, through a key whose action
         * for this DELETE or UPDATE refuses (CASCADE and SET NULL act instead). */
        const char *acting = verb == 'D' ? "% ON DELETE SET %" : "% ON UPDATE SET %";
        const char *cascading = verb == 'D' ? "% ON DELETE CASCADE%" : "% ON UPDATE CASCADE%";
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2(st->db,
                               "SELECT table_name, name, definition, columns, ref_columns FROM "
                               "_lw_mysql_constraints WHERE ref_table = ?1 COLLATE NOCASE AND "
                               "kind = 'FOREIGN KEY' AND definition NOT LIKE ?2 AND definition "
                               "NOT LIKE ?3 ORDER BY rowid",
                               -1, &stmt, NULL) == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 2, acting, -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 3, cascading, -1, SQLITE_STATIC);
            while (!row && sqlite3_step(stmt) == SQLITE_ROW) {
                const char *ct = (const char *)sqlite3_column_text(stmt, 0);
                const char *cc = (const char *)sqlite3_column_text(stmt, 3);
                const char *pc = (const char *)sqlite3_column_text(stmt, 4);
                char *probe = sqlite3_mprintf(
                    "SELECT 1 FROM \"%w\" WHERE \"%w\" IN (SELECT \"%w\" FROM \"%w\") LIMIT 1",
                    ct ? ct : "", cc ? cc : "", pc ? pc : "", table);
                char *found = probe ? lw_catalog_text(st->db, probe, NULL, NULL) : NULL;
                if (found)
                    row =
                        sqlite3_mprintf("`%s`, CONSTRAINT `%s` %s", ct,
                                        sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2));
                sqlite3_free(found);
                sqlite3_free(probe);
            }
        }
        sqlite3_finalize(stmt);
    }
    if (child)
        lw_dialect_error_set(err, "23000", 1452,
                             "Cannot add or update a child row: a foreign key constraint fails "
                             "(`%s`.%s)",
                             MY_DATABASE, row ? row : "");
    else if (row)
        lw_dialect_error_set(err, "23000", 1451,
                             "Cannot delete or update a parent row: a foreign key constraint "
                             "fails (`%s`.%s)",
                             MY_DATABASE, row);
    else
        lw_dialect_error_set(err, "23000", 1451,
                             "Cannot delete or update a parent row: a foreign key constraint "
                             "fails");
    sqlite3_free(row);
    return 1;
}

static int check_failed(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    char table[128] = {0};
    if (st)
        written_table(st->last_sql, table, sizeof table);
    lw_dialect_error_set(err, "23000", 4025, "CONSTRAINT `%.*s` failed for `%s`.`%s`", (int)n,
                         captured, MY_DATABASE, table);
    return 1;
}

/* "no such table: x" or "no such table: db.x". */
static int no_such_table(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    const char *dot = memchr(captured, '.', n);
    if (dot)
        lw_dialect_error_set(err, "42S02", 1146, "Table '%.*s' doesn't exist", (int)n, captured);
    else
        lw_dialect_error_set(err, "42S02", 1146, "Table '%s.%.*s' doesn't exist", MY_DATABASE,
                             (int)n, captured);
    return 1;
}

/* ---- The original text: 1054's clause and 1064's "near" ---------------------------------------
 */

/* The keyword of the clause where the word `name` (a column, maybe qualified) first
 * appears in the statement's source, as MariaDB 10.11.19 names it. */
static const char *clause_of(const my_state *st, const char *name)
{
    const char *clause = "SELECT";
    if (!st->source)
        return clause;
    lw_tokens toks = {0};
    lw_lex_error lerr;
    if (lw_lex(st->source, st->source_len, MY_LEX_FLAGS | LW_LEX_VERSION(MY_MARIADB_VERSION), &toks,
               &lerr)) {
        lw_tokens_free(&toks);
        return clause;
    }
    const char *bare = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
    int in_insert_list = 0, depth = 0;
    for (size_t i = 0; i < toks.len; i++) {
        const lw_token *t = &toks.items[i];
        const char *s = st->source + t->offset;
        if (t->type == LW_TK_LPAREN)
            depth++;
        if (t->type == LW_TK_RPAREN && --depth == 0)
            in_insert_list = 0;
        if (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)
            continue;
        if (lw_token_is_word(st->source, t, "select"))
            clause = "SELECT";
        else if (lw_token_is_word(st->source, t, "where"))
            clause = "WHERE";
        else if (lw_token_is_word(st->source, t, "having"))
            clause = "HAVING";
        else if (lw_token_is_word(st->source, t, "on"))
            clause = "ON";
        else if (lw_token_is_word(st->source, t, "set"))
            clause = "SET";
        else if (lw_token_is_word(st->source, t, "order"))
            clause = "ORDER BY";
        else if (lw_token_is_word(st->source, t, "group"))
            clause = "GROUP BY";
        else if (lw_token_is_word(st->source, t, "into")) {
            clause = "INSERT INTO";
            in_insert_list = 1;
            depth = 0;
        } else if (lw_token_is_word(st->source, t, "values"))
            clause = "VALUES";
        else if (t->length == strlen(bare) &&
                 !strncasecmp(s + (t->type == LW_TK_QIDENT), bare,
                              t->length - 2 * (t->type == LW_TK_QIDENT))) {
            lw_tokens_free(&toks);
            return clause;
        }
        (void)in_insert_list;
    }
    lw_tokens_free(&toks);
    return clause;
}

static int no_such_column(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)n, captured);
    lw_dialect_error_set(err, "42S22", 1054, "Unknown column '%s' in '%s'", name,
                         st ? clause_of(st, name) : "SELECT");
    return 1;
}

/* 1064 "near '<the source from the token SQLite names>' at line N". */
static int syntax_error(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    const char *src = st && st->source ? st->source : "";
    size_t len = st && st->source ? st->source_len : 0;
    size_t at = len;
    if (n >= 2 && captured[0] == '"') {
        /* near "X": the first occurrence of X as a token of the source. */
        char tok[256];
        snprintf(tok, sizeof tok, "%.*s", (int)(n - 2 < 255 ? n - 2 : 255), captured + 1);
        lw_tokens toks = {0};
        lw_lex_error lerr;
        if (!lw_lex(src, len, MY_LEX_FLAGS | LW_LEX_VERSION(MY_MARIADB_VERSION), &toks, &lerr))
            for (size_t i = 0; i < toks.len; i++) {
                const lw_token *t = &toks.items[i];
                if (t->length == strlen(tok) && !strncasecmp(src + t->offset, tok, t->length)) {
                    at = t->offset;
                    break;
                }
            }
        lw_tokens_free(&toks);
    }
    int line = 1;
    for (size_t i = 0; i < at && i < len; i++)
        line += src[i] == '\n';
    const char *server = st ? st->session->flavor->server : "MariaDB";
    size_t rest = len - (at < len ? at : len);
    lw_dialect_error_set(err, "42000", 1064,
                         "You have an error in your SQL syntax; check the manual that corresponds "
                         "to your %s server version for the right syntax to use near '%.*s' at "
                         "line %d",
                         server, (int)(rest > 80 ? 80 : rest), src + (at < len ? at : len), line);
    return 1;
}

static int no_such_function(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    lw_dialect_error_set(err, "42000", 1305, "FUNCTION %s.%.*s does not exist", MY_DATABASE, (int)n,
                         captured);
    return 1;
}

static int generated_column(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    my_state *st = state;
    char table[128] = {0};
    if (st)
        written_table(st->last_sql, table, sizeof table);
    /* captured: "area" with SQLite's double quotes */
    lw_dialect_error_set(err, "HY000", 1906,
                         "The value specified for generated column '%.*s' in table '%s' has been "
                         "ignored",
                         (int)(n > 2 ? n - 2 : n), n > 2 ? captured + 1 : captured, table);
    return 1;
}

/* "index <table>.<key> already exists": MariaDB names the key alone. */
static int duplicate_key_name(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    const char *dot = memchr(captured, '.', n);
    const char *key = dot ? dot + 1 : captured;
    lw_dialect_error_set(err, "42000", 1061, "Duplicate key name '%.*s'",
                         (int)(n - (size_t)(key - captured)), key);
    return 1;
}

/* "table t has no column named c" (an INSERT's column list). */
static int insert_column(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    const char *named = strstr(captured, " has no column named ");
    const char *col = named ? named + strlen(" has no column named ") : captured;
    lw_dialect_error_set(err, "42S22", 1054, "Unknown column '%.*s' in 'INSERT INTO'",
                         (int)(n - (size_t)(col - captured)), col);
    return 1;
}

/* A write refused by PRAGMA query_only, which the shim turns on for START TRANSACTION
 * READ ONLY: MariaDB's 1792 while such a transaction is open; a database opened
 * read-only keeps SQLite's words. */
static int read_only(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)captured;
    (void)n;
    my_state *st = state;
    if (!st || !st->session->txn_read_only)
        return 0;
    lw_dialect_error_set(err, "25006", 1792, "Cannot execute statement in a READ ONLY transaction");
    return 1;
}

static const lw_error_text my_error_texts[] = {
    {LW_ERR_PREFIX, "UNIQUE constraint failed: ", 0, NULL, NULL, 0, NULL, duplicate_entry},
    {LW_ERR_PREFIX, "NOT NULL constraint failed: ", 0, NULL, NULL, 0, NULL, not_null},
    {LW_ERR_PREFIX, "FOREIGN KEY constraint failed", 0, NULL, NULL, 0, NULL, foreign_key},
    {LW_ERR_PREFIX, "CHECK constraint failed: ", 0, NULL, NULL, 0, NULL, check_failed},
    {LW_ERR_PREFIX, "no such table: ", 0, NULL, NULL, 0, NULL, no_such_table},
    {LW_ERR_PREFIX, "no such column: ", 0, NULL, NULL, 0, NULL, no_such_column},
    {LW_ERR_PREFIX, "ambiguous column name: ", 0, NULL, "23000", 1052,
     "Column '%.*s' in SELECT is ambiguous", NULL},
    {LW_ERR_PREFIX, "no such function: ", 0, NULL, NULL, 0, NULL, no_such_function},
    {LW_ERR_PREFIX, "table ", 0, " already exists", "42S01", 1050, "Table '%.*s' already exists",
     NULL},
    {LW_ERR_PREFIX, "index ", 0, " already exists", NULL, 0, NULL, duplicate_key_name},
    {LW_ERR_CONTAINS, " has no column named ", 0, NULL, NULL, 0, NULL, insert_column},
    {LW_ERR_PREFIX, "duplicate column name: ", 0, NULL, "42S21", 1060,
     "Duplicate column name '%.*s'", NULL},
    {LW_ERR_CONTAINS, " has more than one primary key", 0, NULL, "42000", 1068,
     "Multiple primary key defined", NULL},
    {LW_ERR_CONTAINS, "do not have the same number of result columns", 0, NULL, "21000", 1222,
     "The used SELECT statements have a different number of columns", NULL},
    {LW_ERR_PREFIX, "near ", 0, ": syntax error", NULL, 0, NULL, syntax_error},
    {LW_ERR_PREFIX, "incomplete input", 0, NULL, NULL, 0, NULL, syntax_error},
    {LW_ERR_PREFIX, "unrecognized token: ", 0, NULL, NULL, 0, NULL, syntax_error},
    {LW_ERR_PREFIX, "cannot INSERT into generated column ", 0, NULL, NULL, 0, NULL,
     generated_column},
    {LW_ERR_PREFIX, "cannot UPDATE generated column ", 0, NULL, NULL, 0, NULL, generated_column},
    {LW_ERR_PREFIX, "no such collation sequence: ", 0, NULL, "HY000", 1273,
     "Unknown collation: '%.*s'", NULL},
    {LW_ERR_CONTAINS, " values for ", 0, NULL, "21S01", 1136,
     "Column count doesn't match value count at row 1", NULL},
    {LW_ERR_CONTAINS, " values were supplied", 0, NULL, "21S01", 1136,
     "Column count doesn't match value count at row 1", NULL},
    {LW_ERR_PREFIX, "sub-select returns ", 0, NULL, "21000", 1241,
     "Operand should contain 1 column(s)", NULL},
    {LW_ERR_PREFIX, "misuse of aggregate", 0, NULL, "HY000", 1111, "Invalid use of group function",
     NULL},
    {LW_ERR_PREFIX, "no such savepoint: ", 0, NULL, "42000", 1305, "SAVEPOINT %.*s does not exist",
     NULL},
    {LW_ERR_EXACT, "attempt to write a readonly database", 0, NULL, NULL, 0, NULL, read_only},
    {LW_ERR_CODE, NULL, SQLITE_BUSY, NULL, NULL, 0, NULL, NULL},
    {0},
};

/* Runtime errors: "MY-<errno>: message". */
static int runtime_error(const char *msg, lw_dialect_error *err)
{
    char code[8];
    const char *bare = lw_split_dialect_error(msg, MY_ERROR_PREFIX, code, sizeof code);
    if (!bare || strspn(code, "0123456789") != strlen(code))
        return 0;
    int errno_ = atoi(code);
    lw_dialect_error_set(err, my_sqlstate_of(errno_), errno_, "%s", bare);
    return 1;
}

void my_map_error(void *state, int code, const char *msg, lw_dialect_error *err)
{
    my_state *st = state;
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
        if (err->mysql_errno == 1213)
            lw_dialect_error_set(err, "40001", 1213,
                                 "Deadlock found when trying to get lock; try restarting "
                                 "transaction");
        else
            lw_dialect_error_set(err, "HY000", 1205,
                                 "Lock wait timeout exceeded; try restarting transaction");
    } else if (!runtime_error(msg, err) &&
               !lw_map_error_text(my_error_texts, state, code, msg, err)) {
        /* A message of SQLite's own, with the SQLSTATE and errno the core chose. */
        char sqlstate[6];
        memcpy(sqlstate, err->sqlstate[0] ? err->sqlstate : "HY000", 6);
        lw_dialect_error_set(err, sqlstate, err->mysql_errno ? err->mysql_errno : 1105, "%s", msg);
    }
    if (st && err->message)
        my_warn(st->session, LW_LEVEL_ERROR, err->mysql_errno, "%s", err->message);
}

void my_lex_error(void *state, const char *text, size_t len, size_t offset, const char *message,
                  lw_dialect_error *err)
{
    (void)message;
    my_state *st = state;
    int line = 1;
    for (size_t i = 0; i < offset && i < len; i++)
        line += text[i] == '\n';
    size_t rest = offset < len ? len - offset : 0;
    lw_dialect_error_set(err, "42000", 1064,
                         "You have an error in your SQL syntax; check the manual that corresponds "
                         "to your %s server version for the right syntax to use near '%.*s' at "
                         "line %d",
                         st ? st->session->flavor->server : "MariaDB", (int)(rest > 80 ? 80 : rest),
                         text + (offset < len ? offset : len), line);
    if (st && err->message)
        my_warn(st->session, LW_LEVEL_ERROR, 1064, "%s", err->message);
}
