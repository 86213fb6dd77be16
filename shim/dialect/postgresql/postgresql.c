/*
 * The postgresql dialect: SQL written for PostgreSQL 15, run on SQLite with
 * PostgreSQL's answers, SQLSTATEs and messages (DESIGN.md 4.4; docs/postgresql.md has
 * the coverage table).
 *
 * Design. The shim's lexer cuts the text into tokens; this file parses them with a
 * small recursive-descent walker (statements, clauses) and a precedence-climbing
 * expression parser with PostgreSQL's operator precedence, writing SQLite SQL as it
 * goes. An expression's output starts at a known offset of the output buffer, so an
 * infix operator that SQLite spells as a function (a ~ b, a @> b, a ILIKE b) wraps its
 * already written operands in place; no SQL text is ever searched or pattern-matched.
 * What SQLite cannot honour is refused with SQLSTATE 0A000 naming the construct.
 *
 * Types. Every expression carries PostgreSQL's type as far as the rewriter can tell
 * (constants, casts, the declared types of the columns of the query's FROM items,
 * CTEs' and derived tables' select lists, known functions), and arithmetic is written
 * for its operands' types: integers range-checked in their type (pg_int4...),
 * numerics exact through the decimal module with the TEXT affinity and DECIMAL
 * collation of a NUMERIC column, doubles native, date +/- integer; operands it cannot
 * type go through pg_arith, which checks at run time (docs/postgresql.md).
 *
 *   lexical     E'', $$ and $tag$ quoting, U&'', adjacent strings split by
 *               a newline, "identifiers" (SQLite's double-quoted strings are turned
 *               off), $1 parameters by number (the core maps every style)
 *   operators   :: and CAST (pg_cast, decimal), ILIKE (ilike), LIKE (case-sensitive,
 *               backslash escape), ~ ~* !~ !~* (regexp), @> <@ ? ?| ?& (json_*), ->
 *               (jsonb's printed form), ^ (power), / and % (division by zero is
 *               22012), IS [NOT] DISTINCT FROM, = ANY (ARRAY[...]), ARRAY[...]
 *   functions   extract, position, substring, trim forms, string_agg & co. with
 *               ORDER BY, bool_and/bool_or, current_timestamp and friends
 *   statements  CREATE TABLE types (SERIAL, IDENTITY, VARCHAR(n), NUMERIC(p,s), ...),
 *               CREATE SEQUENCE, CREATE EXTENSION, DISTINCT ON, DELETE ... USING,
 *               FROM generate_series(...) AS t(x), LIMIT/OFFSET/FETCH, NULLS
 *               ordering, TRUNCATE, SET/SHOW/RESET, 25P02 after an error
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/arith.h"
#include "dialect/postgresql/postgresql.h"
#include "dialect/clauses.h"
#include "dialect/scope.h"
#include "likewise.h"
#include "dialect/postgresql/runtime_core.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/identifiers.h"

/* ---- Per-connection state ----------------------------------------------------------- */

/* ---- The rewriter ------------------------------------------------------------------- */

/* ---- String literals ----------------------------------------------------------------- */

/* ---- Expressions ---------------------------------------------------------------------- */

/* "( SELECT ... )" at the current token: the subquery walked to its parenthesis. */

/* ---- Statements ----------------------------------------------------------------------- */

/* SELECT list items: their boolean results are recorded for the top-level statement
 * (lwsql prints them t/f as psql does). Stops at the first clause word. */

/* ---- The rules --------------------------------------------------------------------------- */

/* Words that end an expression: clause keywords the walker owns. */
static const char *const pg_clause_words[] = {
    "from",      "where",     "group",     "having",     "order",     "limit",     "offset",
    "fetch",     "union",     "intersect", "except",     "returning", "into",      "values",
    "set",       "on",        "using",     "join",       "inner",     "left",      "right",
    "full",      "cross",     "natural",   "as",         "then",      "else",      "end",
    "when",      "and",       "or",        "asc",        "desc",      "nulls",     "window",
    "select",    "do",        "for",       "with",       "over",      "filter",    "escape",
    "is",        "not",       "between",   "in",         "like",      "ilike",     "similar",
    "collate",   "default",   "primary",   "references", "check",     "unique",    "constraint",
    "rows",      "row",       "only",      "first",      "next",      "outer",     "lateral",
    "ignore",    "partition", "range",     "groups",     "preceding", "following", "current",
    "unbounded", "exclude",   "isnull",    "notnull",    "conflict",  "nothing",   "update",
    "delete",    "insert",    "to",        "by",         "all",       "distinct",  "generated",
    "window",    NULL,
};

/* Words the clause walk hands to the expression parser even without '(' after them. */
static const char *const pg_expression_words[] = {"array", "current_timestamp", "current_date",
                                                  NULL};

/* Words that end a FROM list, and those that end a join's ON condition. */
static const char *const pg_from_ends[] = {
    "where",  "group",  "having",    "order",  "limit",     "offset", "fetch",
    "window", "union",  "intersect", "except", "returning", "for",    "set",
    "on",     "values", "select",    "do",     NULL,
};
static const char *const pg_join_condition_ends[] = {
    "join",  "left",  "right", "inner", "full",   "cross",     "natural", "where",
    "group", "order", "limit", "union", "having", "returning", NULL,
};

static const lw_clause pg_clauses[] = {
    {"limit", lw_limit_clause},
    {"offset", lw_limit_clause},
    {"fetch", lw_limit_clause},
    {NULL, NULL},
};

static const lw_statement pg_statements[] = {
    {"create", pg_create},
    {"drop", pg_drop},
    {"alter", pg_alter},
    {"truncate", pg_truncate},
    {"set", pg_set},
    {"reset", pg_reset},
    {"show", pg_show},
    {"delete", pg_delete},
    {"savepoint", pg_savepoint},
    {"release", pg_savepoint},
    {"rollback", pg_savepoint},
    {"listen", NULL},
    {"notify", NULL},
    {"unlisten", NULL},
    {"lock", NULL},
    {"copy", NULL},
    {"do", NULL},
    {"prepare", NULL},
    {"execute", NULL},
    {"deallocate", NULL},
    {"grant", NULL},
    {"revoke", NULL},
    {"comment", NULL},
    {"explain", NULL},
    {"discard", NULL},
    {"cluster", NULL},
    {"reindex", NULL},
    {"refresh", NULL},
    {"call", NULL},
    {"declare", NULL},
    {"fetch", NULL},
    {"move", NULL},
    {"close", NULL},
    {"checkpoint", NULL},
    {"security", NULL},
    {NULL, NULL},
};

static const lw_dialect_texts pg_texts = {
    .not_supported = "%s is not supported by the postgresql dialect",
    .too_deep = {"54001", 1436, "stack depth limit exceeded"},
    .no_operator = {"42883", 1305, "operator does not exist: %s%s%s %s"},
    .syntax_near = {"42601", 1064, "syntax error at or near \"%.*s\""},
};

/* After the walk: the boolean result columns marked for psql's t/f, then the
 * identifier-case check against the schema (identifiers.h). */
static int pg_finish(lw_walker *w)
{
    lw_translation *t = w->t;
    if (w->bool_cols) {
        char mark[48];
        snprintf(mark, sizeof mark, "/*pg:b=%llx*/ ", (unsigned long long)w->bool_cols);
        lw_insert_at(w, 0, mark);
        if (t->out->oom)
            return LW_ENOMEM;
    }
    pg_state *s = t->state;
    if (!s)
        return 0;
    return lw_pg_check_identifiers(s->db, &s->names, t->out->s ? t->out->s : "",
                                   lw_has_quoted_upper(t), t->err);
}

static const lw_dialect_rules pg_rules = {
    .name = "postgresql",
    .fold = LW_FOLD_LOWER,
    .texts = &pg_texts,
    .escapes = &lw_pg_escapes,
    .adjacent_strings = LW_ADJACENT_NEWLINE,
    .numbers = &pg_numbers,
    .operators = pg_operators,
    .other_operator_bp = BP_OTHER,
    .prefix_operators = pg_prefix_operators,
    .not_bp = BP_NOT,
    .unary_bp = BP_UNARY,
    .keywords = pg_keywords,
    .clause_words = pg_clause_words,
    .expression_words = pg_expression_words,
    .functions = pg_functions,
    .ordered_aggregate = pg_ordered_aggregate,
    .type_names = pg_type_names,
    .kinds = pg_kinds,
    .declared = pg_declared,
    .cast_function = "pg_cast",
    .arith = pg_arith,
    .nonzero_function = "pg_nonzero",
    .nulls_sort_high = 1,
    .statements = pg_statements,
    .clauses = pg_clauses,
    .from_ends = pg_from_ends,
    .join_condition_ends = pg_join_condition_ends,
    .distinct_on = pg_distinct_on,
    .from_function = pg_from_function,
    .returning_item = pg_returning_item,
    .finish = pg_finish,
};

static int pg_translate(lw_translation *t)
{
    pg_state *s = t->state;
    return lw_walk_translate(t, &pg_rules, s ? &s->schema : NULL);
}

/* ---- Connection hooks ----------------------------------------------------------------- */

static int pg_open(sqlite3 *db, void **state, lw_dialect_error *err)
{
    char *msg = NULL;
    pg_state *s = sqlite3_malloc64(sizeof *s);
    if (!s) {
        lw_dialect_error_set(err, "53200", 1037, "out of memory");
        return LW_ENOMEM;
    }
    memset(s, 0, sizeof *s);
    s->db = db;
    s->schema.db = db;
    int rc = lw_pg_func_register(db, &s->funcs, &msg);
    /* Double-quoted text is always an identifier, never a string, as in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    /* LIKE compares case-sensitively in PostgreSQL. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "PRAGMA case_sensitive_like = ON", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "58000", 1105, "postgresql dialect: %s",
                             msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        lw_pg_funcs_release(s->funcs);
        sqlite3_free(s);
        return LW_ESQL;
    }
    *state = s;
    return 0;
}

static void pg_close(void *state)
{
    pg_state *s = state;
    if (s) {
        lw_schema_close(&s->schema);
        lw_pg_funcs_release(s->funcs);
        lw_pg_names_free(s->names);
    }
    sqlite3_free(s);
}

/* ---- Results as psql prints them ------------------------------------------------------ */

static int decl_is(const char *decl, const char *prefix)
{
    return decl && strncasecmp(decl, prefix, strlen(prefix)) == 0;
}

/* Bit col of the boolean mark the translation left at the start of the statement. */
static int marked_bool(sqlite3_stmt *stmt, int col)
{
    const char *sql = sqlite3_sql(stmt);
    if (!sql || strncmp(sql, "/*pg:b=", 7) != 0 || col >= 64)
        return 0;
    unsigned long long mask = strtoull(sql + 7, NULL, 16);
    return (int)((mask >> col) & 1);
}

static int pg_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *b)
{
    (void)state;
    int type = sqlite3_column_type(stmt, col);
    if (type == SQLITE_NULL)
        return 0;
    const char *decl = sqlite3_column_decltype(stmt, col);
    if (type == SQLITE_INTEGER && (decl_is(decl, "bool") || marked_bool(stmt, col))) {
        lw_sqlbuf_appends(b, sqlite3_column_int64(stmt, col) ? "t" : "f");
        return 1;
    }
    if (type == SQLITE_FLOAT) {
        /* float8 output: the shortest text that reads back the same value. */
        double d = sqlite3_column_double(stmt, col);
        char buf[40];
        if (d != d) {
            lw_sqlbuf_appends(b, "NaN");
            return 1;
        }
        if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
            lw_sqlbuf_appends(b, d > 0 ? "Infinity" : "-Infinity");
            return 1;
        }
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, sizeof buf, "%.*g", prec, d);
            if (strtod(buf, NULL) == d)
                break;
        }
        /* psql prints 1e+20 as 1e+20 and 1024 as 1024, as %g does. */
        lw_sqlbuf_appends(b, buf);
        return 1;
    }
    if (type == SQLITE_BLOB) {
        const unsigned char *p = sqlite3_column_blob(stmt, col);
        int n = sqlite3_column_bytes(stmt, col);
        lw_sqlbuf_appends(b, "\\x");
        for (int i = 0; i < n; i++)
            lw_sqlbuf_appendf(b, "%02x", p[i]);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "char(")) {
        /* character(n) is blank-padded on output; stored unpadded so that comparisons
         * ignore trailing blanks as PostgreSQL's do. */
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col);
        long long width = atoll(decl + 5);
        int64_t have = lw_pg_char_length(s, n);
        lw_sqlbuf_append(b, s, n);
        for (int64_t k = have; k < width; k++)
            lw_sqlbuf_append(b, " ", 1);
        return 1;
    }
    if (type == SQLITE_TEXT && decl_is(decl, "jsonb")) {
        const char *s = (const char *)sqlite3_column_text(stmt, col);
        size_t n = (size_t)sqlite3_column_bytes(stmt, col), out_n;
        const char *error;
        char *norm = lw_pg_jsonb_normalize(s, n, &out_n, &error);
        if (!norm)
            return 0;
        lw_sqlbuf_append(b, norm, out_n);
        sqlite3_free(norm);
        return 1;
    }
    return 0;
}

/* ---- Errors in PostgreSQL's words --------------------------------------------------------- */

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
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
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
        {"pg_truncate(", "TRUNCATE TABLE"},
        {"pg_create_sequence(", "CREATE SEQUENCE"},
        {"pg_drop_sequence(", "DROP SEQUENCE"},
        {"nextval(", "nextval()"},
        {"setval(", "setval()"},
    };
    snprintf(out, cap, "statement");
    if (!sql)
        return;
    if (!strncmp(sql, "/*pg:b=", 7) && strstr(sql, "*/"))
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

static void pg_map_error(void *state, int code, const char *msg, lw_dialect_error *err)
{
    pg_state *s = state;
    char sqlstate[6];
    const char *bare;
    if (s && !sqlite3_get_autocommit(s->db))
        s->aborted = 1;
    if (!msg)
        return;
    if ((bare = lw_pg_split_error(msg, sqlstate)) != NULL) {
        lw_dialect_error_set(err, sqlstate, err->mysql_errno, "%s", bare);
        return;
    }
    /* Messages of modules that the dialect turns into PostgreSQL's. */
    if (strstr(msg, "numeric field overflow")) {
        lw_dialect_error_set(err, "22003", 1264, "numeric field overflow");
        return;
    }
    if (strstr(msg, "invalid decimal value")) {
        lw_dialect_error_set(err, "22P02", 1366, "invalid input syntax for type numeric");
        return;
    }
    if (strstr(msg, "invalid regular expression")) {
        const char *why = strstr(msg, "invalid regular expression");
        lw_dialect_error_set(err, "2201B", 1139, "%s", why);
        return;
    }
    if (strstr(msg, "division by zero")) {
        lw_dialect_error_set(err, "22012", 1365, "division by zero");
        return;
    }
    int primary = code & 0xff;
    if (!strncmp(msg, "UNIQUE constraint failed: ", 26) ||
        !strncmp(msg, "PRIMARY KEY constraint failed: ", 31)) {
        char *name = unique_name(s, strchr(msg, ':') + 2);
        lw_dialect_error_set(err, "23505", 1062,
                             "duplicate key value violates unique constraint \"%s\"",
                             name ? name : "?");
        sqlite3_free(name);
        return;
    }
    if (!strncmp(msg, "NOT NULL constraint failed: ", 28)) {
        const char *tc = msg + 28, *dot = strchr(tc, '.');
        if (dot)
            lw_dialect_error_set(err, "23502", 1048,
                                 "null value in column \"%s\" of relation \"%.*s\" violates "
                                 "not-null constraint",
                                 dot + 1, (int)(dot - tc), tc);
        return;
    }
    if (!strncmp(msg, "CHECK constraint failed: ", 25)) {
        const char *name = msg + 25;
        char *table = query_text(s->db,
                                 "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                 "instr(sql, '\"' || ?1 || '\"') OR instr(sql, 'CONSTRAINT ' "
                                 "|| ?1 || ' ') LIMIT 1",
                                 name);
        lw_dialect_error_set(err, "23514", 3819,
                             "new row for relation \"%s\" violates check constraint \"%s\"",
                             table ? table : "?", name);
        sqlite3_free(table);
        return;
    }
    if (!strncmp(msg, "FOREIGN KEY constraint failed", 29)) {
        char target[128];
        written_table(s->last_sql, target, sizeof target);
        if (target[0]) {
            char *fk = query_text(s->db,
                                  "SELECT group_concat(\"from\", '_') FROM "
                                  "pragma_foreign_key_list(?1)",
                                  target);
            if (fk && !strchr(fk, '_'))
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else if (fk)
                lw_dialect_error_set(err, "23503", 1452,
                                     "insert or update on table \"%s\" violates foreign key "
                                     "constraint \"%s_%s_fkey\"",
                                     target, target, fk);
            else
                lw_dialect_error_set(err, "23503", 1451,
                                     "update or delete on table \"%s\" violates a foreign key "
                                     "constraint",
                                     target);
            sqlite3_free(fk);
        }
        return;
    }
    if (!strncmp(msg, "no such table: ", 15)) {
        const char *name = msg + 15, *dot = strchr(name, '.');
        lw_dialect_error_set(err, "42P01", 1146, "relation \"%s\" does not exist",
                             dot && !strncmp(name, "main.", 5) ? dot + 1 : name);
        return;
    }
    if (!strncmp(msg, "no such column: ", 16)) {
        lw_dialect_error_set(err, "42703", 1054, "column \"%s\" does not exist", msg + 16);
        return;
    }
    if (!strncmp(msg, "no such function: ", 18)) {
        lw_dialect_error_set(err, "42883", 1305, "function %s does not exist", msg + 18);
        return;
    }
    if (!strncmp(msg, "table ", 6) && strstr(msg, " already exists")) {
        const char *name = msg + 6;
        const char *end = strstr(name, " already exists");
        lw_dialect_error_set(err, "42P07", 1050, "relation %.*s already exists", (int)(end - name),
                             name);
        if (name[0] != '"') {
            lw_dialect_error_set(err, "42P07", 1050, "relation \"%.*s\" already exists",
                                 (int)(end - name), name);
        }
        return;
    }
    if (!strncmp(msg, "duplicate column name: ", 23)) {
        lw_dialect_error_set(err, "42701", 1060, "column \"%s\" specified more than once",
                             msg + 23);
        return;
    }
    if (!strncmp(msg, "near \"", 6) && strstr(msg, "\": syntax error")) {
        const char *end = strstr(msg, "\": syntax error");
        lw_dialect_error_set(err, "42601", 1064, "syntax error at or near \"%.*s\"",
                             (int)(end - msg - 6), msg + 6);
        return;
    }
    if (!strcmp(msg, "incomplete input")) {
        lw_dialect_error_set(err, "42601", 1064, "syntax error at end of input");
        return;
    }
    if (!strncmp(msg, "no such savepoint: ", 19)) {
        lw_dialect_error_set(err, "3B001", 1305, "savepoint \"%s\" does not exist", msg + 19);
        return;
    }
    if (primary == SQLITE_READONLY || strstr(msg, "attempt to write a readonly database")) {
        char command[32];
        readonly_command(s ? s->last_sql : NULL, command, sizeof command);
        lw_dialect_error_set(err, "25006", 1792, "cannot execute %s in a read-only transaction",
                             command);
        return;
    }
}

/* ---- Transactions: PostgreSQL's failed-transaction state ---------------------------------- */

static int pg_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                               lw_dialect_error *err)
{
    pg_state *s = state;
    int in_txn = !sqlite3_get_autocommit(s->db);
    if (!in_txn)
        s->aborted = 0;
    /* Kept for the foreign-key message, which names the written table: the text is
     * the cached statement's and outlives its execution. */
    s->last_sql = sql;
    if (desc->kind != LW_KIND_PLAIN)
        lw_pg_funcs_txn_reset(s->funcs); /* now() is per transaction */
    switch (desc->kind) {
    case LW_KIND_BEGIN:
        if (s->aborted)
            break;
        /* PostgreSQL warns about BEGIN inside a transaction and carries on. */
        return in_txn ? LW_RUN_SKIP : LW_RUN_GO;
    case LW_KIND_COMMIT:
        if (!in_txn)
            return LW_RUN_SKIP;
        if (s->aborted) {
            s->aborted = 0;
            return LW_RUN_AS_ROLLBACK;
        }
        return LW_RUN_GO;
    case LW_KIND_ROLLBACK:
        s->aborted = 0;
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    case LW_KIND_SET_TXN:
        if (s->aborted)
            break;
        /* Outside a transaction PostgreSQL only warns, and nothing changes. */
        return in_txn ? LW_RUN_GO : LW_RUN_SKIP;
    default:
        if (!in_txn && desc->savepoint != LW_SAVEPOINT_NONE) {
            const char *what_sql = desc->savepoint == LW_SAVEPOINT_OPEN ? "SAVEPOINT"
                                   : desc->savepoint == LW_SAVEPOINT_RELEASE
                                       ? "RELEASE SAVEPOINT"
                                       : "ROLLBACK TO SAVEPOINT";
            lw_dialect_error_set(err, "25P01", 1399, "%s can only be used in transaction blocks",
                                 what_sql);
            return LW_ESTATE;
        }
        if (!s->aborted)
            return LW_RUN_GO;
        if (desc->savepoint == LW_SAVEPOINT_ROLLBACK_TO) {
            s->aborted = 0;
            return LW_RUN_GO;
        }
        break;
    }
    lw_dialect_error_set(err, "25P02", 1399,
                         "current transaction is aborted, commands ignored until end of "
                         "transaction block");
    return LW_ESTATE;
}

const lw_dialect lw_dialect_postgresql = {
    .name = "postgresql",
    .lex_flags = LW_LEX_NESTED_COMMENTS | LW_LEX_NO_BRACKET_IDENT,
    .on_open = pg_open,
    .on_close = pg_close,
    .translate = pg_translate,
    .format_value = pg_format_value,
    .map_error = pg_map_error,
    .before_statement = pg_before_statement,
    .set_transaction = 1,
};
