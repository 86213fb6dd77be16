/*
 * Identifier case against the schema, for the dialects that fold unquoted names
 * (identifiers.h has the design).
 *
 * The schema's names live in one array sorted by their ASCII-case-insensitive order
 * (ties by exact bytes), so the names one identifier would match in SQLite are a
 * contiguous run found by binary search. Each name is a relation (table, view, index)
 * or a column, which knows its table or view: a column reference is judged against the
 * columns of the relations the statement names, so "id" is not taken for a column
 * of another table when the one queried only has "Id".
 */
#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "likewise.h"
#include "dialect/identifiers.h"

enum { NAME_RELATION = 1, NAME_COLUMN = 2 };

typedef struct schema_name {
    char *name;  /* sqlite3_malloc'ed */
    char *owner; /* a column's table or view (sqlite3_malloc'ed); NULL for a relation */
} schema_name;

struct lw_ident_names {
    schema_name *items;
    int n, cap;
    int fold;      /* lw_fold: the case unquoted names fold to */
    int has_other; /* some name has an ASCII letter of the other case */
    int loaded;
    sqlite3_int64 main_version, temp_version;
};

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* SQLite's identifier comparison: ASCII letters without regard to case, other bytes
 * exactly. */
static int ident_casecmp(const char *a, size_t an, const char *b, size_t bn)
{
    for (size_t i = 0; i < an && i < bn; i++) {
        int d = fold((unsigned char)a[i]) - fold((unsigned char)b[i]);
        if (d)
            return d;
    }
    return an < bn ? -1 : an > bn;
}

static int name_order(const void *x, const void *y)
{
    const schema_name *a = x, *b = y;
    size_t an = strlen(a->name), bn = strlen(b->name);
    int d = ident_casecmp(a->name, an, b->name, bn);
    return d ? d : strcmp(a->name, b->name);
}

/* Does s[0..n) have a letter of the case unquoted names do not fold to? */
static int has_other_case(int fold, const char *s, size_t n)
{
    char lo = fold == LW_FOLD_UPPER ? 'a' : 'A', hi = fold == LW_FOLD_UPPER ? 'z' : 'Z';
    for (size_t i = 0; i < n; i++)
        if (s[i] >= lo && s[i] <= hi)
            return 1;
    return 0;
}

static void names_clear(lw_ident_names *nm)
{
    for (int i = 0; i < nm->n; i++) {
        sqlite3_free(nm->items[i].name);
        sqlite3_free(nm->items[i].owner);
    }
    nm->n = 0;
    nm->has_other = 0;
    nm->loaded = 0;
}

void lw_ident_names_free(lw_ident_names *names)
{
    if (!names)
        return;
    names_clear(names);
    sqlite3_free(names->items);
    sqlite3_free(names);
}

static int names_add(lw_ident_names *nm, const char *name, const char *owner)
{
    if (!name)
        return 0;
    if (nm->n == nm->cap) {
        int cap = nm->cap ? 2 * nm->cap : 64;
        schema_name *items = sqlite3_realloc64(nm->items, (size_t)cap * sizeof *items);
        if (!items)
            return SQLITE_NOMEM;
        nm->items = items;
        nm->cap = cap;
    }
    char *copy = sqlite3_mprintf("%s", name);
    char *owner_copy = owner ? sqlite3_mprintf("%s", owner) : NULL;
    if (!copy || (owner && !owner_copy)) {
        sqlite3_free(copy);
        sqlite3_free(owner_copy);
        return SQLITE_NOMEM;
    }
    nm->items[nm->n].name = copy;
    nm->items[nm->n].owner = owner_copy;
    nm->n++;
    return 0;
}

/* The columns of one table or view; a view that no longer compiles has none. */
static int add_columns(sqlite3 *db, lw_ident_names *nm, const char *table, const char *schema)
{
    sqlite3_stmt *stmt = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1, ?2)", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, schema, -1, SQLITE_STATIC);
        while (rc == 0 && sqlite3_step(stmt) == SQLITE_ROW)
            rc = names_add(nm, (const char *)sqlite3_column_text(stmt, 0), table);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Reads every relation and column name of the main and temp schemas, sorted; the
 * shim's own relations (_lw_*, e.g. the oracle dialect's _lw_ora_matched with its
 * columns rid and n) are no names a query can mean. */
static int names_load(sqlite3 *db, lw_ident_names *nm)
{
    names_clear(nm);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT name, type, 'main' FROM main.sqlite_schema WHERE type IN "
                                "('table', 'view', 'index') AND substr(name, 1, 7) <> 'sqlite_' "
                                "AND substr(name, 1, 4) <> '_lw_' "
                                "UNION ALL SELECT name, type, 'temp' FROM temp.sqlite_schema "
                                "WHERE type IN ('table', 'view', 'index') AND substr(name, 1, 7) "
                                "<> 'sqlite_' AND substr(name, 1, 4) <> '_lw_'",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    int step;
    while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        const char *type = (const char *)sqlite3_column_text(stmt, 1);
        rc = names_add(nm, name, NULL);
        if (rc == 0 && name && type && strcmp(type, "index") != 0)
            rc = add_columns(db, nm, name, (const char *)sqlite3_column_text(stmt, 2));
    }
    sqlite3_finalize(stmt);
    if (rc)
        return rc;
    if (nm->n > 1)
        qsort(nm->items, (size_t)nm->n, sizeof *nm->items, name_order);
    for (int i = 0; i < nm->n; i++)
        nm->has_other |= has_other_case(nm->fold, nm->items[i].name, strlen(nm->items[i].name));
    nm->loaded = 1;
    return 0;
}

/* Reloads the names when the schema changed since they were read. */
static int names_refresh(sqlite3 *db, lw_ident_names *nm)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT (SELECT schema_version FROM main.pragma_schema_version), "
                                "(SELECT schema_version FROM temp.pragma_schema_version)",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
        sqlite3_finalize(stmt);
        return rc;
    }
    sqlite3_int64 main_version = sqlite3_column_int64(stmt, 0);
    sqlite3_int64 temp_version = sqlite3_column_int64(stmt, 1);
    sqlite3_finalize(stmt);
    if (nm->loaded && main_version == nm->main_version && temp_version == nm->temp_version)
        return 0;
    nm->main_version = main_version;
    nm->temp_version = temp_version;
    return names_load(db, nm);
}

/* Index of the first schema name that matches name[0..n) case-insensitively (the run
 * of such names ends where ident_casecmp stops answering 0). */
static int names_lower_bound(const lw_ident_names *nm, const char *name, size_t n)
{
    int lo = 0, hi = nm->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const char *s = nm->items[mid].name;
        if (ident_casecmp(s, strlen(s), name, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* What the schema holds for one spelling. */
typedef struct lookup {
    int exact;                               /* a name is spelled exactly so */
    int exact_queried_column;                /* ... as a column of a relation the statement names */
    const schema_name *other;                /* the first name that differs only in case */
    unsigned other_kinds;                    /* NAME_* of every such name */
    const schema_name *other_queried_column; /* the first such column of a named relation */
} lookup;

static int is_queried(const char *owner, char *const *relations, int n_relations)
{
    for (int i = 0; owner && i < n_relations; i++)
        if (strcmp(owner, relations[i]) == 0)
            return 1;
    return 0;
}

static lookup names_lookup(const lw_ident_names *nm, const char *name, char *const *relations,
                           int n_relations)
{
    lookup l = {0, 0, NULL, 0, NULL};
    size_t n = strlen(name);
    for (int i = names_lower_bound(nm, name, n); i < nm->n; i++) {
        const schema_name *e = &nm->items[i];
        size_t en = strlen(e->name);
        if (ident_casecmp(e->name, en, name, n) != 0)
            break;
        int queried = is_queried(e->owner, relations, n_relations);
        if (en == n && memcmp(e->name, name, n) == 0) {
            l.exact = 1;
            l.exact_queried_column |= queried;
            continue;
        }
        if (!l.other)
            l.other = e;
        l.other_kinds |= e->owner ? NAME_COLUMN : NAME_RELATION;
        if (queried && !l.other_queried_column)
            l.other_queried_column = e;
    }
    return l;
}

/* ---- The statement's identifiers --------------------------------------------------- */

/* One spelling of an identifier in the statement. */
typedef struct spelling {
    char *text;  /* unquoted (sqlite3_malloc'ed) */
    int count;   /* occurrences */
    int defined; /* named after AS, a WITH name, or the object CREATE makes */
} spelling;

typedef struct spellings {
    spelling *items;
    int n, cap;
} spellings;

static void spellings_free(spellings *sp)
{
    for (int i = 0; i < sp->n; i++)
        sqlite3_free(sp->items[i].text);
    sqlite3_free(sp->items);
}

/* Records one occurrence of the identifier token t. */
static int spellings_add(spellings *sp, const char *sql, const lw_token *t, int defined)
{
    const char *s = sql + t->offset;
    size_t n = t->length;
    char *text;
    if (t->type == LW_TK_QIDENT && n >= 2) {
        /* "a""b" is a"b; `x` and [x] have no escapes SQLite's rewriter would write. */
        char quote = s[0];
        text = sqlite3_malloc64(n);
        if (!text)
            return LW_ENOMEM;
        size_t k = 0;
        for (size_t i = 1; i + 1 < n; i++) {
            text[k++] = s[i];
            if (s[i] == quote && i + 2 < n && s[i + 1] == quote)
                i++;
        }
        text[k] = 0;
    } else {
        text = sqlite3_mprintf("%.*s", (int)n, s);
        if (!text)
            return LW_ENOMEM;
    }
    for (int i = 0; i < sp->n; i++)
        if (strcmp(sp->items[i].text, text) == 0) {
            sp->items[i].count++;
            sp->items[i].defined |= defined;
            sqlite3_free(text);
            return 0;
        }
    if (sp->n == sp->cap) {
        int cap = sp->cap ? 2 * sp->cap : 16;
        spelling *items = sqlite3_realloc64(sp->items, (size_t)cap * sizeof *items);
        if (!items) {
            sqlite3_free(text);
            return LW_ENOMEM;
        }
        sp->items = items;
        sp->cap = cap;
    }
    sp->items[sp->n++] = (spelling){text, 1, defined};
    return 0;
}

static int is_word(const char *sql, const lw_token *t, const char *w)
{
    return t && lw_token_is_word(sql, t, w);
}

/* Words after which a name followed by "(" is a table, not a function call. */
static int names_table_before_paren(const char *sql, const lw_token *prev)
{
    static const char *const words[] = {"into", "table", "exists", "references", "on",
                                        "view", "join",  "from",   "update"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (is_word(sql, prev, words[i]))
            return 1;
    return 0;
}

/* What kind of statement sql is, for the check: 0 not checked (CREATE TABLE and other
 * definitions, whose names SQLite itself compares), 1 a query or DML statement, 2 a
 * DROP (where a name found in another case would drop something else). */
static int statement_class(const char *sql, const lw_token *m[], size_t n)
{
    if (!n)
        return 0;
    static const char *const dml[] = {"select", "with",   "insert", "update",
                                      "delete", "values", "replace"};
    for (size_t i = 0; i < sizeof dml / sizeof dml[0]; i++)
        if (is_word(sql, m[0], dml[i]))
            return 1;
    if (is_word(sql, m[0], "drop"))
        return 2;
    if (is_word(sql, m[0], "create")) {
        size_t k = 1;
        if (k < n && is_word(sql, m[k], "unique"))
            k++;
        if (k < n && (is_word(sql, m[k], "index") || is_word(sql, m[k], "view")))
            return 1;
    }
    return 0;
}

/* Sets err to one of the texts' errors about name (and other). */
static int ident_error(lw_dialect_error *err, const lw_ident_error *e, const char *name,
                       const char *other, int rc)
{
    lw_dialect_error_set(err, e->sqlstate, e->mysql_errno, e->format, name, other);
    err->vendor_code = e->vendor_code;
    return rc;
}

static int judge(const lw_ident_names *nm, const spellings *sp, int klass,
                 const lw_ident_texts *texts, lw_dialect_error *err)
{
    /* The relations the statement names, spelled exactly as the schema has them. */
    char **relations = sqlite3_malloc64((size_t)(sp->n ? sp->n : 1) * sizeof *relations);
    if (!relations)
        return LW_ENOMEM;
    int n_relations = 0, rc = 0;
    for (int i = 0; i < sp->n; i++) {
        const char *x = sp->items[i].text;
        size_t xn = strlen(x);
        for (int k = names_lower_bound(nm, x, xn); k < nm->n; k++) {
            if (strcmp(nm->items[k].name, x) == 0 && !nm->items[k].owner) {
                relations[n_relations++] = sp->items[i].text;
                break;
            }
            if (ident_casecmp(nm->items[k].name, strlen(nm->items[k].name), x, xn) != 0)
                break;
        }
    }
    for (int i = 0; i < sp->n && rc == 0; i++) {
        const spelling *x = &sp->items[i];
        lookup l = names_lookup(nm, x->text, relations, n_relations);
        /* A column of a table the statement reads matches only in another case: SQLite
         * would take it, wherever else the spelling exists. */
        int queried_twin = l.other_queried_column && !l.exact_queried_column;
        if (l.exact && !queried_twin)
            continue;
        /* An alias written once (SELECT "Name" AS name) names only the result column. */
        int lone_alias = x->defined && x->count == 1;
        const schema_name *other = queried_twin ? l.other_queried_column : l.other;
        unsigned kinds = queried_twin ? NAME_COLUMN : l.other_kinds;
        if (other && !lone_alias) {
            if (x->defined || klass == 2 || kinds == (NAME_RELATION | NAME_COLUMN)) {
                rc = ident_error(err, &texts->twins, x->text, other->name, LW_ENOTSUP);
            } else if (kinds == NAME_COLUMN) {
                rc = ident_error(err, &texts->no_column, x->text, "", LW_ESQL);
            } else {
                rc = ident_error(err, &texts->no_relation, x->text, "", LW_ESQL);
            }
            break;
        }
        for (int j = 0; j < sp->n && rc == 0; j++) {
            const spelling *y = &sp->items[j];
            if (j == i || ident_casecmp(x->text, strlen(x->text), y->text, strlen(y->text)) != 0)
                continue;
            lookup ly = names_lookup(nm, y->text, relations, n_relations);
            if (lone_alias && ly.exact)
                continue;
            /* A name that only an alias of the statement spells in another case
             * (SELECT "x" FROM (SELECT 1 AS X) t): the server finds no such column. */
            if (y->defined && !x->defined && !l.exact && !l.other)
                rc = ident_error(err, &texts->no_column, x->text, "", LW_ESQL);
            else
                rc = ident_error(err, &texts->twins, x->text, y->text, LW_ENOTSUP);
        }
    }
    sqlite3_free(relations);
    return rc;
}

int lw_check_identifiers(sqlite3 *db, lw_ident_names **names, const char *sql, int quoted_other,
                         const lw_ident_texts *texts, lw_dialect_error *err)
{
    if (!*names) {
        *names = sqlite3_malloc64(sizeof **names);
        if (!*names)
            return LW_ENOMEM;
        memset(*names, 0, sizeof **names);
        (*names)->fold = texts->fold;
    }
    lw_ident_names *nm = *names;
    int rc = names_refresh(db, nm);
    if (rc == SQLITE_NOMEM)
        return LW_ENOMEM;
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        /* The schema cannot be read (it is locked or corrupt): the statement itself
         * will say so when it runs. */
        names_clear(nm);
        return 0;
    }
    if (!quoted_other && !nm->has_other)
        return 0;
    lw_tokens toks = {0};
    lw_lex_error lerr = {NULL, 0};
    const lw_token **m = NULL;
    spellings sp = {NULL, 0, 0};
    rc = lw_lex(sql, strlen(sql), 0, &toks, &lerr);
    if (rc) {
        lw_tokens_free(&toks);
        return rc == -2 ? LW_ENOMEM : 0;
    }
    m = sqlite3_malloc64((toks.len ? toks.len : 1) * sizeof *m);
    if (!m) {
        lw_tokens_free(&toks);
        return LW_ENOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < toks.len; i++)
        if (!lw_token_is_blank(&toks.items[i]))
            m[n++] = &toks.items[i];
    int klass = statement_class(sql, m, n);
    rc = 0;
    for (size_t i = 0; klass && rc == 0 && i < n; i++) {
        const lw_token *t = m[i], *prev = i ? m[i - 1] : NULL, *next = i + 1 < n ? m[i + 1] : NULL;
        if (t->type == LW_TK_WORD) {
            if (sqlite3_keyword_check(sql + t->offset, (int)t->length))
                continue;
            if (next && next->type == LW_TK_LPAREN && !names_table_before_paren(sql, prev))
                continue; /* a function call */
            if (is_word(sql, prev, "collate"))
                continue;
        } else if (t->type != LW_TK_QIDENT) {
            continue;
        }
        int defined =
            is_word(sql, prev, "as") ||
            (is_word(sql, next, "as") && i + 2 < n && m[i + 2]->type == LW_TK_LPAREN) ||
            (i >= 1 && (is_word(sql, prev, "index") || is_word(sql, prev, "view") ||
                        (is_word(sql, prev, "exists") && i >= 4 && is_word(sql, m[0], "create"))));
        rc = spellings_add(&sp, sql, t, defined);
    }
    if (rc == 0 && klass)
        rc = judge(nm, &sp, klass, texts, err);
    spellings_free(&sp);
    sqlite3_free(m);
    lw_tokens_free(&toks);
    return rc;
}

int lw_case_twins(char *const *items, int n, int *a, int *b)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            size_t in = strlen(items[i]), jn = strlen(items[j]);
            if (ident_casecmp(items[i], in, items[j], jn) == 0 && strcmp(items[i], items[j])) {
                *a = i;
                *b = j;
                return 1;
            }
        }
    return 0;
}
