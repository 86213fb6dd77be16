/*
 * The oracle dialect's statements with writers of their own (the rules' statement
 * table), and the refusals:
 *
 *   CREATE [GLOBAL TEMPORARY] TABLE   columns typed (types.c), DEFAULT values stored as
 *                      the column stores them, every constraint named (an unnamed one
 *                      SYS_Cn, as Oracle names it) so that messages can name it;
 *                      ON COMMIT PRESERVE ROWS / DELETE ROWS accepted
 *   CREATE INDEX, CREATE VIEW   walked (BITMAP dropped)
 *   DROP TABLE         refused with ORA-02449 at run time when another table's foreign
 *                      key references it (session.c reads the mark written here)
 *   ALTER SESSION SET  NLS_DATE_FORMAT, NLS_TIMESTAMP_FORMAT, NLS_TIMESTAMP_TZ_FORMAT,
 *                      TIME_ZONE (ora_alter_session); other parameters 0A000
 *   SELECT             ORA-00936 for an empty select list, ORA-00923 for a select list
 *                      that runs into a constant
 *   MINUS              EXCEPT; LIMIT is ORA-00933 (not Oracle SQL)
 *   refused (0A000)    PL/SQL blocks (BEGIN, DECLARE), CREATE PROCEDURE, FUNCTION,
 *                      PACKAGE [BODY], TRIGGER, TYPE, CALL and EXECUTE of PL/SQL
 */
#include <stdio.h>
#include <string.h>

#include "dialect/identifiers.h"
#include "dialect/oracle/oracle.h"

/* The words of CREATE [OR REPLACE] ... that name PL/SQL units. */
static const char *const plsql_units[] = {"procedure", "function", "package", "trigger", "type",
                                          "library",   "java",     "context", NULL};

/* ---- CREATE TABLE ------------------------------------------------------------------- */

typedef struct table_ctx {
    char *table;    /* its name as stored (sqlite3_malloc) */
    char **columns; /* the column names, for the names SQLite cannot tell apart */
    int n_columns;
} table_ctx;

/* Writes CONSTRAINT "name" for the constraint at the current token: its own name after
 * CONSTRAINT, or the next SYS_Cn. */
static void constraint_name(lw_walker *w, int has_name, size_t name_tok)
{
    ora_state *s = w->t->state;
    if (has_name) {
        char *n = lw_ident_text(w, name_tok);
        lw_outf(w, "CONSTRAINT \"%w\" ", n ? n : "");
        sqlite3_free(n);
    } else {
        int seq = s ? ++s->constraint_seq : 1;
        lw_outf(w, "CONSTRAINT \"SYS_C%06d\" ", seq);
    }
}

/* ( name, name ) written as "NAME", "NAME" */
static void name_list(lw_walker *w)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        ora_walk_error(w, 906, "missing left parenthesis");
        return;
    }
    lw_emit(w);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        char *n = lw_ident_text(w, w->p);
        lw_outf(w, "\"%w\" ", n ? n : "");
        sqlite3_free(n);
        lw_skip(w);
        if (!lw_next_item(w))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_emit(w);
    else
        ora_walk_error(w, 907, "missing right parenthesis");
}

/* REFERENCES t [(cols)] [ON DELETE {CASCADE | SET NULL}] */
static void references(lw_walker *w)
{
    lw_emit(w); /* REFERENCES */
    char *t = lw_ident_text(w, w->p);
    lw_outf(w, "\"%w\" ", t ? t : "");
    sqlite3_free(t);
    lw_skip(w);
    if (lw_type_at(w, 0, LW_TK_LPAREN))
        name_list(w);
    if (lw_word(w, "on") && lw_word_at(w, 1, "delete")) {
        lw_emit(w);
        lw_emit(w);
        if (lw_word(w, "cascade"))
            lw_emit(w);
        else if (lw_word(w, "set") && lw_word_at(w, 1, "null")) {
            lw_emit(w);
            lw_emit(w);
        } else
            ora_walk_error(w, 905, "missing keyword");
    }
}

/* Skips the clauses Oracle accepts on a constraint that change nothing here. */
static void constraint_state(lw_walker *w)
{
    for (;;) {
        if (lw_word(w, "enable") || lw_word(w, "validate") || lw_word(w, "novalidate") ||
            lw_word(w, "rely") || lw_word(w, "norely")) {
            lw_skip(w);
        } else if (lw_word(w, "using") && lw_word_at(w, 1, "index")) {
            w->p += 2;
            while (!lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
                   !lw_type_at(w, 0, LW_TK_RPAREN)) {
                if (lw_type_at(w, 0, LW_TK_LPAREN))
                    w->p += lw_closing_paren(w, 0);
                lw_skip(w);
            }
        } else if (lw_word(w, "disable") || lw_word(w, "deferrable") || lw_word(w, "initially")) {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "a constraint that is %.*s", (int)t->length, lw_spelled(w, t));
            return;
        } else {
            return;
        }
    }
}

/* GENERATED [ALWAYS | BY DEFAULT [ON NULL]] AS IDENTITY [(START WITH n INCREMENT BY
 * n ...)]: NOT NULL, fed by a sequence of its own (made on first use); the mode goes
 * into the default, where the assignment reads it (ORA-32795, ORA-32796). */
static void identity(lw_walker *w, table_ctx *tc, const char *col)
{
    lw_skip(w); /* GENERATED */
    char mode = 'A';
    if (lw_word(w, "always")) {
        lw_skip(w);
    } else if (lw_word(w, "by") && lw_word_at(w, 1, "default")) {
        w->p += 2;
        mode = 'D';
        if (lw_word(w, "on") && lw_word_at(w, 1, "null")) {
            w->p += 2;
            mode = 'N';
        }
    }
    if (!lw_word(w, "as") || !lw_word_at(w, 1, "identity")) {
        lw_refuse(w, "virtual columns (GENERATED ... AS (expression))");
        return;
    }
    w->p += 2;
    long long start = 1, inc = 1;
    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
        lw_skip(w);
        while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
            long long *target = NULL;
            if (lw_word(w, "start") && lw_word_at(w, 1, "with"))
                target = &start, w->p += 2;
            else if (lw_word(w, "increment") && lw_word_at(w, 1, "by"))
                target = &inc, w->p += 2;
            else if (lw_word(w, "nocache") || lw_word(w, "nocycle") || lw_word(w, "order") ||
                     lw_word(w, "noorder")) {
                lw_skip(w);
                continue;
            } else {
                const lw_token *t = lw_tok(w, 0);
                lw_refuse(w, "the identity option %.*s", (int)t->length, lw_spelled(w, t));
                return;
            }
            int neg = lw_op_at(w, 0, "-");
            if (neg)
                lw_skip(w);
            if (lw_read_int(w, target)) {
                ora_walk_error(w, 1722, "invalid number");
                return;
            }
            if (neg)
                *target = -*target;
        }
        lw_skip(w);
    }
    constraint_name(w, 0, 0);
    /* The sequence's token (runtime_seq.c): this table's, so that the sequence of a table
     * of the same name dropped before is not this one's. The translation is not reused
     * after it ran (a schema change), so each CREATE TABLE gets a token of its own. */
    int64_t token = 0;
    while (token == 0) {
        sqlite3_randomness(sizeof token, &token);
        token &= INT64_MAX;
    }
    lw_outf(w, "NOT NULL DEFAULT (ora_identity('ISEQ$$_%q.%q', '%c', %lld, %lld, %lld)) ",
            tc->table, col, mode, start, inc, (long long)token);
}

/* One column definition: name type [DEFAULT expr] [constraints]. */
static void column(lw_walker *w, table_ctx *tc)
{
    size_t name_tok = w->p;
    char *col = lw_ident_text(w, name_tok);
    lw_outf(w, "\"%w\" ", col ? col : "");
    char **grown = sqlite3_realloc64(tc->columns, (size_t)(tc->n_columns + 1) * sizeof *grown);
    char *copy = grown && col ? sqlite3_mprintf("%s", col) : NULL;
    if (grown)
        tc->columns = grown;
    if (copy)
        tc->columns[tc->n_columns++] = copy;
    else
        w->t->out->oom = 1;
    lw_skip(w);
    ora_type ty;
    if (ora_parse_type(w, &ty)) {
        sqlite3_free(col);
        return;
    }
    char *full = sqlite3_mprintf("\"%s\".\"%s\".\"%s\"", ORA_USER, tc->table, col ? col : "");
    ora_write_declared(w, &ty);
    int has_name = 0;
    size_t cname = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
           !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (lw_word(w, "default")) {
            lw_skip(w);
            /* DEFAULT ON NULL: the default also replaces an explicit NULL (the assignment
             * reads the ora_on_null mark); the column is NOT NULL. */
            int on_null = lw_word(w, "on") && lw_word_at(w, 1, "null");
            if (on_null) {
                w->p += 2;
                constraint_name(w, 0, 0);
                lw_out(w, "NOT NULL ");
            }
            lw_out(w, on_null ? "DEFAULT (ora_on_null(" : "DEFAULT (");
            size_t s = lw_here(w);
            lw_expr e = lw_parse_expr(w, ORA_BP_CMP);
            ora_wrap_store(w, s, e.is_bool ? LW_K_BOOL : e.type, &ty, full ? full : "");
            lw_out(w, on_null ? ")) " : ") ");
            continue;
        }
        if (lw_word(w, "generated")) {
            identity(w, tc, col ? col : "");
            continue;
        }
        if (lw_word(w, "constraint")) {
            has_name = 1;
            cname = w->p + 1;
            w->p += 2;
            continue;
        }
        if (lw_word(w, "null")) {
            lw_skip(w);
        } else if (lw_word(w, "not") && lw_word_at(w, 1, "null")) {
            constraint_name(w, has_name, cname);
            lw_emit(w);
            lw_emit(w);
        } else if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
            constraint_name(w, has_name, cname);
            lw_emit(w);
            lw_emit(w);
        } else if (lw_word(w, "unique")) {
            constraint_name(w, has_name, cname);
            lw_emit(w);
        } else if (lw_word(w, "check")) {
            constraint_name(w, has_name, cname);
            lw_emit(w);
            lw_parse_expr(w, 0);
        } else if (lw_word(w, "references")) {
            constraint_name(w, has_name, cname);
            references(w);
        } else if (lw_word(w, "visible") || lw_word(w, "invisible")) {
            lw_skip(w);
        } else {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "%.*s in a column definition", (int)t->length, lw_spelled(w, t));
            break;
        }
        constraint_state(w);
        has_name = 0;
    }
    sqlite3_free(full);
    sqlite3_free(col);
}

/* A table constraint: [CONSTRAINT name] PRIMARY KEY | UNIQUE | CHECK | FOREIGN KEY. */
static void table_constraint(lw_walker *w)
{
    int has_name = 0;
    size_t cname = 0;
    if (lw_word(w, "constraint")) {
        has_name = 1;
        cname = w->p + 1;
        w->p += 2;
    }
    constraint_name(w, has_name, cname);
    if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
        lw_emit(w);
        lw_emit(w);
        name_list(w);
    } else if (lw_word(w, "unique")) {
        lw_emit(w);
        name_list(w);
    } else if (lw_word(w, "check")) {
        lw_emit(w);
        lw_parse_expr(w, 0);
    } else if (lw_word(w, "foreign") && lw_word_at(w, 1, "key")) {
        lw_emit(w);
        lw_emit(w);
        name_list(w);
        if (lw_word(w, "references"))
            references(w);
        else
            ora_walk_error(w, 905, "missing keyword");
    } else {
        ora_walk_error(w, 902, "invalid datatype");
    }
    constraint_state(w);
}

static int is_table_constraint(const lw_walker *w)
{
    return lw_word(w, "constraint") || (lw_word(w, "primary") && lw_word_at(w, 1, "key")) ||
           (lw_word(w, "unique") && lw_type_at(w, 1, LW_TK_LPAREN)) ||
           (lw_word(w, "check") && lw_type_at(w, 1, LW_TK_LPAREN)) ||
           (lw_word(w, "foreign") && lw_word_at(w, 1, "key"));
}

static int create_table(lw_walker *w, int temporary)
{
    lw_out(w, temporary ? "CREATE TEMP TABLE " : "CREATE TABLE ");
    if (lw_word(w, "if") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "exists")) {
        w->p += 3;
        lw_out(w, "IF NOT EXISTS ");
    }
    if (!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT))
        return ora_walk_error(w, 903, "invalid table name");
    table_ctx tc = {lw_ident_text(w, w->p), NULL, 0};
    if (!tc.table)
        return lw_fail(w, LW_ENOMEM);
    lw_outf(w, "\"%w\" ", tc.table);
    lw_skip(w);
    if (lw_word(w, "as")) {
        lw_walk_until(w, 0);
        sqlite3_free(tc.table);
        return w->rc;
    }
    if (!lw_type_at(w, 0, LW_TK_LPAREN)) {
        sqlite3_free(tc.table);
        return ora_walk_error(w, 906, "missing left parenthesis");
    }
    lw_emit(w);
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (is_table_constraint(w))
            table_constraint(w);
        else
            column(w, &tc);
        if (!lw_next_item(w))
            break;
    }
    if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
        ora_walk_error(w, 907, "missing right parenthesis");
    lw_emit(w);
    int twin_a, twin_b;
    if (!w->rc && lw_case_twins(tc.columns, tc.n_columns, &twin_a, &twin_b))
        lw_refuse(w, "a table with columns \"%s\" and \"%s\" (names that differ only in case)",
                  tc.columns[twin_a], tc.columns[twin_b]);
    for (int i = 0; i < tc.n_columns; i++)
        sqlite3_free(tc.columns[i]);
    sqlite3_free(tc.columns);
    /* ON COMMIT {DELETE | PRESERVE} ROWS of a temporary table; SQLite's temporary tables
     * keep their rows for the connection's life (PRESERVE). */
    if (!w->rc && lw_word(w, "on") && lw_word_at(w, 1, "commit")) {
        if (lw_word_at(w, 2, "delete") && temporary)
            lw_refuse(w, "ON COMMIT DELETE ROWS");
        w->p += 4;
    }
    if (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        lw_refuse(w, "the table clause %.*s", (int)t->length, lw_spelled(w, t));
    }
    w->consumed = 1;
    sqlite3_free(tc.table);
    return w->rc;
}

int ora_create(lw_walker *w)
{
    lw_skip(w); /* CREATE */
    int replace = 0;
    if (lw_word(w, "or") && lw_word_at(w, 1, "replace")) {
        replace = 1;
        w->p += 2;
    }
    if (lw_word(w, "editionable") || lw_word(w, "noneditionable"))
        lw_skip(w);
    for (const char *const *u = plsql_units; *u; u++)
        if (lw_word(w, *u)) {
            const lw_token *t = lw_tok(w, 0);
            int body = lw_word_at(w, 1, "body");
            return lw_refuse(w, "CREATE %.*s%s (PL/SQL)", (int)t->length, lw_spelled(w, t),
                             body ? " BODY" : "");
        }
    if (lw_word(w, "global") && lw_word_at(w, 1, "temporary") && lw_word_at(w, 2, "table")) {
        w->p += 3;
        return create_table(w, 1);
    }
    if (lw_word(w, "sequence")) {
        lw_skip(w);
        return ora_create_sequence(w);
    }
    if (lw_word(w, "private") || lw_word(w, "synonym") || lw_word(w, "public") ||
        lw_word(w, "database") || lw_word(w, "materialized")) {
        const lw_token *t = lw_tok(w, 0);
        return lw_refuse(w, "CREATE %.*s", (int)t->length, lw_spelled(w, t));
    }
    if (lw_word(w, "table")) {
        if (replace)
            return ora_walk_error(w, 922, "missing or invalid option");
        lw_skip(w);
        return create_table(w, 0);
    }
    if (lw_word(w, "force") || lw_word(w, "noforce"))
        lw_skip(w);
    if (replace)
        return lw_refuse(w, "CREATE OR REPLACE");
    lw_out(w, "CREATE ");
    if (lw_word(w, "bitmap"))
        lw_skip(w);
    lw_walk_until(w, 0);
    return w->rc;
}

/* ---- DROP, ALTER ---------------------------------------------------------------- */

int ora_drop(lw_walker *w)
{
    if (lw_word_at(w, 1, "table")) {
        w->p += 2;
        int if_exists = lw_word(w, "if") && lw_word_at(w, 1, "exists");
        if (if_exists)
            w->p += 2;
        char *name = lw_ident_text(w, w->p);
        if (!name)
            return lw_fail(w, LW_ENOMEM);
        lw_skip(w);
        if (lw_word(w, "cascade")) {
            sqlite3_free(name);
            return lw_refuse(w, "DROP TABLE ... CASCADE CONSTRAINTS");
        }
        if (lw_word(w, "purge"))
            lw_skip(w);
        /* The run-time check of ORA-02449 (session.c) reads this mark. */
        lw_outf(w, "/*lwo-drop:%s*/ DROP TABLE %s\"%w\"", name, if_exists ? "IF EXISTS " : "",
                name);
        sqlite3_free(name);
        if (!lw_at_end(w))
            return ora_walk_error(w, 933, "SQL command not properly ended");
        return w->rc;
    }
    if (lw_word_at(w, 1, "sequence")) {
        w->p += 2;
        return ora_drop_sequence(w);
    }
    if (lw_word_at(w, 1, "synonym") || lw_word_at(w, 1, "procedure") ||
        lw_word_at(w, 1, "function") || lw_word_at(w, 1, "package") ||
        lw_word_at(w, 1, "trigger") || lw_word_at(w, 1, "type")) {
        const lw_token *t = lw_tok(w, 1);
        return lw_refuse(w, "DROP %.*s", (int)t->length, lw_spelled(w, t));
    }
    lw_walk_until(w, 0);
    return w->rc;
}

int ora_alter(lw_walker *w)
{
    if (!lw_word_at(w, 1, "session")) {
        const lw_token *t = lw_tok(w, 1);
        if (lw_word_at(w, 1, "table"))
            return lw_refuse(w, "ALTER TABLE");
        return lw_refuse(w, "ALTER %.*s", t ? (int)t->length : 0, t ? lw_spelled(w, t) : "");
    }
    w->p += 2;
    if (!lw_word(w, "set"))
        return lw_refuse(w, "this ALTER SESSION");
    lw_skip(w);
    lw_out(w, "SELECT 1 WHERE 0");
    while (!w->rc && !lw_at_end(w)) {
        const lw_token *t = lw_tok(w, 0);
        char *name = lw_tok_text(w, 0);
        if (!name)
            return lw_fail(w, LW_ENOMEM);
        int known = !sqlite3_stricmp(name, "nls_date_format") ||
                    !sqlite3_stricmp(name, "nls_timestamp_format") ||
                    !sqlite3_stricmp(name, "nls_timestamp_tz_format") ||
                    !sqlite3_stricmp(name, "time_zone");
        if (!known) {
            sqlite3_free(name);
            return lw_refuse(w, "ALTER SESSION SET %.*s", (int)t->length, lw_spelled(w, t));
        }
        lw_skip(w);
        if (!lw_op_at(w, 0, "=")) {
            sqlite3_free(name);
            return ora_walk_error(w, 922, "missing or invalid option");
        }
        lw_skip(w);
        lw_sqlbuf val = {0};
        if (lw_type_at(w, 0, LW_TK_STRING)) {
            if (lw_string_value(w, 0, &val)) {
                sqlite3_free(name);
                lw_sqlbuf_free(&val);
                return w->rc;
            }
        } else if (lw_type_at(w, 0, LW_TK_WORD)) {
            char *v = lw_tok_text(w, 0);
            lw_sqlbuf_appends(&val, v ? v : "");
            sqlite3_free(v);
        } else {
            sqlite3_free(name);
            return ora_walk_error(w, 922, "missing or invalid option");
        }
        lw_skip(w);
        lw_outf(w, " OR ora_alter_session(%Q, %Q)", name, val.s ? val.s : "");
        sqlite3_free(name);
        lw_sqlbuf_free(&val);
    }
    w->consumed = 1;
    return w->rc;
}

/* BEGIN ... END, DECLARE ..., CALL, EXEC */
int ora_refuse_plsql(lw_walker *w)
{
    if (lw_word(w, "call") || lw_word(w, "exec") || lw_word(w, "execute")) {
        /* the name of what is called, qualified */
        lw_sqlbuf what = {0};
        for (size_t k = 1; lw_type_at(w, k, LW_TK_WORD) || lw_type_at(w, k, LW_TK_DOT) ||
                           lw_type_at(w, k, LW_TK_QIDENT);
             k++) {
            const lw_token *t = lw_tok(w, k);
            lw_sqlbuf_append(&what, lw_spelled(w, t), t->length);
        }
        lw_refuse(w, "CALL %s (PL/SQL)", what.s ? what.s : "");
        lw_sqlbuf_free(&what);
        return w->rc;
    }
    return lw_refuse(w, "a PL/SQL block");
}

/* ---- SELECT --------------------------------------------------------------------------- */

static int is_aggregate(const lw_walker *w, size_t k)
{
    static const char *const names[] = {
        "count",  "sum",     "avg",  "min",       "max",        "listagg",   "stddev", "variance",
        "median", "collect", "corr", "covar_pop", "covar_samp", "any_value", NULL};
    if (!lw_type_at(w, k + 1, LW_TK_LPAREN))
        return 0;
    for (const char *const *n = names; *n; n++)
        if (lw_word_at(w, k, *n))
            return 1;
    return 0;
}

/* Is the word at k a column reference outside aggregates (not a function name, a
 * keyword, a pseudo-column or an alias)? */
static int is_column_ref(const lw_walker *w, size_t k, size_t item_start)
{
    const lw_token *t = lw_tok(w, k);
    if (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT)
        return 0;
    if (lw_type_at(w, k + 1, LW_TK_LPAREN) || lw_type_at(w, k + 1, LW_TK_DOT))
        return 0;
    if (t->type == LW_TK_WORD &&
        (sqlite3_keyword_check(lw_spelled(w, t), (int)t->length) || lw_word_at(w, k, "rownum") ||
         lw_word_at(w, k, "level") || lw_word_at(w, k, "sysdate") || lw_word_at(w, k, "user") ||
         lw_word_at(w, k, "uid") || lw_word_at(w, k, "systimestamp")))
        return 0;
    for (const lw_keyword_expr *kw = ora_keywords; kw->word; kw++)
        if (lw_word_at(w, k, kw->word))
            return 0;
    if (k > item_start) {
        const lw_token *prev = lw_tok(w, k - 1);
        if (lw_word_at(w, k - 1, "as"))
            return 0; /* an alias */
        if (prev->type == LW_TK_NUMBER || prev->type == LW_TK_STRING ||
            prev->type == LW_TK_RPAREN ||
            ((prev->type == LW_TK_WORD || prev->type == LW_TK_QIDENT) &&
             !(prev->type == LW_TK_WORD &&
               sqlite3_keyword_check(lw_spelled(w, prev), (int)prev->length))))
            return 0; /* an alias after an expression */
    }
    return 1;
}

/* Are tokens [a, a + n) and [b, b + n) the same words? */
static int same_tokens(const lw_walker *w, size_t a, size_t b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const lw_token *x = lw_tok(w, a + i), *y = lw_tok(w, b + i);
        if (x->length != y->length || memcmp(w->sql + x->offset, w->sql + y->offset, x->length))
            return 0;
    }
    return 1;
}

/*
 * ORA-00979 / ORA-00937 for the query whose SELECT is current (SQLite would take any
 * row's value): with GROUP BY, a column outside the aggregates must be grouped on (or
 * the select item is a grouped expression); without it, a select list with an
 * aggregate has no other columns. Subqueries and analytic functions are left alone.
 */
static int check_grouping(lw_walker *w)
{
    size_t from = 0, group = 0, group_end = 0;
    int level = 0;
    for (size_t k = 1; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN)
            level--;
        if (level != 0)
            continue;
        if (!from && lw_word_at(w, k, "from"))
            from = k;
        else if (from && lw_word_at(w, k, "group") && lw_word_at(w, k + 1, "by"))
            group = k + 2;
        else if (from && (lw_word_at(w, k, "having") || lw_word_at(w, k, "order") ||
                          lw_word_at(w, k, "union") || lw_word_at(w, k, "intersect") ||
                          lw_word_at(w, k, "minus") || lw_word_at(w, k, "except") ||
                          lw_word_at(w, k, "fetch") || lw_word_at(w, k, "offset"))) {
            if (group && !group_end)
                group_end = k;
            if (!lw_word_at(w, k, "having"))
                break;
        }
    }
    if (!from)
        return 0;
    if (group && !group_end)
        group_end = w->n - w->p;
    for (size_t k = group; group && k < group_end; k++)
        if (lw_word_at(w, k, "rollup") || lw_word_at(w, k, "cube") || lw_word_at(w, k, "grouping"))
            return 0;
    /* the select items, each: has an aggregate, has a column outside aggregates */
    size_t start =
        lw_word_at(w, 1, "distinct") || lw_word_at(w, 1, "all") || lw_word_at(w, 1, "unique") ? 2
                                                                                              : 1;
    int any_aggregate = 0, bare_item = 0;
    size_t item = start;
    level = 0;
    int item_bare = 0;
    for (size_t k = start; k <= from; k++) {
        if (k == from || (lw_type_at(w, k, LW_TK_COMMA) && level == 0)) {
            if (item_bare && group) {
                /* a grouped expression as a whole? */
                int grouped = 0;
                size_t n = k - item;
                for (size_t g = group; g + n <= group_end && !grouped; g++)
                    grouped = same_tokens(w, item, g, n) &&
                              (g + n == group_end || lw_type_at(w, g + n, LW_TK_COMMA)) &&
                              (g == group || lw_type_at(w, g - 1, LW_TK_COMMA));
                if (!grouped) {
                    /* each column outside aggregates is a GROUP BY item */
                    for (size_t c = item; c < k; c++) {
                        if (lw_type_at(w, c, LW_TK_LPAREN) &&
                            (lw_starts_query(w, c + 1) || (c > item && is_aggregate(w, c - 1))))
                            c = lw_closing_paren(w, c);
                        if (c >= k || !is_column_ref(w, c, item))
                            continue;
                        int found = 0;
                        for (size_t g = group; g < group_end && !found; g++)
                            found = same_tokens(w, c, g, 1) &&
                                    (g + 1 == group_end || lw_type_at(w, g + 1, LW_TK_COMMA));
                        if (!found)
                            return ora_walk_error(w, 979, "not a GROUP BY expression");
                    }
                }
            }
            bare_item |= item_bare;
            item = k + 1;
            item_bare = 0;
            continue;
        }
        if (lw_type_at(w, k, LW_TK_LPAREN)) {
            if (lw_starts_query(w, k + 1)) {
                k = lw_closing_paren(w, k);
                continue;
            }
            level++;
            continue;
        }
        if (lw_type_at(w, k, LW_TK_RPAREN)) {
            level--;
            continue;
        }
        if (lw_op_at(w, k, "*") && k == item && !group)
            return 0;
        if (is_aggregate(w, k)) {
            size_t close = lw_closing_paren(w, k + 1);
            /* WITHIN GROUP (...) and KEEP (...) belong to the aggregate */
            if (lw_word_at(w, close + 1, "within") && lw_word_at(w, close + 2, "group"))
                close = lw_closing_paren(w, close + 3);
            if (lw_word_at(w, close + 1, "keep"))
                close = lw_closing_paren(w, close + 2);
            if (lw_word_at(w, close + 1, "over"))
                continue;
            any_aggregate = 1;
            k = close;
            continue;
        }
        if (level > 0 && lw_word_at(w, k, "as")) {
            /* CAST(x AS type): the type's words (INTERVAL DAY TO SECOND) name no column */
            size_t j = k + 1;
            while (j < from && !lw_type_at(w, j, LW_TK_RPAREN))
                j = lw_type_at(w, j, LW_TK_LPAREN) ? lw_closing_paren(w, j) + 1 : j + 1;
            k = j - 1;
            continue;
        }
        item_bare |= is_column_ref(w, k, item);
    }
    if (!group && any_aggregate && bare_item)
        return ora_walk_error(w, 937, "not a single-group group function");
    return 0;
}

int ora_select(lw_walker *w)
{
    if (check_grouping(w))
        return w->rc;
    if (lw_word_at(w, 1, "from"))
        return ora_walk_error(w, 936, "missing expression");
    /* A select list running into a constant (SELECT 1 2 FROM ...): Oracle expects FROM. */
    int level = 0;
    for (size_t k = 1; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k), *prev = lw_tok(w, k - 1);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN)
            level--;
        else if (level == 0 && lw_word_at(w, k, "from"))
            break;
        else if (level == 0 && (t->type == LW_TK_NUMBER || t->type == LW_TK_STRING) &&
                 (prev->type == LW_TK_NUMBER || prev->type == LW_TK_STRING ||
                  prev->type == LW_TK_RPAREN) &&
                 prev->offset + prev->length < t->offset && !(t->type == LW_TK_WORD))
            return ora_walk_error(w, 923, "FROM keyword not found where expected");
    }
    lw_walk_until(w, 0);
    return w->rc;
}

void ora_limit_refused(lw_walker *w)
{
    ora_walk_error(w, 933, "SQL command not properly ended");
}

void ora_minus(lw_walker *w)
{
    lw_skip(w);
    lw_out(w, "EXCEPT ");
}

const lw_statement ora_statements[] = {
    {"create", ora_create},
    {"drop", ora_drop},
    {"alter", ora_alter},
    {"select", ora_select},
    {"insert", ora_insert},
    {"merge", ora_merge},
    {"begin", ora_refuse_plsql},
    {"declare", ora_refuse_plsql},
    {"call", ora_refuse_plsql},
    {"exec", ora_refuse_plsql},
    {"execute", ora_refuse_plsql},
    {"grant", NULL},
    {"revoke", NULL},
    {"audit", NULL},
    {"noaudit", NULL},
    {"analyze", NULL},
    {"flashback", NULL},
    {"purge", NULL},
    {"rename", NULL},
    {"lock", NULL},
    {"explain", NULL},
    {"associate", NULL},
    {"disassociate", NULL},
    {NULL, NULL},
};

const lw_clause ora_clauses[] = {
    {"where", ora_where},      {"returning", ora_returning},
    {"return", ora_returning}, {"fetch", ora_row_limit},
    {"offset", ora_row_limit}, {"limit", ora_limit_refused},
    {"minus", ora_minus},      {NULL, NULL},
};
