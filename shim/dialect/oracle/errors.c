/*
 * The oracle dialect's errors in Oracle's words (lw_dialect.map_error): the runtime's
 * errors already are "ORA-NNNNN: text"; SQLite's own messages are worded from the table
 * below (dialect/errors.h), with the constraint or column Oracle names looked up in the
 * schema and in the statement that failed:
 *
 *   ORA-00001 unique constraint (LIKEWISE.NAME) violated
 *   ORA-01400 cannot insert NULL into ("LIKEWISE"."T"."C"); ORA-01407 for an UPDATE
 *   ORA-02290 check constraint (LIKEWISE.NAME) violated
 *   ORA-02291 integrity constraint (LIKEWISE.NAME) violated - parent key not found;
 *   ORA-02292 ... - child record found (a DELETE or UPDATE of the parent)
 *   ORA-00942 table or view does not exist, ORA-00904 "NAME": invalid identifier,
 *   ORA-00955 name is already used by an existing object, ORA-00918 column ambiguously
 *   defined, ORA-00947 not enough values, ORA-00913 too many values, ORA-01086 (a
 *   savepoint), ORA-01456 (a write in a READ ONLY transaction), ORA-01722 (text that is
 *   no number), ORA-00933 / ORA-00936 for SQLite's syntax errors
 *
 * The SQLSTATE of an ORA number is the one the Pro*C/C++ table "SQLSTATE Status
 * Codes" gives it (docs/oracle.md, section 2); the vendor code is the ORA number.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/lexer.h"
#include "dialect/errors.h"
#include "dialect/oracle/oracle.h"

/* ---- SQLSTATEs --------------------------------------------------------------------- */

static const struct {
    int lo, hi;
    const char *sqlstate;
} states[] = {
    /* rows that name numbers inside the broad 72000 ranges come first */
    {1427, 1427, "21000"},   {1401, 1401, "22001"},   {1406, 1406, "22001"},
    {1405, 1405, "22002"},   {1426, 1426, "22003"},   {1438, 1438, "22003"},
    {1455, 1455, "22003"},   {1457, 1457, "22003"},   {1800, 1899, "22008"},
    {1476, 1476, "22012"},   {911, 911, "22019"},     {1425, 1425, "22019"},
    {1025, 1025, "22023"},   {1488, 1488, "22023"},   {4000, 4019, "22023"},
    {1424, 1424, "22025"},   {1, 1, "23000"},         {2290, 2299, "23000"},
    {1001, 1003, "24000"},   {1410, 1410, "24000"},   {8006, 8006, "24000"},
    {2091, 2092, "40000"},   {22, 22, "42000"},       {251, 251, "42000"},
    {900, 999, "42000"},     {1031, 1031, "42000"},   {1490, 1493, "42000"},
    {1700, 1799, "42000"},   {1900, 2099, "42000"},   {2140, 2289, "42000"},
    {2420, 2424, "42000"},   {2450, 2499, "42000"},   {3276, 3299, "42000"},
    {4040, 4059, "42000"},   {4070, 4099, "42000"},   {1402, 1402, "44000"},
    {18, 35, "61000"},       {50, 68, "61000"},       {2376, 2399, "61000"},
    {4020, 4039, "61000"},   {6500, 6599, "65000"},   {1000, 1099, "72000"},
    {1400, 1489, "72000"},   {1495, 1499, "72000"},   {1500, 1699, "72000"},
    {2400, 2419, "72000"},   {2425, 2449, "72000"},   {4060, 4069, "72000"},
    {8000, 8190, "72000"},   {12000, 12019, "72000"}, {12300, 12499, "72000"},
    {12700, 21999, "72000"},
};

const char *ora_sqlstate(int code)
{
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (code >= states[i].lo && code <= states[i].hi)
            return states[i].sqlstate;
    return "99999";
}

int ora_set_error(lw_dialect_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    lw_dialect_error_set(err, ora_sqlstate(code), 0, "ORA-%05d: %s", code, text ? text : "");
    sqlite3_free(text);
    err->vendor_code = code;
    return LW_ESQL;
}

int ora_walk_error(lw_walker *w, int code, const char *fmt, ...)
{
    if (w->rc)
        return w->rc;
    va_list ap;
    va_start(ap, fmt);
    char *text = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    ora_set_error(w->t->err, code, "%s", text ? text : "");
    sqlite3_free(text);
    return lw_fail(w, LW_ESQL);
}

/* ---- The schema's constraints --------------------------------------------------------- */

/* The statement that failed, past the marks: its table (INSERT INTO t, UPDATE t, DELETE
 * FROM t) into out, its verb in *verb ('I', 'U', 'D' or 0). */
static void written_table(const char *sql, char *out, size_t cap, char *verb)
{
    out[0] = 0;
    *verb = 0;
    if (!sql)
        return;
    while (!strncmp(sql, "/*", 2)) {
        const char *end = strstr(sql, "*/");
        if (!end)
            return;
        sql = end + 2;
        while (*sql == ' ')
            sql++;
    }
    const char *after = NULL;
    if (!sqlite3_strnicmp(sql, "INSERT INTO ", 12))
        after = sql + 12, *verb = 'I';
    else if (!sqlite3_strnicmp(sql, "UPDATE ", 7))
        after = sql + 7, *verb = 'U';
    else if (!sqlite3_strnicmp(sql, "DELETE FROM ", 12))
        after = sql + 12, *verb = 'D';
    if (!after)
        return;
    if (*after == '"') {
        const char *end = strchr(after + 1, '"');
        if (end && (size_t)(end - after - 1) < cap) {
            memcpy(out, after + 1, (size_t)(end - after - 1));
            out[end - after - 1] = 0;
        }
        return;
    }
    size_t n = strcspn(after, " (");
    if (n < cap) {
        memcpy(out, after, n);
        out[n] = 0;
    }
}

/* One constraint of a table's DDL as the dialect wrote it (statements.c). */
typedef struct constraint {
    char name[140];
    char kind;            /* 'P' primary key, 'U' unique, 'R' foreign key, 'C' check */
    char cols[512];       /* its columns, comma-separated */
    char references[140]; /* 'R': the parent table */
} constraint;

/* The name a token of the DDL spells (quotes removed) into out. */
static void token_name(const char *sql, const lw_token *t, char *out, size_t cap)
{
    const char *s = sql + t->offset;
    size_t n = t->length;
    if (t->type == LW_TK_QIDENT && n >= 2) {
        s++;
        n -= 2;
    }
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
}

/* Calls fn for each constraint of table's DDL; stops when fn returns nonzero, which it
 * returns. */
static int each_constraint(sqlite3 *db, const char *table,
                           int (*fn)(const constraint *c, void *arg), void *arg)
{
    sqlite3_stmt *stmt = NULL;
    int result = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1 "
                           "UNION ALL SELECT sql FROM sqlite_temp_schema WHERE type = 'table' "
                           "AND name = ?1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    const char *sql =
        sqlite3_step(stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    if (sql && lw_lex(sql, strlen(sql), 0, &toks, &lerr) == 0) {
        /* the meaningful tokens */
        size_t n = 0;
        for (size_t i = 0; i < toks.len; i++)
            if (!lw_token_is_blank(&toks.items[i]))
                toks.items[n++] = toks.items[i];
        int depth = 0;
        char column[140] = {0};
        int element_start = 0;
        for (size_t i = 0; i < n && !result; i++) {
            const lw_token *t = &toks.items[i];
            if (t->type == LW_TK_LPAREN) {
                if (++depth == 1)
                    element_start = 1;
                continue;
            }
            if (t->type == LW_TK_RPAREN) {
                depth--;
                continue;
            }
            if (depth != 1)
                continue;
            if (t->type == LW_TK_COMMA) {
                element_start = 1;
                continue;
            }
            if (element_start) {
                element_start = 0;
                column[0] = 0;
                if (!lw_token_is_word(sql, t, "CONSTRAINT"))
                    token_name(sql, t, column, sizeof column);
            }
            if (!lw_token_is_word(sql, t, "CONSTRAINT") || i + 2 >= n)
                continue;
            constraint c;
            memset(&c, 0, sizeof c);
            token_name(sql, &toks.items[i + 1], c.name, sizeof c.name);
            size_t k = i + 2;
            const lw_token *kw = &toks.items[k];
            c.kind = lw_token_is_word(sql, kw, "PRIMARY")      ? 'P'
                     : lw_token_is_word(sql, kw, "UNIQUE")     ? 'U'
                     : lw_token_is_word(sql, kw, "CHECK")      ? 'C'
                     : lw_token_is_word(sql, kw, "REFERENCES") ? 'R'
                     : lw_token_is_word(sql, kw, "FOREIGN")    ? 'R'
                                                               : 0;
            if (!c.kind)
                continue;
            /* the columns: a table constraint's list, else the column it is part of */
            size_t j = k + 1;
            while (j < n && toks.items[j].type == LW_TK_WORD &&
                   !lw_token_is_word(sql, &toks.items[j], "REFERENCES"))
                j++;
            if (column[0] && !(j < n && toks.items[j].type == LW_TK_LPAREN && c.kind != 'R')) {
                snprintf(c.cols, sizeof c.cols, "%s", column);
            } else if (j < n && toks.items[j].type == LW_TK_LPAREN) {
                for (j++; j < n && toks.items[j].type != LW_TK_RPAREN; j++) {
                    if (toks.items[j].type == LW_TK_COMMA)
                        continue;
                    char one[140];
                    token_name(sql, &toks.items[j], one, sizeof one);
                    size_t len = strlen(c.cols);
                    snprintf(c.cols + len, sizeof c.cols - len, "%s%s", len ? "," : "", one);
                }
            }
            if (c.kind == 'R') {
                j = k;
                while (j < n && !lw_token_is_word(sql, &toks.items[j], "REFERENCES"))
                    j++;
                if (j + 1 < n)
                    token_name(sql, &toks.items[j + 1], c.references, sizeof c.references);
            }
            result = fn(&c, arg);
        }
    }
    lw_tokens_free(&toks);
    sqlite3_finalize(stmt);
    return result;
}

/* Are the comma-separated lists a and b the same set of names? */
static int same_columns(const char *a, const char *b)
{
    int na = 1, nb = 1;
    for (const char *p = a; *p; p++)
        na += *p == ',';
    for (const char *p = b; *p; p++)
        nb += *p == ',';
    if (na != nb)
        return 0;
    for (const char *p = a; *p;) {
        size_t len = strcspn(p, ",");
        int found = 0;
        for (const char *q = b; *q && !found;) {
            size_t ql = strcspn(q, ",");
            found = ql == len && !memcmp(p, q, len);
            q += ql + (q[ql] == ',');
        }
        if (!found)
            return 0;
        p += len + (p[len] == ',');
    }
    return 1;
}

typedef struct lookup {
    const char *cols;   /* wanted columns */
    const char *parent; /* wanted referenced table */
    char kind;
    char found[140];
} lookup;

static int match_unique(const constraint *c, void *arg)
{
    lookup *l = arg;
    if ((c->kind == 'P' || c->kind == 'U') && same_columns(c->cols, l->cols)) {
        snprintf(l->found, sizeof l->found, "%s", c->name);
        return 1;
    }
    return 0;
}

static int match_fk(const constraint *c, void *arg)
{
    lookup *l = arg;
    if (c->kind == 'R' && (!l->parent || !strcmp(c->references, l->parent))) {
        snprintf(l->found, sizeof l->found, "%s", c->name);
        return 1;
    }
    return 0;
}

/* The unique constraint over "T.A, T.B" (SQLite's wording): its name into out. */
static void unique_name(ora_state *s, const char *cols, char *out, size_t cap)
{
    char table[140] = {0};
    const char *dot = strchr(cols, '.');
    out[0] = 0;
    if (!dot || (size_t)(dot - cols) >= sizeof table)
        return;
    memcpy(table, cols, (size_t)(dot - cols));
    char list[512] = {0};
    for (const char *p = cols; *p;) {
        const char *d = strchr(p, '.');
        if (!d)
            break;
        const char *e = strstr(d, ", ");
        size_t n = e ? (size_t)(e - d - 1) : strlen(d + 1);
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%.*s", len ? "," : "", (int)n, d + 1);
        p = e ? e + 2 : d + 1 + n;
    }
    lookup l = {list, NULL, 'U', {0}};
    if (each_constraint(s->db, table, match_unique, &l)) {
        snprintf(out, cap, "%s", l.found);
        return;
    }
    /* A unique index made by CREATE UNIQUE INDEX is the constraint of its name. */
    sqlite3_stmt *stmt = NULL;
    char *sql = sqlite3_mprintf(
        "SELECT il.name FROM pragma_index_list(?1) il WHERE il.\"unique\" AND il.origin = 'c' "
        "AND (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
        "ORDER BY seqno)) = %Q",
        list);
    if (sql && sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW)
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_free(sql);
}

/* The foreign key a failed statement broke: on the written table (its parent key is
 * missing) for INSERT, on a child table for DELETE. *child says which. */
static void foreign_key(ora_state *s, char *out, size_t cap, int *child)
{
    char table[140], verb;
    written_table(s->last_sql, table, sizeof table, &verb);
    out[0] = 0;
    *child = verb == 'D';
    if (!table[0])
        return;
    lookup l = {NULL, NULL, 'R', {0}};
    if (verb != 'D' && each_constraint(s->db, table, match_fk, &l)) {
        snprintf(out, cap, "%s", l.found);
        *child = 0;
        return;
    }
    /* a table whose foreign key references the written one */
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT DISTINCT m.name FROM sqlite_schema m, "
                           "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND "
                           "f.\"table\" = ?1",
                           -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        l.parent = table;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            if (each_constraint(s->db, (const char *)sqlite3_column_text(stmt, 0), match_fk, &l)) {
                snprintf(out, cap, "%s", l.found);
                *child = 1;
                break;
            }
        }
    }
    sqlite3_finalize(stmt);
}

/* ---- SQLite's messages ----------------------------------------------------------------- */

static int unique_violated(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    char cols[600], name[140];
    snprintf(cols, sizeof cols, "%.*s", (int)n, captured);
    unique_name(state, cols, name, sizeof name);
    ora_set_error(err, 1, "unique constraint (%s.%s) violated", ORA_USER,
                  name[0] ? name : "SYS_C000000");
    return 1;
}

static int not_null_violated(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    ora_state *s = state;
    char table[140], verb;
    written_table(s->last_sql, table, sizeof table, &verb);
    const char *dot = memchr(captured, '.', n);
    size_t tl = dot ? (size_t)(dot - captured) : 0;
    const char *col = dot ? dot + 1 : captured;
    size_t cl = n - (size_t)(col - captured);
    if (verb == 'U')
        ora_set_error(err, 1407, "cannot update (\"%s\".\"%.*s\".\"%.*s\") to NULL", ORA_USER,
                      (int)tl, captured, (int)cl, col);
    else
        ora_set_error(err, 1400, "cannot insert NULL into (\"%s\".\"%.*s\".\"%.*s\")", ORA_USER,
                      (int)tl, captured, (int)cl, col);
    return 1;
}

static int check_violated(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    ora_set_error(err, 2290, "check constraint (%s.%.*s) violated", ORA_USER, (int)n, captured);
    return 1;
}

static int fk_violated(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)captured;
    (void)n;
    ora_state *s = state;
    char name[140], table[140], verb;
    int child;
    written_table(s->last_sql, table, sizeof table, &verb);
    if (s->last_sql && strstr(s->last_sql, "/*lwo-drop:")) {
        ora_set_error(err, 2449, "unique/primary keys in table referenced by foreign keys");
        return 1;
    }
    foreign_key(s, name, sizeof name, &child);
    if (child)
        ora_set_error(err, 2292, "integrity constraint (%s.%s) violated - child record found",
                      ORA_USER, name[0] ? name : "SYS_C000000");
    else
        ora_set_error(err, 2291, "integrity constraint (%s.%s) violated - parent key not found",
                      ORA_USER, name[0] ? name : "SYS_C000000");
    return 1;
}

/* no such column: X or T.X */
static int invalid_identifier(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    const char *dot = memchr(captured, '.', n);
    if (dot)
        ora_set_error(err, 904, "\"%.*s\".\"%.*s\": invalid identifier", (int)(dot - captured),
                      captured, (int)(n - (size_t)(dot - captured) - 1), dot + 1);
    else
        ora_set_error(err, 904, "\"%.*s\": invalid identifier", (int)n, captured);
    return 1;
}

/* "table T has 2 columns but 3 values were supplied", "3 values for 2 columns" */
static int value_count(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    (void)n;
    long cols = 0, vals = 0;
    const char *has = strstr(captured, " has ");
    const char *values_for = has ? strstr(has, " values for ") : NULL;
    if (values_for) {
        /* "table X has N values for M columns": a subquery's column list (insert_select.c) */
        vals = strtol(has + 5, NULL, 10);
        cols = strtol(values_for + 12, NULL, 10);
    } else if (has) {
        cols = strtol(has + 5, NULL, 10);
        const char *but = strstr(has, " but ");
        vals = but ? strtol(but + 5, NULL, 10) : 0;
    } else {
        vals = strtol(captured, NULL, 10);
        const char *f = strstr(captured, " for ");
        cols = f ? strtol(f + 5, NULL, 10) : 0;
    }
    if (vals < cols)
        ora_set_error(err, 947, "not enough values");
    else
        ora_set_error(err, 913, "too many values");
    return 1;
}

static int savepoint_missing(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    ora_set_error(err, 1086, "savepoint '%.*s' never established in this session or is invalid",
                  (int)n, captured);
    return 1;
}

/* An error the runtime raised: "ORA-NNNNN: text". */
static int runtime_error(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    int code = atoi(captured); /* what follows "ORA-" */
    lw_dialect_error_set(err, ora_sqlstate(code), 0, "ORA-%.*s", (int)n, captured);
    err->vendor_code = code;
    return 1;
}

static int plain(void *state, const char *captured, size_t n, lw_dialect_error *err);

/* A form the runtime meets and cannot honour: "0A000: text" (connect_by.c). */
static int runtime_refusal(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)state;
    lw_dialect_error_set(err, "0A000", 1235, "%.*s", (int)n, captured);
    return 1;
}

/* A lock not had: refused at once (another transaction wrote since this serializable one
 * began: ORA-08177), or waited for in vain: ORA-30006 after WAIT n, else ORA-00054. */
static int busy(void *state, const char *captured, size_t n, lw_dialect_error *err)
{
    (void)captured;
    (void)n;
    ora_state *s = state;
    if (!strcmp(err->sqlstate, "40001"))
        ora_set_error(err, 8177, "can't serialize access for this transaction");
    else if (s->last_sql && s->last_sql[sizeof ORA_MARK - 1] == ORA_CLASS_LOCK_WAIT &&
             !strncmp(s->last_sql, ORA_MARK, sizeof ORA_MARK - 1))
        ora_set_error(err, 30006, "resource busy; acquire with WAIT timeout expired");
    else
        ora_set_error(err, 54,
                      "resource busy and acquire with NOWAIT specified or timeout expired");
    return 1;
}

static const lw_error_text ora_errors[] = {
    {LW_ERR_CODE, NULL, SQLITE_BUSY, NULL, NULL, 0, NULL, busy},
    {LW_ERR_PREFIX, "ORA-", 0, NULL, NULL, 0, NULL, runtime_error},
    {LW_ERR_PREFIX, "0A000: ", 0, NULL, NULL, 0, NULL, runtime_refusal},
    {LW_ERR_PREFIX, "UNIQUE constraint failed: ", 0, NULL, NULL, 0, NULL, unique_violated},
    {LW_ERR_PREFIX, "NOT NULL constraint failed: ", 0, NULL, NULL, 0, NULL, not_null_violated},
    {LW_ERR_PREFIX, "CHECK constraint failed: ", 0, NULL, NULL, 0, NULL, check_violated},
    {LW_ERR_PREFIX, "FOREIGN KEY constraint failed", 0, NULL, NULL, 0, NULL, fk_violated},
    {LW_ERR_PREFIX, "no such column: ", 0, NULL, NULL, 0, NULL, invalid_identifier},
    {LW_ERR_PREFIX, "no such function: ", 0, NULL, NULL, 0, NULL, invalid_identifier},
    {LW_ERR_PREFIX, "no such savepoint: ", 0, NULL, NULL, 0, NULL, savepoint_missing},
    {LW_ERR_PREFIX, "table ", 0, " has ", NULL, 0, NULL, value_count},
    {LW_ERR_CONTAINS, " values for ", 0, NULL, NULL, 0, NULL, value_count},
    {LW_ERR_ANY, NULL, 0, NULL, NULL, 0, NULL, plain},
    {0, NULL, 0, NULL, NULL, 0, NULL, NULL},
};

/* The messages that map to a fixed ORA text. */
static int plain(void *state, const char *msg, size_t n, lw_dialect_error *err)
{
    (void)state;
    (void)n;
    static const struct {
        const char *prefix;
        int code;
        const char *text;
    } fixed[] = {
        {"no such table: ", 942, "table or view does not exist"},
        {"no such view: ", 942, "table or view does not exist"},
        {"ambiguous column name: ", 918, "column ambiguously defined"},
        {"attempt to write a readonly database", 1456,
         "may not perform insert/delete/update operation inside a READ ONLY transaction"},
        {"misuse of aggregate", 934, "group function is not allowed here"},
        {"incomplete input", 936, "missing expression"},
        {"decimal(", 1722, "invalid number"},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strncmp(msg, fixed[i].prefix, strlen(fixed[i].prefix))) {
            ora_set_error(err, fixed[i].code, "%s", fixed[i].text);
            return 1;
        }
    if ((!strncmp(msg, "table ", 6) || !strncmp(msg, "index ", 6) || !strncmp(msg, "view ", 5) ||
         !strncmp(msg, "trigger ", 8)) &&
        strstr(msg, " already exists")) {
        ora_set_error(err, 955, "name is already used by an existing object");
        return 1;
    }
    if (!strncmp(msg, "near \"", 6) && strstr(msg, "syntax error")) {
        ora_set_error(err, 933, "SQL command not properly ended");
        return 1;
    }
    return 0;
}

void ora_map_error(void *state, int sqlite_code, const char *sqlite_message, lw_dialect_error *err)
{
    lw_map_error_text(ora_errors, state, sqlite_code, sqlite_message ? sqlite_message : "", err);
}
