/*
 * The postgresql dialect's statements (the rules' statement table, postgresql.c):
 *
 *   CREATE TABLE       columns typed (types.c) with PostgreSQL's checks on stored
 *                      values, SERIAL and IDENTITY through sequences, conversions by
 *                      triggers (pg_exec runs the table and its triggers as one call);
 *                      INHERITS, PARTITION BY, EXCLUDE, LIKE, generated columns refused
 *   CREATE SEQUENCE / DROP SEQUENCE   pg_create_sequence / pg_drop_sequence
 *   CREATE EXTENSION   accepted for the extensions whose functions exist here
 *   CREATE INDEX       CONCURRENTLY and USING btree dropped; other methods refused
 *   ALTER TABLE ... ADD COLUMN (a converted type gets triggers of its own; serial and
 *                      identity columns refused), DROP (no CASCADE), TRUNCATE (pg_truncate)
 *   SET / RESET / SHOW settings (pg_set_config, current_setting)
 *   DELETE ... USING   DELETE ... WHERE EXISTS (SELECT 1 FROM ... WHERE ...)
 *   SAVEPOINT, RELEASE, ROLLBACK TO
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dialect/clauses.h"
#include "dialect/ddl.h"
#include "dialect/postgresql/catalog.h"
#include "dialect/postgresql/postgresql.h"

/* Writes a column type and the checks PostgreSQL makes on stored values: SERIAL and
 * IDENTITY columns fed by a sequence the column owns (created with the table, its
 * statement in extra), the rest as the column table says (types.c). */
static void column_type(lw_walker *w, const char *table, const char *col, int *identity,
                        lw_sqlbuf *norm, lw_sqlbuf *extra)
{
    lw_sql_type ty;
    if (lw_parse_type(w, &ty))
        return;
    if (*identity && (ty.kind == LW_K_INT2 || ty.kind == LW_K_INT4 || ty.kind == LW_K_INT8))
        ty.kind = ty.kind == LW_K_INT2   ? LW_K_SERIAL2
                  : ty.kind == LW_K_INT4 ? LW_K_SERIAL4
                                         : LW_K_SERIAL8;
    if (ty.kind == LW_K_SERIAL2 || ty.kind == LW_K_SERIAL4 || ty.kind == LW_K_SERIAL8) {
        /* A sequence feeds the column, as in PostgreSQL: ids are never reused and an
         * explicit id does not move it. INT (not INTEGER) keeps the column apart from
         * SQLite's rowid, which would ignore the DEFAULT. */
        lw_outf(w, "%s NOT NULL DEFAULT (pg_serial_nextval('%q_%q_seq')) ",
                ty.kind == LW_K_SERIAL8   ? "BIGINT"
                : ty.kind == LW_K_SERIAL2 ? "SMALLINT"
                                          : "INT",
                table, col);
        lw_sqlbuf_appendf(extra, "SELECT pg_create_serial_sequence('%q_%q_seq', '%s', '%q', '%q');",
                          table, col,
                          ty.kind == LW_K_SERIAL8   ? "int8"
                          : ty.kind == LW_K_SERIAL2 ? "int2"
                                                    : "int4",
                          table, col);
        *identity = 1;
        return;
    }
    lw_ddl_column_type(w, &ty, col, norm);
}

/* PostgreSQL's name for an unnamed constraint, <table>[_cols]_<suffix>, numbered when
 * the table already has it (ChooseConstraintName): t_a_check, t_a_check1. Written as
 * CONSTRAINT "name" and remembered in used. */
static void write_constraint_name(lw_walker *w, lw_tm_names *used, const char *table,
                                  const lw_tm_names *cols, const char *suffix)
{
    lw_sqlbuf base = {0};
    lw_sqlbuf_appends(&base, table);
    for (int i = 0; cols && i < cols->n; i++)
        lw_sqlbuf_appendf(&base, "_%s", cols->v[i]);
    char *name = sqlite3_mprintf("%s_%s", base.s ? base.s : "", suffix);
    for (int k = 1; name; k++) {
        int taken = 0;
        for (int i = 0; i < used->n && !taken; i++)
            taken = !strcmp(used->v[i], name);
        if (!taken)
            break;
        sqlite3_free(name);
        name = sqlite3_mprintf("%s_%s%d", base.s ? base.s : "", suffix, k);
    }
    if (!name || lw_tm_names_add(used, name, -1))
        w->t->out->oom = 1;
    lw_outf(w, "CONSTRAINT \"%w\" ", name ? name : "");
    sqlite3_free(name);
    lw_sqlbuf_free(&base);
}

/* The names in the parenthesised list k tokens ahead (folded, unquoted). */
static void paren_names(lw_walker *w, size_t k, lw_tm_names *out)
{
    if (!lw_type_at(w, k, LW_TK_LPAREN))
        return;
    for (k++; w->p + k < w->n && !lw_type_at(w, k, LW_TK_RPAREN); k++)
        if (lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_QIDENT)) {
            char *name = lw_ident_text(w, w->p + k);
            if (!name || lw_tm_names_add(out, name, -1))
                w->t->out->oom = 1;
            sqlite3_free(name);
        }
}

/* The columns (of those defined so far) a CHECK's expression k tokens ahead names: a
 * check is named after its one column, or after the table when it reads several. */
static void check_names(lw_walker *w, size_t k, char **columns, int n_columns, lw_tm_names *out)
{
    size_t end = k + lw_closing_paren(w, k);
    int found = -1, count = 0;
    for (int c = 0; c < n_columns; c++) {
        int seen = 0;
        for (size_t i = k; i < end && !seen; i++) {
            const lw_token *t = lw_tok(w, i);
            if (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)
                continue;
            char *name = lw_ident_text(w, w->p + i);
            seen = name && !strcmp(name, columns[c]);
            sqlite3_free(name);
        }
        if (seen) {
            found = c;
            count++;
        }
    }
    if (count == 1 && lw_tm_names_add(out, columns[found], -1))
        w->t->out->oom = 1;
}

static int create_table(lw_walker *w, int temp)
{
    (void)temp;
    /* CREATE [TEMP] TABLE [IF NOT EXISTS] name ( elements ) */
    size_t start = lw_here(w);
    while (!lw_at_end(w) && !lw_word(w, "table"))
        lw_emit(w);
    lw_emit(w);
    if (lw_word(w, "if")) {
        lw_emit(w);
        lw_emit(w);
        lw_emit(w);
    }
    char *table = lw_tok_text(w, 0);
    if (!table)
        return lw_refuse(w, "CREATE TABLE without a name");
    char *bare = table;
    if (table[0] == '"') {
        size_t n = strlen(table);
        table[n - 1] = 0;
        bare = table + 1;
    }
    lw_emit_name(w);
    while (lw_type_at(w, 0, LW_TK_DOT)) {
        lw_emit(w);
        sqlite3_free(table);
        table = lw_tok_text(w, 0);
        bare = table ? table : "";
        lw_emit_name(w);
    }
    if (lw_word(w, "as") || lw_word(w, "partition") || lw_word(w, "of")) {
        if (!lw_word(w, "as"))
            lw_refuse(w, "CREATE TABLE ... PARTITION");
        lw_walk_until(w, 0);
        sqlite3_free(table);
        return w->rc;
    }
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        sqlite3_free(table);
        return lw_refuse(w, "this form of CREATE TABLE");
    }
    lw_emit(w);
    lw_sqlbuf norm = {0}, extra = {0};
    lw_tm_names used = {0}, key = {0}; /* constraint names given; table PRIMARY KEY columns */
    char **columns = NULL;     /* the column names, for spellings SQLite cannot tell apart */
    size_t *column_end = NULL; /* where each column's definition ends in the output */
    int n_columns = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (lw_word(w, "constraint") || lw_word(w, "primary") || lw_word(w, "unique") ||
            lw_word(w, "check") || lw_word(w, "foreign") || lw_word(w, "exclude") ||
            lw_word(w, "like")) {
            /* A table constraint, with PostgreSQL's name when it has none. */
            if (lw_word(w, "exclude") || lw_word(w, "like")) {
                lw_refuse(w, "%s in CREATE TABLE", lw_word(w, "like") ? "LIKE" : "EXCLUDE");
                break;
            }
            size_t k = 0;
            if (lw_word(w, "constraint")) {
                char *name = lw_ident_text(w, w->p + 1);
                if (!name || lw_tm_names_add(&used, name, -1))
                    w->t->out->oom = 1;
                sqlite3_free(name);
                k = 2;
            }
            lw_tm_names cols = {0};
            if (lw_word_at(w, k, "primary")) {
                paren_names(w, k + 2, &key);
                if (!k)
                    write_constraint_name(w, &used, bare, NULL, "pkey");
            } else if (lw_word_at(w, k, "unique") || lw_word_at(w, k, "foreign")) {
                int unique = lw_word_at(w, k, "unique");
                paren_names(w, k + (unique ? 1 : 2), &cols);
                if (!k)
                    write_constraint_name(w, &used, bare, &cols, unique ? "key" : "fkey");
            } else if (lw_word_at(w, k, "check") && !k) {
                check_names(w, 1, columns, n_columns, &cols);
                write_constraint_name(w, &used, bare, &cols, "check");
            }
            lw_tm_names_free(&cols);
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
                   !lw_type_at(w, 0, LW_TK_RPAREN)) {
                if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                    lw_emit(w);
                    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                        lw_parse_expr(w, 0), lw_type_at(w, 0, LW_TK_COMMA) ? lw_emit(w) : (void)0;
                    lw_emit(w);
                } else {
                    lw_emit(w);
                }
            }
        } else {
            /* A column: name type [constraints]. */
            char *col = lw_tok_text(w, 0);
            char *bcol = col;
            if (col && col[0] == '"') {
                col[strlen(col) - 1] = 0;
                bcol = col + 1;
            }
            lw_emit_name(w);
            char **grown = sqlite3_realloc64(columns, (size_t)(n_columns + 1) * sizeof *columns);
            size_t *ends =
                sqlite3_realloc64(column_end, (size_t)(n_columns + 1) * sizeof *column_end);
            char *copy = grown && ends ? sqlite3_mprintf("%s", bcol ? bcol : "") : NULL;
            if (grown)
                columns = grown;
            if (ends)
                column_end = ends;
            if (copy)
                columns[n_columns++] = copy;
            else
                w->t->out->oom = 1;
            int identity = lw_column_has_word(w, "identity");
            int named = 0; /* the next column constraint has a CONSTRAINT name */
            lw_tm_names one = {copy ? &columns[n_columns - 1] : NULL, copy ? 1 : 0};
            column_type(w, bare, bcol ? bcol : "", &identity, &norm, &extra);
            while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
                   !lw_type_at(w, 0, LW_TK_RPAREN)) {
                if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
                    /* PostgreSQL's key columns are NOT NULL (SQLite lets a PRIMARY KEY
                     * other than an INTEGER one hold NULL). */
                    if (!named)
                        write_constraint_name(w, &used, bare, NULL, "pkey");
                    lw_emit(w);
                    lw_emit(w);
                    lw_out(w, "NOT NULL ");
                } else if (lw_word(w, "unique")) {
                    if (!named)
                        write_constraint_name(w, &used, bare, &one, "key");
                    lw_emit(w);
                } else if (lw_word(w, "generated")) {
                    /* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)] */
                    int always = lw_word_at(w, 1, "always");
                    size_t k = always ? 2 : 3;
                    if (!lw_word_at(w, k, "as") || !lw_word_at(w, k + 1, "identity")) {
                        lw_refuse(w, "generated columns");
                        break;
                    }
                    w->p += k + 2;
                    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                        lw_refuse(w, "identity sequence options");
                        break;
                    }
                    if (always) {
                        char *seq = sqlite3_mprintf("%s_%s_seq", bare, bcol ? bcol : "");
                        char *trigger =
                            seq ? lw_pg_identity_trigger(bare, bcol ? bcol : "", seq) : NULL;
                        lw_sqlbuf_appendf(&extra, "%s;", trigger ? trigger : "");
                        if (!trigger)
                            w->t->out->oom = 1;
                        sqlite3_free(seq);
                        sqlite3_free(trigger);
                    }
                } else if (lw_word(w, "default")) {
                    lw_skip(w);
                    lw_out(w, "DEFAULT (");
                    lw_parse_expr(w, BP_IS);
                    lw_out(w, ") ");
                } else if (lw_word(w, "references")) {
                    if (!named)
                        write_constraint_name(w, &used, bare, &one, "fkey");
                    lw_emit(w);
                    lw_emit(w);
                    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                        lw_emit(w);
                        while (!lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN))
                            lw_emit(w);
                        lw_emit(w);
                    }
                } else if (lw_word(w, "check")) {
                    if (!named)
                        write_constraint_name(w, &used, bare, &one, "check");
                    lw_emit(w);
                    lw_parse_expr(w, 0);
                } else if (lw_word(w, "constraint")) {
                    char *name = lw_ident_text(w, w->p + 1);
                    if (!name || lw_tm_names_add(&used, name, -1))
                        w->t->out->oom = 1;
                    sqlite3_free(name);
                    lw_emit(w);
                    lw_emit(w);
                    named = 1;
                    continue;
                } else if (lw_word(w, "collate")) {
                    lw_emit(w);
                    if (lw_word(w, "c") || lw_word(w, "posix")) {
                        lw_skip(w);
                        lw_out(w, "BINARY ");
                    } else {
                        lw_emit(w);
                    }
                } else {
                    lw_emit(w);
                    continue;
                }
                named = 0;
            }
            if (copy)
                column_end[n_columns - 1] = lw_here(w);
            sqlite3_free(col);
        }
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_emit(w);
    }
    /* A table PRIMARY KEY's columns are NOT NULL: written after their definitions,
     * the last first so the earlier offsets hold. */
    for (int c = n_columns - 1; c >= 0 && !w->rc; c--)
        for (int i = 0; i < key.n; i++)
            if (!strcmp(key.v[i], columns[c])) {
                lw_insert_at(w, column_end[c], "NOT NULL ");
                break;
            }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    int twin_a, twin_b;
    if (!w->rc && lw_pg_case_twins(columns, n_columns, &twin_a, &twin_b))
        lw_refuse(w, "a table with columns \"%s\" and \"%s\" (names that differ only in case)",
                  columns[twin_a], columns[twin_b]);
    for (int i = 0; i < n_columns; i++)
        sqlite3_free(columns[i]);
    sqlite3_free(columns);
    sqlite3_free(column_end);
    lw_tm_names_free(&used);
    lw_tm_names_free(&key);
    if (lw_word(w, "inherits") || lw_word(w, "partition") || lw_word(w, "with") ||
        lw_word(w, "tablespace")) {
        lw_refuse(w, "CREATE TABLE ... %s",
                  lw_word(w, "inherits")    ? "INHERITS"
                  : lw_word(w, "partition") ? "PARTITION BY"
                  : lw_word(w, "with")      ? "WITH (...)"
                                            : "TABLESPACE");
    }
    if (!lw_at_end(w) && !w->rc)
        lw_walk_until(w, 0);
    lw_ddl_finish(w, start, bare, &norm, &extra);
    lw_sqlbuf_free(&norm);
    lw_sqlbuf_free(&extra);
    sqlite3_free(table);
    return w->rc;
}

/* CREATE SEQUENCE [IF NOT EXISTS] name [options] -> pg_create_sequence(...) */
static int create_sequence(lw_walker *w)
{
    int if_not_exists = 0;
    if (lw_word(w, "if")) {
        w->p += 3;
        if_not_exists = 1;
    }
    char *name = lw_tok_text(w, 0);
    lw_skip(w);
    long long start = 0, inc = 1, minv = 0, maxv = 0;
    int has_start = 0, has_min = 0, has_max = 0;
    const char *type = "int8";
    while (!w->rc && !lw_at_end(w)) {
        int neg = 0;
        long long *target = NULL;
        int *flag = NULL;
        if (lw_word(w, "start")) {
            lw_skip(w);
            if (lw_word(w, "with"))
                lw_skip(w);
            target = &start;
            flag = &has_start;
        } else if (lw_word(w, "increment")) {
            lw_skip(w);
            if (lw_word(w, "by"))
                lw_skip(w);
            target = &inc;
        } else if (lw_word(w, "minvalue")) {
            lw_skip(w);
            target = &minv;
            flag = &has_min;
        } else if (lw_word(w, "maxvalue")) {
            lw_skip(w);
            target = &maxv;
            flag = &has_max;
        } else if (lw_word(w, "as")) {
            lw_skip(w);
            lw_sql_type ty;
            if (lw_parse_type(w, &ty))
                break;
            if (ty.kind != LW_K_INT2 && ty.kind != LW_K_INT4 && ty.kind != LW_K_INT8) {
                lw_walk_error(w, LW_ESQL, "22023", 1064,
                              "sequence type must be smallint, integer, or bigint");
                break;
            }
            type = ty.kind == LW_K_INT2 ? "int2" : ty.kind == LW_K_INT4 ? "int4" : "int8";
            continue;
        } else if (lw_word(w, "no") || lw_word(w, "cache")) {
            lw_skip(w);
            if (lw_word(w, "minvalue") || lw_word(w, "maxvalue") || lw_word(w, "cycle") ||
                lw_word(w, "bigint") || lw_word(w, "integer") || lw_word(w, "smallint") ||
                lw_type_at(w, 0, LW_TK_NUMBER))
                lw_skip(w);
            continue;
        } else if (lw_word(w, "cycle") || lw_word(w, "owned")) {
            lw_refuse(w, "CREATE SEQUENCE ... %s", lw_word(w, "cycle") ? "CYCLE" : "OWNED BY");
            break;
        } else {
            lw_refuse(w, "this CREATE SEQUENCE option");
            break;
        }
        if (lw_op_at(w, 0, "-")) {
            neg = 1;
            lw_skip(w);
        }
        if (lw_read_int(w, target)) {
            lw_refuse(w, "this CREATE SEQUENCE value");
            break;
        }
        if (neg)
            *target = -*target;
        if (flag)
            *flag = 1;
    }
    char *lit = name ? sqlite3_mprintf("%Q", name) : NULL;
    lw_outf(w, "SELECT 1 WHERE typeof(pg_create_sequence(%s, ", lit ? lit : "NULL");
    sqlite3_free(lit);
    if (has_start)
        lw_outf(w, "%lld, ", start);
    else
        lw_out(w, "NULL, ");
    lw_outf(w, "%lld, ", inc);
    if (has_min)
        lw_outf(w, "%lld, ", minv);
    else
        lw_out(w, "NULL, ");
    if (has_max)
        lw_outf(w, "%lld, ", maxv);
    else
        lw_out(w, "NULL, ");
    lw_outf(w, "%d, '%s')) = 'none'", if_not_exists, type);
    w->consumed = 1;
    sqlite3_free(name);
    return w->rc;
}

/* ---- SET, SHOW, RESET ----------------------------------------------------------------- */

static int set_statement(lw_walker *w)
{
    lw_skip(w); /* SET */
    if (lw_word(w, "session") && !lw_word_at(w, 1, "characteristics"))
        lw_skip(w);
    int is_local = 0;
    if (lw_word(w, "local")) {
        is_local = 1;
        lw_skip(w);
    }
    if (lw_word(w, "transaction"))
        /* The core runs the forms it knows (LW_KIND_SET_TXN): the rest would be ignored. */
        return lw_refuse(w, "this form of SET TRANSACTION");
    if (lw_word(w, "session")) {
        /* SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...: SQLite
         * transactions are serializable. */
        while (!lw_at_end(w)) {
            if (lw_word(w, "read") && lw_word_at(w, 1, "only"))
                return lw_refuse(w, "READ ONLY transactions");
            lw_skip(w);
        }
        lw_out(w, "SELECT 1 WHERE 0");
        w->consumed = 1;
        return w->rc;
    }
    char *name;
    if (lw_word(w, "time") && lw_word_at(w, 1, "zone")) {
        w->p += 2;
        name = sqlite3_mprintf("timezone");
    } else {
        name = lw_tok_text(w, 0);
        lw_skip(w);
        while (lw_type_at(w, 0, LW_TK_DOT) && name) {
            char *more = lw_tok_text(w, 1);
            char *joined = sqlite3_mprintf("%s.%s", name, more ? more : "");
            sqlite3_free(name);
            sqlite3_free(more);
            name = joined;
            w->p += 2;
        }
        if (lw_word(w, "to") || lw_op_at(w, 0, "="))
            lw_skip(w);
    }
    lw_sqlbuf value = {0};
    int is_default = 0;
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        if (t->type == LW_TK_COMMA) {
            lw_sqlbuf_appends(&value, ", ");
        } else if (t->type == LW_TK_STRING) {
            lw_sqlbuf v = {0};
            if (lw_string_value(w, 0, &v) == 0)
                lw_sqlbuf_append(&value, v.s ? v.s : "", v.len);
            lw_sqlbuf_free(&v);
        } else if (lw_word(w, "default") || lw_word(w, "local")) {
            is_default = 1;
        } else if (lw_word(w, "interval") && lw_type_at(w, 1, LW_TK_STRING)) {
            /* SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE: PostgreSQL hands the
             * setting "INTERVAL '<text>'"; the field range changes nothing here. */
            lw_sqlbuf v = {0};
            if (lw_string_value(w, 1, &v) == 0)
                lw_sqlbuf_appendf(&value, "INTERVAL '%s'", v.s ? v.s : "");
            lw_sqlbuf_free(&v);
            w->p++;
            while (lw_type_at(w, 1, LW_TK_WORD))
                lw_skip(w);
        } else {
            lw_sqlbuf_append(&value, w->sql + t->offset, t->length);
        }
        lw_skip(w);
    }
    char *lit_name = sqlite3_mprintf("%Q", name ? name : "");
    char *lit_value = is_default ? NULL : sqlite3_mprintf("%Q", value.s ? value.s : "");
    lw_outf(w, "SELECT 1 WHERE typeof(pg_set_config(%s, %s, %d)) = 'none'",
            lit_name ? lit_name : "NULL", lit_value ? lit_value : "NULL", is_local);
    w->consumed = 1;
    sqlite3_free(lit_name);
    sqlite3_free(lit_value);
    sqlite3_free(name);
    lw_sqlbuf_free(&value);
    return w->rc;
}

/* ---- Statement dispatch ----------------------------------------------------------------- */

/* CREATE TABLE, SEQUENCE, EXTENSION, INDEX, VIEW; other objects are refused. */
int pg_create(lw_walker *w)
{
    size_t k = 1;
    while (lw_word_at(w, k, "temp") || lw_word_at(w, k, "temporary") ||
           lw_word_at(w, k, "unlogged") || lw_word_at(w, k, "or") || lw_word_at(w, k, "replace") ||
           lw_word_at(w, k, "unique"))
        k++;
    if (lw_word_at(w, k, "table")) {
        if (lw_word_at(w, 1, "unlogged"))
            w->p++; /* UNLOGGED changes durability, never answers */
        return create_table(w, lw_word_at(w, 1, "temp") || lw_word_at(w, 1, "temporary"));
    }
    if (lw_word_at(w, k, "sequence")) {
        w->p += k + 1;
        return create_sequence(w);
    }
    if (lw_word_at(w, k, "extension")) {
        w->p += k + 1;
        if (lw_word(w, "if"))
            w->p += 3;
        const lw_token *t = lw_tok(w, 0);
        static const char *const known[] = {"pgcrypto", "uuid-ossp", "\"uuid-ossp\"", "plpgsql",
                                            "citext"};
        for (size_t i = 0; t && i < sizeof known / sizeof known[0]; i++)
            if (t->length == strlen(known[i]) &&
                strncasecmp(w->sql + t->offset, known[i], t->length) == 0) {
                lw_out(w, "SELECT 1 WHERE 0");
                w->consumed = 1;
                return 0;
            }
        return lw_refuse(w, "the extension %.*s", t ? (int)t->length : 0,
                         t ? lw_spelled(w, t) : "");
    }
    if (lw_word_at(w, k, "index")) {
        /* CONCURRENTLY and USING btree change nothing SQLite would answer. */
        while (!w->rc && !lw_at_end(w)) {
            if (lw_word(w, "concurrently")) {
                lw_skip(w);
            } else if (lw_word(w, "using")) {
                if (!lw_word_at(w, 1, "btree"))
                    return lw_refuse(w, "index methods other than btree");
                w->p += 2;
            } else if (lw_word(w, "include")) {
                return lw_refuse(w, "INCLUDE in CREATE INDEX");
            } else if (lw_word(w, "where")) {
                lw_emit(w);
                lw_parse_expr(w, 0);
            } else if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                lw_emit(w);
                while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
                    lw_parse_expr(w, 0);
                    /* An operator class (varchar_pattern_ops) changes nothing SQLite
                     * compares; a comment keeps it for pg_indexes (catalog.c). */
                    if (lw_type_at(w, 0, LW_TK_WORD) && !lw_word(w, "asc") && !lw_word(w, "desc") &&
                        !lw_word(w, "nulls") && !lw_word(w, "collate")) {
                        const lw_token *t = lw_tok(w, 0);
                        lw_outf(w, "/*%.*s*/ ", (int)t->length, w->sql + t->offset);
                        lw_skip(w);
                    }
                    if (lw_word(w, "asc") || lw_word(w, "desc"))
                        lw_emit(w);
                    if (lw_word(w, "nulls"))
                        return lw_refuse(w, "NULLS FIRST/LAST in an index");
                    if (!lw_next_item(w))
                        break;
                }
                lw_emit(w);
            } else {
                lw_emit(w);
            }
        }
        return w->rc;
    }
    if (lw_word_at(w, k, "view")) {
        lw_walk_until(w, 0);
        return w->rc;
    }
    const lw_token *t = lw_tok(w, k);
    return lw_refuse(w, "CREATE %.*s", t ? (int)t->length : 0, t ? lw_spelled(w, t) : "");
}

/* DROP SEQUENCE and EXTENSION as functions; other objects one at a time, without
 * CASCADE. */
int pg_drop(lw_walker *w)
{
    if (lw_word_at(w, 1, "sequence")) {
        w->p += 2;
        int if_exists = 0;
        if (lw_word(w, "if")) {
            w->p += 2;
            if_exists = 1;
        }
        char *name = lw_tok_text(w, 0);
        char *lit = sqlite3_mprintf("%Q", name ? name : "");
        lw_outf(w, "SELECT 1 WHERE typeof(pg_drop_sequence(%s, %d)) = 'none'", lit ? lit : "NULL",
                if_exists);
        w->consumed = 1;
        sqlite3_free(lit);
        sqlite3_free(name);
        lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_COMMA))
            return lw_refuse(w, "dropping several sequences in one statement");
        return w->rc;
    }
    if (lw_word_at(w, 1, "extension")) {
        lw_out(w, "SELECT 1 WHERE 0");
        w->consumed = 1;
        return 0;
    }
    if (lw_word_at(w, 1, "table")) {
        /* DROP TABLE [IF EXISTS] name [CASCADE | RESTRICT] -> pg_drop_table(), which
         * drops what PostgreSQL drops with the table (alter_run.c). */
        w->p += 2;
        int if_exists = 0, cascade = 0;
        if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
            if_exists = 1;
            w->p += 2;
        }
        if (lw_word(w, "public") && lw_type_at(w, 1, LW_TK_DOT))
            w->p += 2;
        if (!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT))
            return lw_refuse(w, "this form of DROP TABLE");
        char *name = lw_ident_text(w, w->p);
        lw_skip(w);
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            sqlite3_free(name);
            return lw_refuse(w, "dropping several objects in one statement");
        }
        if (lw_word(w, "cascade") || lw_word(w, "restrict")) {
            cascade = lw_word(w, "cascade");
            lw_skip(w);
        }
        if (!lw_at_end(w)) {
            sqlite3_free(name);
            const lw_token *t = lw_tok(w, 0);
            return lw_walk_error(w, LW_ESYNTAX, "42601", 1064, "syntax error at or near \"%.*s\"",
                                 (int)t->length, lw_spelled(w, t));
        }
        lw_outf(w, "SELECT 1 WHERE typeof(pg_drop_table(%Q, %d, %d)) = 'none'", name ? name : "",
                if_exists, cascade);
        w->consumed = 1;
        sqlite3_free(name);
        return w->rc;
    }
    for (size_t k = 0; w->p + k < w->n; k++) {
        if (lw_word_at(w, k, "cascade"))
            return lw_refuse(w, "DROP ... CASCADE");
        if (lw_type_at(w, k, LW_TK_COMMA))
            return lw_refuse(w, "dropping several objects in one statement");
    }
    while (!lw_at_end(w)) {
        if (lw_word(w, "restrict"))
            lw_skip(w);
        else
            lw_emit(w);
    }
    return 0;
}

/* TRUNCATE [TABLE] name, ... [RESTART | CONTINUE IDENTITY] -> pg_truncate(). */
int pg_truncate(lw_walker *w)
{
    lw_skip(w);
    lw_accept_word(w, "table");
    w->t->out->len = 0;
    lw_sqlbuf tables = {0};
    int restart = 0;
    while (!w->rc && !lw_at_end(w)) {
        if (lw_word(w, "restart") && lw_word_at(w, 1, "identity")) {
            restart = 1;
            w->p += 2;
        } else if (lw_word(w, "continue") && lw_word_at(w, 1, "identity")) {
            w->p += 2;
        } else if (lw_word(w, "cascade")) {
            lw_sqlbuf_free(&tables);
            return lw_refuse(w, "TRUNCATE ... CASCADE");
        } else if (lw_word(w, "restrict") || lw_word(w, "only") || lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
        } else {
            char *name = lw_tok_text(w, 0);
            char *lit = sqlite3_mprintf("%Q", name ? name : "");
            lw_sqlbuf_appendf(&tables, ", %s", lit ? lit : "''");
            sqlite3_free(lit);
            sqlite3_free(name);
            lw_skip(w);
        }
    }
    if (w->t->out->s)
        w->t->out->s[0] = 0;
    lw_outf(w, "SELECT 1 WHERE typeof(pg_truncate(%d%s)) = 'none'", restart,
            tables.s ? tables.s : "");
    w->consumed = 1;
    lw_sqlbuf_free(&tables);
    return w->rc;
}

/* SET name = value, SET TIME ZONE, SET SESSION CHARACTERISTICS. */
int pg_set(lw_walker *w)
{
    if (lw_word_at(w, 1, "constraints")) {
        /* SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE} ->
         * pg_set_constraints(immediate, name, ...) (runtime_constraints.c). */
        w->p += 2;
        lw_sqlbuf names = {0};
        if (lw_word(w, "all")) {
            lw_skip(w);
        } else {
            while (!w->rc && (lw_type_at(w, 0, LW_TK_WORD) || lw_type_at(w, 0, LW_TK_QIDENT)) &&
                   !lw_word(w, "deferred") && !lw_word(w, "immediate")) {
                if (lw_word(w, "public") && lw_type_at(w, 1, LW_TK_DOT))
                    w->p += 2;
                char *name = lw_ident_text(w, w->p);
                lw_sqlbuf_appendf(&names, ", %Q", name ? name : "");
                sqlite3_free(name);
                lw_skip(w);
                if (!lw_type_at(w, 0, LW_TK_COMMA))
                    break;
                lw_skip(w);
            }
        }
        int immediate = lw_word(w, "immediate");
        if (!immediate && !lw_word(w, "deferred")) {
            lw_sqlbuf_free(&names);
            const lw_token *t = lw_tok(w, 0);
            if (!t)
                return lw_walk_error(w, LW_ESYNTAX, "42601", 1064, "syntax error at end of input");
            return lw_walk_error(w, LW_ESYNTAX, "42601", 1064, "syntax error at or near \"%.*s\"",
                                 (int)t->length, lw_spelled(w, t));
        }
        lw_outf(w, "SELECT 1 WHERE typeof(pg_set_constraints(%d%s)) = 'none'", immediate,
                names.s ? names.s : "");
        lw_sqlbuf_free(&names);
        w->p = w->n;
        w->consumed = 1;
        return w->rc;
    }
    return set_statement(w);
}

/* RESET name -> pg_set_config(name, NULL). */
int pg_reset(lw_walker *w)
{
    char *name = lw_word_at(w, 1, "all") ? NULL : lw_tok_text(w, 1);
    if (!name)
        return lw_refuse(w, "RESET ALL");
    lw_outf(w, "SELECT 1 WHERE typeof(pg_set_config(%Q, NULL, 0)) = 'none'", name);
    w->consumed = 1;
    sqlite3_free(name);
    return 0;
}

/* SHOW name -> current_setting(name). */
int pg_show(lw_walker *w)
{
    if (lw_word_at(w, 1, "all"))
        return lw_refuse(w, "SHOW ALL");
    char *name = (lw_word_at(w, 1, "time") && lw_word_at(w, 2, "zone"))
                     ? sqlite3_mprintf("timezone")
                     : lw_tok_text(w, 1);
    lw_outf(w, "SELECT current_setting(%Q)", name ? name : "");
    w->consumed = 1;
    sqlite3_free(name);
    return 0;
}

/* DELETE FROM t [AS a] USING ... WHERE c -> DELETE FROM t AS a WHERE EXISTS (SELECT 1
 * FROM ... WHERE c); without USING the clause walk writes it. */
int pg_delete(lw_walker *w)
{
    if (lw_word_at(w, 1, "from")) {
        size_t k = 2;
        while (lw_type_at(w, k + 1, LW_TK_DOT))
            k += 2;
        size_t after = k + 1;
        if (lw_word_at(w, after, "as"))
            after++;
        size_t alias = after;
        if ((lw_type_at(w, alias, LW_TK_WORD) && !lw_is_clause_word(w, alias)) ||
            lw_type_at(w, alias, LW_TK_QIDENT))
            after++;
        else
            alias = 0;
        if (lw_word_at(w, after, "using")) {
            lw_out(w, "DELETE FROM ");
            w->p += 2;
            while (w->p < w->n && !lw_word(w, "as") && !lw_word(w, "using") &&
                   !(alias && w->p == alias))
                lw_emit(w);
            if (lw_word(w, "as"))
                lw_skip(w);
            if (alias) {
                lw_out(w, "AS ");
                lw_emit(w);
            }
            lw_skip(w); /* USING */
            lw_out(w, "WHERE EXISTS (SELECT 1 FROM ");
            while (!w->rc && !lw_at_end(w) && !lw_word(w, "where") && !lw_word(w, "returning")) {
                if (lw_type_at(w, 0, LW_TK_LPAREN) && lw_starts_query(w, 1))
                    lw_subquery(w);
                else
                    lw_emit(w);
            }
            if (lw_accept_word(w, "where"))
                lw_parse_expr(w, 0);
            lw_out(w, ") ");
            lw_walk_until(w, 0);
            return w->rc;
        }
    }
    lw_walk_until(w, 0);
    return w->rc;
}

/* INSERT OR REPLACE / IGNORE, UPDATE OR ... and REPLACE INTO are SQLite's own syntax:
 * PostgreSQL's parser stops at OR or REPLACE (42601), so the statement is refused as
 * it would be there, never run with SQLite's meaning. The rest goes to the clause
 * walk. */
int pg_insert_update(lw_walker *w)
{
    size_t at = lw_word(w, "replace") ? 0 : lw_word_at(w, 1, "or") ? 1 : SIZE_MAX;
    if (at != SIZE_MAX) {
        const lw_token *t = lw_tok(w, at);
        const lw_error_wording *e = &w->rules->texts->syntax_near;
        return lw_walk_error(w, LW_ESYNTAX, e->sqlstate, e->mysql_errno, e->format, (int)t->length,
                             lw_spelled(w, t));
    }
    lw_walk_until(w, 0);
    return w->rc;
}

/* SAVEPOINT, RELEASE [SAVEPOINT], ROLLBACK {TO | TRANSACTION TO} [SAVEPOINT]: WORK and
 * TRANSACTION dropped (SQLite spells them so); another ROLLBACK goes to the clause
 * walk. */
int pg_savepoint(lw_walker *w)
{
    if (lw_word(w, "rollback") && !lw_word_at(w, 1, "to") && !lw_word_at(w, 1, "transaction")) {
        lw_walk_until(w, 0);
        return w->rc;
    }
    while (!lw_at_end(w)) {
        if (lw_word(w, "work") || lw_word(w, "transaction"))
            lw_skip(w);
        else
            lw_emit(w);
    }
    return 0;
}
