/*
 * SELECT ... INTO @var [, @var ...] (the statement table's "select"), and
 * sql_select_limit (the rules' finish hook calls my_select_limit).
 *
 * SQL: SELECT list INTO @a, @b FROM ... and SELECT list FROM ... INTO @a, @b store the
 * one row the query returns into the user variables and return no rows:
 *
 *   SELECT 1 FROM (SELECT my_into('a', "_lw_into1", 'b', "_lw_into2") AS _lw_x
 *     FROM (WITH _lw_into("_lw_into1", "_lw_into2") AS (<the query without INTO>)
 *           SELECT * FROM _lw_into)) WHERE _lw_x IS NOT NULL
 *
 * my_into (runtime_into.c) is an aggregate: one row sets the variables, no row is
 * warning 1329 (the variables keep their values), more than one is error 1172, as
 * MariaDB does. Limits: INTO OUTFILE, INTO DUMPFILE and INTO a procedure's local
 * variables are refused (0A000); a count of variables that differs from the select
 * list is SQLite's error about the CTE's column count (1136), not MariaDB's 1222.
 *
 * sql_select_limit: a top-level SELECT without LIMIT (and without INTO) gets LIMIT n
 * when the session's limit is not the default; a subquery, INSERT ... SELECT and a
 * SELECT with its own LIMIT are not limited, as on the server. The translation depends
 * on the setting (the session's epoch moves when it changes).
 */
#include <ctype.h>
#include <string.h>

#include "dialect/clauses.h"
#include "dialect/mysql/mysql.h"

size_t my_top_level_word(const lw_walker *w, const char *word)
{
    int depth = 0;
    for (size_t k = 0; k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0 && lw_token_is_word(w->sql, t, word))
            return k;
    }
    return 0;
}

/* The end of the top-level FROM list that starts at from. */
static size_t from_list_end(const lw_walker *w, size_t from)
{
    static const char *const ends[] = {"where", "group",  "having",    "order",  "limit",
                                       "union", "except", "intersect", "window", "for",
                                       "lock",  "into",   NULL};
    int depth = 0;
    for (size_t k = from; k < w->n; k++) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type == LW_TK_LPAREN)
            depth++;
        else if (t->type == LW_TK_RPAREN)
            depth--;
        else if (depth == 0)
            for (const char *const *e = ends; *e; e++)
                if (lw_token_is_word(w->sql, t, *e))
                    return k;
    }
    return w->n;
}

/* FOR SHARE is MySQL 8's; MariaDB 10.11's grammar has LOCK IN SHARE MODE only (which
 * the core reads as FOR SHARE without for_share): a syntax error at SHARE (the core
 * took the clause off before the walk, so its words are found in the statement's
 * text). */
static int for_share(lw_walker *w)
{
    const lw_stmt_desc *d = w->t->desc;
    if (!d || !d->for_share || my_session_of(w)->flavor == &my_mysql_flavor || !d->source)
        return 0;
    const char *share = NULL;
    for (size_t i = 0; i + 5 <= d->source_len; i++)
        if (!sqlite3_strnicmp(d->source + i, "share", 5) &&
            (i == 0 || !(isalnum((unsigned char)d->source[i - 1]) || d->source[i - 1] == '_')))
            share = d->source + i;
    if (!share)
        return 0;
    size_t n = d->source_len - (size_t)(share - d->source);
    return lw_walk_error(w, LW_ESYNTAX, "42000", 1064,
                         "You have an error in your SQL syntax; check the manual that "
                         "corresponds to your MariaDB server version for the right syntax to "
                         "use near '%.*s' at line 1",
                         (int)(n > 80 ? 80 : n), share);
}

int my_select(lw_walker *w)
{
    if (for_share(w))
        return w->rc;
    int calc = my_calc_found_rows(w);
    if (calc)
        return calc < 0 ? calc : 0;
    size_t from = my_top_level_word(w, "from");
    if (from && my_check_unique_aliases(w, from + 1, from_list_end(w, from + 1)))
        return w->rc;
    size_t into = my_top_level_word(w, "into");
    if (!into) {
        if (!my_having_without_grouping(w))
            lw_walk_until(w, 0);
        return w->rc;
    }
    size_t k = into + 1, n_vars = 0;
    while (k < w->n) {
        const lw_token *t = &w->tk[w->at[k]];
        if (t->type != LW_TK_VARIABLE || t->kind != LW_VAR_USER)
            break;
        n_vars++;
        k++;
        if (k < w->n && w->tk[w->at[k]].type == LW_TK_COMMA)
            k++;
        else
            break;
    }
    if (!n_vars) {
        const lw_token *t = k < w->n ? &w->tk[w->at[k]] : NULL;
        if (t && t->type == LW_TK_WORD)
            return lw_refuse(w, "SELECT ... INTO %.*s", (int)t->length, w->sql + t->offset);
        return my_syntax_error(w, into + 1 - w->p);
    }
    /* The names, read before the INTO clause leaves the walk. */
    lw_out(w, "SELECT 1 FROM (SELECT my_into(");
    size_t v = into + 1;
    for (size_t i = 0; i < n_vars; i++, v += 2) {
        const lw_token *t = &w->tk[w->at[v]];
        const char *s = w->sql + t->offset + 1;
        size_t len = t->length - 1;
        if (len >= 2 && (s[0] == '`' || s[0] == '\'' || s[0] == '"'))
            s++, len -= 2;
        char *name = sqlite3_mprintf("%.*s", (int)len, s);
        if (!name)
            return lw_fail(w, LW_ENOMEM);
        lw_outf(w, "%s%Q, \"_lw_into%d\"", i ? ", " : "", name, (int)i + 1);
        sqlite3_free(name);
    }
    lw_out(w, ") AS _lw_x FROM (WITH _lw_into(");
    for (size_t i = 0; i < n_vars; i++)
        lw_outf(w, "%s\"_lw_into%d\"", i ? ", " : "", (int)i + 1);
    lw_out(w, ") AS (");
    memmove(&w->at[into], &w->at[k], (w->n - k) * sizeof *w->at);
    w->n -= k - into;
    lw_walk_until(w, 0);
    lw_out(w, ") SELECT * FROM _lw_into)) WHERE _lw_x IS NOT NULL");
    w->consumed = 1;
    return w->rc;
}

int my_select_limit(lw_walker *w)
{
    const my_session *s = my_session_of(w);
    if (s->sql_select_limit == MY_SELECT_LIMIT_NONE || !w->n || w->consumed)
        return 0; /* a statement rewritten whole (SQL_CALC_FOUND_ROWS) has its own LIMIT */
    const lw_token *first = &w->tk[w->at[0]];
    if (!lw_token_is_word(w->sql, first, "select") || my_top_level_word(w, "limit") ||
        my_top_level_word(w, "into"))
        return 0;
    lw_outf(w, " LIMIT %llu", (unsigned long long)s->sql_select_limit);
    return w->t->out->oom ? LW_ENOMEM : 0;
}
