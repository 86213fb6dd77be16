/*
 * Column types for CREATE TABLE from the dialect's column table (ddl.h).
 */
#include "dialect/ddl.h"

static const lw_column_rule *find_column_rule(const lw_walker *w, lw_kind kind)
{
    for (const lw_column_rule *c = w->rules->columns; c && c->declared; c++)
        if (c->kind == kind)
            return c;
    return NULL;
}

void lw_ddl_column_type(lw_walker *w, const lw_sql_type *ty, const char *col, lw_sqlbuf *norm)
{
    const lw_column_rule *c = find_column_rule(w, ty->kind);
    if (!c) {
        lw_refuse(w, "the column type %s", ty->name);
        return;
    }
    const char *assign = w->rules->assign_function;
    int sized = c->declared_sized && ty->mod1 >= 0;
    long long scale = ty->mod2 >= 0 ? ty->mod2 : 0;
    if (c->flags & LW_COL_EXACT) {
        /* TEXT affinity keeps the decimal text exact; the declared name says NUMERIC and
         * the DECIMAL collation compares, sorts and groups the text as numbers, also
         * against numeric constants, which take the column's affinity. */
        if (sized) {
            lw_outf(w, c->declared_sized, ty->mod1, scale);
            lw_out(w, " COLLATE DECIMAL ");
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\", %lld, %lld)",
                              norm->len ? ", " : "", col, col, ty->mod1, scale);
        } else {
            lw_outf(w, "%s COLLATE DECIMAL ", c->declared);
            lw_sqlbuf_appendf(norm, "%s\"%w\" = decimal(NEW.\"%w\")", norm->len ? ", " : "", col,
                              col);
        }
        return;
    }
    if (sized)
        lw_outf(w, c->declared_sized, ty->mod1);
    else
        lw_out(w, c->declared);
    if (c->flags & LW_COL_RANGE) {
        /* The range test runs inline; the assign function is called only to raise the
         * server's error (out of range, or text that is not a number). */
        lw_outf(w,
                " CHECK ((\"%w\" BETWEEN %s AND \"%w\" = (\"%w\" | 0)) OR \"%w\" IS NULL OR "
                "%s(\"%w\", '%s') IS NULL) ",
                col, c->range, col, col, col, assign, col, c->assign);
    } else if ((c->flags & LW_COL_CHECK) && sized) {
        lw_outf(w, " CHECK (%s(\"%w\", '%s', %lld) IS NOT NULL OR \"%w\" IS NULL) ", assign, col,
                c->assign, ty->mod1, col);
    } else if ((c->flags & LW_COL_CHECK) && !(c->flags & LW_COL_SIZED)) {
        lw_outf(w, " CHECK (%s(\"%w\", '%s') IS NOT NULL OR \"%w\" IS NULL) ", assign, col,
                c->assign, col);
    } else {
        lw_out(w, " ");
    }
    if ((c->flags & LW_COL_NORMALIZE) && sized)
        /* a precision the stored value is rounded to: TIME(0) */
        lw_sqlbuf_appendf(norm, "%s\"%w\" = %s(NEW.\"%w\", '%s', %lld)", norm->len ? ", " : "", col,
                          assign, col, c->normalize ? c->normalize : c->assign, ty->mod1);
    else if (c->flags & LW_COL_NORMALIZE)
        lw_sqlbuf_appendf(norm, "%s\"%w\" = %s(NEW.\"%w\", '%s')", norm->len ? ", " : "", col,
                          assign, col, c->normalize ? c->normalize : c->assign);
}

/* The statements in all (consumed) as one call of the dialect's exec function: one
 * statement that returns no row. */
static void exec_call(lw_walker *w, lw_sqlbuf *all)
{
    lw_outf(w, "SELECT 1 WHERE typeof(%s(%Q)) = 'none'", w->rules->ddl_exec_function,
            all->s ? all->s : "");
    if (all->oom)
        w->t->out->oom = 1;
    lw_sqlbuf_free(all);
}

void lw_ddl_finish(lw_walker *w, size_t start, const char *table, const lw_sqlbuf *norm,
                   const lw_sqlbuf *extra)
{
    if (w->rc || (!norm->len && !extra->len))
        return;
    /* Values the server converts on the way in (booleans, NUMERIC scale, CHAR padding,
     * UUID and timestamp forms) are converted by triggers after the row is written; the
     * statement becomes one call that creates the table and them. */
    char *create = lw_take_from(w, start);
    lw_sqlbuf all = {0};
    lw_sqlbuf_appendf(&all, "%s;", create ? create : "");
    if (norm->len) {
        lw_sqlbuf_appendf(&all,
                          "CREATE TRIGGER \"_lw_norm_i_%w\" AFTER INSERT ON \"%w\" BEGIN "
                          "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          table, table, table, norm->s);
        lw_sqlbuf_appendf(&all,
                          "CREATE TRIGGER \"_lw_norm_u_%w\" AFTER UPDATE ON \"%w\" BEGIN "
                          "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          table, table, table, norm->s);
    }
    if (extra->len)
        lw_sqlbuf_appends(&all, extra->s);
    exec_call(w, &all);
    sqlite3_free(create);
}

void lw_ddl_finish_add_column(lw_walker *w, size_t start, const char *table, const char *col,
                              const lw_sqlbuf *norm)
{
    if (w->rc || !norm->len)
        return;
    char *alter = lw_take_from(w, start);
    lw_sqlbuf all = {0};
    lw_sqlbuf_appendf(&all,
                      "%s; CREATE TRIGGER \"_lw_norm_i_%w.%w\" AFTER INSERT ON \"%w\" "
                      "BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END; "
                      "CREATE TRIGGER \"_lw_norm_u_%w.%w\" AFTER UPDATE OF \"%w\" ON "
                      "\"%w\" BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END; "
                      "UPDATE \"%w\" SET \"%w\" = \"%w\" WHERE \"%w\" IS NOT NULL",
                      alter ? alter : "", table, col, table, table, norm->s, table, col, col, table,
                      table, norm->s, table, col, col, col);
    exec_call(w, &all);
    sqlite3_free(alter);
}
