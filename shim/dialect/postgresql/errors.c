/*
 * The postgresql dialect's errors in PostgreSQL's words (lw_dialect.map_error): the
 * errors its functions raise carry their SQLSTATE (runtime.h); SQLite's own messages
 * are worded from the table below (dialect/errors.h), with the constraint, table or
 * command PostgreSQL names looked up in the schema and the statement:
 *
 *   23505 duplicate key value violates unique constraint "t_a_key" / "t_pkey"
 *   23502 null value in column "c" of relation "t" violates not-null constraint
 *   23514 new row for relation "t" violates check constraint "t_c_check"
 *   23503 insert or update on table "t" violates foreign key constraint "t_c_fkey"
 *   42P01 relation "t" does not exist, 42703 column "c" does not exist, 42P07, 42701
 *   42601 syntax error at or near "x" / at end of input
 *   42704 collation "x" for encoding "UTF8" does not exist
 *   2201B, 22023, 0A000  the regexp module's errors in PostgreSQL 15's words
 *   25006 cannot execute INSERT in a read-only transaction
 *
 * An error inside a transaction puts it in PostgreSQL's failed state (25P02 until it
 * ends, session.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/lexer.h"
#include "dialect/errors.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/postgresql.h"

/* Runs a one-column query with ?1 = arg and returns the text of its first row
 * (sqlite3_free), or NULL. */
static char *query_text(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *stmt = NULL;
    char *result = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
            result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return result;
}

/* The table an INSERT, UPDATE or DELETE of our own translation writes. */
static void written_table(const char *sql, char *out, size_t cap)
{
    out[0] = 0;
    if (!sql)
        return;
    if (!strncmp(sql, PG_BOOL_MARK, strlen(PG_BOOL_MARK)) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    const char *after = NULL;
    if (!strncasecmp(sql, "INSERT INTO ", 12))
        after = sql + 12;
    else if (!strncasecmp(sql, "UPDATE ", 7))
        after = sql + 7;
    else if (!strncasecmp(sql, "DELETE FROM ", 12))
        after = sql + 12;
    if (!after)
        return;
    size_t n = strcspn(after, " (");
    if (n < cap) {
        memcpy(out, after, n);
        out[n] = 0;
    }
}

/* The PostgreSQL name of the unique constraint over "t.a, t.b" (SQLite's wording). */
static char *unique_name(pg_state *s, const char *cols)
{
    char table[128] = {0};
    const char *dot = strchr(cols, '.');
    if (!dot || (size_t)(dot - cols) >= sizeof table)
        return NULL;
    memcpy(table, cols, (size_t)(dot - cols));
    /* Column list "a_b" from "t.a, t.b". */
    lw_sqlbuf names = {0}, list = {0};
    for (const char *p = cols; *p;) {
        const char *d = strchr(p, '.');
        if (!d)
            break;
        const char *e = strstr(d, ", ");
        size_t n = e ? (size_t)(e - d - 1) : strlen(d + 1);
        lw_sqlbuf_appendf(&names, "%s%.*s", names.len ? "_" : "", (int)n, d + 1);
        lw_sqlbuf_appendf(&list, "%s%.*s", list.len ? "," : "", (int)n, d + 1);
        p = e ? e + 2 : d + 1 + n;
    }
    char *result = NULL;
    /* An index made by CREATE UNIQUE INDEX keeps its own name. */
    sqlite3_stmt *stmt = NULL;
    char *sql = sqlite3_mprintf(
        "SELECT il.name, il.origin FROM pragma_index_list(?1) il WHERE il.\"unique\" AND "
        "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
        "ORDER BY seqno)) = %Q",
        list.s ? list.s : "");
    if (sql && sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *origin = (const char *)sqlite3_column_text(stmt, 1);
            if (origin && !strcmp(origin, "c"))
                result = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            else if (origin && !strcmp(origin, "pk"))
                result = sqlite3_mprintf("%s_pkey", table);
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
    if (!result) {
        /* An INTEGER PRIMARY KEY has no index: pragma_table_info says it is the key. */
        char *pk = query_text(s->db,
                              "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                              "pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)",
                              table);
        if (pk && list.s && !strcmp(pk, list.s))
            result = sqlite3_mprintf("%s_pkey", table);
        else
            result = sqlite3_mprintf("%s_%s_key", table, names.s ? names.s : "");
        sqlite3_free(pk);
    }
    lw_sqlbuf_free(&names);
    lw_sqlbuf_free(&list);
    return result;
}

/*
 * The command PostgreSQL names when a read-only transaction refuses a write ("cannot
 * execute INSERT in a read-only transaction"), read from our own translation sql: its
 * first words (CREATE INDEX, DROP TABLE...), or the dialect function that writes for
 * it (CREATE TABLE with conversions runs through pg_exec, TRUNCATE through
 * pg_truncate, sequences through their functions).
 */
static void readonly_command(const char *sql, char *out, size_t cap)
{
    static const struct {
        const char *call, *command;
    } calls[] = {
        {"pg_exec(", "CREATE TABLE"},
        {"pg_alter_table(", "ALTER TABLE"},
        {"pg_alter_index(", "ALTER INDEX"},
        {"pg_alter_sequence(", "ALTER SEQUENCE"},
        {"pg_drop_table(", "DROP TABLE"},
        {"pg_truncate(", "TRUNCATE TABLE"},
        {"pg_create_sequence(", "CREATE SEQUENCE"},
        {"pg_drop_sequence(", "DROP SEQUENCE"},
        {"nextval(", "nextval()"},
        {"setval(", "setval()"},
    };
    snprintf(out, cap, "statement");
    if (!sql)
        return;
    if (!strncmp(sql, PG_BOOL_MARK, strlen(PG_BOOL_MARK)) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (strstr(sql, calls[i].call)) {
            snprintf(out, cap, "%s", calls[i].command);
            return;
        }
    size_t n = strspn(sql, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    int two = (n == 6 && (!strncasecmp(sql, "CREATE", 6))) ||
              (n == 4 && !strncasecmp(sql, "DROP", 4)) || (n == 5 && !strncasecmp(sql, "ALTER", 5));
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++)
        out[k++] = (char)(sql[i] >= 'a' && sql[i] <= 'z' ? sql[i] - 'a' + 'A' : sql[i]);
    const char *next = sql + n;
    while (two && *next == ' ')
        next++;
    /* CREATE UNIQUE INDEX and CREATE TEMP TABLE are CREATE INDEX and CREATE TABLE. */
    while (two && (!strncasecmp(next, "UNIQUE ", 7) || !strncasecmp(next, "TEMP ", 5) ||
                   !strncasecmp(next, "TEMPORARY ", 10))) {
        next += strcspn(next, " ");
        while (*next == ' ')
            next++;
    }
    size_t m = two ? strspn(next, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") : 0;
    if (m && k + 1 < cap)
        out[k++] = ' ';
    for (size_t i = 0; i < m && k + 1 < cap; i++)
        out[k++] = (char)(next[i] >= 'a' && next[i] <= 'z' ? next[i] - 'a' + 'A' : next[i]);
    out[k] = 0;
    if (!k)
        snprintf(out, cap, "statement");
}

/* ---- Errors in PostgreSQL's words --------------------------------------------------------- */

/* UNIQUE / PRIMARY KEY constraint failed: t.a, t.b */
static int unique_violation(void *state, const char *cols, size_t n, lw_dialect_error *err)
{
    (void)n;
    char *name = unique_name(state, cols);
    lw_dialect_error_set(err, "23505", 1062,
                         "duplicate key value violates unique constraint \"%s\"",
                         name ? name : "?");
    sqlite3_free(name);
    return 1;
}

/* NOT NULL constraint failed: t.c */
static int not_null_violation(void *state, const char *tc, size_t n, lw_dialect_error *err)
{
    (void)state;
    (void)n;
    const char *dot = strchr(tc, '.');
    if (dot)
        lw_dialect_error_set(err, "23502", 1048,
                             "null value in column \"%s\" of relation \"%.*s\" violates "
                             "not-null constraint",
                             dot + 1, (int)(dot - tc), tc);
    return 1;
}

/* CHECK constraint failed: name (the table found by the constraint's name) */
static int check_violation(void *state, const char *name, size_t n, lw_dialect_error *err)
{
    (void)n;
    pg_state *s = state;
    char *table = query_text(s->db,
                             "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                             "instr(sql, '\"' || ?1 || '\"') OR instr(sql, 'CONSTRAINT ' "
                             "|| ?1 || ' ') LIMIT 1",
                             name);
    lw_dialect_error_set(err, "23514", 3819,
                         "new row for relation \"%s\" violates check constraint \"%s\"",
                         table ? table : "?", name);
    sqlite3_free(table);
    return 1;
}

/* The name of the first foreign key (in declaration order) of child, to parent when
 * parent is not NULL, and its number; NULL when there is none. */
static char *first_foreign_key(sqlite3 *db, const char *child, const char *parent)
{
    sqlite3_stmt *stmt = NULL;
    char *name = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id FROM pragma_foreign_key_list(?1) WHERE ?2 IS NULL OR "
                           "\"table\" = ?2 COLLATE NOCASE ORDER BY id DESC LIMIT 1",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, child, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, parent, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            name = lw_pg_foreign_key_name(db, child, sqlite3_column_int(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return name;
}

/* The first table with a foreign key to parent, into child (cap bytes). */
static int referencing_table(sqlite3 *db, const char *parent, char *child, size_t cap)
{
    char *found =
        query_text(db,
                   "SELECT s.name FROM sqlite_schema AS s, pragma_foreign_key_list(s.name) "
                   "AS f WHERE s.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE "
                   "ORDER BY s.name LIMIT 1",
                   parent);
    if (found)
        snprintf(child, cap, "%s", found);
    sqlite3_free(found);
    return found != NULL;
}

/* For an INSERT ... (cols) VALUES (constants) whose foreign key check failed: the
 * number of the first single-column foreign key of target whose parent lacks a value
 * of the rows (SQLite has rolled the rows back; the statement's constants still say
 * what they were). -1 when the statement does not tell. */
static int violated_by_values(sqlite3 *db, const char *sql, const char *target)
{
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    int found = -1;
    if (lw_lex(sql, strlen(sql), 0, &toks, &lerr)) {
        lw_tokens_free(&toks);
        return -1;
    }
    size_t *at = sqlite3_malloc64((toks.len ? toks.len : 1) * sizeof *at), n = 0;
    for (size_t i = 0; at && i < toks.len; i++)
        if (!lw_token_is_blank(&toks.items[i]))
            at[n++] = i;
    /* INSERT INTO t ( c , ... ) VALUES ( v , ... ) [ , ( ... ) ] */
    char cols[32][64];
    int n_cols = 0;
    size_t p = 3;
    if (at && n > 4 && toks.items[at[p]].type == LW_TK_LPAREN) {
        for (p++; p < n && toks.items[at[p]].type != LW_TK_RPAREN && n_cols < 32; p++) {
            const lw_token *t = &toks.items[at[p]];
            if (t->type == LW_TK_WORD || t->type == LW_TK_QIDENT) {
                int q = t->type == LW_TK_QIDENT;
                snprintf(cols[n_cols++], sizeof cols[0], "%.*s", (int)t->length - 2 * q,
                         sql + t->offset + q);
            }
        }
        p++;
    }
    sqlite3_stmt *fks = NULL;
    if (n_cols && p < n && lw_token_is_word(sql, &toks.items[at[p]], "values") &&
        sqlite3_prepare_v2(db,
                           "SELECT f.id, f.\"from\", f.\"table\", coalesce(f.\"to\", (SELECT name "
                           "FROM pragma_table_info(f.\"table\") WHERE pk = 1)) FROM "
                           "pragma_foreign_key_list(?1) AS f WHERE (SELECT count(*) FROM "
                           "pragma_foreign_key_list(?1) AS g WHERE g.id = f.id) = 1 ORDER BY "
                           "f.id DESC",
                           -1, &fks, NULL) == SQLITE_OK) {
        sqlite3_bind_text(fks, 1, target, -1, SQLITE_STATIC);
        while (found < 0 && sqlite3_step(fks) == SQLITE_ROW) {
            const char *from = (const char *)sqlite3_column_text(fks, 1);
            int col = -1;
            for (int c = 0; c < n_cols && from; c++)
                if (!sqlite3_stricmp(cols[c], from))
                    col = c;
            if (col < 0)
                continue;
            /* Each row's constant for the column. */
            for (size_t k = p + 1; k < n && found < 0; k++) {
                if (toks.items[at[k]].type != LW_TK_LPAREN)
                    continue;
                size_t v = k + 1;
                for (int c = 0; c < col && v < n; v++)
                    if (toks.items[at[v]].type == LW_TK_COMMA)
                        c++;
                const lw_token *t = v < n ? &toks.items[at[v]] : NULL;
                int neg = t && t->type == LW_TK_OPERATOR && sql[t->offset] == '-';
                const lw_token *value = neg && v + 1 < n ? &toks.items[at[v + 1]] : t;
                if (!value || (value->type != LW_TK_NUMBER && value->type != LW_TK_STRING))
                    continue;
                char *probe =
                    sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE \"%w\" = %s%.*s",
                                    sqlite3_column_text(fks, 2), sqlite3_column_text(fks, 3),
                                    neg ? "-" : "", (int)value->length, sql + value->offset);
                sqlite3_stmt *stmt = NULL;
                if (probe && sqlite3_prepare_v2(db, probe, -1, &stmt, NULL) == SQLITE_OK &&
                    sqlite3_step(stmt) == SQLITE_DONE)
                    found = sqlite3_column_int(fks, 0);
                sqlite3_finalize(stmt);
                sqlite3_free(probe);
                while (k < n && toks.items[at[k]].type != LW_TK_RPAREN)
                    k++;
            }
        }
    }
    sqlite3_finalize(fks);
    sqlite3_free(at);
    lw_tokens_free(&toks);
    return found;
}

static int is_commit(const char *sql)
{
    return sql && (!strncasecmp(sql, "COMMIT", 6) || !strncasecmp(sql, "END", 3));
}

/*
 * FOREIGN KEY constraint failed. SQLite names neither the table nor the constraint:
 *   at COMMIT (a deferred key): the first violation PRAGMA foreign_key_check finds in
 *     the transaction, which SQLite keeps open; PostgreSQL's COMMIT ends it, so it is
 *     rolled back here;
 *   an INSERT (or an UPDATE of a table with foreign keys): the table it writes, its
 *     first foreign key;
 *   a DELETE (or another UPDATE): the first table that refers to the one it writes.
 */
static int foreign_key_violation(void *state, const char *rest, size_t n, lw_dialect_error *err)
{
    (void)rest;
    (void)n;
    pg_state *s = state;
    if (is_commit(s->last_sql) && !sqlite3_get_autocommit(s->db)) {
        sqlite3_stmt *stmt = NULL;
        char *name = NULL, *child = NULL;
        if (sqlite3_prepare_v2(s->db, "SELECT \"table\", fkid FROM pragma_foreign_key_check", -1,
                               &stmt, NULL) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            child = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            name = child ? lw_pg_foreign_key_name(s->db, child, sqlite3_column_int(stmt, 1)) : NULL;
        }
        sqlite3_finalize(stmt);
        lw_dialect_error_set(err, "23503", 1452,
                             "insert or update on table \"%s\" violates foreign key constraint "
                             "\"%s\"",
                             child ? child : "?", name ? name : "?");
        sqlite3_free(child);
        sqlite3_free(name);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return 1;
    }
    char target[128];
    written_table(s->last_sql, target, sizeof target);
    if (!target[0])
        return 1;
    if (target[0] == '"') {
        size_t len = strlen(target);
        memmove(target, target + 1, len);
        if (len >= 2)
            target[len - 2] = 0;
    }
    const char *sql = s->last_sql;
    if (!strncmp(sql, PG_BOOL_MARK, strlen(PG_BOOL_MARK)) && strstr(sql, "*/"))
        sql = strstr(sql, "*/") + 3;
    int deleting = !strncasecmp(sql, "DELETE", 6);
    int fkid = !strncasecmp(sql, "INSERT", 6) ? violated_by_values(s->db, sql, target) : -1;
    char *name = deleting    ? NULL
                 : fkid >= 0 ? lw_pg_foreign_key_name(s->db, target, fkid)
                             : first_foreign_key(s->db, target, NULL);
    if (name) {
        lw_dialect_error_set(err, "23503", 1452,
                             "insert or update on table \"%s\" violates foreign key constraint "
                             "\"%s\"",
                             target, name);
    } else {
        char child[128];
        if (referencing_table(s->db, target, child, sizeof child) &&
            (name = first_foreign_key(s->db, child, target)) != NULL)
            lw_dialect_error_set(err, "23503", 1451,
                                 "update or delete on table \"%s\" violates foreign key constraint "
                                 "\"%s\" on table \"%s\"",
                                 target, name, child);
        else
            lw_dialect_error_set(err, "23503", 1451,
                                 "update or delete on table \"%s\" violates a foreign key "
                                 "constraint",
                                 target);
    }
    sqlite3_free(name);
    return 1;
}

/* no such table: [main.]name */
static int no_such_table(void *state, const char *name, size_t n, lw_dialect_error *err)
{
    (void)state;
    (void)n;
    const char *dot = strchr(name, '.');
    lw_dialect_error_set(err, "42P01", 1146, "relation \"%s\" does not exist",
                         dot && !strncmp(name, "main.", 5) ? dot + 1 : name);
    return 1;
}

/* table NAME already exists (SQLite quotes a name it had to) */
static int relation_exists(void *state, const char *name, size_t n, lw_dialect_error *err)
{
    (void)state;
    if (name[0] == '"')
        lw_dialect_error_set(err, "42P07", 1050, "relation %.*s already exists", (int)n, name);
    else
        lw_dialect_error_set(err, "42P07", 1050, "relation \"%.*s\" already exists", (int)n, name);
    return 1;
}

/* A write in a read-only transaction: the command PostgreSQL names. */
static int read_only_write(void *state, const char *msg, size_t n, lw_dialect_error *err)
{
    (void)msg;
    (void)n;
    pg_state *s = state;
    char command[32];
    readonly_command(s ? s->last_sql : NULL, command, sizeof command);
    lw_dialect_error_set(err, "25006", 1792, "cannot execute %s in a read-only transaction",
                         command);
    return 1;
}

/* ---- The regexp module's errors ----------------------------------------------------------- */

/* The last occurrence of needle in haystack, or NULL. */
static const char *last_occurrence(const char *haystack, const char *needle)
{
    const char *found = NULL;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        found = p;
    return found;
}

/*
 * The regexp module's errors as PostgreSQL 15 words them (docs/regexp.md). The module
 * names the function and the argument ("regexp_like(): invalid regular expression
 * option: \"z\" in argument 3"); PostgreSQL says only what is wrong, with 22023 for
 * flags and parameters and 2201B for what its regcomp refuses. Returns 0 when msg is
 * none of them.
 */
static int regexp_error(void *state, const char *msg, size_t n, lw_dialect_error *err)
{
    (void)state;
    (void)n;
    const char *p, *arg;
    if ((p = strstr(msg, "invalid regular expression option: \"")) != NULL &&
        (arg = last_occurrence(p, " in argument ")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%.*s", (int)(arg - p), p);
        return 1;
    }
    if ((p = strstr(msg, "() does not support the \"global\" option")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%s", msg);
        return 1;
    }
    if ((p = strstr(msg, "(): invalid value for parameter \"")) != NULL) {
        lw_dialect_error_set(err, "22023", 1210, "%s", p + 4);
        return 1;
    }
    if (strstr(msg, "(): invalid regular expression flags '")) {
        lw_dialect_error_set(err, "2201B", 1139,
                             "invalid regular expression: invalid argument to regex function");
        return 1;
    }
    /* A PostgreSQL syntax the engine does not have, or a pattern ICU cannot run. */
    if (strstr(msg, "syntax) is not supported: patterns use PostgreSQL's advanced syntax") ||
        strstr(msg, "has no ICU equivalent")) {
        lw_dialect_error_set(err, "0A000", 1235, "%s", msg);
        return 1;
    }
    if ((p = strstr(msg, "invalid regular expression")) == NULL)
        return 0;
    /* "invalid regular expression '<pattern>' in argument N: <reason>": the reason is
     * PostgreSQL's own; the pattern may hold anything, so the last " in argument "
     * is the module's. */
    const char *reason = NULL;
    if (p[26] == ' ' && p[27] == '\'' && (arg = last_occurrence(p, "' in argument ")) != NULL) {
        reason = arg + 14;
        while (*reason >= '0' && *reason <= '9')
            reason++;
        reason = reason[0] == ':' && reason[1] == ' ' ? reason + 2 : NULL;
    }
    if (reason)
        lw_dialect_error_set(err, "2201B", 1139, "invalid regular expression: %s", reason);
    else
        lw_dialect_error_set(err, "2201B", 1139, "%s", p);
    return 1;
}

#define TEXT(match, pattern, until, sqlstate, errno_, format)                                      \
    {                                                                                              \
        match, pattern, 0, until, sqlstate, errno_, format, NULL                                   \
    }
#define HOOK(match, pattern, until, write)                                                         \
    {                                                                                              \
        match, pattern, 0, until, NULL, 0, NULL, write                                             \
    }

/* SQLite's messages (and those of the extension's modules) in PostgreSQL's words,
 * the first match wins. */
static const lw_error_text pg_errors[] = {
    TEXT(LW_ERR_CONTAINS, "numeric field overflow", NULL, "22003", 1264, "numeric field overflow"),
    TEXT(LW_ERR_CONTAINS, "invalid decimal value", NULL, "22P02", 1366,
         "invalid input syntax for type numeric"),
    HOOK(LW_ERR_ANY, NULL, NULL, regexp_error),
    TEXT(LW_ERR_CONTAINS, "division by zero", NULL, "22012", 1365, "division by zero"),
    HOOK(LW_ERR_PREFIX, "UNIQUE constraint failed: ", NULL, unique_violation),
    HOOK(LW_ERR_PREFIX, "PRIMARY KEY constraint failed: ", NULL, unique_violation),
    HOOK(LW_ERR_PREFIX, "NOT NULL constraint failed: ", NULL, not_null_violation),
    HOOK(LW_ERR_PREFIX, "CHECK constraint failed: ", NULL, check_violation),
    HOOK(LW_ERR_PREFIX, "FOREIGN KEY constraint failed", NULL, foreign_key_violation),
    HOOK(LW_ERR_PREFIX, "no such table: ", NULL, no_such_table),
    TEXT(LW_ERR_PREFIX, "no such collation sequence: ", NULL, "42704", 1273,
         "collation \"%.*s\" for encoding \"UTF8\" does not exist"),
    TEXT(LW_ERR_PREFIX, "no such column: ", NULL, "42703", 1054, "column \"%.*s\" does not exist"),
    TEXT(LW_ERR_PREFIX, "no such function: ", NULL, "42883", 1305, "function %.*s does not exist"),
    HOOK(LW_ERR_PREFIX, "table ", " already exists", relation_exists),
    HOOK(LW_ERR_PREFIX, "index ", " already exists", relation_exists),
    TEXT(LW_ERR_PREFIX, "duplicate column name: ", NULL, "42701", 1060,
         "column \"%.*s\" specified more than once"),
    TEXT(LW_ERR_PREFIX, "near \"", "\": syntax error", "42601", 1064,
         "syntax error at or near \"%.*s\""),
    TEXT(LW_ERR_EXACT, "incomplete input", NULL, "42601", 1064, "syntax error at end of input"),
    TEXT(LW_ERR_PREFIX, "no such savepoint: ", NULL, "3B001", 1305,
         "savepoint \"%.*s\" does not exist"),
    {LW_ERR_CODE, NULL, SQLITE_READONLY, NULL, NULL, 0, NULL, read_only_write},
    HOOK(LW_ERR_CONTAINS, "attempt to write a readonly database", NULL, read_only_write),
    {0, NULL, 0, NULL, NULL, 0, NULL, NULL},
};

void pg_map_error(void *state, int code, const char *msg, lw_dialect_error *err)
{
    pg_state *s = state;
    char sqlstate[6];
    const char *bare;
    if (s && !sqlite3_get_autocommit(s->db))
        s->aborted = 1; /* the transaction is now in PostgreSQL's failed state (25P02) */
    if (!msg)
        return;
    /* The dialect's functions raise errors with PostgreSQL's SQLSTATE in front. */
    if ((bare = lw_pg_split_error(msg, sqlstate)) != NULL) {
        lw_dialect_error_set(err, sqlstate, err->mysql_errno, "%s", bare);
        return;
    }
    lw_map_error_text(pg_errors, s, code, msg, err);
}
