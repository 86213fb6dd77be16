/*
 * Values going into tables (values.h): INSERT's target, VALUES rows and their DEFAULT
 * items, a query's VALUES typed by its rows, and the assignment casts of values stored
 * into integer columns.
 */
#include "dialect/values.h"

#include <string.h>

#include "dialect/scope.h"
#include "likewise.h"

/* INSERT INTO name [(cols)]: remembers the table and its column list for DEFAULT. */
void lw_note_insert_target(lw_walker *w)
{
    size_t k = 2;
    while (lw_type_at(w, k + 1, LW_TK_DOT))
        k += 2;
    if (!lw_type_at(w, k, LW_TK_WORD) && !lw_type_at(w, k, LW_TK_QIDENT))
        return;
    w->insert_table = w->p + k;
    w->write_table = w->p + k;
    w->n_insert_cols = -1;
    lw_push_scope(w, w->insert_table, w->insert_table, 0, 0);
    k++;
    if (lw_word_at(w, k, "as"))
        k += 2;
    if (!lw_type_at(w, k, LW_TK_LPAREN) || lw_starts_query(w, k + 1))
        return;
    w->n_insert_cols = 0;
    for (k++; w->p + k < w->n && !lw_type_at(w, k, LW_TK_RPAREN); k++)
        if (!lw_type_at(w, k, LW_TK_COMMA) && w->n_insert_cols < 64)
            w->insert_cols[w->n_insert_cols++] = w->p + k;
}

/* The default of column `index` of the INSERT's row (its column list's, or the
 * table's order), as the schema writes it. DEFAULT inside VALUES is PostgreSQL's;
 * SQLite has it only as DEFAULT VALUES. */
static void column_default(lw_walker *w, int index)
{
    const lw_schema *s = w->schema;
    if (!s || !w->insert_table) {
        lw_refuse(w, "DEFAULT inside VALUES here");
        return;
    }
    char *table = lw_ident_text(w, w->insert_table);
    char *col = w->n_insert_cols >= 0 && index < w->n_insert_cols
                    ? lw_ident_text(w, w->insert_cols[index])
                    : NULL;
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (table && sqlite3_prepare_v2(s->db, "SELECT name, dflt_value FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        for (int k = 0; sqlite3_step(stmt) == SQLITE_ROW; k++) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            if (col ? (name && sqlite3_stricmp(name, col) == 0) : k == index) {
                const char *dflt = (const char *)sqlite3_column_text(stmt, 1);
                lw_outf(w, "%s ", dflt ? dflt : "NULL");
                found = 1;
                break;
            }
        }
    }
    sqlite3_finalize(stmt);
    if (!found)
        lw_refuse(w, "DEFAULT for a column this statement cannot find");
    sqlite3_free(table);
    sqlite3_free(col);
}

/* INSERT INTO t VALUES rows of n values where t has more columns (insert_leading_columns):
 * writes t's first n columns as the column list at out position pos; more values than
 * columns are PostgreSQL's 42601. A table the schema does not have, or rows as long as
 * it, are left to SQLite. */
static void leading_columns(lw_walker *w, size_t pos, int n)
{
    const lw_schema *s = w->schema;
    if (!s || !w->insert_table || n <= 0)
        return;
    char *table = lw_ident_text(w, w->insert_table);
    sqlite3_stmt *stmt = NULL;
    lw_sqlbuf list = {0};
    int count = 0;
    if (table && sqlite3_prepare_v2(s->db, "SELECT name FROM pragma_table_info(?1)", -1, &stmt,
                                    NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            if (count < n && name)
                lw_sqlbuf_appendf(&list, "%s\"%w\"", count ? ", " : "(", name);
            count++;
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    if (list.oom)
        w->t->out->oom = 1;
    else if (count > 0 && count < n)
        /* PostgreSQL's parser says so before SQLite's "table t has N columns". */
        lw_walk_error(w, LW_ESYNTAX, "42601", 1136,
                      "INSERT has more expressions than target columns");
    else if (count > n && list.len) {
        lw_sqlbuf_appends(&list, ") ");
        char *text = lw_sqlbuf_finish(&list);
        if (text)
            lw_insert_at(w, pos, text);
        else
            w->t->out->oom = 1;
        sqlite3_free(text);
        return;
    }
    lw_sqlbuf_free(&list);
}

/* An empty row, VALUES (), of an INSERT without a column list (MySQL's): every column
 * takes its default. */
static void all_defaults(lw_walker *w)
{
    const lw_schema *s = w->schema;
    char *table =
        s && w->insert_table && w->n_insert_cols < 0 ? lw_ident_text(w, w->insert_table) : NULL;
    sqlite3_stmt *stmt = NULL;
    int n = 0;
    if (table && sqlite3_prepare_v2(s->db, "SELECT dflt_value FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *dflt = (const char *)sqlite3_column_text(stmt, 0);
            lw_outf(w, "%s%s", n++ ? ", " : "", dflt ? dflt : "NULL");
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    if (!n)
        lw_refuse(w, "an empty VALUES row here");
}

size_t lw_insert_column(const lw_walker *w, int index)
{
    return w->n_insert_cols >= 0 && index < w->n_insert_cols ? w->insert_cols[index] : 0;
}

/* The dialect's assign hook for the value e stored into column col_tok (0: the column
 * at position index) of the table at table_tok. */
static void assign_hook(lw_walker *w, const lw_expr *e, size_t table_tok, size_t col_tok, int index,
                        int row)
{
    char *table = lw_ident_text(w, table_tok);
    char *col = col_tok ? lw_ident_text(w, col_tok) : NULL;
    char *decl = NULL, *name = NULL;
    if (table && (col || !col_tok)) {
        decl = lw_schema_declared_type(w->schema, table, col, index);
        if (!col) {
            /* The column's name at that position, for the dialect's messages. */
            sqlite3_stmt *stmt = NULL;
            if (sqlite3_prepare_v2(w->schema->db,
                                   "SELECT name FROM pragma_table_info(?1) LIMIT 1 OFFSET ?2", -1,
                                   &stmt, NULL) == SQLITE_OK) {
                sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
                sqlite3_bind_int(stmt, 2, index);
                if (sqlite3_step(stmt) == SQLITE_ROW)
                    name = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 0));
            }
            sqlite3_finalize(stmt);
        }
    }
    if (decl) {
        lw_assign_target target = {table, col ? col : name ? name : "", decl, row, index};
        w->rules->assign(w, e, &target);
    }
    sqlite3_free(table);
    sqlite3_free(col);
    sqlite3_free(decl);
    sqlite3_free(name);
}

void lw_assignment_cast(lw_walker *w, const lw_expr *e, size_t table_tok, size_t col_tok, int index,
                        int row)
{
    lw_kind kind = e->is_bool ? LW_K_BOOL : e->type;
    if (w->rules->assignment) {
        /* the oracle dialect's hook: the value written from e->start, of kind */
        if (table_tok && !w->rc)
            w->rules->assignment(w, e->start, kind, table_tok, col_tok, index);
        return;
    }
    if (!table_tok || w->rc || !w->schema)
        return;
    if (w->rules->assign) {
        assign_hook(w, e, table_tok, col_tok, index, row);
        return;
    }
    if (kind != LW_K_NUMERIC && kind != LW_K_FLOAT)
        return;
    int target = -1;
    if (col_tok) {
        target = lw_table_column_kind(w, table_tok, col_tok);
    } else {
        char *table = lw_ident_text(w, table_tok);
        char *decl = table ? lw_schema_declared_type(w->schema, table, NULL, index) : NULL;
        if (decl)
            target = (int)lw_kind_of_declared(w, decl);
        sqlite3_free(decl);
        sqlite3_free(table);
    }
    if (target < 0 || !lw_is_int_kind((lw_kind)target) || !w->rules->kinds[target].cast)
        return;
    lw_insert_call(w, e->start, lw_cast_function(w, kind, (lw_kind)target));
    lw_outf(w, ", '%s') ", w->rules->kinds[target].cast);
}

/* A query's VALUES: its items and the common kind of each column, so that a numeric
 * column's integers become numerics once the column's kind is known. */
typedef struct values_typing {
    struct {
        size_t start, end;
        int col;
        lw_kind kind; /* LW_K_UNKNOWN_LITERAL: a numeric constant */
    } items[LW_WALK_MAX_VALUES_ITEMS];
    int n_items, full;
    lw_kind kinds[LW_WALK_MAX_VALUES_ITEMS];
} values_typing;

static void note_item(values_typing *v, size_t start, size_t end, int col, lw_kind kind,
                      int numeric_literal)
{
    if (v->n_items >= LW_WALK_MAX_VALUES_ITEMS || col >= LW_WALK_MAX_VALUES_ITEMS) {
        v->full = 1;
        return;
    }
    v->items[v->n_items].start = start;
    v->items[v->n_items].end = end;
    v->items[v->n_items].col = col;
    v->items[v->n_items++].kind = numeric_literal ? LW_K_UNKNOWN_LITERAL : kind;
    v->kinds[col] = kind == LW_K_NULL            ? v->kinds[col]
                    : v->kinds[col] == LW_K_NULL ? kind
                                                 : lw_common_kind(v->kinds[col], kind);
}

/* A numeric column's integers (and untyped items) written as numerics, the last item
 * first so that the earlier items' offsets hold. */
static void numeric_columns(lw_walker *w, const values_typing *v)
{
    for (int i = v->n_items - 1; i >= 0 && !v->full && !w->rc; i--) {
        lw_kind k = v->items[i].kind;
        if (v->kinds[v->items[i].col] == LW_K_NUMERIC &&
            (lw_is_int_kind(k) || k == LW_K_UNKNOWN_LITERAL || k == LW_K_UNKNOWN)) {
            lw_insert_at(w, v->items[i].end, "AS NUMERIC_TEXT) COLLATE DECIMAL) ");
            lw_insert_at(w, v->items[i].end, ") ");
            lw_insert_at(w, v->items[i].start, "(");
            lw_insert_at(w, v->items[i].start + 1, "CAST(");
            lw_insert_call(w, v->items[i].start + 6, lw_exact_cast_function(w));
        }
    }
}

/* Records column `col` of a query's VALUES (its first row: a new column; later rows
 * widen its kind) as a column of the CTE being written, and as the subquery's result. */
static void note_result_column(lw_walker *w, int row, int col, lw_kind kind, int record,
                               int first_entry, int *columns)
{
    if (row == 0 && col == 0)
        w->result_type = kind;
    else if (col == 0 && kind != LW_K_NULL)
        w->result_type = w->result_type == LW_K_NULL ? kind : lw_common_kind(w->result_type, kind);
    if (record && row == 0 && w->n_cte_cols < LW_WALK_MAX_CTE_COLUMNS) {
        lw_cte_column *c = &w->cte_cols[w->n_cte_cols++];
        c->cte_tok = w->result_cte;
        c->name_tok = 0;
        c->index = col;
        c->kind = kind;
        c->of_values = 1;
        (*columns)++;
    } else if (record && col < *columns && kind != LW_K_NULL) {
        lw_cte_column *c = &w->cte_cols[first_entry + col];
        c->kind = c->kind == LW_K_NULL ? kind : lw_common_kind(c->kind, kind);
    }
    if (row == 0 && !record)
        (*columns)++;
}

void lw_values_rows(lw_walker *w)
{
    /* A query's VALUES (a subquery's first list) rather than an INSERT's rows. */
    int query = w->scope_level == w->result_level && w->result_items < 0;
    int record = query && w->result_cte;
    int first_entry = w->n_cte_cols, columns = 0;
    values_typing *v = NULL;
    if (query && !(v = sqlite3_malloc64(sizeof *v))) {
        w->t->out->oom = 1;
        lw_fail(w, LW_ENOMEM);
        return;
    }
    if (v) {
        v->n_items = v->full = 0;
        for (int i = 0; i < LW_WALK_MAX_VALUES_ITEMS; i++)
            v->kinds[i] = LW_K_NULL;
    }
    size_t values_at = lw_here(w);
    int first_row_items = 0;
    lw_emit(w); /* VALUES */
    for (int row = 0; !w->rc && lw_type_at(w, 0, LW_TK_LPAREN); row++) {
        lw_emit(w);
        if (!v && w->insert_table && w->rules->insert_row)
            w->rules->insert_row(w, row + 1);
        if (lw_type_at(w, 0, LW_TK_RPAREN) && !v)
            all_defaults(w);
        for (int col = 0; !w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN); col++) {
            if (row == 0)
                first_row_items = col + 1;
            if (lw_word(w, "default") &&
                (lw_type_at(w, 1, LW_TK_COMMA) || lw_type_at(w, 1, LW_TK_RPAREN))) {
                lw_skip(w);
                column_default(w, col);
            } else {
                size_t item_start = lw_here(w);
                lw_expr e = lw_parse_expr(w, 0);
                lw_kind kind = e.is_bool ? LW_K_BOOL : e.type;
                if (kind == LW_K_UNKNOWN_LITERAL)
                    kind = LW_K_TEXT; /* an unknown-typed string is text */
                if (v) {
                    note_item(v, item_start, lw_here(w), col, kind, e.numeric_literal);
                    note_result_column(w, row, col, kind, record, first_entry, &columns);
                } else if (w->insert_table) {
                    lw_assignment_cast(w, &e, w->insert_table, lw_insert_column(w, col), col,
                                       row + 1);
                }
            }
            if (!lw_next_item(w))
                break;
        }
        if (lw_type_at(w, 0, LW_TK_RPAREN))
            lw_emit(w);
        if (!lw_next_item(w))
            break;
    }
    if (v) {
        w->result_items = columns;
        numeric_columns(w, v);
        sqlite3_free(v);
    } else if (w->insert_table && w->n_insert_cols < 0 && w->rules->insert_leading_columns &&
               !w->rc) {
        leading_columns(w, values_at, first_row_items);
    }
}
