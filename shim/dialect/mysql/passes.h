/*
 * The rewrites that run before the walk (passes.c): a statement whose meaning the
 * walker cannot write as it reads it is first rewritten into MariaDB SQL that it can,
 * then walked as any other statement. Each pass reads the statement's meaningful tokens
 * (a my_pass) and writes the whole new text into out, or writes nothing when it does
 * not apply:
 *
 *   rollup.c   GROUP BY ... WITH ROLLUP, one query block per round
 *   union.c    SELECT ... UNION SELECT ...: the members in reverse order, so that of
 *              rows equal under the collation SQLite keeps MariaDB's (the first)
 *
 * The new text is made of the statement's own tokens (one space between them; comments
 * dropped) and what the pass adds, so parameters keep their order.
 */
#ifndef LW_SHIM_MYSQL_PASSES_H
#define LW_SHIM_MYSQL_PASSES_H

#include "dialect/mysql/mysql.h"

/* Select items and group items one query block may have in a pass. */
#define MY_PASS_MAX_ITEMS 64

#define NO_TOKEN ((size_t)-1)

/* A run of meaningful tokens [from, to) (indexes into the meaningful tokens). */
typedef struct span {
    size_t from, to;
} span;

/* One statement as a pass reads it, and what the passes read of one query block. */
typedef struct my_pass {
    const char *sql;
    const lw_token *tk;
    size_t *at; /* the meaningful tokens (no spaces, no comments) */
    size_t n;
    lw_sqlbuf *out;
    int mysql; /* the mysql dialect (its refusals differ) */
    /* A select list: each item without its alias, the whole item, the alias token or
     * NO_TOKEN (my_pass_read_items). */
    span items[MY_PASS_MAX_ITEMS];
    span item_whole[MY_PASS_MAX_ITEMS];
    size_t alias[MY_PASS_MAX_ITEMS];
    int n_items;
    /* A GROUP BY list (rollup.c): each item, DESC or not. */
    span groups[MY_PASS_MAX_ITEMS];
    int desc[MY_PASS_MAX_ITEMS];
    int n_groups;
} my_pass;

static inline const lw_token *tok(const my_pass *r, size_t i)
{
    return &r->tk[r->at[i]];
}

static inline int word(const my_pass *r, size_t i, const char *w)
{
    return i < r->n && lw_token_is_word(r->sql, tok(r, i), w);
}

static inline int type(const my_pass *r, size_t i, int t)
{
    return i < r->n && tok(r, i)->type == t;
}

size_t my_pass_closing(const my_pass *r, size_t i);
size_t my_pass_find_word(const my_pass *r, size_t from, size_t to, const char *w, const char *w2);
void my_pass_put_token(my_pass *r, size_t i);
void my_pass_put_span(my_pass *r, size_t from, size_t to);
int my_pass_same_name(const my_pass *r, size_t a, size_t b);
int my_pass_is_name(const my_pass *r, size_t i);
int my_pass_split_list(const my_pass *r, size_t from, size_t to, span *items);
int my_pass_read_items(my_pass *r, size_t from, size_t to);
void my_pass_put_item_name(my_pass *r, int k);
/* The first token of the select list of the SELECT at `select` (its modifiers, DISTINCT
 * and SQL_CALC_FOUND_ROWS..., skipped). */
size_t my_pass_select_list(const my_pass *r, size_t select);

/* rollup.c: rewrites the first query block with GROUP BY ... WITH ROLLUP. Returns 0
 * (nothing written when there is none, or it ends no query block's GROUP BY), or
 * LW_ESQL / LW_ENOTSUP with err set. */
int my_rollup_rewrite(my_pass *r, lw_dialect_error *err);
/* union.c: rewrites a statement of queries joined by UNION [DISTINCT] only. */
void my_union_rewrite(my_pass *r);

#endif
