/*
 * JSON_TABLE in a FROM clause (the rules' from_function hook): the definition is read
 * here (json_table.h says what it may hold) and becomes a table-valued function of its
 * own, registered on the connection by runtime_json_table.c under a name made from
 * the definition's text and alias, so that the alias' columns are the definition's:
 *
 *   JSON_TABLE(doc, '$[*]' COLUMNS (n FOR ORDINALITY, tag VARCHAR(10) PATH '$')) AS jt
 *   -> "_lw_json_table_<hash>"(doc) AS "jt"
 *
 * The document is any expression, columns of the tables before it included (SQLite
 * passes a table-valued function's arguments from the rows joined before it).
 *
 * Errors, as MariaDB's: a missing alias 4177, two columns of one name 1060, a bad path
 * 4041 or 4042 ("argument 2"), anything else that is not the grammar 1064. Refused
 * (1235): the column types json_table.h lists as not emulated, CHARACTER SET and
 * COLLATE on a column, JSON_TABLE outside a connection (no function to register) and
 * in a CREATE VIEW or CREATE TRIGGER (the stored text would name a function other
 * connections lack).
 */
#include <stdio.h>
#include <string.h>

#include "dialect/mysql/json_table.h"
#include "dialect/mysql/mysql.h"

/* A string constant at the current token into a new string (sqlite3_free), the cursor
 * past it; NULL with the walker failed (1064) when there is none. */
static char *string_constant(lw_walker *w, size_t *len)
{
    if (!lw_type_at(w, 0, LW_TK_STRING)) {
        my_syntax_error(w, 0);
        return NULL;
    }
    lw_sqlbuf v = {0};
    lw_sqlbuf_append(&v, "", 0);
    if (lw_string_value(w, 0, &v)) {
        lw_sqlbuf_free(&v);
        return NULL;
    }
    *len = v.len;
    lw_skip(w);
    char *s = lw_sqlbuf_finish(&v);
    if (!s)
        lw_fail(w, LW_ENOMEM);
    return s;
}

/* A path string at the current token, parsed (4041, 4042 as MariaDB reports them). */
static int read_path(lw_walker *w, char **text, size_t *len)
{
    size_t n = 0, pos = 0;
    char *s = string_constant(w, &n);
    if (!s)
        return -1;
    *len = n;
    int st = my_jt_path(s, n, text, &pos);
    sqlite3_free(s);
    if (st == -1)
        return lw_fail(w, LW_ENOMEM), -1;
    if (st == MY_JPATH_END)
        return lw_walk_error(w, LW_ESQL, "HY000", 4041,
                             "Unexpected end of JSON path in argument 2 to function 'JSON_TABLE'"),
               -1;
    if (st != MY_JPATH_OK)
        return lw_walk_error(w, LW_ESQL, "HY000", 4042,
                             "Syntax error in JSON path in argument 2 to function 'JSON_TABLE' at "
                             "position %d",
                             (int)pos),
               -1;
    return 0;
}

/* A column's type: its kind, range or length. */
static int read_type(lw_walker *w, my_jt_column *c)
{
    char *word = lw_tok_text(w, 0);
    if (!word || !lw_type_at(w, 0, LW_TK_WORD)) {
        sqlite3_free(word);
        return my_syntax_error(w, 0), -1;
    }
    for (char *p = word; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    long long uhi = 0;
    c->chars = -1;
    if (my_int_type_range(word, &c->lo, &c->hi, &uhi)) {
        c->type = MY_JT_INT;
    } else if (!strcmp(word, "double") || !strcmp(word, "float") || !strcmp(word, "real")) {
        c->type = MY_JT_DOUBLE;
    } else if (!strcmp(word, "char") || !strcmp(word, "varchar")) {
        c->type = MY_JT_STRING;
        c->chars = word[0] == 'c' ? 1 : -2; /* VARCHAR needs its length */
    } else if (!strcmp(word, "text") || !strcmp(word, "tinytext") || !strcmp(word, "mediumtext") ||
               !strcmp(word, "longtext")) {
        c->type = MY_JT_STRING;
    } else if (!strcmp(word, "json")) {
        c->type = MY_JT_JSON;
    } else {
        lw_refuse(w, "the JSON_TABLE column type %s", word);
        sqlite3_free(word);
        return -1;
    }
    lw_skip(w);
    if (c->type == MY_JT_DOUBLE && !strcmp(word, "double") && lw_word(w, "precision"))
        lw_skip(w);
    sqlite3_free(word);
    if (lw_type_at(w, 0, LW_TK_LPAREN)) {
        long long n = 0, scale = 0;
        lw_skip(w);
        if (lw_read_int(w, &n) || n < 0)
            return my_syntax_error(w, 0), -1;
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
            if (lw_read_int(w, &scale))
                return my_syntax_error(w, 0), -1;
        }
        if (!lw_type_at(w, 0, LW_TK_RPAREN))
            return my_syntax_error(w, 0), -1;
        lw_skip(w);
        if (c->type == MY_JT_STRING && c->chars != -1)
            c->chars = n;
    }
    if (c->chars == -2)
        return my_syntax_error(w, 0), -1;
    for (;;) {
        if (lw_word(w, "unsigned") && c->type == MY_JT_INT) {
            c->lo = 0;
            c->hi = uhi;
        } else if (!lw_word(w, "signed") && !lw_word(w, "zerofill")) {
            break;
        }
        lw_skip(w);
    }
    if (lw_word(w, "character") || lw_word(w, "charset") || lw_word(w, "collate") ||
        lw_word(w, "binary") || lw_word(w, "ascii") || lw_word(w, "unicode"))
        return lw_refuse(w, "a character set or collation on a JSON_TABLE column"), -1;
    return 0;
}

/* {NULL | ERROR | DEFAULT 'v'} ON {EMPTY | ERROR}, each at most once, EMPTY first. */
static int read_responses(lw_walker *w, my_jt_column *c)
{
    int seen_empty = 0, seen_error = 0;
    while (lw_word(w, "null") || lw_word(w, "error") || lw_word(w, "default")) {
        my_jt_response r = lw_word(w, "null")    ? MY_JT_NULL
                           : lw_word(w, "error") ? MY_JT_ERROR
                                                 : MY_JT_DEFAULT;
        lw_skip(w);
        char *dflt = NULL;
        if (r == MY_JT_DEFAULT) {
            size_t n;
            if (lw_type_at(w, 0, LW_TK_NUMBER)) {
                dflt = lw_tok_text(w, 0);
                lw_skip(w);
            } else {
                dflt = string_constant(w, &n);
            }
            if (!dflt)
                return -1;
        }
        int empty = lw_word(w, "on") && lw_word_at(w, 1, "empty");
        int error = lw_word(w, "on") && lw_word_at(w, 1, "error");
        if ((!empty && !error) || (empty && (seen_empty || seen_error)) || (error && seen_error)) {
            sqlite3_free(dflt);
            return my_syntax_error(w, 0), -1;
        }
        w->p += 2;
        if (empty) {
            seen_empty = 1;
            c->on_empty = r;
            c->empty_default = dflt;
        } else {
            seen_error = 1;
            c->on_error = r;
            c->error_default = dflt;
        }
    }
    return 0;
}

static int read_columns(lw_walker *w, my_jt_spec *spec, int level);

/* One column definition (or a NESTED path with its columns) of level. */
static int read_column(lw_walker *w, my_jt_spec *spec, int level)
{
    if (lw_word(w, "nested")) {
        lw_skip(w);
        if (lw_word(w, "path"))
            lw_skip(w);
        if (spec->n_levels == MY_JT_MAX_LEVELS)
            return lw_refuse(w, "more than %d paths in one JSON_TABLE", MY_JT_MAX_LEVELS), -1;
        my_jt_level *l = &spec->levels[spec->n_levels];
        if (read_path(w, &l->path_text, &l->path_len))
            return -1;
        l->parent = level;
        return read_columns(w, spec, spec->n_levels++);
    }
    if (spec->n_columns == MY_JT_MAX_COLUMNS)
        return lw_refuse(w, "more than %d columns in one JSON_TABLE", MY_JT_MAX_COLUMNS), -1;
    my_jt_column *c = &spec->columns[spec->n_columns];
    memset(c, 0, sizeof *c);
    c->name = my_name(w);
    if (!c->name)
        return -1;
    spec->n_columns++; /* from here the spec owns what c holds */
    c->level = level;
    for (int i = 0; i < spec->n_columns - 1; i++)
        if (!sqlite3_stricmp(spec->columns[i].name, c->name))
            return lw_walk_error(w, LW_ESQL, "42S21", 1060, "Duplicate column name '%s'", c->name),
                   -1;
    if (lw_word(w, "for") && lw_word_at(w, 1, "ordinality")) {
        w->p += 2;
        c->kind = MY_JT_ORDINALITY;
        c->type = MY_JT_INT;
        return 0;
    }
    if (read_type(w, c))
        return -1;
    c->kind = lw_word(w, "exists") ? MY_JT_EXISTS : MY_JT_PATH;
    if (c->kind == MY_JT_EXISTS)
        lw_skip(w);
    if (!lw_word(w, "path"))
        return my_syntax_error(w, 0), -1;
    lw_skip(w);
    if (read_path(w, &c->path_text, &c->path_len))
        return -1;
    return c->kind == MY_JT_PATH ? read_responses(w, c) : 0;
}

/* COLUMNS (column, ...) of level. */
static int read_columns(lw_walker *w, my_jt_spec *spec, int level)
{
    if (!lw_word(w, "columns") || !lw_type_at(w, 1, LW_TK_LPAREN))
        return my_syntax_error(w, 0), -1;
    w->p += 2;
    for (;;) {
        if (read_column(w, spec, level))
            return -1;
        if (lw_type_at(w, 0, LW_TK_RPAREN)) {
            lw_skip(w);
            return 0;
        }
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            return my_syntax_error(w, 0), -1;
        lw_skip(w);
    }
}

/* FNV-1a over the definition's text and the alias: the function's name. */
static unsigned long long definition_hash(const char *text, size_t n, const char *alias)
{
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;
    for (const char *p = alias; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

/* Whether meaningful token k (a position) is the word. */
static int word_at_position(const lw_walker *w, size_t k, const char *word)
{
    const lw_token *t = &w->tk[w->at[k]];
    return t->type == LW_TK_WORD && t->length == strlen(word) &&
           !sqlite3_strnicmp(w->sql + t->offset, word, (int)t->length);
}

/* A CREATE VIEW or CREATE TRIGGER: what it stores outlives the connection, which
 * alone has the function. */
static int in_stored_definition(const lw_walker *w)
{
    if (!w->n || !word_at_position(w, 0, "create"))
        return 0;
    for (size_t k = 1; k < w->p && k < w->n; k++)
        if (word_at_position(w, k, "view") || word_at_position(w, k, "trigger"))
            return 1;
    return 0;
}

void my_json_table_from(lw_walker *w)
{
    if (!w->schema || !w->schema->db) {
        lw_refuse(w, "JSON_TABLE outside a connection");
        return;
    }
    if (in_stored_definition(w)) {
        lw_refuse(w, "JSON_TABLE in a view or a trigger");
        return;
    }
    w->p += 2; /* JSON_TABLE ( */
    size_t start = lw_here(w);
    lw_parse_expr(w, 0);
    if (w->rc)
        return;
    char *doc = lw_take_from(w, start);
    if (!doc) {
        lw_fail(w, LW_ENOMEM);
        return;
    }
    my_jt_spec *spec = my_jt_spec_new();
    size_t def_tok = w->p + 1;
    if (!spec) {
        lw_fail(w, LW_ENOMEM);
    } else if (!lw_type_at(w, 0, LW_TK_COMMA)) {
        my_syntax_error(w, 0);
    } else {
        lw_skip(w);
        spec->n_levels = 1;
        spec->levels[0].parent = -1;
        if (!read_path(w, &spec->levels[0].path_text, &spec->levels[0].path_len) &&
            !read_columns(w, spec, 0) && !lw_type_at(w, 0, LW_TK_RPAREN))
            my_syntax_error(w, 0);
    }
    if (w->rc) {
        sqlite3_free(doc);
        my_jt_spec_free(spec);
        return;
    }
    /* The definition's text, from the path to the closing parenthesis. */
    const lw_token *first = &w->tk[w->at[def_tok]], *close = lw_tok(w, 0);
    const char *text = w->sql + first->offset;
    size_t n = close->offset - first->offset;
    lw_skip(w);
    if (lw_word(w, "as"))
        lw_skip(w);
    if (!(lw_type_at(w, 0, LW_TK_WORD) && !lw_is_clause_word(w, 0)) &&
        !lw_type_at(w, 0, LW_TK_QIDENT)) {
        lw_walk_error(w, LW_ESQL, "HY000", 4177, "Every table function must have an alias.");
        sqlite3_free(doc);
        my_jt_spec_free(spec);
        return;
    }
    spec->alias = my_name(w);
    if (!spec->alias) {
        sqlite3_free(doc);
        my_jt_spec_free(spec);
        return;
    }
    char name[40];
    snprintf(name, sizeof name, "_lw_json_table_%016llx", definition_hash(text, n, spec->alias));
    char *alias = sqlite3_mprintf("%s", spec->alias);
    char *err = NULL;
    /* The registration owns spec from here, whatever it returns. */
    int rc = my_json_table_register(my_session_of(w), w->schema->db, name, spec, &err);
    if (rc == SQLITE_NOMEM || !alias)
        lw_fail(w, LW_ENOMEM);
    else if (rc == SQLITE_FULL)
        lw_refuse(w, "more than %d JSON_TABLE definitions on one connection",
                  MY_JT_MAX_DEFINITIONS);
    else if (rc != SQLITE_OK)
        lw_walk_error(w, LW_ESQL, "HY000", 1105, "JSON_TABLE: %s", err ? err : "registration");
    else
        lw_outf(w, "\"%s\"(%s) AS \"%w\" ", name, doc, alias);
    sqlite3_free(err);
    sqlite3_free(alias);
    sqlite3_free(doc);
}
