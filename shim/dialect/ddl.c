/*
 * Column types for CREATE TABLE from the dialect's column table (ddl.h).
 */
#include "dialect/ddl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/table_model.h"
#include "likewise.h"

static const lw_column_rule *find_column_rule(const lw_dialect_rules *rules, lw_kind kind)
{
    for (const lw_column_rule *c = rules->columns; c && c->declared; c++)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* The parts of a column of type ty named col (ddl.h). */
int lw_ddl_column_parts(const lw_dialect_rules *rules, const lw_sql_type *ty, const char *col,
                        lw_ddl_column *out)
{
    memset(out, 0, sizeof *out);
    const lw_column_rule *c = find_column_rule(rules, ty->kind);
    if (!c)
        return LW_ENOTSUP;
    lw_sqlbuf declared = {0}, check = {0}, norm = {0};
    const char *assign = rules->assign_function;
    int fields = (c->flags & LW_COL_FIELDS) != 0;
    int sized = c->declared_sized && (ty->mod1 >= 0 || (fields && ty->mod2 >= 0));
    long long scale = ty->mod2 >= 0 ? ty->mod2 : 0;
    if (c->flags & LW_COL_EXACT) {
        /* TEXT affinity keeps the decimal text exact; the declared name says NUMERIC and
         * the DECIMAL collation compares, sorts and groups the text as numbers, also
         * against numeric constants, which take the column's affinity. */
        out->collate = "DECIMAL";
        if (sized) {
            lw_sqlbuf_appendf(&declared, c->declared_sized, ty->mod1, scale);
            lw_sqlbuf_appendf(&norm, "\"%w\" = decimal(NEW.\"%w\", %lld, %lld)", col, col, ty->mod1,
                              scale);
        } else {
            lw_sqlbuf_appends(&declared, c->declared);
            lw_sqlbuf_appendf(&norm, "\"%w\" = decimal(NEW.\"%w\")", col, col);
        }
    } else if (fields && sized) {
        /* interval(p), interval day to second(p): precision and fields both kept. */
        const char *fn = c->normalize ? c->normalize : c->assign;
        lw_sqlbuf_appendf(&declared, c->declared_sized, ty->mod1, ty->mod2);
        lw_sqlbuf_appendf(&check,
                          "CHECK (%s(\"%w\", '%s', %lld, %lld) IS NOT NULL OR \"%w\" IS NULL)",
                          assign, col, c->assign, ty->mod1, ty->mod2, col);
        if (c->flags & LW_COL_NORMALIZE)
            lw_sqlbuf_appendf(&norm, "\"%w\" = %s(NEW.\"%w\", '%s', %lld, %lld)", col, assign, col,
                              fn, ty->mod1, ty->mod2);
    } else {
        if (sized)
            lw_sqlbuf_appendf(&declared, c->declared_sized, ty->mod1);
        else
            lw_sqlbuf_appends(&declared, c->declared);
        if (c->flags & LW_COL_RANGE)
            /* The range test runs inline; the assign function is called only to raise the
             * server's error (out of range, or text that is not a number). */
            lw_sqlbuf_appendf(&check,
                              "CHECK ((\"%w\" BETWEEN %s AND \"%w\" = (\"%w\" | 0)) OR \"%w\" IS "
                              "NULL OR %s(\"%w\", '%s') IS NULL)",
                              col, c->range, col, col, col, assign, col, c->assign);
        else if ((c->flags & LW_COL_CHECK) && sized)
            lw_sqlbuf_appendf(&check,
                              "CHECK (%s(\"%w\", '%s', %lld) IS NOT NULL OR \"%w\" IS NULL)",
                              assign, col, c->assign, ty->mod1, col);
        else if ((c->flags & LW_COL_CHECK) && !(c->flags & LW_COL_SIZED))
            lw_sqlbuf_appendf(&check, "CHECK (%s(\"%w\", '%s') IS NOT NULL OR \"%w\" IS NULL)",
                              assign, col, c->assign, col);
        if ((c->flags & LW_COL_NORMALIZE) && sized)
            /* a precision the stored value is rounded to: TIME(0) */
            lw_sqlbuf_appendf(&norm, "\"%w\" = %s(NEW.\"%w\", '%s', %lld)", col, assign, col,
                              c->normalize ? c->normalize : c->assign, ty->mod1);
        else if (c->flags & LW_COL_NORMALIZE)
            lw_sqlbuf_appendf(&norm, "\"%w\" = %s(NEW.\"%w\", '%s')", col, assign, col,
                              c->normalize ? c->normalize : c->assign);
    }
    int oom = declared.oom || check.oom || norm.oom;
    out->declared = lw_sqlbuf_finish(&declared);
    out->check = check.len ? lw_sqlbuf_finish(&check) : NULL;
    out->norm = norm.len ? lw_sqlbuf_finish(&norm) : NULL;
    lw_sqlbuf_free(&check);
    lw_sqlbuf_free(&norm);
    if (oom || !out->declared) {
        lw_ddl_column_free(out);
        return LW_ENOMEM;
    }
    return 0;
}

void lw_ddl_column_free(lw_ddl_column *c)
{
    sqlite3_free(c->declared);
    sqlite3_free(c->check);
    sqlite3_free(c->norm);
    memset(c, 0, sizeof *c);
}

void lw_ddl_column_type(lw_walker *w, const lw_sql_type *ty, const char *col, lw_sqlbuf *norm)
{
    lw_ddl_column parts;
    int rc = lw_ddl_column_parts(w->rules, ty, col, &parts);
    if (rc == LW_ENOTSUP) {
        lw_refuse(w, "the column type %s", ty->name);
        return;
    }
    if (rc) {
        lw_fail(w, rc);
        return;
    }
    lw_out(w, parts.declared);
    if (parts.collate)
        lw_outf(w, " COLLATE %s ", parts.collate);
    else if (parts.check)
        lw_outf(w, " %s ", parts.check);
    else
        lw_out(w, " ");
    if (parts.norm)
        lw_sqlbuf_appendf(norm, "%s%s", norm->len ? ", " : "", parts.norm);
    lw_ddl_column_free(&parts);
}

int lw_ddl_type_of_declared(const lw_dialect_rules *rules, const char *declared, lw_sql_type *ty)
{
    memset(ty, 0, sizeof *ty);
    ty->mod1 = ty->mod2 = -1;
    size_t len = 0;
    while (declared[len] && declared[len] != ' ' && declared[len] != '(')
        len++;
    const lw_declared_type *d = rules->declared;
    for (; d && d->word; d++)
        if (strlen(d->word) == len && sqlite3_strnicmp(declared, d->word, (int)len) == 0)
            break;
    if (!d || !d->word)
        return -1;
    ty->kind = d->kind;
    const char *paren = strchr(declared, '(');
    if (paren) {
        char *end;
        ty->mod1 = strtoll(paren + 1, &end, 10);
        if (*end == ',')
            ty->mod2 = strtoll(end + 1, &end, 10);
    }
    snprintf(ty->name, sizeof ty->name, "%.*s", (int)len, declared);
    return 0;
}

char *lw_ddl_norm_triggers(const lw_dialect_rules *rules, const lw_table_model *m)
{
    lw_sqlbuf norm = {0}, all = {0};
    for (int i = 0; i < m->n_cols; i++) {
        lw_sql_type ty;
        lw_ddl_column parts;
        if (lw_ddl_type_of_declared(rules, m->cols[i].type, &ty) ||
            lw_ddl_column_parts(rules, &ty, m->cols[i].name, &parts))
            continue;
        if (parts.norm)
            lw_sqlbuf_appendf(&norm, "%s%s", norm.len ? ", " : "", parts.norm);
        lw_ddl_column_free(&parts);
    }
    if (norm.len) {
        lw_sqlbuf_appendf(&all,
                          "CREATE TRIGGER \"" LW_DDL_NORM_PREFIX "i_%w\" AFTER INSERT ON \"%w\" "
                          "BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          m->name, m->name, m->name, norm.s);
        lw_sqlbuf_appendf(&all,
                          "CREATE TRIGGER \"" LW_DDL_NORM_PREFIX "u_%w\" AFTER UPDATE ON \"%w\" "
                          "BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          m->name, m->name, m->name, norm.s);
    }
    int oom = norm.oom || all.oom;
    lw_sqlbuf_free(&norm);
    if (oom) {
        lw_sqlbuf_free(&all);
        return NULL;
    }
    return lw_sqlbuf_finish(&all);
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
                          "CREATE TRIGGER IF NOT EXISTS \"" LW_DDL_NORM_PREFIX
                          "i_%w\" AFTER INSERT ON \"%w\" BEGIN "
                          "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          table, table, table, norm->s);
        lw_sqlbuf_appendf(&all,
                          "CREATE TRIGGER IF NOT EXISTS \"" LW_DDL_NORM_PREFIX
                          "u_%w\" AFTER UPDATE ON \"%w\" BEGIN "
                          "UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END;",
                          table, table, table, norm->s);
    }
    if (extra->len)
        lw_sqlbuf_appends(&all, extra->s);
    exec_call(w, &all);
    sqlite3_free(create);
}
