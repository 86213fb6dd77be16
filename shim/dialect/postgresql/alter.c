/*
 * PostgreSQL's ALTER statements as the rewriter reads them (alter.h):
 *
 *   ALTER TABLE      read into actions (pg_alter_parse); the translation is the call
 *                    pg_alter_table('<the statement>'), which reads it again when it
 *                    runs and applies it (alter_run.c)
 *   ALTER SEQUENCE [IF EXISTS] s [AS type] [INCREMENT [BY] n] [MINVALUE n | NO MINVALUE]
 *                    [MAXVALUE n | NO MAXVALUE] [START [WITH] n] [RESTART [[WITH] n]]
 *                    [CACHE n] [OWNED BY t.c | NONE]   pg_alter_sequence(...)
 *   ALTER INDEX [IF EXISTS] i RENAME TO j             pg_alter_index(i, j, if_exists)
 *
 * Errors are PostgreSQL's: 42601 at the token that cannot continue the statement
 * (RENAME with another action, as PostgreSQL's grammar has it), 42P02 for a parameter
 * (DDL takes none), 0A000 for the forms the dialect does not emulate.
 */
#include "dialect/postgresql/alter.h"

#include <string.h>

#include "dialect/scope.h"

/* ---- Reading ------------------------------------------------------------------------ */

static void constraint_free(pg_constraint *c)
{
    sqlite3_free(c->name);
    sqlite3_free(c->expr);
    sqlite3_free(c->ref_table);
    lw_tm_names_free(&c->cols);
    lw_tm_names_free(&c->ref_cols);
}

void pg_alter_stmt_free(pg_alter_stmt *st)
{
    for (int i = 0; i < st->n; i++) {
        pg_action *a = &st->actions[i];
        sqlite3_free(a->column);
        sqlite3_free(a->new_name);
        sqlite3_free(a->old_name);
        sqlite3_free(a->collate);
        sqlite3_free(a->expr);
        for (int k = 0; k < a->n_cons; k++)
            constraint_free(&a->cons[k]);
        sqlite3_free(a->cons);
    }
    sqlite3_free(st->actions);
    sqlite3_free(st->table);
    memset(st, 0, sizeof *st);
}

/* The token that cannot continue the statement: 42601 as PostgreSQL words it. */
static int syntax_error(lw_walker *w)
{
    const lw_token *t = lw_tok(w, 0);
    if (!t)
        return lw_walk_error(w, LW_ESYNTAX, "42601", 1064, "syntax error at end of input");
    const lw_error_wording *e = &w->rules->texts->syntax_near;
    return lw_walk_error(w, LW_ESYNTAX, e->sqlstate, e->mysql_errno, e->format, (int)t->length,
                         lw_spelled(w, t));
}

static int expect_word(lw_walker *w, const char *word)
{
    if (!lw_word(w, word))
        return syntax_error(w);
    lw_skip(w);
    return 0;
}

/* A name at the current token (folded when bare), moved past; NULL after a syntax
 * error. */
static char *read_name(lw_walker *w)
{
    if (!lw_type_at(w, 0, LW_TK_WORD) && !lw_type_at(w, 0, LW_TK_QIDENT)) {
        syntax_error(w);
        return NULL;
    }
    char *s = lw_ident_text(w, w->p);
    if (!s)
        lw_fail(w, LW_ENOMEM);
    lw_skip(w);
    return s;
}

/* [public.]name: the schema every table of the dialect lives in may be written. */
static char *read_relation(lw_walker *w)
{
    if (lw_type_at(w, 1, LW_TK_DOT)) {
        if (!lw_word(w, "public")) {
            const lw_token *t = lw_tok(w, 0);
            lw_walk_error(w, LW_ESQL, "3F000", 1049, "schema \"%.*s\" does not exist",
                          (int)t->length, w->sql + t->offset);
            return NULL;
        }
        w->p += 2;
    }
    return read_name(w);
}

/* ( a, b, ... ): names into list. */
static int read_name_list(lw_walker *w, lw_tm_names *list)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return syntax_error(w);
    lw_skip(w);
    while (!w->rc) {
        char *name = read_name(w);
        if (!name)
            break;
        if (lw_tm_names_add(list, name, -1))
            lw_fail(w, LW_ENOMEM);
        sqlite3_free(name);
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
            continue;
        }
        if (!lw_type_at(w, 0, LW_TK_RPAREN))
            return syntax_error(w);
        lw_skip(w);
        break;
    }
    return w->rc;
}

/* An expression written into its own string (taken back out of the output). */
static char *read_expr(lw_walker *w, int bp, lw_kind *kind, int *literal)
{
    size_t start = lw_here(w);
    size_t first = w->p;
    lw_expr e = lw_parse_expr(w, bp);
    if (kind)
        *kind = e.is_bool ? LW_K_BOOL : e.type;
    if (literal) {
        /* A constant: one string or number token, or a sign and a number. */
        size_t n = w->p - first;
        *literal = (n == 1 && (w->tk[w->at[first]].type == LW_TK_STRING ||
                               w->tk[w->at[first]].type == LW_TK_NUMBER)) ||
                   (n == 2 && w->tk[w->at[first]].type == LW_TK_OPERATOR &&
                    w->tk[w->at[first + 1]].type == LW_TK_NUMBER);
    }
    char *s = lw_take_from(w, start);
    if (!s)
        lw_fail(w, LW_ENOMEM);
    return s;
}

/* ON DELETE / ON UPDATE action. */
static int read_action(lw_walker *w, char *out)
{
    if (lw_word(w, "cascade") || lw_word(w, "restrict")) {
        strcpy(out, lw_word(w, "cascade") ? "CASCADE" : "RESTRICT");
        lw_skip(w);
    } else if (lw_word(w, "set") && (lw_word_at(w, 1, "null") || lw_word_at(w, 1, "default"))) {
        if (lw_type_at(w, 2, LW_TK_LPAREN))
            return lw_refuse(w, "ON DELETE SET NULL (columns)");
        strcpy(out, lw_word_at(w, 1, "null") ? "SET NULL" : "SET DEFAULT");
        w->p += 2;
    } else if (lw_word(w, "no") && lw_word_at(w, 1, "action")) {
        strcpy(out, "NO ACTION");
        w->p += 2;
    } else {
        return syntax_error(w);
    }
    return 0;
}

/* REFERENCES t [(cols)] [MATCH SIMPLE] [ON DELETE a] [ON UPDATE a] */
static int read_references(lw_walker *w, pg_constraint *c)
{
    lw_skip(w); /* REFERENCES */
    c->ref_table = read_relation(w);
    if (!c->ref_table)
        return w->rc;
    if (lw_type_at(w, 0, LW_TK_LPAREN) && read_name_list(w, &c->ref_cols))
        return w->rc;
    while (!w->rc) {
        if (lw_word(w, "match")) {
            if (!lw_word_at(w, 1, "simple"))
                return lw_refuse(w, "MATCH FULL and MATCH PARTIAL");
            w->p += 2;
        } else if (lw_word(w, "on") && lw_word_at(w, 1, "delete")) {
            w->p += 2;
            read_action(w, c->on_delete);
        } else if (lw_word(w, "on") && lw_word_at(w, 1, "update")) {
            w->p += 2;
            read_action(w, c->on_update);
        } else {
            break;
        }
    }
    return w->rc;
}

/* [NOT] DEFERRABLE, INITIALLY DEFERRED | IMMEDIATE after a constraint. */
static void read_deferral(lw_walker *w, pg_constraint *c)
{
    for (;;) {
        if (lw_word(w, "deferrable")) {
            c->deferrable = 1;
            lw_skip(w);
        } else if (lw_word(w, "not") && lw_word_at(w, 1, "deferrable")) {
            c->deferrable = 0;
            w->p += 2;
        } else if (lw_word(w, "initially") &&
                   (lw_word_at(w, 1, "deferred") || lw_word_at(w, 1, "immediate"))) {
            c->initially_deferred = lw_word_at(w, 1, "deferred");
            if (c->initially_deferred)
                c->deferrable = 1;
            w->p += 2;
        } else {
            return;
        }
    }
}

static pg_constraint *new_constraint(lw_walker *w, pg_action *a)
{
    pg_constraint *grown = sqlite3_realloc64(a->cons, (size_t)(a->n_cons + 1) * sizeof *grown);
    if (!grown) {
        lw_fail(w, LW_ENOMEM);
        return NULL;
    }
    a->cons = grown;
    pg_constraint *c = &grown[a->n_cons++];
    memset(c, 0, sizeof *c);
    strcpy(c->on_delete, "NO ACTION");
    strcpy(c->on_update, "NO ACTION");
    return c;
}

/* A table constraint after ADD [CONSTRAINT n]. */
static int read_table_constraint(lw_walker *w, pg_action *a)
{
    pg_constraint *c = new_constraint(w, a);
    if (!c)
        return w->rc;
    if (lw_word(w, "constraint")) {
        lw_skip(w);
        if (!(c->name = read_name(w)))
            return w->rc;
    }
    if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
        c->kind = LW_TM_PRIMARY_KEY;
        w->p += 2;
        read_name_list(w, &c->cols);
    } else if (lw_word(w, "unique")) {
        c->kind = LW_TM_UNIQUE;
        lw_skip(w);
        if (lw_word(w, "nulls"))
            return lw_refuse(w, "UNIQUE NULLS [NOT] DISTINCT");
        read_name_list(w, &c->cols);
    } else if (lw_word(w, "check")) {
        c->kind = LW_TM_CHECK;
        lw_skip(w);
        if (!lw_type_at(w, 0, LW_TK_LPAREN))
            return syntax_error(w);
        lw_skip(w);
        c->expr = read_expr(w, 0, NULL, NULL);
        if (!lw_type_at(w, 0, LW_TK_RPAREN))
            return syntax_error(w);
        lw_skip(w);
        if (lw_word(w, "no") && lw_word_at(w, 1, "inherit"))
            w->p += 2;
    } else if (lw_word(w, "foreign") && lw_word_at(w, 1, "key")) {
        c->kind = LW_TM_FOREIGN_KEY;
        w->p += 2;
        if (read_name_list(w, &c->cols))
            return w->rc;
        if (!lw_word(w, "references"))
            return syntax_error(w);
        read_references(w, c);
    } else if (lw_word(w, "exclude")) {
        return lw_refuse(w, "EXCLUDE constraints");
    } else {
        return syntax_error(w);
    }
    if (w->rc)
        return w->rc;
    if (lw_word(w, "using") && lw_word_at(w, 1, "index"))
        return lw_refuse(w, "ADD CONSTRAINT ... USING INDEX");
    if (lw_word(w, "include"))
        return lw_refuse(w, "INCLUDE in a constraint");
    read_deferral(w, c);
    if (c->deferrable && c->kind != LW_TM_FOREIGN_KEY)
        return lw_refuse(w, "DEFERRABLE unique and primary key constraints");
    if (lw_word(w, "not") && lw_word_at(w, 1, "valid"))
        return lw_refuse(w, "NOT VALID constraints");
    return w->rc;
}

/* An added column's constraints, up to the comma or the end. */
static int read_column_constraints(lw_walker *w, pg_action *a)
{
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA)) {
        char *name = NULL;
        if (lw_word(w, "constraint")) {
            lw_skip(w);
            if (!(name = read_name(w)))
                return w->rc;
        }
        if (lw_word(w, "generated")) {
            /* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY */
            int always = lw_word_at(w, 1, "always");
            size_t k = always ? 2 : 3;
            sqlite3_free(name);
            if (!always && !(lw_word_at(w, 1, "by") && lw_word_at(w, 2, "default")))
                return syntax_error(w);
            if (!lw_word_at(w, k, "as") || !lw_word_at(w, k + 1, "identity"))
                return lw_refuse(w, "generated columns");
            w->p += k + 2;
            if (lw_type_at(w, 0, LW_TK_LPAREN))
                return lw_refuse(w, "identity sequence options");
            a->identity = always ? 2 : 1;
            continue;
        }
        pg_constraint *c = new_constraint(w, a);
        if (!c) {
            sqlite3_free(name);
            return w->rc;
        }
        c->name = name;
        if (lw_word(w, "not") && lw_word_at(w, 1, "null")) {
            c->kind = LW_TM_NOT_NULL;
            w->p += 2;
        } else if (lw_word(w, "null")) {
            c->kind = LW_TM_NULL;
            lw_skip(w);
        } else if (lw_word(w, "default")) {
            c->kind = LW_TM_DEFAULT;
            lw_skip(w);
            c->expr = read_expr(w, BP_IS, &c->expr_kind, &c->expr_literal);
        } else if (lw_word(w, "check")) {
            c->kind = LW_TM_CHECK;
            lw_skip(w);
            if (!lw_type_at(w, 0, LW_TK_LPAREN))
                return syntax_error(w);
            lw_skip(w);
            c->expr = read_expr(w, 0, NULL, NULL);
            if (!lw_type_at(w, 0, LW_TK_RPAREN))
                return syntax_error(w);
            lw_skip(w);
        } else if (lw_word(w, "unique")) {
            c->kind = LW_TM_UNIQUE;
            lw_skip(w);
        } else if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
            c->kind = LW_TM_PRIMARY_KEY;
            w->p += 2;
        } else if (lw_word(w, "references")) {
            c->kind = LW_TM_FOREIGN_KEY;
            read_references(w, c);
        } else if (lw_word(w, "collate")) {
            c->kind = LW_TM_COLLATE;
            lw_skip(w);
            if (!(c->expr = read_name(w)))
                return w->rc;
        } else {
            return syntax_error(w);
        }
        read_deferral(w, c);
        if (c->deferrable && c->kind != LW_TM_FOREIGN_KEY)
            return lw_refuse(w, "DEFERRABLE unique and primary key constraints");
    }
    return w->rc;
}

static pg_action *new_action(lw_walker *w, pg_alter_stmt *st, pg_alter_kind kind)
{
    pg_action *grown = sqlite3_realloc64(st->actions, (size_t)(st->n + 1) * sizeof *grown);
    if (!grown) {
        lw_fail(w, LW_ENOMEM);
        return NULL;
    }
    st->actions = grown;
    pg_action *a = &grown[st->n++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    return a;
}

/* A type with an optional COLLATE; serial types are the caller's to accept. */
static int read_type(lw_walker *w, pg_action *a)
{
    if (lw_parse_type(w, &a->type))
        return w->rc;
    if (lw_word(w, "collate")) {
        lw_skip(w);
        a->collate = read_name(w);
    }
    return w->rc;
}

/* ADD [COLUMN] [IF NOT EXISTS] c type [constraints] */
static int read_add_column(lw_walker *w, pg_alter_stmt *st)
{
    pg_action *a = new_action(w, st, PG_ADD_COLUMN);
    if (!a)
        return w->rc;
    if (lw_word(w, "if") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "exists")) {
        a->if_exists = 1; /* IF NOT EXISTS */
        w->p += 3;
    }
    if (!(a->column = read_name(w)) || read_type(w, a))
        return w->rc;
    if (a->type.kind == LW_K_SERIAL2 || a->type.kind == LW_K_SERIAL4 ||
        a->type.kind == LW_K_SERIAL8)
        a->identity = 1;
    read_column_constraints(w, a);
    if (a->identity && (a->type.kind < LW_K_INT2 || a->type.kind > LW_K_SERIAL8))
        return lw_walk_error(w, LW_ESQL, "42804", 1064,
                             "identity column type must be smallint, integer, or bigint");
    return w->rc;
}

/* ALTER [COLUMN] c ... */
static int read_alter_column(lw_walker *w, pg_alter_stmt *st)
{
    char *col = read_name(w);
    if (!col)
        return w->rc;
    pg_action *a = NULL;
    if (lw_word(w, "type") || (lw_word(w, "set") && lw_word_at(w, 1, "data"))) {
        if (lw_word(w, "set"))
            w->p += 2;
        if (expect_word(w, "type") || !(a = new_action(w, st, PG_ALTER_TYPE))) {
            sqlite3_free(col);
            return w->rc;
        }
        a->column = col;
        if (read_type(w, a))
            return w->rc;
        if (a->type.kind == LW_K_SERIAL2 || a->type.kind == LW_K_SERIAL4 ||
            a->type.kind == LW_K_SERIAL8)
            return lw_walk_error(w, LW_ESQL, "42704", 1064, "type \"%s\" does not exist",
                                 a->type.name);
        if (lw_word(w, "using")) {
            lw_skip(w);
            a->expr = read_expr(w, 0, &a->expr_kind, NULL);
        }
        return w->rc;
    }
    pg_alter_kind kind = 0;
    size_t words = 0;
    if (lw_word(w, "set") && lw_word_at(w, 1, "default"))
        kind = PG_SET_DEFAULT, words = 2;
    else if (lw_word(w, "drop") && lw_word_at(w, 1, "default"))
        kind = PG_DROP_DEFAULT, words = 2;
    else if (lw_word(w, "set") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "null"))
        kind = PG_SET_NOT_NULL, words = 3;
    else if (lw_word(w, "drop") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "null"))
        kind = PG_DROP_NOT_NULL, words = 3;
    if (!kind) {
        sqlite3_free(col);
        if (lw_word(w, "set") || lw_word(w, "drop") || lw_word(w, "add") || lw_word(w, "reset") ||
            lw_word(w, "restart")) {
            const lw_token *t = lw_tok(w, 1);
            return lw_refuse(w, "ALTER COLUMN ... %s %.*s",
                             lw_word(w, "set")    ? "SET"
                             : lw_word(w, "drop") ? "DROP"
                             : lw_word(w, "add")  ? "ADD"
                                                  : "RESET",
                             t ? (int)t->length : 0, t ? lw_spelled(w, t) : "");
        }
        return syntax_error(w);
    }
    if (!(a = new_action(w, st, kind))) {
        sqlite3_free(col);
        return w->rc;
    }
    a->column = col;
    w->p += words;
    if (kind == PG_SET_DEFAULT)
        a->expr = read_expr(w, 0, &a->expr_kind, &a->expr_literal);
    return w->rc;
}

/* One action of the list. */
static int read_action_item(lw_walker *w, pg_alter_stmt *st)
{
    if (lw_word(w, "add")) {
        lw_skip(w);
        if (lw_word(w, "constraint") || (lw_word(w, "primary") && lw_word_at(w, 1, "key")) ||
            lw_word(w, "unique") || lw_word(w, "check") ||
            (lw_word(w, "foreign") && lw_word_at(w, 1, "key")) || lw_word(w, "exclude")) {
            pg_action *a = new_action(w, st, PG_ADD_CONSTRAINT);
            return a ? read_table_constraint(w, a) : w->rc;
        }
        if (lw_word(w, "column"))
            lw_skip(w);
        return read_add_column(w, st);
    }
    if (lw_word(w, "drop")) {
        lw_skip(w);
        pg_action *a;
        if (lw_word(w, "constraint")) {
            lw_skip(w);
            if (!(a = new_action(w, st, PG_DROP_CONSTRAINT)))
                return w->rc;
            if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
                a->if_exists = 1;
                w->p += 2;
            }
            a->new_name = read_name(w);
        } else {
            if (lw_word(w, "column"))
                lw_skip(w);
            if (!(a = new_action(w, st, PG_DROP_COLUMN)))
                return w->rc;
            if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
                a->if_exists = 1;
                w->p += 2;
            }
            a->column = read_name(w);
        }
        if (lw_word(w, "cascade") || lw_word(w, "restrict")) {
            a->cascade = lw_word(w, "cascade");
            lw_skip(w);
        }
        return w->rc;
    }
    if (lw_word(w, "alter")) {
        lw_skip(w);
        if (lw_word(w, "constraint"))
            return lw_refuse(w, "ALTER CONSTRAINT");
        if (lw_word(w, "column"))
            lw_skip(w);
        return read_alter_column(w, st);
    }
    if (lw_word(w, "rename"))
        return syntax_error(w); /* RENAME stands alone */
    const lw_token *t = lw_tok(w, 0);
    if (t && t->type == LW_TK_WORD)
        return lw_refuse(w, "ALTER TABLE ... %.*s", (int)t->length, lw_spelled(w, t));
    return syntax_error(w);
}

/* RENAME [COLUMN] a TO b | RENAME CONSTRAINT a TO b | RENAME TO b */
static int read_rename(lw_walker *w, pg_alter_stmt *st)
{
    lw_skip(w); /* RENAME */
    pg_action *a;
    if (lw_word(w, "to")) {
        lw_skip(w);
        if (!(a = new_action(w, st, PG_RENAME_TABLE)))
            return w->rc;
        a->new_name = read_name(w);
    } else if (lw_word(w, "constraint")) {
        lw_skip(w);
        if (!(a = new_action(w, st, PG_RENAME_CONSTRAINT)))
            return w->rc;
        if ((a->old_name = read_name(w)) && !expect_word(w, "to"))
            a->new_name = read_name(w);
    } else {
        if (lw_word(w, "column") && !lw_word_at(w, 1, "to"))
            lw_skip(w);
        if (!(a = new_action(w, st, PG_RENAME_COLUMN)))
            return w->rc;
        if ((a->column = read_name(w)) && !expect_word(w, "to"))
            a->new_name = read_name(w);
    }
    if (!w->rc && !lw_at_end(w))
        return syntax_error(w);
    return w->rc;
}

int pg_alter_parse(lw_walker *w, pg_alter_stmt *st)
{
    memset(st, 0, sizeof *st);
    w->p = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->tk[w->at[i]].type == LW_TK_PARAM) {
            const lw_token *t = &w->tk[w->at[i]];
            return lw_walk_error(w, LW_ESQL, "42P02", 1064, "there is no parameter %.*s",
                                 (int)t->length, w->sql + t->offset);
        }
    if (expect_word(w, "alter") || expect_word(w, "table"))
        return w->rc;
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
        st->if_exists = 1;
        w->p += 2;
    }
    if (lw_word(w, "only"))
        lw_skip(w);
    size_t table_tok = w->p;
    if (!(st->table = read_relation(w)))
        return w->rc;
    if (lw_op_at(w, 0, "*"))
        lw_skip(w);
    /* The table's columns type the expressions (USING, DEFAULT, CHECK). */
    if (table_tok + 1 < w->n && w->tk[w->at[table_tok + 1]].type == LW_TK_DOT)
        table_tok += 2;
    lw_push_scope(w, table_tok, table_tok, 0, 0);
    if (lw_word(w, "rename"))
        return read_rename(w, st);
    if (lw_word(w, "set") || lw_word(w, "owner") || lw_word(w, "enable") || lw_word(w, "disable") ||
        lw_word(w, "cluster") || lw_word(w, "inherit") || lw_word(w, "no") ||
        lw_word(w, "attach") || lw_word(w, "detach") || lw_word(w, "replica") ||
        lw_word(w, "force") || lw_word(w, "of") || lw_word(w, "not") || lw_word(w, "reset") ||
        lw_word(w, "validate")) {
        const lw_token *t = lw_tok(w, 0), *n = lw_tok(w, 1);
        return lw_refuse(w, "ALTER TABLE ... %.*s%s%.*s", (int)t->length, lw_spelled(w, t),
                         n ? " " : "", n ? (int)n->length : 0, n ? lw_spelled(w, n) : "");
    }
    while (!w->rc) {
        if (read_action_item(w, st))
            break;
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
            continue;
        }
        if (!lw_at_end(w))
            syntax_error(w);
        break;
    }
    return w->rc;
}

/* ---- Translation ------------------------------------------------------------------------- */

/* The statement's own text, from its first token to its last. */
static char *statement_text(lw_walker *w)
{
    const lw_translation *t = w->t;
    if (!t->n_tokens)
        return sqlite3_mprintf("");
    const lw_token *a = &t->tokens[0], *b = &t->tokens[t->n_tokens - 1];
    return sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset), t->sql + a->offset);
}

/* ALTER TABLE: read now (errors before anything runs), applied when it runs. */
static int alter_table(lw_walker *w)
{
    size_t start = lw_here(w);
    pg_alter_stmt st;
    int rc = pg_alter_parse(w, &st);
    pg_alter_stmt_free(&st);
    if (rc)
        return rc;
    w->t->out->len = start;
    if (w->t->out->s)
        w->t->out->s[start] = 0;
    char *text = statement_text(w);
    if (!text)
        return lw_fail(w, LW_ENOMEM);
    lw_outf(w, "SELECT 1 WHERE typeof(pg_alter_table(%Q)) = 'none'", text);
    sqlite3_free(text);
    w->p = w->n;
    w->consumed = 1;
    return w->rc;
}

/* An integer option of ALTER SEQUENCE, signed. */
static int sequence_number(lw_walker *w, long long *v)
{
    int neg = 0;
    if (lw_op_at(w, 0, "-") || lw_op_at(w, 0, "+")) {
        neg = lw_op_at(w, 0, "-");
        lw_skip(w);
    }
    if (lw_read_int(w, v))
        return syntax_error(w);
    if (neg)
        *v = -*v;
    return 0;
}

/* ALTER SEQUENCE [IF EXISTS] s options -> pg_alter_sequence(name, if_exists, option,
 * value, ...): each option a word and its value (NULL for RESTART without one, NO
 * MINVALUE / NO MAXVALUE and OWNED BY NONE). */
static int alter_sequence(lw_walker *w)
{
    w->p = 2;
    int if_exists = 0;
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
        if_exists = 1;
        w->p += 2;
    }
    char *name = read_relation(w);
    if (!name)
        return w->rc;
    lw_sqlbuf args = {0};
    while (!w->rc && !lw_at_end(w)) {
        long long v = 0;
        if (lw_word(w, "restart")) {
            lw_skip(w);
            if (lw_word(w, "with"))
                lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_NUMBER) || lw_op_at(w, 0, "-")) {
                if (sequence_number(w, &v))
                    break;
                lw_sqlbuf_appendf(&args, ", 'restart', %lld", v);
            } else {
                lw_sqlbuf_appends(&args, ", 'restart', NULL");
            }
        } else if (lw_word(w, "start") || lw_word(w, "increment") || lw_word(w, "minvalue") ||
                   lw_word(w, "maxvalue") || lw_word(w, "cache")) {
            const char *opt = lw_word(w, "start")       ? "start"
                              : lw_word(w, "increment") ? "increment"
                              : lw_word(w, "minvalue")  ? "minvalue"
                              : lw_word(w, "maxvalue")  ? "maxvalue"
                                                        : "cache";
            lw_skip(w);
            if (lw_word(w, "with") || lw_word(w, "by"))
                lw_skip(w);
            if (sequence_number(w, &v))
                break;
            if (strcmp(opt, "cache") != 0)
                lw_sqlbuf_appendf(&args, ", '%s', %lld", opt, v);
        } else if (lw_word(w, "no") &&
                   (lw_word_at(w, 1, "minvalue") || lw_word_at(w, 1, "maxvalue"))) {
            lw_sqlbuf_appendf(&args, ", '%s', NULL",
                              lw_word_at(w, 1, "minvalue") ? "minvalue" : "maxvalue");
            w->p += 2;
        } else if (lw_word(w, "no") && lw_word_at(w, 1, "cycle")) {
            w->p += 2;
        } else if (lw_word(w, "cycle")) {
            lw_refuse(w, "ALTER SEQUENCE ... CYCLE");
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
            lw_sqlbuf_appendf(&args, ", 'as', '%s'",
                              ty.kind == LW_K_INT2   ? "int2"
                              : ty.kind == LW_K_INT4 ? "int4"
                                                     : "int8");
        } else if (lw_word(w, "owned") && lw_word_at(w, 1, "by")) {
            w->p += 2;
            if (lw_word(w, "none")) {
                lw_skip(w);
                lw_sqlbuf_appends(&args, ", 'owned', NULL");
                continue;
            }
            char *table = read_name(w);
            char *col = NULL;
            if (table && lw_type_at(w, 0, LW_TK_DOT)) {
                lw_skip(w);
                col = read_name(w);
                if (col && lw_type_at(w, 0, LW_TK_DOT) && !strcmp(table, "public")) {
                    sqlite3_free(table);
                    table = col;
                    lw_skip(w);
                    col = read_name(w);
                }
            } else if (table) {
                lw_walk_error(w, LW_ESQL, "42601", 1064, "invalid relation name: %s", table);
            }
            if (table && col)
                lw_sqlbuf_appendf(&args, ", 'owned', '%q.%q'", table, col);
            sqlite3_free(table);
            sqlite3_free(col);
        } else if (lw_word(w, "rename") || lw_word(w, "owner") || lw_word(w, "set")) {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "ALTER SEQUENCE ... %.*s", (int)t->length, lw_spelled(w, t));
        } else {
            syntax_error(w);
        }
    }
    if (!w->rc) {
        w->t->out->len = 0;
        if (w->t->out->s)
            w->t->out->s[0] = 0;
        lw_outf(w, "SELECT 1 WHERE typeof(pg_alter_sequence(%Q, %d%s)) = 'none'", name, if_exists,
                args.s ? args.s : "");
        w->consumed = 1;
    }
    if (args.oom)
        lw_fail(w, LW_ENOMEM);
    lw_sqlbuf_free(&args);
    sqlite3_free(name);
    return w->rc;
}

/* ALTER INDEX [IF EXISTS] i RENAME TO j -> pg_alter_index(i, j, if_exists). */
static int alter_index(lw_walker *w)
{
    w->p = 2;
    int if_exists = 0;
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
        if_exists = 1;
        w->p += 2;
    }
    char *name = read_relation(w);
    if (!name)
        return w->rc;
    if (!lw_word(w, "rename") || !lw_word_at(w, 1, "to")) {
        sqlite3_free(name);
        const lw_token *t = lw_tok(w, 0);
        if (!t)
            return syntax_error(w);
        return lw_refuse(w, "ALTER INDEX ... %.*s", (int)t->length, lw_spelled(w, t));
    }
    w->p += 2;
    char *to = read_name(w);
    if (to && !lw_at_end(w))
        syntax_error(w);
    if (!w->rc) {
        w->t->out->len = 0;
        if (w->t->out->s)
            w->t->out->s[0] = 0;
        lw_outf(w, "SELECT 1 WHERE typeof(pg_alter_index(%Q, %Q, %d)) = 'none'", name, to,
                if_exists);
        w->consumed = 1;
    }
    sqlite3_free(name);
    sqlite3_free(to);
    return w->rc;
}

int pg_alter(lw_walker *w)
{
    if (lw_word_at(w, 1, "table"))
        return alter_table(w);
    if (lw_word_at(w, 1, "sequence"))
        return alter_sequence(w);
    if (lw_word_at(w, 1, "index"))
        return alter_index(w);
    const lw_token *what = lw_tok(w, 1);
    return lw_refuse(w, "ALTER %.*s", what ? (int)what->length : 0,
                     what ? lw_spelled(w, what) : "");
}
