/*
 * Multi-table UPDATE and DELETE (the statement table's "update" and "delete"):
 *
 *   UPDATE t1 [AS] a JOIN t2 b ON ... SET a.c = expr, ... [WHERE cond]
 *   UPDATE t1, t2 SET t1.c = expr, ... WHERE cond
 *       one table changes (the one every SET column belongs to): SQLite's UPDATE ...
 *       FROM over the whole join, the target's rows found by rowid, so LEFT JOINs and
 *       the target's place in the join keep their meaning:
 *         UPDATE "t1" SET "c" = _lw_u."_lw_1"
 *           FROM (SELECT a.rowid AS _lw_rid, <expr> AS "_lw_1" FROM <join> WHERE cond)
 *           AS _lw_u WHERE "t1".rowid = _lw_u._lw_rid
 *   DELETE a FROM t1 a JOIN t2 ... [WHERE cond]
 *   DELETE FROM a USING t1 AS a JOIN t2 ... [WHERE cond]
 *       one table loses rows: DELETE FROM "t1" WHERE rowid IN (SELECT a.rowid FROM
 *       <join> WHERE cond)
 *
 * A SET column without a qualifier belongs to the table of the join that has it. Every
 * SET expression is computed from the row as the join found it (MariaDB's multi-table
 * UPDATE reads the same values); when the join finds a target row more than once, one
 * of its matches is used, as on the server.
 *
 * Errors: a DELETE target the join does not name is 1109 "Unknown table 'x' in MULTI
 * DELETE"; a SET column no table of the join has is left to the clause walk (1054).
 *   DELETE a, b FROM t1 a JOIN t2 b ..., UPDATE t1, t2 SET t1.x = .., t2.y = ..
 *       several tables: SQLite writes one table per statement, so the statement writes
 *       a temporary view of the join (the targets' rowids and the new values) whose
 *       INSTEAD OF trigger writes each table (write_through_view); SQLite reads the
 *       view's rows first, so every table is written as the join found it, in one
 *       statement (atomic). A row the join finds twice is written twice (MariaDB: once).
 *
 * Refused (0A000): a write to several tables with parameters (its join becomes a view), ORDER BY or
 * LIMIT with several tables (MariaDB refuses them too, with 1221), and LOW_PRIORITY, QUICK and
 * IGNORE there. Limits: the target must be a table with a rowid (every table the dialect creates).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/scope.h"
#include "dialect/values.h"
#include "dialect/mysql/mysql.h"

/* A named item of a join: its table's token and its alias's (0: none). */
typedef struct ref_item {
    size_t table, alias;
} ref_item;

enum { MAX_ITEMS = 32, MAX_SETS = 64 };

static const lw_token *tok_at(const lw_walker *w, size_t i)
{
    return i < w->n ? &w->tk[w->at[i]] : NULL;
}

static int word_at(const lw_walker *w, size_t i, const char *word)
{
    const lw_token *t = tok_at(w, i);
    return t && lw_token_is_word(w->sql, t, word);
}

static int is_name(const lw_walker *w, size_t i)
{
    const lw_token *t = tok_at(w, i);
    return t && (t->type == LW_TK_WORD || t->type == LW_TK_QIDENT);
}

/* Words that end a table reference's alias position. */
static int join_word(const lw_walker *w, size_t i)
{
    static const char *const words[] = {
        "join",  "straight_join", "left",  "right", "inner", "cross", "natural",   "outer", "on",
        "using", "set",           "where", "from",  "order", "limit", "returning", NULL};
    for (const char *const *x = words; *x; x++)
        if (word_at(w, i, *x))
            return 1;
    return 0;
}

/* The index of the parenthesis that closes the one at i (or w->n). */
static size_t closing(const lw_walker *w, size_t i)
{
    int depth = 0;
    for (; i < w->n; i++) {
        const lw_token *t = tok_at(w, i);
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN && --depth == 0)
            return i;
    }
    return w->n;
}

/* The first index in [from, to) of word at depth 0, or to. */
static size_t find_word(const lw_walker *w, size_t from, size_t to, const char *word)
{
    for (size_t i = from; i < to; i++) {
        if (tok_at(w, i)->type == LW_TK_LPAREN)
            i = closing(w, i);
        else if (word_at(w, i, word))
            return i;
    }
    return to;
}

/* The named items of the join [from, to); returns their count, or -1 when there are
 * more than MAX_ITEMS. *several says whether there is more than one item. */
static int read_items(const lw_walker *w, size_t from, size_t to, ref_item *items, int *several)
{
    int n = 0, expect = 1, seen = 0;
    for (size_t i = from; i < to;) {
        const lw_token *t = tok_at(w, i);
        if (t->type == LW_TK_COMMA || word_at(w, i, "join") || word_at(w, i, "straight_join")) {
            expect = 1;
            i++;
        } else if (word_at(w, i, "on")) {
            /* the join condition: up to the next item's separator */
            for (i++; i < to && tok_at(w, i)->type != LW_TK_COMMA && !join_word(w, i); i++)
                if (tok_at(w, i)->type == LW_TK_LPAREN)
                    i = closing(w, i);
        } else if (t->type == LW_TK_LPAREN) {
            i = closing(w, i) + 1;
            if (expect) {
                seen++;
                expect = 0;
                if (word_at(w, i, "as"))
                    i++;
                if (is_name(w, i) && !join_word(w, i))
                    i++;
            }
        } else if (expect && is_name(w, i)) {
            size_t table = i++;
            if (tok_at(w, i) && tok_at(w, i)->type == LW_TK_DOT && is_name(w, i + 1))
                table = i + 1, i += 2;
            size_t alias = 0;
            if (word_at(w, i, "as"))
                i++;
            if (i < to && is_name(w, i) && !join_word(w, i))
                alias = i++;
            if (n == MAX_ITEMS)
                return -1;
            items[n++] = (ref_item){table, alias};
            seen++;
            expect = 0;
        } else {
            i++;
        }
    }
    *several = seen > 1;
    return n;
}

/* The name token i as written, unquoted (sqlite3_free), or NULL. */
static char *name_text(lw_walker *w, size_t i)
{
    return lw_ident_text(w, i);
}

/* The item a name (an alias, or the table of an item without one) calls, or -1. */
static int item_named(lw_walker *w, const ref_item *items, int n, const char *name)
{
    for (int k = 0; k < n; k++) {
        char *s = name_text(w, items[k].alias ? items[k].alias : items[k].table);
        int same = s && !sqlite3_stricmp(s, name);
        sqlite3_free(s);
        if (same)
            return k;
    }
    return -1;
}

/* The hash that names a view: FNV-1a of its SELECT. */
static uint64_t view_hash(const char *select)
{
    uint64_t h = 14695981039346656037ULL;
    for (const char *c = select; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    return h;
}

/* Writes the statement of a write to several tables: the MY_MULTI_WRITE mark with the
 * DDL of a temporary view (select) and its INSTEAD OF trigger (kind DELETE or UPDATE,
 * body its statements), then the statement on the view (what: "DELETE FROM" or
 * "UPDATE"; then tail). SQLite reads the view's rows before the trigger runs (it
 * materializes a view a statement writes), so each row is written as the join found
 * it, all in one statement; session.c makes the view and trigger before it runs. */
static int write_through_view(lw_walker *w, const char *select, const char *kind, const char *body,
                              const char *what, const char *tail)
{
    uint64_t h = view_hash(select);
    char *ddl = sqlite3_mprintf("CREATE TEMP VIEW IF NOT EXISTS \"_lw_mw_%016llx\" AS %s; "
                                "CREATE TEMP TRIGGER IF NOT EXISTS \"_lw_mw_%016llx_t\" "
                                "INSTEAD OF %s ON \"_lw_mw_%016llx\" BEGIN%s END",
                                (unsigned long long)h, select, (unsigned long long)h, kind,
                                (unsigned long long)h, body);
    if (!ddl)
        return lw_fail(w, LW_ENOMEM);
    lw_outf(w, MY_MULTI_WRITE "%016llx:", (unsigned long long)h);
    for (const char *c = ddl; *c; c++)
        lw_outf(w, "%02x", (unsigned char)*c);
    lw_outf(w, "*/ %s temp.\"_lw_mw_%016llx\"%s", what, (unsigned long long)h, tail);
    sqlite3_free(ddl);
    w->consumed = 1;
    return w->rc;
}

/* A write to several tables reads its join as a view: parameters cannot go there. */
static int refuse_parameters(lw_walker *w, const char *what)
{
    for (size_t i = 0; i < w->n; i++)
        if (tok_at(w, i)->type == LW_TK_PARAM)
            return lw_refuse(w, "%s with parameters", what);
    return 0;
}

/* DELETE a, b FROM <join>: the view of the targets' rowids, a trigger deleting each. */
static int delete_several(lw_walker *w, char **targets, const ref_item *items, const int *k, int n,
                          size_t from)
{
    if (refuse_parameters(w, "a DELETE from several tables"))
        return w->rc;
    size_t start = lw_here(w);
    lw_out(w, "SELECT ");
    for (int i = 0; i < n; i++)
        lw_outf(w, "%s\"%w\".rowid AS _lw_r%d", i ? ", " : "", targets[i], i + 1);
    lw_out(w, " FROM ");
    w->p = from;
    lw_scope_items(w, 0);
    lw_walk_until(w, 0);
    char *select = lw_take_from(w, start);
    lw_sqlbuf body = {0};
    for (int i = 0; i < n; i++) {
        char *table = name_text(w, items[k[i]].table);
        lw_sqlbuf_appendf(&body, " DELETE FROM \"%w\" WHERE rowid = OLD._lw_r%d;",
                          table ? table : "", i + 1);
        sqlite3_free(table);
    }
    if (select && body.s && !body.oom && !w->rc)
        write_through_view(w, select, "DELETE", body.s, "DELETE FROM", "");
    else if (!w->rc)
        lw_fail(w, LW_ENOMEM);
    sqlite3_free(select);
    lw_sqlbuf_free(&body);
    return w->rc;
}

/* Writes DELETE FROM "table" WHERE rowid IN (SELECT "name".rowid FROM ... ) for the
 * join [from, w->n), or delete_several's statement for several targets. */
static int delete_from_join(lw_walker *w, const size_t *names, int n_targets, size_t from)
{
    ref_item items[MAX_ITEMS];
    int several = 0, k[MAX_ITEMS];
    char *targets[MAX_ITEMS] = {0};
    int n = read_items(w, from, find_word(w, from, w->n, "where"), items, &several);
    if (n < 0)
        return lw_refuse(w, "a multi-table DELETE of more than %d tables", MAX_ITEMS);
    for (int i = 0; i < n_targets && !w->rc; i++) {
        targets[i] = name_text(w, names[i]);
        if (!targets[i])
            lw_fail(w, LW_ENOMEM);
        else if ((k[i] = item_named(w, items, n, targets[i])) < 0)
            lw_walk_error(w, LW_ESQL, "42S02", 1109, "Unknown table '%s' in MULTI DELETE",
                          targets[i]);
    }
    if (!w->rc &&
        (find_word(w, from, w->n, "order") < w->n || find_word(w, from, w->n, "limit") < w->n))
        lw_refuse(w, "ORDER BY or LIMIT in a multi-table DELETE");
    if (!w->rc && n_targets > 1) {
        delete_several(w, targets, items, k, n_targets, from);
    } else if (!w->rc) {
        char *table = name_text(w, items[k[0]].table);
        if (!table) {
            lw_fail(w, LW_ENOMEM);
        } else {
            lw_outf(w, "DELETE FROM \"%w\" WHERE rowid IN (SELECT \"%w\".rowid FROM ", table,
                    targets[0]);
            sqlite3_free(table);
            w->p = from;
            lw_scope_items(w, 0);
            lw_walk_until(w, 0);
            lw_out(w, ")");
            w->consumed = 1;
        }
    }
    for (int i = 0; i < n_targets; i++)
        sqlite3_free(targets[i]);
    return w->rc;
}

/* The targets of a DELETE's target list [from, to) (t or t.*, comma-separated): their
 * tokens into names[]; returns their count, or -1 with the walker failed. */
static int delete_targets(lw_walker *w, size_t from, size_t to, size_t *names)
{
    int n = 0;
    for (size_t i = from;;) {
        if (i >= to || !is_name(w, i))
            return my_syntax_error(w, i - w->p), -1;
        if (n == MAX_ITEMS)
            return lw_refuse(w, "a DELETE from more than %d tables", MAX_ITEMS), -1;
        names[n++] = i++;
        if (tok_at(w, i) && tok_at(w, i)->type == LW_TK_DOT && i + 1 < to &&
            tok_at(w, i + 1)->type == LW_TK_OPERATOR)
            i += 2; /* t.* */
        if (i == to)
            return n;
        if (tok_at(w, i)->type != LW_TK_COMMA)
            return my_syntax_error(w, i - w->p), -1;
        i++;
    }
}

int my_delete(lw_walker *w)
{
    if (word_at(w, 1, "low_priority") || word_at(w, 1, "quick") || word_at(w, 1, "ignore")) {
        /* Single-table forms keep their clause walk; the modifiers are judged there. */
        lw_walk_until(w, 0);
        return w->rc;
    }
    if (word_at(w, 1, "from")) {
        size_t using = find_word(w, 2, w->n, "using");
        if (using == w->n) {
            lw_walk_until(w, 0); /* DELETE FROM t ...: one table */
            return w->rc;
        }
        size_t names[MAX_ITEMS];
        int n = delete_targets(w, 2, using, names);
        return n < 0 ? w->rc : delete_from_join(w, names, n, using + 1);
    }
    size_t from = find_word(w, 1, w->n, "from");
    if (from == w->n)
        return my_syntax_error(w, 1);
    size_t names[MAX_ITEMS];
    int n = delete_targets(w, 1, from, names);
    return n < 0 ? w->rc : delete_from_join(w, names, n, from + 1);
}

/* One assignment of a multi-table UPDATE: its column, its table item, its value. */
typedef struct set_item {
    size_t column, value;
    int item;
} set_item;

/* Reads SET's assignments [from, to) into sets; returns their count or the walker's
 * failure. */
static int read_sets(lw_walker *w, size_t from, size_t to, const ref_item *items, int n_items,
                     set_item *sets)
{
    int n = 0;
    for (size_t i = from; i < to;) {
        if (n == MAX_SETS)
            return lw_refuse(w, "a multi-table UPDATE with more than %d assignments", MAX_SETS);
        size_t qual = 0, col = i;
        if (is_name(w, i) && tok_at(w, i + 1) && tok_at(w, i + 1)->type == LW_TK_DOT) {
            qual = i;
            col = i + 2;
        }
        if (!is_name(w, col) || !(tok_at(w, col + 1) && lw_op_at(w, col + 1 - w->p, "=")))
            return my_syntax_error(w, col - w->p);
        int item = -1;
        if (qual) {
            char *q = name_text(w, qual);
            if (!q)
                return lw_fail(w, LW_ENOMEM);
            item = item_named(w, items, n_items, q);
            sqlite3_free(q);
        } else {
            for (int k = 0; k < n_items; k++)
                if (lw_table_column_kind(w, items[k].table, col) >= 0) {
                    item = k;
                    break;
                }
        }
        if (item < 0) {
            char *c = name_text(w, col);
            lw_walk_error(w, LW_ESQL, "42S22", 1054, "Unknown column '%s' in 'field list'",
                          c ? c : "");
            sqlite3_free(c);
            return w->rc;
        }
        sets[n++] = (set_item){col, col + 2, item};
        /* the value runs to the next comma at depth 0 */
        for (i = col + 2; i < to && tok_at(w, i)->type != LW_TK_COMMA; i++)
            if (tok_at(w, i)->type == LW_TK_LPAREN)
                i = closing(w, i);
        if (i < to)
            i++;
    }
    return n;
}

/* UPDATE <join> SET a.x = .., b.y = ..: the view of each target's rowid and every new
 * value (computed from the rows the join found), a trigger updating each target. */
/* The rest of the query an UPDATE of joined tables reads its new values from: each SET
 * value, checked for its column and named by name_format with its number, then FROM
 * the statement's tables and joins (up to SET) and its WHERE. */
static void write_values_from(lw_walker *w, const ref_item *items, const set_item *sets, int n_sets,
                              size_t set, size_t where, const char *name_format)
{
    for (int i = 0; i < n_sets && !w->rc; i++) {
        lw_out(w, ", ");
        w->p = sets[i].value;
        lw_expr e = lw_parse_expr(w, 0);
        if (!w->rc)
            lw_assignment_cast(w, &e, items[sets[i].item].table, sets[i].column, 0, 0);
        lw_out(w, " AS ");
        lw_outf(w, name_format, i + 1);
    }
    lw_out(w, " FROM ");
    size_t n = w->n;
    w->p = 1;
    w->n = set;
    lw_walk_until(w, 0);
    w->n = n;
    if (where < n) {
        w->p = where;
        lw_walk_until(w, 0);
    }
}

static int update_several(lw_walker *w, const ref_item *items, const set_item *sets, int n_sets,
                          size_t set, size_t where)
{
    if (refuse_parameters(w, "an UPDATE of several tables"))
        return w->rc;
    int targets[MAX_ITEMS], n_targets = 0;
    for (int i = 0; i < n_sets; i++) {
        int seen = 0;
        for (int j = 0; j < n_targets; j++)
            seen |= targets[j] == sets[i].item;
        if (!seen)
            targets[n_targets++] = sets[i].item;
    }
    lw_scope_items(w, 1);
    size_t start = lw_here(w);
    lw_out(w, "SELECT ");
    for (int j = 0; j < n_targets; j++) {
        const ref_item *t = &items[targets[j]];
        char *alias = name_text(w, t->alias ? t->alias : t->table);
        lw_outf(w, "%s\"%w\".rowid AS _lw_r%d", j ? ", " : "", alias ? alias : "", j + 1);
        sqlite3_free(alias);
    }
    write_values_from(w, items, sets, n_sets, set, where, "_lw_v%d");
    char *select = lw_take_from(w, start);
    lw_sqlbuf body = {0};
    for (int j = 0; j < n_targets; j++) {
        char *table = name_text(w, items[targets[j]].table);
        lw_sqlbuf_appendf(&body, " UPDATE \"%w\" SET", table ? table : "");
        int first = 1;
        for (int i = 0; i < n_sets; i++) {
            if (sets[i].item != targets[j])
                continue;
            char *col = name_text(w, sets[i].column);
            lw_sqlbuf_appendf(&body, "%s \"%w\" = OLD._lw_v%d", first ? "" : ",", col ? col : "",
                              i + 1);
            sqlite3_free(col);
            first = 0;
        }
        lw_sqlbuf_appendf(&body, " WHERE rowid = OLD._lw_r%d;", j + 1);
        sqlite3_free(table);
    }
    if (select && body.s && !body.oom && !w->rc)
        write_through_view(w, select, "UPDATE", body.s, "UPDATE", " SET _lw_r1 = _lw_r1");
    else if (!w->rc)
        lw_fail(w, LW_ENOMEM);
    sqlite3_free(select);
    lw_sqlbuf_free(&body);
    return w->rc ? w->rc : 1;
}

int my_multi_update(lw_walker *w)
{
    size_t set = find_word(w, 1, w->n, "set");
    ref_item items[MAX_ITEMS];
    int several = 0;
    int n_items = read_items(w, 1, set, items, &several);
    if (!several || set == w->n)
        return 0;
    if (n_items < 0)
        return lw_refuse(w, "a multi-table UPDATE of more than %d tables", MAX_ITEMS);
    if (word_at(w, 1, "low_priority") || word_at(w, 1, "ignore"))
        return lw_refuse(w, "%s in a multi-table UPDATE",
                         word_at(w, 1, "ignore") ? "IGNORE" : "LOW_PRIORITY");
    size_t where = find_word(w, set + 1, w->n, "where");
    if (find_word(w, set + 1, w->n, "order") < w->n || find_word(w, set + 1, w->n, "limit") < w->n)
        return lw_refuse(w, "ORDER BY or LIMIT in a multi-table UPDATE");
    set_item sets[MAX_SETS];
    int n_sets = read_sets(w, set + 1, where, items, n_items, sets);
    if (n_sets <= 0)
        return w->rc ? w->rc : my_syntax_error(w, set + 1);
    int target = sets[0].item;
    for (int i = 1; i < n_sets; i++)
        if (sets[i].item != target)
            return update_several(w, items, sets, n_sets, set, where);
    const ref_item *t = &items[target];
    char *table = name_text(w, t->table);
    char *alias = name_text(w, t->alias ? t->alias : t->table);
    if (!table || !alias) {
        sqlite3_free(table);
        sqlite3_free(alias);
        return lw_fail(w, LW_ENOMEM);
    }
    lw_scope_items(w, 1);
    lw_outf(w, "UPDATE \"%w\" SET ", table);
    for (int i = 0; i < n_sets; i++) {
        char *col = name_text(w, sets[i].column);
        lw_outf(w, "%s\"%w\" = _lw_u.\"_lw_%d\"", i ? ", " : "", col ? col : "", i + 1);
        sqlite3_free(col);
    }
    lw_outf(w, " FROM (SELECT \"%w\".rowid AS _lw_rid", alias);
    write_values_from(w, items, sets, n_sets, set, where, "\"_lw_%d\"");
    lw_outf(w, ") AS _lw_u WHERE \"%w\".rowid = _lw_u._lw_rid", table);
    sqlite3_free(table);
    sqlite3_free(alias);
    w->consumed = 1;
    return w->rc ? w->rc : 1;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int my_multi_write_prepare(my_state *st, const char *sql, lw_dialect_error *err)
{
    const char *p = sql + strlen(MY_MULTI_WRITE);
    char view[64];
    snprintf(view, sizeof view, "_lw_mw_%.16s", p);
    sqlite3_stmt *stmt = NULL;
    int exists = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM temp.sqlite_schema WHERE name = ?1", -1, &stmt,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, view, -1, SQLITE_STATIC);
        exists = sqlite3_step(stmt) == SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    if (exists)
        return 0;
    const char *hex = strchr(p, ':');
    const char *end = hex ? strstr(hex, "*/") : NULL;
    if (!end) {
        lw_dialect_error_set(err, "HY000", 1105, "multi-table write: a malformed translation");
        return LW_ESQL;
    }
    hex++;
    size_t n = (size_t)(end - hex) / 2;
    char *ddl = sqlite3_malloc64(n + 1);
    if (!ddl) {
        lw_dialect_error_set(err, "HY001", 1037, "out of memory");
        return LW_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        ddl[i] = (char)(hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]));
    ddl[n] = 0;
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, ddl, NULL, NULL, &msg);
    sqlite3_free(ddl);
    if (rc != SQLITE_OK) {
        lw_dialect_error_set(err, "HY000", 1105, "multi-table write: %s",
                             msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return LW_ESQL;
    }
    return 0;
}
