/*
 * SHOW CREATE TABLE and the printed forms information_schema shows (registered by
 * runtime.c; statements.c and introspection.c write the calls):
 *
 *   my_show_create(TABLE)      MariaDB 10.11's SHOW CREATE TABLE text, from the catalog
 *                              (catalog.h): the columns in order with their type,
 *                              COLLATE when it is not the table's, NOT NULL,
 *                              AUTO_INCREMENT, DEFAULT (NULL for a nullable column
 *                              without one, strings quoted, numbers bare, a DECIMAL's at
 *                              its scale), ON UPDATE, COMMENT, a column CHECK; then
 *                              PRIMARY KEY, the UNIQUE keys, the other keys (with the
 *                              key InnoDB adds for a foreign key no key starts with), the
 *                              foreign keys, the table CHECKs; then ENGINE,
 *                              AUTO_INCREMENT (past 1), DEFAULT CHARSET, COLLATE,
 *                              COMMENT. 1146 for a table that does not exist.
 *   my_check_clause(TEXT)      a CHECK's clause as MariaDB prints it: names in backticks,
 *                              keywords in lower case, one space around operators, the
 *                              outer parentheses gone ("(price >= 0)" -> "`price` >= 0")
 *   my_cardinality(TABLE, COLS)  the distinct values of the key prefix COLS ("a,b"):
 *                              SHOW INDEX's Cardinality (InnoDB's is an estimate;
 *                              exact for the small tables tests use)
 *
 * NULL arguments give NULL. Limits: MariaDB prints a CHECK from its parse tree, so
 * parentheses it finds redundant are dropped and some functions are renamed (LENGTH is
 * octet_length); here the clause keeps its parentheses and names as written; generated
 * columns print their expression as SQLite holds it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "dialect/catalog.h"
#include "dialect/mysql/runtime_int.h"

/* ---- my_check_clause ----------------------------------------------------------------------------
 */

static int is_keyword(const char *s, size_t n)
{
    static const char *const words[] = {
        "and", "or",  "not",    "is",    "null", "in",   "like", "between", "true", "false",  "xor",
        "div", "mod", "regexp", "rlike", "case", "when", "then", "else",    "end",  "escape", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && !sqlite3_strnicmp(*w, s, (int)n))
            return 1;
    return 0;
}

char *my_check_clause_text(const char *text)
{
    lw_tokens toks = {0};
    lw_lex_error err = {NULL, 0};
    if (lw_lex(text, strlen(text), LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS, &toks, &err)) {
        lw_tokens_free(&toks);
        return sqlite3_mprintf("%s", text);
    }
    /* The meaningful tokens, without one pair of parentheses around them all. */
    size_t n = 0;
    lw_token *t = sqlite3_malloc64((toks.len + 1) * sizeof *t);
    if (!t) {
        lw_tokens_free(&toks);
        return NULL;
    }
    for (size_t i = 0; i < toks.len; i++)
        if (!lw_token_is_blank(&toks.items[i]))
            t[n++] = toks.items[i];
    size_t from = 0, to = n;
    if (n >= 2 && t[0].type == LW_TK_LPAREN && t[n - 1].type == LW_TK_RPAREN) {
        int depth = 0, whole = 1;
        for (size_t i = 0; i < n && whole; i++) {
            depth += t[i].type == LW_TK_LPAREN ? 1 : t[i].type == LW_TK_RPAREN ? -1 : 0;
            if (depth == 0 && i < n - 1)
                whole = 0;
        }
        if (whole)
            from = 1, to = n - 1;
    }
    lw_sqlbuf out = {0};
    lw_sqlbuf_append(&out, "", 0);
    for (size_t i = from; i < to; i++) {
        const lw_token *k = &t[i];
        const char *s = text + k->offset;
        int call = k->type == LW_TK_WORD && i + 1 < to && t[i + 1].type == LW_TK_LPAREN;
        if (i > from && k->type != LW_TK_RPAREN && k->type != LW_TK_COMMA &&
            t[i - 1].type != LW_TK_LPAREN &&
            !(k->type == LW_TK_LPAREN && t[i - 1].type == LW_TK_WORD &&
              !is_keyword(text + t[i - 1].offset, t[i - 1].length)))
            lw_sqlbuf_append(&out, " ", 1);
        if (k->type == LW_TK_WORD && !call && !is_keyword(s, k->length)) {
            lw_sqlbuf_appendf(&out, "`%.*s`", (int)k->length, s);
        } else if (k->type == LW_TK_QIDENT) {
            lw_sqlbuf_appendf(&out, "`%.*s`", (int)k->length - 2, s + 1);
        } else if (k->type == LW_TK_WORD) {
            for (size_t j = 0; j < k->length; j++) {
                char c = s[j];
                lw_sqlbuf_append(&out, &(char){c >= 'A' && c <= 'Z' ? (char)(c + 32) : c}, 1);
            }
        } else {
            lw_sqlbuf_append(&out, s, k->length);
        }
    }
    sqlite3_free(t);
    lw_tokens_free(&toks);
    return lw_sqlbuf_finish(&out);
}

static void check_clause_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    char *s = my_check_clause_text(text);
    if (!s)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, s, -1, sqlite3_free);
}

/* ---- my_cardinality -----------------------------------------------------------------------------
 */

static void cardinality_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    const char *cols = (const char *)sqlite3_value_text(argv[1]);
    if (!table || !cols)
        return;
    lw_sqlbuf list = {0};
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        lw_sqlbuf_appends(&list, list.len ? ", \"" : "\"");
        for (size_t i = 0; i < n; i++)
            lw_sqlbuf_append(&list, p[i] == '"' ? "\"\"" : p + i, p[i] == '"' ? 2 : 1);
        lw_sqlbuf_append(&list, "\"", 1);
        p += n;
        if (*p == ',')
            p++;
    }
    char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT DISTINCT %s FROM main.\"%w\")",
                                list.s ? list.s : "1", table);
    lw_sqlbuf_free(&list);
    sqlite3_stmt *st = NULL;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_int64(ctx, sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    sqlite3_free(sql);
}

/* ---- my_show_create -----------------------------------------------------------------------------
 */

/* "`a`(20),`b`" from "a,b" and the prefix lengths "20," (NULL: none); MariaDB writes
 * key columns without a space. */
static void key_columns(lw_sqlbuf *out, const char *cols, const char *sep, const char *parts)
{
    const char *q = parts;
    for (const char *p = cols ? cols : ""; *p;) {
        size_t n = strcspn(p, ",");
        lw_sqlbuf_appendf(out, "%s`%.*s`", p == cols ? "" : sep, (int)n, p);
        if (q) {
            size_t m = strcspn(q, ",");
            if (m)
                lw_sqlbuf_appendf(out, "(%.*s)", (int)m, q);
            q += m;
            if (*q == ',')
                q++;
        }
        p += n;
        if (*p == ',')
            p++;
    }
}

/* A default as MariaDB prints it for the column's type. */
static void default_text(lw_sqlbuf *out, const char *text, const char *data_type,
                         const char *column_type)
{
    static const char *const numeric[] = {"tinyint", "smallint", "mediumint", "int", "bigint",
                                          "float",   "double",   "year",      "bit", NULL};
    const char *v = text;
    size_t n = strlen(v);
    char *unq = NULL;
    if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
        lw_sqlbuf b = {0};
        lw_sqlbuf_append(&b, "", 0);
        for (size_t i = 1; i + 1 < n; i++) {
            if ((v[i] == v[0] && v[i + 1] == v[0]) || v[i] == '\\')
                i++;
            lw_sqlbuf_append(&b, v + i, 1);
        }
        unq = lw_sqlbuf_finish(&b);
    }
    int is_numeric = 0;
    for (const char *const *w = numeric; *w; w++)
        is_numeric |= !strcmp(data_type, *w);
    if (!strcmp(data_type, "decimal")) {
        const char *comma = strchr(column_type, ',');
        int scale = comma ? atoi(comma + 1) : 0;
        lw_sqlbuf_appendf(out, "%.*f", scale, atof(unq ? unq : v));
    } else if (is_numeric) {
        lw_sqlbuf_appends(out, unq ? unq : v);
    } else if (unq) {
        lw_sqlbuf_append(out, "'", 1);
        for (const char *p = unq; *p; p++)
            lw_sqlbuf_append(out, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
        lw_sqlbuf_append(out, "'", 1);
    } else if (!sqlite3_stricmp(v, "current_timestamp()") || !sqlite3_stricmp(v, "now()")) {
        lw_sqlbuf_appends(out, "current_timestamp()");
    } else {
        lw_sqlbuf_appends(out, v);
    }
    sqlite3_free(unq);
}

static int show_create(sqlite3 *db, const char *table, lw_sqlbuf *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name, COALESCE(engine, 'InnoDB'), collation, comment, "
                                "auto_increment, EXISTS (SELECT 1 FROM main._lw_mysql_columns c "
                                "WHERE c.table_name = t.name AND c.extra = 'auto_increment') FROM "
                                "main._lw_mysql_tables t WHERE name = ?1",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return SQLITE_NOTFOUND;
    }
    char *name = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
    char *engine = sqlite3_mprintf("%s", sqlite3_column_text(st, 1));
    char *collation = sqlite3_mprintf("%s", sqlite3_column_text(st, 2));
    char *comment = sqlite3_mprintf("%s", sqlite3_column_text(st, 3));
    long long next_id = sqlite3_column_int64(st, 4);
    int has_auto = sqlite3_column_int(st, 5);
    sqlite3_finalize(st);
    lw_sqlbuf_appendf(out, "CREATE TABLE `%s` (\n", name);
    /* The columns. */
    rc = sqlite3_prepare_v2(db,
                            "SELECT column_name, column_type, data_type, charset, collation, "
                            "extra, comment, default_text, is_nullable, (SELECT definition FROM "
                            "main._lw_mysql_constraints k WHERE k.table_name = c.table_name AND "
                            "k.kind = 'CHECK' AND (k.name = c.table_name || '.' || c.column_name "
                            "OR k.name = c.column_name AND k.definition LIKE 'json\\_valid(%' "
                            "ESCAPE '\\')) FROM main._lw_mysql_columns c WHERE "
                            "table_name = ?1 ORDER BY ordinal",
                            -1, &st, NULL);
    int first = 1;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(st, 0);
            const char *ctype = (const char *)sqlite3_column_text(st, 1);
            const char *dtype = (const char *)sqlite3_column_text(st, 2);
            const char *ccs = (const char *)sqlite3_column_text(st, 3);
            const char *ccoll = (const char *)sqlite3_column_text(st, 4);
            const char *extra = (const char *)sqlite3_column_text(st, 5);
            const char *ccomment = (const char *)sqlite3_column_text(st, 6);
            const char *def = (const char *)sqlite3_column_text(st, 7);
            int nullable = sqlite3_column_text(st, 8) &&
                           !strcmp((const char *)sqlite3_column_text(st, 8), "YES");
            const char *check = (const char *)sqlite3_column_text(st, 9);
            lw_sqlbuf_appendf(out, "%s  `%s` %s", first ? "" : ",\n", col, ctype ? ctype : "");
            first = 0;
            /* MariaDB 10.11 names the character set of every column whose collation
             * is not the table's (a JSON column's utf8mb4_bin too). */
            if (ccoll && collation && strcmp(ccoll, collation) != 0)
                lw_sqlbuf_appendf(out, " CHARACTER SET %s COLLATE %s", my_collation_charset(ccoll),
                                  ccoll);
            (void)ccs;
            if (!nullable)
                lw_sqlbuf_appends(out, " NOT NULL");
            int generated = extra && strstr(extra, "GENERATED");
            if (extra && !strcmp(extra, "auto_increment"))
                lw_sqlbuf_appends(out, " AUTO_INCREMENT");
            else if (def && def[0] && sqlite3_stricmp(def, "NULL") != 0) {
                lw_sqlbuf_appends(out, " DEFAULT ");
                default_text(out, def, dtype ? dtype : "", ctype ? ctype : "");
            } else if (nullable && !generated)
                lw_sqlbuf_appends(out, " DEFAULT NULL");
            if (extra && !strcmp(extra, "on update current_timestamp()"))
                lw_sqlbuf_appends(out, " ON UPDATE current_timestamp()");
            if (ccomment && ccomment[0]) {
                lw_sqlbuf_appends(out, " COMMENT '");
                for (const char *p = ccomment; *p; p++)
                    lw_sqlbuf_append(out, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
                lw_sqlbuf_append(out, "'", 1);
            }
            if (check) {
                char *c = my_check_clause_text(check);
                lw_sqlbuf_appendf(out, " CHECK (%s)", c ? c : check);
                sqlite3_free(c);
            }
        }
        sqlite3_finalize(st);
    }
    /* The keys: PRIMARY, UNIQUE, the others with the foreign keys' own; then the
     * foreign keys and the table's checks. */
    rc = sqlite3_prepare_v2(
        db,
        "SELECT kind, name, columns, ref_table, ref_columns, on_delete, on_update, definition "
        "FROM (SELECT k.*, k.rowid AS seq FROM main._lw_mysql_constraints k WHERE table_name = "
        "?1 UNION ALL SELECT f.table_name, f.name, 'KEY', f.columns, NULL, NULL, NULL, NULL, "
        "NULL, f.rowid + 1000000000 FROM main._lw_mysql_constraints f WHERE f.table_name = ?1 AND "
        "f.kind = 'FOREIGN KEY' AND NOT EXISTS (SELECT 1 FROM main._lw_mysql_constraints o "
        "WHERE o.table_name = ?1 AND o.kind IN ('PRIMARY KEY', 'UNIQUE', 'KEY') AND ',' || "
        "lower(o.columns) || ',' LIKE ',' || lower(f.columns) || ',%')) ORDER BY CASE kind WHEN "
        "'PRIMARY KEY' THEN 0 WHEN 'UNIQUE' THEN 1 WHEN 'KEY' THEN 2 WHEN 'FOREIGN KEY' THEN 3 "
        "ELSE 4 END, seq",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(st, 0);
            const char *kname = (const char *)sqlite3_column_text(st, 1);
            const char *cols = (const char *)sqlite3_column_text(st, 2);
            if (!kind || !kname)
                continue;
            if (!strcmp(kind, "CHECK")) {
                size_t tl = strlen(name);
                if (!strncmp(kname, name, tl) && kname[tl] == '.')
                    continue; /* a column's */
                const char *def = (const char *)sqlite3_column_text(st, 7);
                char *json = sqlite3_mprintf("json_valid(`%s`)", kname);
                int json_column = json && def && !strcmp(def, json);
                sqlite3_free(json);
                if (json_column)
                    continue; /* a JSON column's, printed with it */
                char *c = my_check_clause_text((const char *)sqlite3_column_text(st, 7));
                lw_sqlbuf_appendf(out, ",\n  CONSTRAINT `%s` CHECK (%s)", kname, c ? c : "");
                sqlite3_free(c);
                continue;
            }
            if (!strcmp(kind, "FOREIGN KEY")) {
                lw_sqlbuf_appendf(out, ",\n  CONSTRAINT `%s` FOREIGN KEY (", kname);
                key_columns(out, cols, ", ", NULL);
                lw_sqlbuf_appendf(out, ") REFERENCES `%s` (", sqlite3_column_text(st, 3));
                key_columns(out, (const char *)sqlite3_column_text(st, 4), ", ", NULL);
                lw_sqlbuf_append(out, ")", 1);
                const char *d = (const char *)sqlite3_column_text(st, 5);
                const char *u = (const char *)sqlite3_column_text(st, 6);
                if (d && strcmp(d, "RESTRICT") && strcmp(d, "NO ACTION"))
                    lw_sqlbuf_appendf(out, " ON DELETE %s", d);
                if (u && strcmp(u, "RESTRICT") && strcmp(u, "NO ACTION"))
                    lw_sqlbuf_appendf(out, " ON UPDATE %s", u);
                continue;
            }
            if (!strcmp(kind, "PRIMARY KEY"))
                lw_sqlbuf_appends(out, ",\n  PRIMARY KEY (");
            else
                lw_sqlbuf_appendf(out, ",\n  %sKEY `%s` (",
                                  !strcmp(kind, "UNIQUE") ? "UNIQUE " : "", kname);
            key_columns(out, cols, ",",
                        strcmp(kind, "KEY") && strcmp(kind, "UNIQUE")
                            ? NULL
                            : (const char *)sqlite3_column_text(st, 7));
            lw_sqlbuf_append(out, ")", 1);
        }
        sqlite3_finalize(st);
    }
    lw_sqlbuf_appendf(out, "\n) ENGINE=%s", engine);
    if (has_auto && next_id > 1)
        lw_sqlbuf_appendf(out, " AUTO_INCREMENT=%lld", next_id);
    const char *cs = collation ? my_collation_charset(collation) : "binary";
    lw_sqlbuf_appendf(out, " DEFAULT CHARSET=%s COLLATE=%s", cs, collation ? collation : "");
    if (comment && comment[0]) {
        lw_sqlbuf_appends(out, " COMMENT='");
        for (const char *p = comment; *p; p++)
            lw_sqlbuf_append(out, *p == '\'' ? "''" : p, *p == '\'' ? 2 : 1);
        lw_sqlbuf_append(out, "'", 1);
    }
    sqlite3_free(name);
    sqlite3_free(engine);
    sqlite3_free(collation);
    sqlite3_free(comment);
    return out->oom ? SQLITE_NOMEM : SQLITE_OK;
}

static void show_create_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *table = (const char *)sqlite3_value_text(argv[0]);
    if (!table)
        return;
    lw_sqlbuf out = {0};
    int rc = show_create(sqlite3_context_db_handle(ctx), table, &out);
    if (rc == SQLITE_OK)
        sqlite3_result_text(ctx, lw_sqlbuf_finish(&out), -1, sqlite3_free);
    else if (rc == SQLITE_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else
        my_error(ctx, 1146, "Table '%s.%s' doesn't exist", MY_DATABASE, table);
    lw_sqlbuf_free(&out);
}

/* ---- my_view_columns ----------------------------------------------------------------------------
 */

/* my_view_columns(VIEW): the view's columns as a JSON array of [name, table, column],
 * the table and column each is read from (SQLite's column metadata), null for a
 * column computed from an expression. NULL for a name that is no view (or one that
 * no longer compiles). */
static void view_columns_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *view = (const char *)sqlite3_value_text(argv[0]);
    if (!view)
        return;
    char *sql = sqlite3_mprintf("SELECT * FROM main.\"%w\"", view);
    sqlite3_stmt *st = NULL;
    if (!sql ||
        sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_free(sql);
        sqlite3_finalize(st);
        return;
    }
    sqlite3_free(sql);
    lw_sqlbuf b = {0};
    lw_sqlbuf_appends(&b, "[");
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        const char *name = sqlite3_column_name(st, i);
        const char *table = sqlite3_column_table_name(st, i);
        const char *column = sqlite3_column_origin_name(st, i);
        const char *parts[3] = {name ? name : "", table, column};
        lw_sqlbuf_appends(&b, i ? ",[" : "[");
        for (int k = 0; k < 3; k++) {
            lw_sqlbuf_appends(&b, k ? "," : "");
            if (!parts[k]) {
                lw_sqlbuf_appends(&b, "null");
                continue;
            }
            my_json_string(&b, parts[k]);
        }
        lw_sqlbuf_appends(&b, "]");
    }
    sqlite3_finalize(st);
    lw_sqlbuf_appends(&b, "]");
    if (b.oom) {
        lw_sqlbuf_free(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, b.s, (int)b.len, SQLITE_TRANSIENT);
    lw_sqlbuf_free(&b);
}

const lw_function_def my_show_functions[] = {
    {"my_show_create", 1, SQLITE_UTF8, show_create_func, NULL, NULL, NULL, NULL},
    {"my_check_clause", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, check_clause_func, NULL, NULL, NULL,
     NULL},
    {"my_cardinality", 2, SQLITE_UTF8, cardinality_func, NULL, NULL, NULL, NULL},
    {"my_view_columns", 1, SQLITE_UTF8, view_columns_func, NULL, NULL, NULL, NULL},
};
const size_t my_show_functions_n = sizeof my_show_functions / sizeof my_show_functions[0];
