/*
 * ALTER TABLE, RENAME TABLE, CREATE INDEX and DROP INDEX for the mysql and mariadb
 * dialects, as the rewriter reads them. Each statement becomes one call of
 * my_alter_table(TABLE, ACTIONS) (runtime_alter.c), which applies the actions when the
 * statement runs through the shared ALTER layer (dialect/alter.h), all or nothing.
 * ACTIONS is a list of records (separated by 0x1e, fields by 0x1f), each an action
 * letter and its fields; column definitions and keys are translated here, by the code
 * that translates CREATE TABLE (columns.c: my_alter_element), into their SQLite text
 * and their catalog rows:
 *
 *   ADD [COLUMN] [IF NOT EXISTS] def [FIRST | AFTER c]   A name sql catalog post pos if
 *   ADD [CONSTRAINT [n]] PRIMARY KEY | UNIQUE | KEY | INDEX | FOREIGN KEY | CHECK ...
 *                                                        C sql catalog post
 *   MODIFY [COLUMN] def [FIRST | AFTER c]                M name name sql catalog post pos
 *   CHANGE [COLUMN] old def [FIRST | AFTER c]            M old name sql catalog post pos
 *   ALTER [COLUMN] c SET DEFAULT v | DROP DEFAULT        S c sql text  /  d c
 *   DROP [COLUMN] [IF EXISTS] c                          D c if
 *   DROP INDEX | KEY [IF EXISTS] k                       X k if
 *   DROP PRIMARY KEY                                     P
 *   DROP FOREIGN KEY | CONSTRAINT | CHECK [IF EXISTS] n  F|K|H n if
 *   RENAME COLUMN a TO b                                 R a b
 *   RENAME INDEX | KEY a TO b                            I a b
 *   RENAME [TO | AS] t                                   N t
 *   CONVERT TO CHARACTER SET cs [COLLATE c]              V collation
 *   [DEFAULT] CHARACTER SET | CHARSET | COLLATE [=] x    T collation
 *   AUTO_INCREMENT [=] n, ENGINE [=] e, COMMENT [=] 's'  U n / E e / O s
 *   ALGORITHM = x, LOCK = x, FORCE                       read and without effect
 *
 *   RENAME TABLE a TO b [, c TO d]    my_rename_tables(a, b, c, d): N on each table, in
 *                                     order, all or nothing
 *   CREATE [UNIQUE] INDEX k [USING ...] ON t (cols)    C on t
 *   DROP INDEX k ON t                 X on t
 *   CREATE TABLE t [IF NOT EXISTS] LIKE s   my_create_like(t, s, IF_NOT_EXISTS)
 *
 * Refused (0A000 naming the form): ADD COLUMN (a, b) lists, partitions, ORDER BY,
 * DISCARD/IMPORT TABLESPACE, the character sets other than utf8mb4, utf8 and binary.
 * Errors are MariaDB's (runtime_alter.c words the ones that depend on the schema).
 */
#include <stdlib.h>
#include <string.h>

#include "dialect/mysql/mysql.h"

#define FIELD "\x1f"
#define RECORD "\x1e"

/* Appends a field (its text, then the separator). A text holding a separator (a name
 * or a default with the control characters 0x1e or 0x1f) is refused: the record could
 * not be read back. */
static void field(lw_walker *w, lw_sqlbuf *spec, const char *s)
{
    if (s && (strchr(s, 0x1e) || strchr(s, 0x1f)))
        lw_refuse(w, "the control characters 0x1e and 0x1f in ALTER TABLE's names and values");
    lw_sqlbuf_appends(spec, s ? s : "");
    lw_sqlbuf_appends(spec, FIELD);
}

static void end_record(lw_sqlbuf *spec)
{
    lw_sqlbuf_appends(spec, RECORD);
}

char *my_table_name(lw_walker *w)
{
    char *name = my_name(w);
    if (name && lw_type_at(w, 0, LW_TK_DOT)) {
        int ours = !sqlite3_stricmp(name, MY_DATABASE);
        sqlite3_free(name);
        lw_skip(w);
        if (!ours) {
            lw_refuse(w, "a table of another database");
            return NULL;
        }
        name = my_name(w);
    }
    return name;
}

/* [FIRST | AFTER col] as a field: "" (at the end or where it is), "^" (first) or the
 * column's name. */
static void position(lw_walker *w, lw_sqlbuf *spec)
{
    if (lw_word(w, "first")) {
        lw_skip(w);
        field(w, spec, "^");
    } else if (lw_word(w, "after")) {
        lw_skip(w);
        char *after = my_name(w);
        if (after && (!after[0] || after[0] == '^'))
            my_syntax_error(w, 0);
        field(w, spec, after ? after : "");
        sqlite3_free(after);
    } else {
        field(w, spec, "");
    }
}

/* An element translated by columns.c, as fields sql catalog post. */
static int element(lw_walker *w, const char *table, int is_column, lw_sqlbuf *spec)
{
    char *sql = NULL, *catalog = NULL, *post = NULL;
    if (my_alter_element(w, table, is_column, &sql, &catalog, &post) == 0) {
        field(w, spec, sql);
        field(w, spec, catalog);
        field(w, spec, post);
    }
    sqlite3_free(sql);
    sqlite3_free(catalog);
    sqlite3_free(post);
    return w->rc;
}

/* A column definition's name, read without moving. */
static char *peek_name(lw_walker *w)
{
    size_t saved = w->p;
    char *name = my_name(w);
    w->p = saved;
    return name;
}

static int if_exists(lw_walker *w)
{
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists")) {
        w->p += 2;
        return 1;
    }
    return 0;
}

static int if_not_exists(lw_walker *w)
{
    if (lw_word(w, "if") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "exists")) {
        w->p += 3;
        return 1;
    }
    return 0;
}

/* A name read into a field. */
static int name_field(lw_walker *w, lw_sqlbuf *spec)
{
    char *name = my_name(w);
    if (name)
        field(w, spec, name);
    sqlite3_free(name);
    return w->rc;
}

/* A collation for CONVERT TO / CHARACTER SET / COLLATE: cs's default (or the named
 * collation), as a field. */
static int charset_collation(lw_walker *w, lw_sqlbuf *spec)
{
    if (lw_op_at(w, 0, "="))
        lw_skip(w);
    char *cs = my_name(w);
    if (!cs)
        return w->rc;
    const char *coll = NULL;
    if (!sqlite3_stricmp(cs, "utf8mb4") || !sqlite3_stricmp(cs, "utf8") ||
        !sqlite3_stricmp(cs, "utf8mb3"))
        coll = my_session_of(w)->flavor->default_collation;
    else if (!sqlite3_stricmp(cs, "binary"))
        coll = "utf8mb4_nopad_bin";
    else
        lw_refuse(w, "the character set %s (values are stored as utf8mb4)", cs);
    sqlite3_free(cs);
    if (w->rc)
        return w->rc;
    if (lw_word(w, "collate")) {
        lw_skip(w);
        if (lw_op_at(w, 0, "="))
            lw_skip(w);
        char *c = my_name(w);
        const my_collation *mc = c ? my_find_collation(c, strlen(c)) : NULL;
        if (c && !mc)
            lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", c);
        if (mc)
            coll = mc->name;
        sqlite3_free(c);
    }
    field(w, spec, coll);
    return w->rc;
}

/* A table option's value (after an optional '='): a word, number or string. */
static char *option_text(lw_walker *w)
{
    if (lw_op_at(w, 0, "="))
        lw_skip(w);
    if (lw_type_at(w, 0, LW_TK_STRING)) {
        lw_sqlbuf b = {0};
        lw_sqlbuf_append(&b, "", 0);
        lw_string_value(w, 0, &b);
        lw_skip(w);
        return lw_sqlbuf_finish(&b);
    }
    const lw_token *t = lw_tok(w, 0);
    if (!t) {
        my_syntax_error(w, 0);
        return NULL;
    }
    char *s = lw_tok_text(w, 0);
    lw_skip(w);
    return s;
}

/* ADD ... */
static int add_action(lw_walker *w, const char *table, lw_sqlbuf *spec)
{
    lw_skip(w); /* ADD */
    if (lw_word(w, "constraint") || lw_word(w, "primary") || lw_word(w, "unique") ||
        lw_word(w, "key") || lw_word(w, "index") || lw_word(w, "foreign") || lw_word(w, "check") ||
        lw_word(w, "fulltext") || lw_word(w, "spatial")) {
        field(w, spec, "C");
        if (element(w, table, 0, spec) == 0)
            end_record(spec);
        return w->rc;
    }
    if (lw_word(w, "column"))
        lw_skip(w);
    int quiet = if_not_exists(w);
    if (lw_type_at(w, 0, LW_TK_LPAREN))
        return lw_refuse(w, "ADD COLUMN with a list of columns");
    char *name = peek_name(w);
    if (!name)
        return w->rc;
    field(w, spec, "A");
    field(w, spec, name);
    sqlite3_free(name);
    if (element(w, table, 1, spec) == 0) {
        position(w, spec);
        field(w, spec, quiet ? "1" : "0");
        end_record(spec);
    }
    return w->rc;
}

/* MODIFY [COLUMN] def / CHANGE [COLUMN] old def */
static int change_action(lw_walker *w, const char *table, lw_sqlbuf *spec)
{
    int change = lw_word(w, "change");
    lw_skip(w);
    if (lw_word(w, "column"))
        lw_skip(w);
    if (if_exists(w))
        return lw_refuse(w, "%s IF EXISTS", change ? "CHANGE" : "MODIFY");
    char *old = change ? my_name(w) : peek_name(w);
    char *name = old ? peek_name(w) : NULL;
    if (name) {
        field(w, spec, "M");
        field(w, spec, old);
        field(w, spec, name);
        if (element(w, table, 1, spec) == 0) {
            position(w, spec);
            end_record(spec);
        }
    }
    sqlite3_free(old);
    sqlite3_free(name);
    return w->rc;
}

/* ALTER [COLUMN] c SET DEFAULT v | DROP DEFAULT */
static int alter_column_action(lw_walker *w, lw_sqlbuf *spec)
{
    lw_skip(w); /* ALTER */
    if (lw_word(w, "column"))
        lw_skip(w);
    char *col = my_name(w);
    if (!col)
        return w->rc;
    if (lw_word(w, "drop") && lw_word_at(w, 1, "default")) {
        w->p += 2;
        field(w, spec, "d");
        field(w, spec, col);
        end_record(spec);
    } else if (lw_word(w, "set") && lw_word_at(w, 1, "default")) {
        w->p += 2;
        size_t first = w->p, at = lw_here(w);
        int paren = lw_type_at(w, 0, LW_TK_LPAREN);
        lw_parse_expr(w, BP_CMP);
        char *sql = lw_take_from(w, at);
        if (!w->rc && sql) {
            const lw_token *a = &w->tk[w->at[first]], *b = &w->tk[w->at[w->p - 1]];
            char *text = sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset),
                                         w->t->sql + a->offset);
            (void)paren;
            field(w, spec, "S");
            field(w, spec, col);
            field(w, spec, sql);
            field(w, spec, text);
            end_record(spec);
            sqlite3_free(text);
        }
        sqlite3_free(sql);
    } else {
        my_syntax_error(w, 0);
    }
    sqlite3_free(col);
    return w->rc;
}

/* DROP ... */
static int drop_action(lw_walker *w, lw_sqlbuf *spec)
{
    lw_skip(w); /* DROP */
    if (lw_word(w, "primary") && lw_word_at(w, 1, "key")) {
        w->p += 2;
        field(w, spec, "P");
        end_record(spec);
        return w->rc;
    }
    const char *letter = "D";
    if (lw_word(w, "index") || lw_word(w, "key"))
        letter = "X", lw_skip(w);
    else if (lw_word(w, "foreign") && lw_word_at(w, 1, "key"))
        letter = "F", w->p += 2;
    else if (lw_word(w, "constraint"))
        letter = "K", lw_skip(w);
    else if (lw_word(w, "check"))
        letter = "H", lw_skip(w);
    else if (lw_word(w, "column"))
        lw_skip(w);
    int quiet = if_exists(w);
    field(w, spec, letter);
    if (name_field(w, spec) == 0) {
        field(w, spec, quiet ? "1" : "0");
        end_record(spec);
    }
    return w->rc;
}

/* RENAME COLUMN a TO b | RENAME INDEX|KEY a TO b | RENAME [TO|AS] t */
static int rename_action(lw_walker *w, lw_sqlbuf *spec)
{
    lw_skip(w); /* RENAME */
    if (lw_word(w, "column") || lw_word(w, "index") || lw_word(w, "key")) {
        field(w, spec, lw_word(w, "column") ? "R" : "I");
        lw_skip(w);
        if (name_field(w, spec))
            return w->rc;
        if (!lw_word(w, "to"))
            return my_syntax_error(w, 0);
        lw_skip(w);
        if (name_field(w, spec) == 0)
            end_record(spec);
        return w->rc;
    }
    if (lw_word(w, "to") || lw_word(w, "as"))
        lw_skip(w);
    char *to = my_table_name(w);
    if (to) {
        field(w, spec, "N");
        field(w, spec, to);
        end_record(spec);
    }
    sqlite3_free(to);
    return w->rc;
}

/* The table options ALTER TABLE takes. Returns 1 when one was read. */
static int option_action(lw_walker *w, lw_sqlbuf *spec)
{
    if (lw_word(w, "default") && (lw_word_at(w, 1, "charset") || lw_word_at(w, 1, "character") ||
                                  lw_word_at(w, 1, "collate")))
        lw_skip(w);
    if (lw_word(w, "charset") || (lw_word(w, "character") && lw_word_at(w, 1, "set"))) {
        w->p += lw_word(w, "charset") ? 1 : 2;
        field(w, spec, "T");
        if (charset_collation(w, spec) == 0)
            end_record(spec);
        return 1;
    }
    if (lw_word(w, "collate")) {
        lw_skip(w);
        if (lw_op_at(w, 0, "="))
            lw_skip(w);
        char *c = my_name(w);
        const my_collation *mc = c ? my_find_collation(c, strlen(c)) : NULL;
        if (c && !mc)
            lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", c);
        else if (mc) {
            field(w, spec, "T");
            field(w, spec, mc->name);
            end_record(spec);
        }
        sqlite3_free(c);
        return 1;
    }
    static const struct {
        const char *word, *letter;
    } options[] = {{"auto_increment", "U"}, {"engine", "E"}, {"comment", "O"}};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (lw_word(w, options[i].word)) {
            lw_skip(w);
            char *v = option_text(w);
            if (v) {
                if (options[i].letter[0] == 'U' && atoll(v) <= 0 && strcmp(v, "0") != 0)
                    my_syntax_error(w, -1);
                field(w, spec, options[i].letter);
                field(w, spec, v);
                end_record(spec);
            }
            sqlite3_free(v);
            return 1;
        }
    if (lw_word(w, "algorithm") || lw_word(w, "lock")) {
        lw_skip(w);
        sqlite3_free(option_text(w));
        return 1;
    }
    if (lw_word(w, "force")) {
        lw_skip(w);
        return 1;
    }
    return 0;
}

/* Writes the call of my_alter_table and ends the statement. */
static int write_call(lw_walker *w, const char *table, lw_sqlbuf *spec)
{
    if (spec->oom)
        return lw_fail(w, LW_ENOMEM);
    lw_outf(w, "SELECT 1 WHERE typeof(my_alter_table(%Q, %Q)) = 'none'", table,
            spec->s ? spec->s : "");
    w->p = w->n;
    w->consumed = 1;
    return w->rc;
}

int my_alter_statement(lw_walker *w)
{
    size_t k = 1;
    if (lw_word_at(w, k, "online") || lw_word_at(w, k, "ignore"))
        k++;
    if (!lw_word_at(w, k, "table"))
        return lw_refuse(w, "ALTER %s", lw_word_at(w, 1, "database") ? "DATABASE" : "...");
    w->p += k + 1;
    if (lw_word(w, "if") && lw_word_at(w, 1, "exists"))
        return lw_refuse(w, "ALTER TABLE IF EXISTS");
    char *table = my_table_name(w);
    if (!table)
        return w->rc;
    lw_sqlbuf spec = {0};
    lw_sqlbuf_append(&spec, "", 0);
    while (!w->rc && !lw_at_end(w)) {
        if (lw_word(w, "add"))
            add_action(w, table, &spec);
        else if (lw_word(w, "modify") || lw_word(w, "change"))
            change_action(w, table, &spec);
        else if (lw_word(w, "alter"))
            alter_column_action(w, &spec);
        else if (lw_word(w, "drop"))
            drop_action(w, &spec);
        else if (lw_word(w, "rename"))
            rename_action(w, &spec);
        else if (lw_word(w, "convert") && lw_word_at(w, 1, "to")) {
            w->p += 2;
            if (lw_word(w, "charset"))
                lw_skip(w);
            else if (lw_word(w, "character") && lw_word_at(w, 1, "set"))
                w->p += 2;
            else {
                my_syntax_error(w, 0);
                break;
            }
            field(w, &spec, "V");
            if (charset_collation(w, &spec) == 0)
                end_record(&spec);
        } else if (lw_word(w, "partition") || lw_word(w, "order") || lw_word(w, "discard") ||
                   lw_word(w, "import")) {
            const lw_token *t = lw_tok(w, 0);
            lw_refuse(w, "ALTER TABLE ... %.*s", (int)t->length, lw_spelled(w, t));
        } else if (!option_action(w, &spec)) {
            my_syntax_error(w, 0);
        }
        if (w->rc)
            break;
        if (lw_type_at(w, 0, LW_TK_COMMA))
            lw_skip(w);
        else if (!lw_at_end(w) && !lw_word(w, "auto_increment") && !lw_word(w, "engine") &&
                 !lw_word(w, "comment") && !lw_word(w, "default") && !lw_word(w, "charset") &&
                 !lw_word(w, "character") && !lw_word(w, "collate"))
            my_syntax_error(w, 0);
    }
    if (!w->rc)
        write_call(w, table, &spec);
    lw_sqlbuf_free(&spec);
    sqlite3_free(table);
    return w->rc;
}

int my_rename_statement(lw_walker *w)
{
    if (!lw_word_at(w, 1, "table") && !lw_word_at(w, 1, "tables"))
        return lw_refuse(w, "RENAME %s", lw_word_at(w, 1, "user") ? "USER" : "...");
    w->p += 2;
    lw_sqlbuf args = {0};
    while (!w->rc && !lw_at_end(w)) {
        char *from = my_table_name(w);
        char *to = NULL;
        if (from && !lw_word(w, "to"))
            my_syntax_error(w, 0);
        else if (from) {
            lw_skip(w);
            to = my_table_name(w);
        }
        if (to)
            lw_sqlbuf_appendf(&args, "%s%Q, %Q", args.len ? ", " : "", from, to);
        sqlite3_free(from);
        sqlite3_free(to);
        if (!w->rc && lw_type_at(w, 0, LW_TK_COMMA))
            lw_skip(w);
        else if (!w->rc && !lw_at_end(w))
            my_syntax_error(w, 0);
    }
    if (!w->rc && (args.oom || !args.len))
        args.oom ? lw_fail(w, LW_ENOMEM) : my_syntax_error(w, 0);
    if (!w->rc)
        lw_outf(w, "SELECT 1 WHERE typeof(my_rename_tables(%s)) = 'none'", args.s);
    lw_sqlbuf_free(&args);
    w->consumed = 1;
    return w->rc;
}

/* CREATE [UNIQUE] INDEX k [USING t] ON table (cols) [USING t]: the walker is on CREATE,
 * k words ahead is UNIQUE or INDEX. The key as ADD [UNIQUE] INDEX k (cols) makes it. */
int my_create_index_statement(lw_walker *w, size_t k)
{
    w->p += k;
    int unique = lw_word(w, "unique");
    if (unique)
        lw_skip(w);
    lw_skip(w); /* INDEX */
    if (lw_word(w, "if"))
        return lw_refuse(w, "CREATE INDEX IF NOT EXISTS");
    char *key = my_name(w);
    if (!key)
        return w->rc;
    if (lw_word(w, "using"))
        w->p += 2;
    char *table = NULL;
    if (!lw_word(w, "on"))
        my_syntax_error(w, 0);
    else {
        lw_skip(w);
        table = my_table_name(w);
    }
    lw_sqlbuf cols = {0}, quoted = {0};
    if (table && !lw_type_at(w, 0, LW_TK_LPAREN))
        my_syntax_error(w, 0);
    else if (table) {
        lw_skip(w);
        while (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN)) {
            char *col = my_name(w);
            if (!col)
                break;
            lw_sqlbuf_appendf(&cols, "%s%s", cols.len ? "," : "", col);
            lw_sqlbuf_appendf(&quoted, "%s\"%w\"", quoted.len ? ", " : "", col);
            sqlite3_free(col);
            if (lw_type_at(w, 0, LW_TK_LPAREN)) {
                lw_refuse(w, "index prefix lengths");
                break;
            }
            if (lw_word(w, "asc") || lw_word(w, "desc"))
                lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_COMMA))
                lw_skip(w);
            else if (!lw_type_at(w, 0, LW_TK_RPAREN))
                my_syntax_error(w, 0);
        }
        if (!w->rc)
            lw_skip(w);
        while (!w->rc && (lw_word(w, "using") || lw_word(w, "algorithm") || lw_word(w, "lock"))) {
            lw_skip(w);
            sqlite3_free(option_text(w));
        }
        if (!w->rc && !lw_at_end(w))
            my_syntax_error(w, 0);
    }
    if (!w->rc && table) {
        lw_sqlbuf spec = {0};
        lw_sqlbuf_append(&spec, "", 0);
        field(w, &spec, "C");
        field(w, &spec, "");
        char *catalog = sqlite3_mprintf(
            "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, kind, columns) "
            "VALUES (%Q, %Q, %Q, %Q); ",
            table, key, unique ? "UNIQUE" : "KEY", cols.s ? cols.s : "");
        char *post =
            sqlite3_mprintf("CREATE %sINDEX \"%w.%w\" ON \"%w\" (%s); ", unique ? "UNIQUE " : "",
                            table, key, table, quoted.s ? quoted.s : "");
        field(w, &spec, catalog);
        field(w, &spec, post);
        end_record(&spec);
        if (!catalog || !post)
            spec.oom = 1;
        write_call(w, table, &spec);
        sqlite3_free(catalog);
        sqlite3_free(post);
        lw_sqlbuf_free(&spec);
    }
    lw_sqlbuf_free(&cols);
    lw_sqlbuf_free(&quoted);
    sqlite3_free(key);
    sqlite3_free(table);
    return w->rc;
}

int my_drop_index_statement(lw_walker *w, size_t k)
{
    w->p += k + 1; /* DROP INDEX */
    lw_sqlbuf spec = {0};
    lw_sqlbuf_append(&spec, "", 0);
    int quiet = if_exists(w);
    field(w, &spec, "X");
    char *table = NULL;
    if (name_field(w, &spec) == 0) {
        field(w, &spec, quiet ? "1" : "0");
        end_record(&spec);
        if (!lw_word(w, "on"))
            my_syntax_error(w, 0);
        else {
            lw_skip(w);
            table = my_table_name(w);
        }
    }
    while (!w->rc && (lw_word(w, "algorithm") || lw_word(w, "lock"))) {
        lw_skip(w);
        sqlite3_free(option_text(w));
    }
    if (!w->rc && !lw_at_end(w))
        my_syntax_error(w, 0);
    if (!w->rc && table)
        write_call(w, table, &spec);
    lw_sqlbuf_free(&spec);
    sqlite3_free(table);
    return w->rc;
}

int my_create_like_statement(lw_walker *w, const char *table, int if_not_exists)
{
    int paren = lw_type_at(w, 0, LW_TK_LPAREN);
    if (paren)
        lw_skip(w);
    lw_skip(w); /* LIKE */
    char *source = my_table_name(w);
    if (!source)
        return w->rc;
    if (paren && !lw_type_at(w, 0, LW_TK_RPAREN))
        my_syntax_error(w, 0);
    else if (paren)
        lw_skip(w);
    if (!w->rc && !lw_at_end(w))
        my_syntax_error(w, 0);
    if (!w->rc)
        lw_outf(w, "SELECT 1 WHERE typeof(my_create_like(%Q, %Q, %d)) = 'none'", table, source,
                if_not_exists);
    sqlite3_free(source);
    w->p = w->n;
    w->consumed = 1;
    return w->rc;
}
