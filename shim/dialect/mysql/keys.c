/*
 * Keys in CREATE TABLE for the mysql and mariadb dialects (the statement itself:
 * columns.c; their shared state: create.h):
 *
 *   PRIMARY KEY (..), [UNIQUE] KEY|INDEX [name] (..)   indexes named "<table>.<key>",
 *                       unnamed ones named as MariaDB names them (first column, _2...);
 *                       prefix lengths (name(20)) kept in the catalog for SHOW INDEX
 *   [CONSTRAINT name] FOREIGN KEY (..) REFERENCES t (..) [ON DELETE a] [ON UPDATE a]
 *                       SQLite's foreign keys; names <table>_ibfk_<n> by default; a
 *                       column whose type does not match the referenced one's (INT
 *                       against INT UNSIGNED, VARCHAR against INT) is 1005 errno 150
 *   [CONSTRAINT name] CHECK (expr)   SQLite's CHECK, named as MariaDB names it (4025)
 *
 * A key's columns are checked once every column is read (1072), since MariaDB lets a
 * key come before the column it names; a PRIMARY KEY's columns become NOT NULL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/clauses.h"
#include "dialect/mysql/catalog.h"
#include "dialect/mysql/create.h"

/* Whether the comma-separated list names col (names compare case-insensitively). */
static int list_has(const char *list, const char *col)
{
    size_t n = strlen(col);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && !sqlite3_strnicmp(p, col, (int)n))
            return 1;
        p += len;
        if (*p)
            p++;
    }
    return 0;
}

/* The PRIMARY KEY's columns are NOT NULL: in the output (from the last column back, so
 * that the earlier offsets stay right) and in the catalog. */
void my_create_primary_not_null(lw_walker *w, create *c)
{
    if (!c->primary || w->rc)
        return;
    lw_sqlbuf *out = w->t->out;
    for (int i = c->n_cols - 1; i >= 0; i--) {
        if (c->cols[i].not_null || !list_has(c->primary, c->cols[i].name))
            continue;
        static const char nn[] = "NOT NULL ";
        size_t n = sizeof nn - 1, at = c->cols[i].at, len = out->len;
        lw_sqlbuf_append(out, nn, n); /* room at the end, then moved into place */
        if (out->oom)
            return;
        memmove(out->s + at + n, out->s + at, len - at);
        memcpy(out->s + at, nn, n);
        lw_sqlbuf_appendf(&c->catalog,
                          "UPDATE _lw_mysql_columns SET is_nullable = 'NO' WHERE table_name = %Q "
                          "AND column_name = %Q; ",
                          c->table, c->cols[i].name);
    }
}

/* Names an unnamed KEY or UNIQUE as MariaDB does: its first column, then _2, _3... */
char *my_create_key_name(create *c, const char *first)
{
    char *name = sqlite3_mprintf("%s", first);
    for (int n = 2; name && c->keys.s; n++) {
        char probe[200];
        snprintf(probe, sizeof probe, ",%s,", name);
        if (!strstr(c->keys.s, probe))
            break;
        sqlite3_free(name);
        name = sqlite3_mprintf("%s_%d", first, n);
    }
    if (name)
        lw_sqlbuf_appendf(&c->keys, "%s%s,", c->keys.len ? "" : ",", name);
    return name;
}

/* A parenthesized column list (cols) at the current token: its names, unquoted and
 * comma-separated (sqlite3_free), or NULL after a syntax error. Prefix lengths
 * (col(10)) and ASC/DESC are read and dropped. */
static char *key_column_list(lw_walker *w, char **parts);

static char *column_list(lw_walker *w)
{
    return key_column_list(w, NULL);
}

/* column_list that also gives each column's prefix length (name(20)) in *parts (when not
 * NULL): comma-separated, empty for a whole column ("20," for (name(20), born)), or NULL
 * when no column has one. */
static char *key_column_list(lw_walker *w, char **parts)
{
    lw_sqlbuf sub = {0};
    int any = 0;
    if (parts)
        *parts = NULL;
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        my_syntax_error(w, 0);
        return NULL;
    }
    lw_skip(w);
    lw_sqlbuf b = {0};
    lw_sqlbuf_append(&b, "", 0);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        char *name = my_name(w);
        if (!name)
            break;
        int later = b.len > 0;
        lw_sqlbuf_appendf(&b, "%s%s", later ? "," : "", name);
        sqlite3_free(name);
        if (later)
            lw_sqlbuf_append(&sub, ",", 1);
        if (lw_type_at(w, 0, LW_TK_LPAREN)) {
            if (lw_type_at(w, 1, LW_TK_NUMBER) && lw_type_at(w, 2, LW_TK_RPAREN)) {
                const lw_token *t = lw_tok(w, 1);
                lw_sqlbuf_append(&sub, w->sql + t->offset, t->length);
                any = 1;
            }
            w->p += lw_closing_paren(w, 0) + 1;
        }
        if (lw_word(w, "asc") || lw_word(w, "desc"))
            lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_skip(w);
        else if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
            my_syntax_error(w, 0);
            break;
        }
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    if (parts && any && !w->rc) {
        lw_sqlbuf_append(&sub, "", 0);
        *parts = lw_sqlbuf_finish(&sub);
    }
    lw_sqlbuf_free(&sub);
    return lw_sqlbuf_finish(&b);
}

/* cols "a,b" as SQLite's ("a", "b"). */
static void quoted_columns(lw_sqlbuf *out, const char *cols)
{
    lw_sqlbuf_append(out, "(", 1);
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        lw_sqlbuf_appends(out, p == cols ? "\"" : ", \"");
        for (size_t i = 0; i < n; i++)
            lw_sqlbuf_append(out, p[i] == '"' ? "\"\"" : p + i, p[i] == '"' ? 2 : 1);
        lw_sqlbuf_append(out, "\"", 1);
        p += n;
        if (*p == ',')
            p++;
    }
    lw_sqlbuf_append(out, ")", 1);
}

/* An index of the table named "<table>.<key>"; unique or not. */
static void add_index_parts(create *c, const char *key, const char *cols, int unique,
                            int first_is_ai, const char *parts);

void my_create_add_index(create *c, const char *key, const char *cols, int unique, int first_is_ai)
{
    add_index_parts(c, key, cols, unique, first_is_ai, NULL);
}

/* add_index with the key's prefix lengths (key_column_list's parts), kept in the
 * catalog's definition for SHOW CREATE TABLE and STATISTICS.SUB_PART. */
static void add_index_parts(create *c, const char *key, const char *cols, int unique,
                            int first_is_ai, const char *parts)
{
    lw_sqlbuf_appendf(&c->post, "CREATE %sINDEX \"%w.%w\" ON \"%w\" ", unique ? "UNIQUE " : "",
                      c->table, key, c->table);
    quoted_columns(&c->post, cols);
    lw_sqlbuf_append(&c->post, "; ", 2);
    lw_sqlbuf_appendf(&c->key_columns, "%s%s", c->key_columns.len ? "," : "", cols);
    lw_sqlbuf_appendf(&c->catalog,
                      "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, kind, "
                      "columns, definition) VALUES (%Q, %Q, %Q, %Q, %Q); ",
                      c->table, key, unique ? "UNIQUE" : "KEY", cols, parts);
    if (first_is_ai)
        c->auto_keyed = 1;
}

static int first_column_is(const char *cols, const char *col)
{
    size_t n = strcspn(cols, ",");
    return col && strlen(col) == n && !sqlite3_strnicmp(cols, col, (int)n);
}

/* ON DELETE / ON UPDATE actions; returns the definition's text for messages. */
void my_create_fk_actions(lw_walker *w, lw_sqlbuf *sql, lw_sqlbuf *def, char **on_delete,
                          char **on_update)
{
    while (lw_word(w, "on") && (lw_word_at(w, 1, "delete") || lw_word_at(w, 1, "update"))) {
        int del = lw_word_at(w, 1, "delete");
        w->p += 2;
        const char *action = NULL;
        if (lw_word(w, "cascade"))
            action = "CASCADE", lw_skip(w);
        else if (lw_word(w, "restrict"))
            action = "RESTRICT", lw_skip(w);
        else if (lw_word(w, "set") && lw_word_at(w, 1, "null"))
            action = "SET NULL", w->p += 2;
        else if (lw_word(w, "set") && lw_word_at(w, 1, "default"))
            action = "SET DEFAULT", w->p += 2;
        else if (lw_word(w, "no") && lw_word_at(w, 1, "action"))
            action = "NO ACTION", w->p += 2;
        else {
            my_syntax_error(w, 0);
            return;
        }
        lw_sqlbuf_appendf(sql, " ON %s %s", del ? "DELETE" : "UPDATE", action);
        if (strcmp(action, "RESTRICT") != 0 && strcmp(action, "NO ACTION") != 0)
            lw_sqlbuf_appendf(def, " ON %s %s", del ? "DELETE" : "UPDATE", action);
        char **slot = del ? on_delete : on_update;
        sqlite3_free(*slot);
        *slot = sqlite3_mprintf("%s", action);
    }
}

/* "`a`, `b`" from "a,b". */
static void backticked(lw_sqlbuf *out, const char *cols)
{
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        lw_sqlbuf_appendf(out, "%s`%.*s`", p == cols ? "" : ", ", (int)n, p);
        p += n;
        if (*p == ',')
            p++;
    }
}

/* The class of a declared type for foreign keys: integers by their type and sign
 * (INT UNSIGNED), the character types as one class (lengths may differ), any other type
 * as it is declared. Into buf. */
static const char *key_type_class(const char *decl, char *buf, size_t size)
{
    static const char *const strings[] = {"CHAR",       "VARCHAR",  "TINYTEXT", "TEXT",
                                          "MEDIUMTEXT", "LONGTEXT", NULL};
    size_t n = strcspn(decl, " (");
    for (int i = 0; strings[i]; i++)
        if (strlen(strings[i]) == n && !sqlite3_strnicmp(decl, strings[i], (int)n))
            return "string";
    if (!sqlite3_strnicmp(decl, "INTEGER", 7) && (decl[7] == 0 || decl[7] == ' '))
        snprintf(buf, size, "INT%s", decl + 7);
    else
        snprintf(buf, size, "%s", decl);
    return buf;
}

/* The declared type of column col of the table being created, or NULL. */
static const char *created_column_type(const create *c, const char *col)
{
    for (int i = 0; i < c->n_cols; i++)
        if (c->cols[i].name && !sqlite3_stricmp(c->cols[i].name, col))
            return c->cols[i].declared;
    return NULL;
}

/* MariaDB's errno 150 (1005) for a foreign key whose columns' types do not match the
 * referenced columns' (an INT against an INT UNSIGNED, a VARCHAR against an INT):
 * checked for the columns already read and referenced columns the schema knows. */
static void check_foreign_key_types(lw_walker *w, const create *c, const char *cols,
                                    const char *ref, const char *ref_cols)
{
    for (const char *p = cols, *q = ref_cols; p && q && *p && *q && !w->rc;) {
        size_t n = strcspn(p, ","), m = strcspn(q, ",");
        char *col = sqlite3_mprintf("%.*s", (int)n, p),
             *ref_col = sqlite3_mprintf("%.*s", (int)m, q);
        const char *mine = col ? created_column_type(c, col) : NULL;
        char *theirs = NULL;
        if (ref_col && !sqlite3_stricmp(ref, c->table)) {
            const char *t = created_column_type(c, ref_col);
            theirs = t ? sqlite3_mprintf("%s", t) : NULL;
        } else if (ref_col && w->schema) {
            theirs = lw_schema_declared_type(w->schema, ref, ref_col, 0);
        }
        char a[80], b[80];
        if (mine && theirs &&
            strcmp(key_type_class(mine, a, sizeof a), key_type_class(theirs, b, sizeof b)))
            lw_walk_error(w, LW_ESQL, "HY000", 1005,
                          "Can't create table `%s`.`%s` (errno: 150 \"Foreign key constraint is "
                          "incorrectly formed\")",
                          MY_DATABASE, c->table);
        sqlite3_free(col);
        sqlite3_free(ref_col);
        sqlite3_free(theirs);
        p += n + (p[n] == ',');
        q += m + (q[m] == ',');
    }
}

/* [CONSTRAINT name] FOREIGN KEY [idx] (cols) REFERENCES t (cols) [actions]: the
 * CONSTRAINT words were read (name NULL when none). */
static void foreign_key(lw_walker *w, create *c, const char *name)
{
    lw_skip(w); /* FOREIGN */
    lw_skip(w); /* KEY */
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        lw_skip(w); /* an index name */
    char *cols = column_list(w);
    if (!lw_word(w, "references")) {
        sqlite3_free(cols);
        my_syntax_error(w, 0);
        return;
    }
    lw_skip(w);
    char *ref = my_name(w);
    if (!ref) {
        sqlite3_free(cols);
        return;
    }
    char *ref_cols = lw_type_at(w, 0, LW_TK_LPAREN) ? column_list(w) : NULL;
    check_foreign_key_types(w, c, cols, ref, ref_cols);
    if (cols)
        lw_sqlbuf_appendf(&c->key_columns, "%s%s", c->key_columns.len ? "," : "", cols);
    char *fk_name = name ? sqlite3_mprintf("%s", name)
                         : sqlite3_mprintf("%s_ibfk_%d", c->table, ++c->foreign_keys);
    lw_sqlbuf sql = {0}, def = {0};
    char *on_delete = NULL, *on_update = NULL;
    lw_sqlbuf_append(&def, "FOREIGN KEY (", 13);
    backticked(&def, cols ? cols : "");
    lw_sqlbuf_appendf(&def, ") REFERENCES `%s` (", ref ? ref : "");
    backticked(&def, ref_cols ? ref_cols : "");
    lw_sqlbuf_append(&def, ")", 1);
    my_create_fk_actions(w, &sql, &def, &on_delete, &on_update);
    lw_outf(w, ", CONSTRAINT \"%w\" FOREIGN KEY ", fk_name ? fk_name : "");
    lw_sqlbuf cl = {0};
    quoted_columns(&cl, cols ? cols : "");
    lw_outf(w, "%s REFERENCES \"%w\" ", cl.s ? cl.s : "()", ref ? ref : "");
    lw_sqlbuf_free(&cl);
    if (ref_cols) {
        quoted_columns(&cl, ref_cols);
        lw_out(w, cl.s ? cl.s : "");
        lw_sqlbuf_free(&cl);
    }
    lw_outf(w, "%s ", sql.s ? sql.s : "");
    lw_sqlbuf_appendf(&c->catalog,
                      "INSERT OR REPLACE INTO _lw_mysql_constraints VALUES (%Q, %Q, 'FOREIGN KEY', "
                      "%Q, %Q, %Q, %Q, %Q, %Q); ",
                      c->table, fk_name, cols, def.s, ref, ref_cols, on_delete, on_update);
    lw_sqlbuf_free(&sql);
    lw_sqlbuf_free(&def);
    sqlite3_free(cols);
    sqlite3_free(ref);
    sqlite3_free(ref_cols);
    sqlite3_free(fk_name);
    sqlite3_free(on_delete);
    sqlite3_free(on_update);
}

/* CHECK (expr) named name (SQLite's CONSTRAINT), its clause in the catalog. */
void my_create_check_constraint(lw_walker *w, create *c, const char *name)
{
    lw_skip(w); /* CHECK */
    size_t first = w->p;
    lw_outf(w, "CONSTRAINT \"%w\" CHECK ", name);
    lw_parse_expr(w, 0);
    const lw_token *a = &w->tk[w->at[first]], *b = &w->tk[w->at[w->p - 1]];
    char *clause = sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset),
                                   w->t->sql + w->t->tokens[w->at[first]].offset);
    lw_sqlbuf_appendf(&c->catalog,
                      "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, kind, "
                      "definition) VALUES (%Q, %Q, 'CHECK', %Q); ",
                      c->table, name, clause);
    sqlite3_free(clause);
}

/* A table element that is not a column: keys, foreign keys, checks. Returns 1 when it
 * was one. */
int my_create_table_constraint(lw_walker *w, create *c)
{
    char *name = NULL;
    if (lw_word(w, "constraint")) {
        lw_skip(w);
        if (!lw_word(w, "primary") && !lw_word(w, "unique") && !lw_word(w, "foreign") &&
            !lw_word(w, "check")) {
            name = my_name(w);
            if (!name)
                return 1;
        }
    } else if (!lw_word(w, "primary") && !lw_word(w, "unique") && !lw_word(w, "foreign") &&
               !lw_word(w, "check") && !lw_word(w, "key") && !lw_word(w, "index") &&
               !lw_word(w, "fulltext") && !lw_word(w, "spatial")) {
        return 0;
    }
    if (lw_word(w, "fulltext") || lw_word(w, "spatial")) {
        lw_refuse(w, "%s keys", lw_word(w, "fulltext") ? "FULLTEXT" : "SPATIAL");
    } else if (lw_word(w, "primary")) {
        w->p += 2;
        if (lw_word(w, "using"))
            w->p += 2;
        char *cols = column_list(w);
        if (cols) {
            lw_out(w, ", PRIMARY KEY ");
            lw_sqlbuf q = {0};
            quoted_columns(&q, cols);
            lw_outf(w, "%s ", q.s ? q.s : "()");
            lw_sqlbuf_free(&q);
            lw_sqlbuf_appendf(&c->catalog,
                              "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, "
                              "kind, columns) VALUES (%Q, 'PRIMARY', 'PRIMARY KEY', %Q); ",
                              c->table, cols);
            if (first_column_is(cols, c->auto_column))
                c->auto_keyed = 1;
            sqlite3_free(c->primary);
            c->primary = cols;
            cols = NULL;
        }
        sqlite3_free(cols);
    } else if (lw_word(w, "foreign")) {
        foreign_key(w, c, name);
    } else if (lw_word(w, "check")) {
        char *cname = name ? sqlite3_mprintf("%s", name)
                           : sqlite3_mprintf("CONSTRAINT_%d", ++c->unnamed_checks);
        lw_out(w, ", ");
        my_create_check_constraint(w, c, cname ? cname : "");
        sqlite3_free(cname);
    } else {
        /* [UNIQUE] [KEY | INDEX] [name] [USING BTREE] (cols) */
        int unique = lw_word(w, "unique");
        if (unique)
            lw_skip(w);
        if (lw_word(w, "key") || lw_word(w, "index"))
            lw_skip(w);
        char *key = NULL;
        if (!lw_type_at(w, 0, LW_TK_LPAREN) && !lw_word(w, "using")) {
            key = my_name(w);
            if (!key) {
                sqlite3_free(name);
                return 1;
            }
        }
        if (lw_word(w, "using"))
            w->p += 2;
        char *parts = NULL;
        char *cols = key_column_list(w, &parts);
        while (lw_word(w, "using") || lw_word(w, "comment") || lw_word(w, "key_block_size"))
            w->p += 2;
        if (cols) {
            char first[200];
            snprintf(first, sizeof first, "%.*s", (int)strcspn(cols, ","), cols);
            char *kname;
            if (key) {
                /* A named key keeps its name, and later unnamed ones avoid it. */
                lw_sqlbuf_appendf(&c->keys, "%s%s,", c->keys.len ? "" : ",", key);
                kname = sqlite3_mprintf("%s", key);
            } else {
                kname = my_create_key_name(c, first);
            }
            if (!key && name) {
                sqlite3_free(kname);
                kname = sqlite3_mprintf("%s", name);
            }
            add_index_parts(c, kname ? kname : first, cols, unique,
                            first_column_is(cols, c->auto_column), parts);
            sqlite3_free(kname);
        }
        sqlite3_free(parts);
        sqlite3_free(cols);
        sqlite3_free(key);
    }
    sqlite3_free(name);
    return 1;
}

/* A key naming a column the table lacks: 1072, as MariaDB checks keys after the columns
 * (a key may come before the column it names). */
void my_create_check_key_columns(lw_walker *w, const create *c)
{
    const char *lists[] = {c->key_columns.s, c->primary};
    for (int l = 0; l < 2 && !w->rc; l++) {
        for (const char *p = lists[l]; p && *p && !w->rc;) {
            size_t n = strcspn(p, ",");
            int found = 0;
            for (int i = 0; i < c->n_cols && !found; i++)
                found = c->cols[i].name && strlen(c->cols[i].name) == n &&
                        !sqlite3_strnicmp(c->cols[i].name, p, (int)n);
            if (!found)
                lw_walk_error(w, LW_ESQL, "42000", 1072, "Key column '%.*s' doesn't exist in table",
                              (int)n, p);
            p += n + (p[n] == ',');
        }
    }
}
