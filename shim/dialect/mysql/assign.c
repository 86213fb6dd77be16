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
 *   my_row(v)              the first value of an INSERT ... SELECT's row: the next
 *                          row (the query's rows in the order SQLite computes them:
 *                          under ORDER BY that is before sorting, so the number can
 *                          differ from MariaDB's)
 *
 * Outside strict mode (sql_mode without STRICT_TRANS_TABLES / STRICT_ALL_TABLES, or a
 * statement written with IGNORE; a translation is made again when sql_mode changes), a
 * value that may be NULL going into a NOT NULL column is COALESCE(v, my_not_null('c',
 * d)), d the type's implicit default stored as the column stores it: warning 1048 and
 * 0, '', the zero date, an ENUM's first member... (a TIMESTAMP NOT NULL takes the
 * statement's time instead, in every mode, without a warning). A single-row INSERT ... VALUES
 * without IGNORE is left alone: there NULL is error 1048 in every mode. An INSERT whose
 * column list leaves out a NOT NULL column without a default gets the column, each row
 * my_no_default('c', first_row, d) (warning 1364 once), in front (my_implicit_columns,
 * for statements.c); in strict mode SQLite's NOT NULL failure is error 1364 (errors.c).
 *
 * DEFAULT(col) (my_default_function, a primary): the column's default written as the
 * column stores it (my_assign of its default expression: DEFAULT(total) of a
 * DECIMAL(6,2) DEFAULT (1 + 1) is 2.00), NULL for a nullable column without one, error
 * 1364 for a NOT NULL one; the column is the INSERT's in its VALUES, else the one the
 * query's scope sees; an AUTO_INCREMENT column's or an unknown one's is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/scope.h"
#include "dialect/mysql/mysql.h"
#include "dialect/scope.h"

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

/* What the catalog says of a column: it is the table's AUTO_INCREMENT column, it
 * belongs to a unique key (an index or the primary key), it is NOT NULL, it holds
 * latin1 text (its character set). */
enum { AUTO_INCREMENT, KEY_COLUMN, NOT_NULL, LATIN1 };

static int column_is(lw_walker *w, int what, const char *table, const char *column)
{
    static const char *const queries[] = {
        [AUTO_INCREMENT] = "SELECT 1 FROM _lw_mysql_columns WHERE table_name = ?1 AND "
                           "column_name = ?2 AND extra = 'auto_increment'",
        [KEY_COLUMN] = "SELECT 1 FROM pragma_index_list(?1) AS il, pragma_index_info(il.name) "
                       "AS ii WHERE il.\"unique\" AND ii.name = ?2 COLLATE NOCASE UNION ALL "
                       "SELECT 1 FROM pragma_table_info(?1) WHERE pk > 0 AND name = ?2 COLLATE "
                       "NOCASE",
        [NOT_NULL] = "SELECT 1 FROM pragma_table_info(?1) WHERE \"notnull\" AND name = ?2 "
                     "COLLATE NOCASE",
        [LATIN1] = "SELECT 1 FROM _lw_mysql_columns WHERE table_name = ?1 AND column_name = ?2 "
                   "AND charset = 'latin1'",
    };
    char *x = lw_catalog_text(w->schema->db, queries[what], table, column);
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

/* The suffix of a my_assign call storing a value of class vtype into target as spec
 * says: ", 'type', 'table', 'column', row, a, b, 'v') " (sqlite3_free), NULL when out of
 * memory. */
static char *assign_arguments(lw_walker *w, const my_assign_spec *spec,
                              const lw_assign_target *target, char vtype)
{
    if (!spec->members)
        return sqlite3_mprintf(", '%s', %Q, %Q, %d, %lld, %lld, '%c') ", spec->type, target->table,
                               target->column, target->row, spec->a, spec->b, vtype);
    char *members = lw_catalog_text(w->schema->db,
                                    "SELECT members FROM _lw_mysql_columns WHERE table_name = ?1 "
                                    "AND column_name = ?2",
                                    target->table, target->column);
    char *x = sqlite3_mprintf(", '%s', %Q, %Q, %d, %Q, 0, '%c') ", spec->type, target->table,
                              target->column, target->row, members ? members : "[]", vtype);
    sqlite3_free(members);
    return x;
}

/* Whether the translation so far is marked as written with IGNORE (the mark leads it,
 * among the other marks). */
static int marked_ignore(const lw_walker *w)
{
    const char *out = w->t->out->s;
    while (out && !strncmp(out, "/*my:", 5)) {
        if (!strncmp(out, MY_IGNORE, strlen(MY_IGNORE)))
            return 1;
        const char *end = strstr(out, "*/ ");
        out = end ? end + 3 : NULL;
    }
    return 0;
}

/* Whether another row follows the VALUES row whose value was just read (the walker is
 * past it, inside the row's parentheses). */
static int later_rows(const lw_walker *w)
{
    int depth = 0;
    for (size_t k = 0; w->p + k < w->n; k++) {
        if (lw_type_at(w, k, LW_TK_LPAREN))
            depth++;
        else if (lw_type_at(w, k, LW_TK_RPAREN) && depth-- == 0)
            return lw_type_at(w, k + 1, LW_TK_COMMA);
    }
    return 0;
}

char *my_implicit_default(lw_walker *w, const lw_assign_target *target)
{
    my_assign_spec spec;
    if (!my_assign_spec_of(target->declared, &spec))
        return sqlite3_mprintf("''"); /* JSON: '' fails its CHECK (4025), as on MariaDB */
    const char *raw = "''";
    if (spec.integer || !strcmp(spec.type, "uint64") || !strcmp(spec.type, "decimal") ||
        !strcmp(spec.type, "float") || !strcmp(spec.type, "double") || !strcmp(spec.type, "year") ||
        !strcmp(spec.type, "bit"))
        raw = "0";
    else if (!strcmp(spec.type, "enum"))
        raw = "1"; /* the first member */
    else if (!strcmp(spec.type, "date"))
        raw = "'0000-00-00'";
    else if (!strcmp(spec.type, "datetime") || !strcmp(spec.type, "timestamp"))
        raw = "'0000-00-00 00:00:00'";
    else if (!strcmp(spec.type, "time"))
        raw = "'00:00:00'";
    char *args = assign_arguments(w, &spec, target, raw[0] == '\'' ? 's' : 'i');
    char *x = args ? sqlite3_mprintf("my_assign(%s%s", raw, args) : NULL;
    sqlite3_free(args);
    return x;
}

/* Whether e is a constant that is no NULL: a number or a string as written. */
static int non_null_constant(const lw_walker *w, const lw_expr *e)
{
    return e->tok < w->n && w->p == e->tok + 1 &&
           (w->tk[w->at[e->tok]].type == LW_TK_NUMBER || w->tk[w->at[e->tok]].type == LW_TK_STRING);
}

/* COALESCE(v, my_not_null('c', d)) around the value written from e->start, when NULL
 * stored into the column is its implicit default (the file's header). */
static void implicit_default_for_null(lw_walker *w, const lw_expr *e,
                                      const lw_assign_target *target)
{
    my_assign_spec spec;
    if (my_assign_spec_of(target->declared, &spec) && !strcmp(spec.type, "timestamp")) {
        /* A TIMESTAMP NOT NULL takes the statement's time for a NULL, in every mode and
         * without a warning, as MariaDB does. */
        if (!non_null_constant(w, e) && column_is(w, NOT_NULL, target->table, target->column)) {
            lw_insert_call(w, e->start, "coalesce");
            lw_outf(w, ", my_now('N', %lld)) ", spec.a);
        }
        return;
    }
    int ignore = marked_ignore(w);
    if ((!ignore && (my_session_of(w)->sql_mode & (MY_MODE_STRICT_TRANS | MY_MODE_STRICT_ALL))) ||
        non_null_constant(w, e) || !column_is(w, NOT_NULL, target->table, target->column))
        return;
    /* One row (INSERT ... VALUES of one row, INSERT ... SET) without IGNORE: NULL is
     * error 1048 in every mode. */
    if (!ignore && target->row == 1 && !later_rows(w))
        return;
    char *dflt = my_implicit_default(w, target);
    if (!dflt) {
        w->t->out->oom = 1;
        return;
    }
    lw_insert_call(w, e->start, "coalesce");
    lw_outf(w, ", my_not_null(%Q, %s)) ", target->column, dflt);
    sqlite3_free(dflt);
}

/* The text an INSERT with a column list writes for the NOT NULL columns without a
 * default that the list leaves out, when they take their implicit defaults (strict
 * mode off, or IGNORE): for row 0 the MY_NO_DEFAULT mark naming them and in *names
 * their list ("a", "b", ), for row n >= 1 their values (my_assign(...), ...).
 * NULL when there is nothing to write, or a name the mark cannot carry (sqlite3_free). */
static char *implicit_columns(lw_walker *w, int row, char **names)
{
    if (!w->schema || !w->insert_table || w->n_insert_cols <= 0 || w->scope_level ||
        (!marked_ignore(w) &&
         (my_session_of(w)->sql_mode & (MY_MODE_STRICT_TRANS | MY_MODE_STRICT_ALL))))
        return NULL;
    char *table = lw_ident_text(w, w->insert_table);
    sqlite3_stmt *stmt = NULL;
    lw_sqlbuf text = {0}, list = {0};
    int unfit = 0;
    if (table && sqlite3_prepare_v2(w->schema->db,
                                    "SELECT name FROM pragma_table_info(?1) WHERE \"notnull\" AND "
                                    "dflt_value IS NULL",
                                    -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(stmt, 0);
            int listed = !name;
            for (int i = 0; i < w->n_insert_cols && !listed; i++) {
                char *col = lw_ident_text(w, w->insert_cols[i]);
                listed = !col || !sqlite3_stricmp(col, name);
                sqlite3_free(col);
            }
            if (listed || column_is(w, AUTO_INCREMENT, table, name))
                continue;
            if (row == 0) {
                unfit |= strchr(name, ',') || strstr(name, "*/");
                lw_sqlbuf_appendf(&text, "%s%s", text.len ? "," : MY_NO_DEFAULT, name);
                lw_sqlbuf_appendf(&list, "\"%w\", ", name);
                continue;
            }
            char *decl = lw_schema_declared_type(w->schema, table, name, 0);
            lw_assign_target target = {table, name, decl ? decl : "", row, 0};
            char *dflt = my_implicit_default(w, &target);
            lw_sqlbuf_appendf(&text, "%s, ", dflt ? dflt : "NULL");
            if (!dflt)
                text.oom = 1;
            sqlite3_free(dflt);
            sqlite3_free(decl);
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    if (text.len && row == 0)
        lw_sqlbuf_appends(&text, "*/ ");
    if (text.oom || list.oom)
        w->t->out->oom = 1;
    if (unfit) {
        lw_sqlbuf_free(&text);
        lw_sqlbuf_free(&list);
        return NULL;
    }
    if (names)
        *names = lw_sqlbuf_finish(&list);
    else
        lw_sqlbuf_free(&list);
    return lw_sqlbuf_finish(&text);
}

void my_insert_row(lw_walker *w, int row)
{
    char *values = implicit_columns(w, row, NULL);
    if (values)
        lw_out(w, values);
    sqlite3_free(values);
}

char *my_implicit_column_names(lw_walker *w, size_t list)
{
    char *names = NULL;
    char *mark = implicit_columns(w, 0, &names);
    if (mark && names && list < w->t->out->len && w->t->out->s[list] == '(') {
        lw_insert_at(w, list + 1, names);
    } else {
        sqlite3_free(mark);
        mark = NULL;
    }
    sqlite3_free(names);
    return mark;
}

int my_default_function(lw_walker *w, lw_expr *e)
{
    w->p += 2; /* DEFAULT ( */
    size_t qual = 0, col_tok = w->p;
    char *col = my_name(w);
    if (col && lw_type_at(w, 0, LW_TK_DOT)) {
        sqlite3_free(col);
        lw_skip(w);
        qual = col_tok;
        col_tok = w->p;
        col = my_name(w);
    }
    if (!col)
        return 1;
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        sqlite3_free(col);
        return my_syntax_error(w, 0), 1;
    }
    lw_skip(w);
    /* The INSERT's own table in its VALUES, else the column the query's scope sees. */
    size_t table_tok = 0;
    if (w->in_values && w->insert_table && !qual)
        table_tok = w->insert_table;
    else
        lw_column_source(w, qual, col_tok, &table_tok);
    char *table = table_tok && w->schema ? lw_ident_text(w, table_tok) : NULL;
    sqlite3_stmt *stmt = NULL;
    int found = 0;
    if (table && sqlite3_prepare_v2(w->schema->db,
                                    "SELECT dflt_value, \"notnull\" FROM pragma_table_info(?1) "
                                    "WHERE name = ?2 COLLATE NOCASE",
                                    -1, &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, col, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW && !column_is(w, AUTO_INCREMENT, table, col)) {
            found = 1;
            const char *dflt = (const char *)sqlite3_column_text(stmt, 0);
            char *decl = lw_schema_declared_type(w->schema, table, col, 0);
            my_assign_spec spec;
            lw_assign_target target = {table, col, decl ? decl : "", 0, 0};
            if (!dflt && sqlite3_column_int(stmt, 1)) {
                lw_walk_error(w, LW_ESQL, "HY000", 1364, "Field '%s' doesn't have a default value",
                              col);
            } else if (!dflt) {
                lw_out(w, "NULL ");
                e->type = LW_K_NULL;
            } else if (decl && my_assign_spec_of(decl, &spec)) {
                char *args = assign_arguments(w, &spec, &target, '?');
                lw_outf(w, "my_assign((%s)%s", dflt, args ? args : ") ");
                if (!args)
                    w->t->out->oom = 1;
                sqlite3_free(args);
            } else {
                lw_outf(w, "(%s) ", dflt);
            }
            if (decl && dflt)
                e->type = lw_kind_of_declared(w, decl);
            sqlite3_free(decl);
        }
    }
    sqlite3_finalize(stmt);
    if (!found && !w->rc)
        lw_refuse(w, "DEFAULT(%s) of a column this statement cannot find", col);
    sqlite3_free(table);
    sqlite3_free(col);
    return 1;
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
                 column_is(w, LATIN1, target->table, target->column);
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
    if (target->row == 0 && target->index == 0 && w->insert_table && !w->in_values) {
        /* INSERT ... SELECT: its rows count as the query computes them; inside the
         * conversion, so that the count moves before the row's values are stored. */
        lw_insert_call(w, e->start, "my_row");
        lw_out(w, ") ");
    }
    if (need) {
        char *args = assign_arguments(w, &spec, target, vtype);
        lw_insert_call(w, e->start, "my_assign");
        if (args)
            lw_out(w, args);
        else
            w->t->out->oom = 1;
        sqlite3_free(args);
    }
    if (latin1 && e->type != LW_K_NULL) {
        /* runtime_charset.c: 1366 for a character latin1 lacks. */
        lw_insert_call(w, e->start, "my_latin1_store");
        lw_outf(w, ", %Q, %Q, %d) ", target->table, target->column, target->row);
    }
    int autoinc = column_is(w, AUTO_INCREMENT, target->table, target->column);
    if (!autoinc) /* NULL there is the next id */
        implicit_default_for_null(w, e, target);
    if (autoinc) {
        lw_insert_at(w, e->start, "my_autoinc(");
        char *t = sqlite3_mprintf("'%q', ", target->table);
        if (t)
            lw_insert_at(w, e->start + strlen("my_autoinc("), t);
        sqlite3_free(t);
        lw_out(w, ") ");
    }
    if (column_is(w, KEY_COLUMN, target->table, target->column)) {
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
