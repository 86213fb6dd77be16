/*
 * Values stored into columns (the rules' assign hook, called by the shared layer for
 * INSERT's VALUES and SELECT and UPDATE's SET), and the scale a query shows its exact
 * results with (the result_item hook).
 *
 * A value going into a column is wrapped in my_assign (runtime_assign.c) with what
 * the column's declared type says (my_assign_spec_of): MariaDB's conversion and its
 * errors and warnings. Two cases need no call, the column's inline CHECK doing the
 * checking in strict mode (the default): an integer into an integer column, and a
 * string into a TEXT column. Around that:
 *
 *   my_autoinc(table, v)   the AUTO_INCREMENT column: NULL and 0 take the next id
 *   my_key(table, col, v)  a column of a unique key: the value is remembered for
 *                          1062's "Duplicate entry 'v' for key 'k'" (errors.c)
 *   my_row(n, v)           the first value of row n >= 2 of a multi-row INSERT: the
 *                          row number the messages quote
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/scope.h"
#include "dialect/mysql/mysql.h"

/* The integer types' ranges by their declared names. */
static const struct {
    const char *word;
    long long lo, hi, uhi;
} int_ranges[] = {
    {"TINYINT", -128, 127, 255},
    {"SMALLINT", -32768, 32767, 65535},
    {"MEDIUMINT", -8388608, 8388607, 16777215},
    {"INT", -2147483648LL, 2147483647LL, 4294967295LL},
    {"BIGINT", INT64_MIN, INT64_MAX, INT64_MAX},
};

int my_int_type_range(const char *word, long long *lo, long long *hi, long long *uhi)
{
    if (!sqlite3_stricmp(word, "integer"))
        word = "int";
    for (size_t i = 0; i < sizeof int_ranges / sizeof int_ranges[0]; i++)
        if (!sqlite3_stricmp(word, int_ranges[i].word)) {
            *lo = int_ranges[i].lo;
            *hi = int_ranges[i].hi;
            *uhi = int_ranges[i].uhi;
            return 1;
        }
    return 0;
}

/* decl starts with the word w (then a space, a parenthesis or the end). */
static int starts_word(const char *decl, const char *w)
{
    size_t n = strlen(w);
    return !sqlite3_strnicmp(decl, w, (int)n) && (decl[n] == 0 || decl[n] == ' ' || decl[n] == '(');
}

/* The first number in parentheses, or dflt. */
static long long paren_number(const char *decl, long long dflt)
{
    const char *p = strchr(decl, '(');
    return p ? atoll(p + 1) : dflt;
}

int my_assign_spec_of(const char *decl, my_assign_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    for (size_t i = 0; i < sizeof int_ranges / sizeof int_ranges[0]; i++)
        if (starts_word(decl, int_ranges[i].word)) {
            int is_unsigned = strstr(decl, "UNSIGNED") != NULL;
            spec->type = "int";
            spec->integer = 1;
            spec->a = is_unsigned ? 0 : int_ranges[i].lo;
            spec->b = is_unsigned ? int_ranges[i].uhi : int_ranges[i].hi;
            return 1;
        }
    static const struct {
        const char *word, *type;
        long long bytes;
    } fixed[] = {
        {"TINYTEXT", "text", 255},        {"TEXT", "text", 65535},
        {"MEDIUMTEXT", "text", 16777215}, {"LONGTEXT", "text", 4294967295LL},
        {"TINYBLOB", "blob", 255},        {"BLOB", "blob", 65535},
        {"MEDIUMBLOB", "blob", 16777215}, {"LONGBLOB", "blob", 4294967295LL},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (starts_word(decl, fixed[i].word)) {
            spec->type = fixed[i].type;
            spec->a = fixed[i].bytes;
            spec->text_bytes = fixed[i].type[0] == 't';
            return 1;
        }
    if (starts_word(decl, "UNSIGNED_BIGNUM_TEXT")) {
        spec->type = "uint64";
    } else if (starts_word(decl, "NUMERIC_TEXT")) {
        spec->type = "decimal";
        const char *p = strchr(decl, '(');
        spec->a = p ? atoll(p + 1) : 65;
        spec->b = p && strchr(p, ',') ? atoll(strchr(p, ',') + 1) : 0;
    } else if (starts_word(decl, "FLOAT")) {
        spec->type = "float";
    } else if (starts_word(decl, "DOUBLE")) {
        spec->type = "double";
    } else if (starts_word(decl, "CHAR") || starts_word(decl, "VARCHAR")) {
        spec->type = decl[0] == 'C' || decl[0] == 'c' ? "char" : "varchar";
        spec->a = paren_number(decl, 1);
    } else if (starts_word(decl, "BINARY") || starts_word(decl, "VARBINARY")) {
        spec->type = decl[0] == 'B' || decl[0] == 'b' ? "binary" : "varbinary";
        spec->a = paren_number(decl, 1);
    } else if (starts_word(decl, "ENUM") || starts_word(decl, "SET_MEMBERS")) {
        spec->type = decl[0] == 'E' || decl[0] == 'e' ? "enum" : "set";
        spec->members = 1;
    } else if (starts_word(decl, "DATE")) {
        spec->type = "date";
    } else if (starts_word(decl, "DATETIME") || starts_word(decl, "TIMESTAMP") ||
               starts_word(decl, "TIME")) {
        spec->type = decl[1] == 'I' || decl[1] == 'i'
                         ? (decl[4] == 0 || decl[4] == '(' ? "time" : "timestamp")
                         : "datetime";
        spec->a = paren_number(decl, 0);
    } else if (starts_word(decl, "YEAR")) {
        spec->type = "year";
    } else if (starts_word(decl, "BIT")) {
        spec->type = "bit";
        spec->a = paren_number(decl, 1);
    } else {
        return 0;
    }
    return 1;
}

/* Whether the catalog has a row for table.column where `condition` holds. */
static int column_is(lw_walker *w, const char *table, const char *column, const char *condition)
{
    char *sql = sqlite3_mprintf("SELECT 1 FROM _lw_mysql_columns WHERE table_name = ?1 AND "
                                "column_name = ?2 AND %s",
                                condition);
    char *x = sql ? lw_catalog_text(w->schema->db, sql, table, column) : NULL;
    sqlite3_free(sql);
    sqlite3_free(x);
    return x != NULL;
}

/* Whether table.column is the table's AUTO_INCREMENT column (the catalog says). */
static int is_auto_increment(lw_walker *w, const char *table, const char *column)
{
    return column_is(w, table, column, "extra = 'auto_increment'");
}

/* Whether table.column holds latin1 text (its character set in the catalog). */
static int is_latin1_column(lw_walker *w, const char *table, const char *column)
{
    return column_is(w, table, column, "charset = 'latin1'");
}

/* Whether table.column belongs to a unique key (an index or the primary key). */
static int is_key_column(lw_walker *w, const char *table, const char *column)
{
    char *x =
        lw_catalog_text(w->schema->db,
                        "SELECT 1 FROM pragma_index_list(?1) AS il, pragma_index_info(il.name) "
                        "AS ii WHERE il.\"unique\" AND ii.name = ?2 COLLATE NOCASE "
                        "UNION ALL SELECT 1 FROM pragma_table_info(?1) WHERE pk > 0 AND "
                        "name = ?2 COLLATE NOCASE",
                        table, column);
    sqlite3_free(x);
    return x != NULL;
}

/* The SQLite parameter number of e when it is one bare parameter (?N was written), else
 * 0. */
static int bare_parameter(const lw_walker *w, const lw_expr *e)
{
    if (e->tok >= w->n || w->p != e->tok + 1 || w->tk[w->at[e->tok]].type != LW_TK_PARAM)
        return 0;
    const lw_sqlbuf *out = w->t->out;
    return e->start + 1 < out->len && out->s[e->start] == '?' ? atoi(out->s + e->start + 1) : 0;
}

void my_assign(lw_walker *w, const lw_expr *e, const lw_assign_target *target)
{
    my_assign_spec spec;
    int typed = my_assign_spec_of(target->declared, &spec);
    char vtype = my_type_letter(w, e);
    int need = typed && e->type != LW_K_NULL;
    /* Only a row of INSERT ... VALUES is always stored: an UPDATE or INSERT ... SELECT
     * may store the value in no row, and then MariaDB never converts it (UPDATE t SET
     * a = ? WHERE 1 = 0 with 1000 for a TINYINT is fine there). */
    int stored = w->in_values && w->insert_table && w->scope_level == 0;
    int param = need && stored ? bare_parameter(w, e) : 0;
    int latin1 = typed && spec.type &&
                 (!strcmp(spec.type, "char") || !strcmp(spec.type, "varchar") ||
                  !strcmp(spec.type, "text") || spec.members) &&
                 is_latin1_column(w, target->table, target->column);
    /* A latin1 TEXT holds its limit in latin1 bytes, one per character. */
    if (latin1 && !strcmp(spec.type, "text"))
        spec.type = "varchar";
    if (param && !latin1 &&
        (!strcmp(spec.type, "int") || !strcmp(spec.type, "varchar") ||
         !strcmp(spec.type, "text"))) {
        /* Checked in C when bound (bind.c): no call per row. */
        if (my_bind_rule(w, param, &spec, target))
            w->t->out->oom = 1;
        need = 0;
    }
    if (need) {
        char *members = NULL;
        if (spec.members)
            members = lw_catalog_text(w->schema->db,
                                      "SELECT members FROM _lw_mysql_columns WHERE table_name = ?1 "
                                      "AND column_name = ?2",
                                      target->table, target->column);
        lw_insert_call(w, e->start, "my_assign");
        if (spec.members)
            lw_outf(w, ", '%s', %Q, %Q, %d, %Q, 0, '%c') ", spec.type, target->table,
                    target->column, target->row, members ? members : "[]", vtype);
        else
            lw_outf(w, ", '%s', %Q, %Q, %d, %lld, %lld, '%c') ", spec.type, target->table,
                    target->column, target->row, spec.a, spec.b, vtype);
        sqlite3_free(members);
    }
    if (latin1 && e->type != LW_K_NULL) {
        /* runtime_charset.c: 1366 for a character latin1 lacks. */
        lw_insert_call(w, e->start, "my_latin1_store");
        lw_outf(w, ", %Q, %Q, %d) ", target->table, target->column, target->row);
    }
    if (is_auto_increment(w, target->table, target->column)) {
        lw_insert_at(w, e->start, "my_autoinc(");
        char *t = sqlite3_mprintf("'%q', ", target->table);
        if (t)
            lw_insert_at(w, e->start + strlen("my_autoinc("), t);
        sqlite3_free(t);
        lw_out(w, ") ");
    }
    if (is_key_column(w, target->table, target->column)) {
        char *head = sqlite3_mprintf("my_key('%q', '%q', ", target->table, target->column);
        if (head)
            lw_insert_at(w, e->start, head);
        sqlite3_free(head);
        lw_out(w, ") ");
    }
    if (target->row >= 2 && target->index == 0) {
        char *head = sqlite3_mprintf("my_row(%d, ", target->row);
        if (head)
            lw_insert_at(w, e->start, head);
        sqlite3_free(head);
        lw_out(w, ") ");
    }
}

/* Does the statement join queries by UNION, INTERSECT or EXCEPT outside parentheses?
 * With distinct_only, only by those that drop duplicate rows (not UNION ALL). */
static int set_operation(const lw_walker *w, int distinct_only)
{
    int depth = 0;
    for (size_t i = 0; i < w->n; i++) {
        const lw_token *t = &w->tk[w->at[i]];
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && (lw_token_is_word(w->sql, t, "intersect") ||
                                lw_token_is_word(w->sql, t, "except") ||
                                (lw_token_is_word(w->sql, t, "union") &&
                                 !(distinct_only && i + 1 < w->n &&
                                   lw_token_is_word(w->sql, &w->tk[w->at[i + 1]], "all")))))
            return 1;
    }
    return 0;
}

/* Records the alias of the statement's select-list item e (the walker is on AS or
 * the alias), with the item's kind. */
static void note_alias(lw_walker *w, const lw_expr *e)
{
    my_state *st = w->t->state;
    if (!st || st->n_aliases >= LW_WALK_RESULT_KINDS)
        return;
    size_t tok = lw_word(w, "as") ? w->p + 1 : w->p;
    if (tok >= w->n ||
        (w->tk[w->at[tok]].type != LW_TK_WORD && w->tk[w->at[tok]].type != LW_TK_QIDENT) ||
        (tok == w->p && lw_is_clause_word(w, 0)))
        return;
    struct my_alias *a = &st->aliases[st->n_aliases++];
    a->tok = tok;
    a->kind = e->type;
    a->decimals = e->decimals;
    a->is_bool = e->is_bool;
}

int my_select_alias(lw_walker *w, lw_expr *e)
{
    my_state *st = w->t->state;
    /* A compound's ORDER BY names its result columns, which SQLite takes only as they
     * are (an expression of one is its error). */
    if (!st || !st->n_aliases || w->scope_level != 0 || w->select_list || set_operation(w, 0) ||
        lw_type_at(w, 1, LW_TK_LPAREN) || lw_type_at(w, 1, LW_TK_DOT) ||
        (w->p > 0 && w->tk[w->at[w->p - 1]].type == LW_TK_DOT) || lw_is_clause_word(w, 0))
        return 0;
    size_t table = 0;
    /* A column of the FROM items is that column, as MariaDB resolves it. */
    if (lw_column_source(w, 0, w->p, &table) != LW_K_UNKNOWN || table)
        return 0;
    char *name = lw_ident_text(w, w->p);
    const struct my_alias *found = NULL;
    for (int i = 0; name && i < st->n_aliases && !found; i++) {
        char *alias = lw_ident_text(w, st->aliases[i].tok);
        if (alias && !sqlite3_stricmp(alias, name))
            found = &st->aliases[i];
        sqlite3_free(alias);
    }
    sqlite3_free(name);
    if (!found || found->is_bool || found->kind == LW_K_UNKNOWN)
        return 0;
    lw_emit(w);
    e->type = found->kind;
    e->decimals = found->decimals;
    /* The item's exact value reaches SQLite as text without its collation. */
    if (e->type == LW_K_NUMERIC)
        lw_exact_numeric_result(w, e->start);
    return 1;
}

void my_result_item(lw_walker *w, lw_expr *e)
{
    note_alias(w, e);
    /* UNION compares rows under each string column's collation: SQLite takes a
     * column's from the first query that gives it one, so it is written out. */
    if (my_is_string(e) && e->collation && !e->collation_seen && set_operation(w, 1)) {
        my_write_collate(w, e->collation);
        e->collation_seen = 1;
    }
    if (e->is_bool || e->decimals < 0)
        return;
    if (e->type == LW_K_NUMERIC) {
        lw_insert_call(w, e->start, "my_dround");
        lw_outf(w, ", %d) ", e->decimals);
    } else if (e->type == LW_K_FLOAT) {
        lw_insert_call(w, e->start, "my_fround");
        lw_outf(w, ", %d) ", e->decimals);
    }
}
