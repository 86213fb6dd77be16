/*
 * Oracle's hierarchical queries (SQLRF "Hierarchical Queries", "Hierarchical Query
 * Pseudocolumns", "SYS_CONNECT_BY_PATH", "CONNECT_BY_ROOT"). Before the walk (oracle.c),
 * each query block with CONNECT BY is rewritten into a recursive subquery factoring
 * clause over the table's rowids, still in Oracle's SQL, which the walk then translates:
 *
 *   SELECT list FROM t a WHERE w START WITH s CONNECT BY [NOCYCLE] c ORDER [SIBLINGS] BY o
 *   -> WITH lw_cb (lw_rid, lw_pid, lw_root, lw_level, lw_ids, lw_pids, lw_sp, lw_cyc,
 *                  lw_path1...) AS (
 *        SELECT a.rowid, NULL, a.rowid, 1, ... FROM t a WHERE s
 *        UNION ALL
 *        SELECT a.rowid, lw_p.lw_rid, lw_p.lw_root, lw_p.lw_level + 1, ...
 *          FROM lw_cb lw_p, t a WHERE lw_p.lw_cyc = 0 AND c')
 *      SELECT list' FROM t a, lw_cb WHERE a.rowid = lw_cb.lw_rid AND lw_cb.lw_cyc = 0
 *        AND w' ORDER BY o' (or lw_cb.lw_sp: depth first)
 *
 * In c', PRIOR x is x read from the parent's row ((SELECT x FROM t a WHERE a.rowid =
 * lw_p.lw_rid)) and LEVEL the child's level; in the rest, LEVEL is lw_cb.lw_level, PRIOR x
 * and CONNECT_BY_ROOT x read the parent's and the root's row, SYS_CONNECT_BY_PATH(x, sep)
 * is a path column the recursion builds, CONNECT_BY_ISLEAF and CONNECT_BY_ISCYCLE look
 * for the row's children. lw_ids is the path of rowids (each 20 digits), so a child
 * already on its parent's path is a loop: ORA-01436 (ora_connect_by_loop), or with NOCYCLE
 * a row kept out (lw_cyc = 1) that makes its parent's CONNECT_BY_ISCYCLE 1. The rows come
 * depth first as Oracle returns them: lw_sp is the path of rowids, or with ORDER SIBLINGS
 * BY the path of each row's rank among its siblings (a count of the siblings before it).
 *
 * Limits, refused with 0A000 naming the form: the FROM clause is one table or view with
 * an optional alias (no join, no subquery); bind parameters only in one clause of the
 * block (the rewrite reorders and repeats clauses); PRIOR in START WITH. An ORDER BY, GROUP
 * BY, DISTINCT or aggregate leaves the order to the query, as in Oracle.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/oracle/pass.h"

#define ORA_CB_MAX_PATHS 16
#define ORA_CB_MAX_KEYS 8

typedef struct range {
    size_t a, b; /* tokens [a, b); a == b when absent */
} range;

/* Where a token is written. */
enum {
    CB_PLAIN,   /* as it is */
    CB_START,   /* START WITH: LEVEL is 1 */
    CB_CONNECT, /* CONNECT BY and the path arguments: the parent is lw_p */
    CB_FINAL    /* the outer query: the row is lw_cb */
};

typedef struct cb_block {
    const ora_text *x;
    range table;          /* the table's name */
    const lw_token *qual; /* the name that qualifies its columns: the alias or the table */
    const char *rename;   /* writes qual as this name (a sibling's columns), or NULL */
    size_t path_at[ORA_CB_MAX_PATHS];
    range path_arg[ORA_CB_MAX_PATHS], path_sep[ORA_CB_MAX_PATHS];
    int n_paths;
    int dual; /* the table is DUAL, a view of one row */
} cb_block;

/* The end of the operand of PRIOR or CONNECT_BY_ROOT that starts at k: a name,
 * qualified or called, a constant or a parenthesized expression. */
static size_t operand_end(const ora_text *x, size_t k)
{
    if (ora_text_type(x, k, LW_TK_LPAREN))
        return ora_text_closing(x, k) + 1;
    if (ora_text_type(x, k, LW_TK_NUMBER) || ora_text_type(x, k, LW_TK_STRING) ||
        ora_text_type(x, k, LW_TK_PARAM))
        return k + 1;
    if (!ora_text_type(x, k, LW_TK_WORD) && !ora_text_type(x, k, LW_TK_QIDENT))
        return k;
    size_t e = k + 1;
    while (ora_text_type(x, e, LW_TK_DOT) &&
           (ora_text_type(x, e + 1, LW_TK_WORD) || ora_text_type(x, e + 1, LW_TK_QIDENT)))
        e += 2;
    if (ora_text_type(x, e, LW_TK_LPAREN))
        e = ora_text_closing(x, e) + 1;
    return e > x->n ? x->n : e;
}

static void put_token(lw_sqlbuf *out, const ora_text *x, size_t k)
{
    ora_text_put(out, x, k, k + 1);
}

static void put_range(lw_sqlbuf *out, const ora_text *x, range r)
{
    ora_text_put(out, x, r.a, r.b);
}

/* Writes the rowid of the row named qual ("lw_s", "lw_k", or NULL for the block's own
 * qualifier): DUAL, a view, has the one row 1. */
static void put_rid(lw_sqlbuf *out, const cb_block *b, const char *qual)
{
    if (b->dual) {
        lw_sqlbuf_appends(out, "1 ");
        return;
    }
    if (qual)
        lw_sqlbuf_appends(out, qual);
    else
        lw_sqlbuf_append(out, b->x->sql + b->qual->offset, b->qual->length);
    lw_sqlbuf_appends(out, ".rowid ");
}

static int put(lw_sqlbuf *out, cb_block *b, range r, int mode, lw_dialect_error *err);

/* (SELECT operand FROM t qual WHERE qual.rowid = row): a value of another row. */
static int put_other_row(lw_sqlbuf *out, cb_block *b, range operand, const char *row,
                         lw_dialect_error *err)
{
    const ora_text *x = b->x;
    const char *rename = b->rename;
    b->rename = NULL;
    lw_sqlbuf_appends(out, "(SELECT ");
    int rc = put(out, b, operand, CB_PLAIN, err);
    lw_sqlbuf_appends(out, "FROM ");
    put_range(out, x, b->table);
    put_token(out, x, (size_t)(b->qual - x->tk));
    lw_sqlbuf_appends(out, "WHERE ");
    put_rid(out, b, NULL);
    lw_sqlbuf_appendf(out, "= %s) ", row);
    b->rename = rename;
    return rc;
}

/* Writes tokens r with the pseudocolumns and operators of hierarchical queries in
 * mode's terms. */
static int put(lw_sqlbuf *out, cb_block *b, range r, int mode, lw_dialect_error *err)
{
    const ora_text *x = b->x;
    for (size_t k = r.a; k < r.b; k++) {
        int after_dot = k > 0 && ora_text_type(x, k - 1, LW_TK_DOT);
        int called = ora_text_type(x, k + 1, LW_TK_LPAREN);
        if (b->rename && ora_text_same_name(x, &x->tk[k], b->qual) &&
            ora_text_type(x, k + 1, LW_TK_DOT) && !after_dot) {
            lw_sqlbuf_appends(out, b->rename);
            continue;
        }
        if (after_dot || mode == CB_PLAIN || x->tk[k].type != LW_TK_WORD) {
            put_token(out, x, k);
            continue;
        }
        if (ora_text_word(x, k, "prior") || ora_text_word(x, k, "connect_by_root")) {
            int root = ora_text_word(x, k, "connect_by_root");
            size_t e = operand_end(x, k + 1);
            if (e == k + 1 || e > r.b)
                return ora_set_error(err, 936, "missing expression");
            if (mode == CB_START || (root && mode != CB_FINAL))
                return ora_pass_refuse(err,
                                       root ? "CONNECT_BY_ROOT outside the select list and WHERE"
                                            : "PRIOR in START WITH");
            const char *row = root                 ? "lw_cb.lw_root"
                              : mode == CB_CONNECT ? "lw_p.lw_rid"
                                                   : "lw_cb.lw_pid";
            int rc = put_other_row(out, b, (range){k + 1, e}, row, err);
            if (rc)
                return rc;
            k = e - 1;
        } else if (ora_text_word(x, k, "level") && !called) {
            lw_sqlbuf_appends(out, mode == CB_START     ? "1 "
                                   : mode == CB_CONNECT ? "(lw_p.lw_level + 1) "
                                                        : "lw_cb.lw_level ");
        } else if ((ora_text_word(x, k, "connect_by_isleaf") ||
                    ora_text_word(x, k, "connect_by_iscycle")) &&
                   !called) {
            int leaf = ora_text_word(x, k, "connect_by_isleaf");
            if (mode != CB_FINAL)
                return ora_pass_refuse(err, leaf
                                                ? "CONNECT_BY_ISLEAF in CONNECT BY or START WITH"
                                                : "CONNECT_BY_ISCYCLE in CONNECT BY or START WITH");
            lw_sqlbuf_appendf(out,
                              "(CASE WHEN EXISTS (SELECT 1 FROM lw_cb lw_x WHERE lw_x.lw_pids = "
                              "lw_cb.lw_ids AND lw_x.lw_cyc = %d) THEN %d ELSE %d END) ",
                              leaf ? 0 : 1, leaf ? 0 : 1, leaf ? 1 : 0);
        } else if (ora_text_word(x, k, "sys_connect_by_path") && called) {
            int i = 0;
            while (i < b->n_paths && b->path_at[i] != k)
                i++;
            if (i == b->n_paths || mode != CB_FINAL)
                return ora_pass_refuse(err,
                                       "SYS_CONNECT_BY_PATH outside the select list and WHERE");
            lw_sqlbuf_appendf(out, "lw_cb.lw_path%d ", i + 1);
            k = ora_text_closing(x, k + 1);
        } else {
            put_token(out, x, k);
        }
    }
    return out->oom ? LW_ENOMEM : 0;
}

/* The SYS_CONNECT_BY_PATH calls in r: their arguments. */
static int find_paths(cb_block *b, range r, lw_dialect_error *err)
{
    const ora_text *x = b->x;
    for (size_t k = r.a; k < r.b; k++) {
        if (!ora_text_word(x, k, "sys_connect_by_path") || !ora_text_type(x, k + 1, LW_TK_LPAREN) ||
            (k > 0 && ora_text_type(x, k - 1, LW_TK_DOT)))
            continue;
        size_t close = ora_text_closing(x, k + 1), comma = 0;
        int d = 0;
        for (size_t j = k + 2; j < close; j++) {
            if (x->tk[j].type == LW_TK_LPAREN)
                d++;
            else if (x->tk[j].type == LW_TK_RPAREN)
                d--;
            else if (!d && x->tk[j].type == LW_TK_COMMA) {
                if (comma)
                    return ora_set_error(err, 909, "invalid number of arguments");
                comma = j;
            }
        }
        if (!comma || comma == k + 2 || comma + 1 == close)
            return ora_set_error(err, 909, "invalid number of arguments");
        if (b->n_paths == ORA_CB_MAX_PATHS)
            return ora_pass_refuse(err, "a query with more than 16 SYS_CONNECT_BY_PATH calls");
        b->path_at[b->n_paths] = k;
        b->path_arg[b->n_paths] = (range){k + 2, comma};
        b->path_sep[b->n_paths] = (range){comma + 1, close};
        b->n_paths++;
        k = close;
    }
    return 0;
}

/* One ORDER SIBLINGS BY key. */
typedef struct cb_key {
    range expr;
    int desc, nulls_first;
} cb_key;

/* A key's value for the sibling (side 0: lw_s) or for the candidate row (side 1: read by
 * its rowid through lw_k). */
static int put_side(lw_sqlbuf *out, cb_block *b, const cb_key *key, int side, lw_dialect_error *err)
{
    const ora_text *x = b->x;
    if (side)
        lw_sqlbuf_appends(out, "(SELECT ");
    b->rename = side ? "lw_k" : "lw_s";
    int rc = put(out, b, key->expr, CB_PLAIN, err);
    b->rename = NULL;
    if (side) {
        lw_sqlbuf_appends(out, "FROM ");
        put_range(out, x, b->table);
        lw_sqlbuf_appends(out, "lw_k WHERE ");
        put_rid(out, b, "lw_k");
        lw_sqlbuf_appends(out, "= ");
        put_rid(out, b, NULL);
        lw_sqlbuf_appends(out, ") ");
    }
    return rc;
}

/* Writes the pieces of a condition: "%0" and "%1" the key's two sides. */
static int put_form(lw_sqlbuf *out, cb_block *b, const cb_key *key, const char *form,
                    lw_dialect_error *err)
{
    int rc = 0;
    for (const char *f = form; *f && !rc; f++) {
        if (f[0] == '%' && (f[1] == '0' || f[1] == '1'))
            rc = put_side(out, b, key, *++f - '0', err);
        else
            lw_sqlbuf_append(out, f, 1);
    }
    return rc;
}

/* "lw_s comes before the candidate row" among siblings under the ORDER SIBLINGS BY keys
 * (NULLs first or last as each key says), ties broken by rowid. */
static int put_before(lw_sqlbuf *out, cb_block *b, const cb_key *keys, int n_keys,
                      lw_dialect_error *err)
{
    int rc = 0;
    lw_sqlbuf_appends(out, "(");
    for (int i = 0; i <= n_keys && !rc; i++) {
        lw_sqlbuf_appends(out, i ? " OR (" : "(");
        for (int j = 0; j < i && !rc; j++)
            rc = put_form(out, b, &keys[j], "(%0 = %1 OR (%0 IS NULL AND %1 IS NULL)) AND ", err);
        if (rc)
            break;
        if (i == n_keys) {
            put_rid(out, b, "lw_s");
            lw_sqlbuf_appends(out, "< ");
            put_rid(out, b, NULL);
            lw_sqlbuf_appends(out, ")");
            break;
        }
        const char *form = keys[i].nulls_first
                               ? (keys[i].desc ? "((%0 IS NULL AND %1 IS NOT NULL) OR %0 > %1))"
                                               : "((%0 IS NULL AND %1 IS NOT NULL) OR %0 < %1))")
                               : (keys[i].desc ? "((%0 IS NOT NULL AND %1 IS NULL) OR %0 > %1))"
                                               : "((%0 IS NOT NULL AND %1 IS NULL) OR %0 < %1))");
        rc = put_form(out, b, &keys[i], form, err);
    }
    lw_sqlbuf_appends(out, ")");
    return rc ? rc : out->oom ? LW_ENOMEM : 0;
}

static int is_dual(const ora_text *x, const lw_token *t)
{
    if (t->type == LW_TK_WORD)
        return lw_token_is_word(x->sql, t, "dual");
    return t->type == LW_TK_QIDENT && t->length == 6 && !memcmp(x->sql + t->offset, "\"DUAL\"", 6);
}

static int params_in(const ora_text *x, range r)
{
    int n = 0;
    for (size_t k = r.a; k < r.b; k++)
        n += x->tk[k].type == LW_TK_PARAM;
    return n;
}

/* Does r call an aggregate function (the query then has no row order of its own)? */
static int calls_aggregate(const ora_text *x, range r)
{
    static const char *const names[] = {"count",   "sum",    "avg",      "min",    "max",
                                        "listagg", "stddev", "variance", "median", NULL};
    for (size_t k = r.a; k < r.b; k++)
        for (int i = 0; names[i]; i++)
            if (ora_text_word(x, k, names[i]) && ora_text_type(x, k + 1, LW_TK_LPAREN))
                return 1;
    return 0;
}

/* The ORDER SIBLINGS BY keys in r. Returns their number or a negative LW_E*. */
static int parse_keys(const ora_text *x, range r, cb_key *keys, lw_dialect_error *err)
{
    int n = 0, d = 0;
    size_t a = r.a;
    for (size_t k = r.a; k <= r.b; k++) {
        if (k < r.b && x->tk[k].type == LW_TK_LPAREN)
            d++;
        else if (k < r.b && x->tk[k].type == LW_TK_RPAREN)
            d--;
        if (k < r.b && (d || x->tk[k].type != LW_TK_COMMA))
            continue;
        if (n == ORA_CB_MAX_KEYS)
            return ora_pass_refuse(err, "ORDER SIBLINGS BY with more than 8 keys");
        cb_key *key = &keys[n++];
        size_t e = k;
        int nulls = -1;
        if (e >= a + 2 && ora_text_word(x, e - 2, "nulls") &&
            (ora_text_word(x, e - 1, "first") || ora_text_word(x, e - 1, "last"))) {
            nulls = ora_text_word(x, e - 1, "first");
            e -= 2;
        }
        key->desc = e > a && ora_text_word(x, e - 1, "desc");
        if (e > a && (ora_text_word(x, e - 1, "desc") || ora_text_word(x, e - 1, "asc")))
            e--;
        if (e == a)
            return ora_set_error(err, 936, "missing expression");
        key->expr = (range){a, e};
        key->nulls_first = nulls < 0 ? key->desc : nulls;
        a = k + 1;
    }
    return n;
}

/* The select list with a bare * written as the table's columns (qual.*), not lw_cb's. */
static int put_list(lw_sqlbuf *out, cb_block *b, range r, lw_dialect_error *err)
{
    const ora_text *x = b->x;
    size_t a = r.a;
    int d = 0;
    for (size_t k = r.a; k < r.b; k++) {
        if (x->tk[k].type == LW_TK_LPAREN)
            d++;
        else if (x->tk[k].type == LW_TK_RPAREN)
            d--;
        else if (!d && x->tk[k].type == LW_TK_OPERATOR && x->tk[k].length == 1 &&
                 x->sql[x->tk[k].offset] == '*' &&
                 (k == r.a || ora_text_type(x, k - 1, LW_TK_COMMA)) &&
                 (k + 1 == r.b || ora_text_type(x, k + 1, LW_TK_COMMA))) {
            int rc = put(out, b, (range){a, k}, CB_FINAL, err);
            if (rc)
                return rc;
            lw_sqlbuf_append(out, x->sql + b->qual->offset, b->qual->length);
            lw_sqlbuf_appends(out, ".* ");
            a = k + 1;
        }
    }
    return put(out, b, (range){a, r.b}, CB_FINAL, err);
}

/* The sibling order of a row: '/' and its rank among its siblings (10 digits), or its
 * rowid (20 digits) without ORDER SIBLINGS BY. cond is START WITH or CONNECT BY. */
static int put_order_step(lw_sqlbuf *out, cb_block *b, const cb_key *keys, int n_keys, range cond,
                          int mode, lw_dialect_error *err)
{
    int rc = 0;
    if (!n_keys) {
        lw_sqlbuf_appends(out, "'/' || LPAD(");
        put_rid(out, b, NULL);
        lw_sqlbuf_appends(out, ", 20, '0') ");
        return 0;
    }
    lw_sqlbuf_appends(out, "'/' || LPAD((SELECT COUNT(*) FROM ");
    put_range(out, b->x, b->table);
    lw_sqlbuf_appends(out, "lw_s WHERE ");
    if (cond.b > cond.a) {
        lw_sqlbuf_appends(out, "(");
        b->rename = "lw_s";
        rc = put(out, b, cond, mode, err);
        b->rename = NULL;
        lw_sqlbuf_appends(out, ") AND ");
    }
    rc = rc ? rc : put_before(out, b, keys, n_keys, err);
    lw_sqlbuf_appends(out, "), 10, '0') ");
    return rc;
}

/* A clause's range: from after its keyword(s) to the next clause. */
static range clause(const size_t *marks, int n_marks, size_t at, size_t words, size_t end)
{
    if (!at)
        return (range){0, 0};
    size_t next = end;
    for (int i = 0; i < n_marks; i++)
        if (marks[i] > at && marks[i] < next)
            next = marks[i];
    return (range){at + words, next};
}

/*
 * Rewrites the query block of the first CONNECT BY. Returns 1 with *out the new text, 0
 * when there is none, or a negative LW_E* code with err set.
 */
static int rewrite_one(const ora_text *x, lw_sqlbuf *out, lw_dialect_error *err, void *ctx)
{
    (void)ctx;
    size_t cb = 0;
    while (cb < x->n && !(ora_text_word(x, cb, "connect") && ora_text_word(x, cb + 1, "by")))
        cb++;
    if (cb == x->n)
        return 0;
    /* its block's SELECT: the nearest one before it at its depth */
    size_t sel = x->n;
    int d = 0;
    for (size_t k = cb; k-- > 0;) {
        if (x->tk[k].type == LW_TK_RPAREN)
            d++;
        else if (x->tk[k].type == LW_TK_LPAREN) {
            if (d == 0)
                break;
            d--;
        } else if (!d && ora_text_word(x, k, "select")) {
            sel = k;
            break;
        }
    }
    if (sel == x->n)
        return ora_set_error(err, 933, "SQL command not properly ended");
    /* the block's clauses at its own depth */
    size_t from = 0, where = 0, start = 0, connect = 0, group = 0, having = 0, order = 0, rest = 0;
    d = 0;
    size_t at = sel + 1;
    for (; ora_text_own(x, &at, &d); at++) {
        size_t k = at;
        if (ora_text_word(x, k, "union") || ora_text_word(x, k, "minus") ||
            ora_text_word(x, k, "intersect") || ora_text_word(x, k, "except") ||
            x->tk[k].type == LW_TK_SEMICOLON)
            break;
        if (!from && ora_text_word(x, k, "from"))
            from = k;
        else if (from && !where && ora_text_word(x, k, "where"))
            where = k;
        else if (!start && ora_text_word(x, k, "start") && ora_text_word(x, k + 1, "with"))
            start = k;
        else if (!connect && ora_text_word(x, k, "connect") && ora_text_word(x, k + 1, "by"))
            connect = k;
        else if (!group && ora_text_word(x, k, "group") && ora_text_word(x, k + 1, "by"))
            group = k;
        else if (!having && ora_text_word(x, k, "having"))
            having = k;
        else if (!order && ora_text_word(x, k, "order") &&
                 (ora_text_word(x, k + 1, "by") ||
                  (ora_text_word(x, k + 1, "siblings") && ora_text_word(x, k + 2, "by"))))
            order = k;
        else if (!rest && (ora_text_word(x, k, "fetch") || ora_text_word(x, k, "offset") ||
                           (ora_text_word(x, k, "for") && ora_text_word(x, k + 1, "update"))))
            rest = k;
    }
    size_t end = at; /* what ends the block: ')', a set operator, ';' or the text's end */
    if (!from)
        return ora_set_error(err, 923, "FROM keyword not found where expected");
    if (connect != cb)
        return ora_pass_refuse(err, "CONNECT BY outside a query block");
    size_t marks[] = {from, where, start, connect, group, having, order, rest};
    int n_marks = (int)(sizeof marks / sizeof marks[0]);
    int siblings = order && ora_text_word(x, order + 1, "siblings");
    range list = {sel + 1, from}, item = clause(marks, n_marks, from, 1, end),
          where_r = clause(marks, n_marks, where, 1, end),
          start_r = clause(marks, n_marks, start, 2, end),
          conn_r = clause(marks, n_marks, connect, 2, end),
          group_r = clause(marks, n_marks, group, 2, end),
          having_r = clause(marks, n_marks, having, 1, end),
          order_r = clause(marks, n_marks, order, siblings ? 3 : 2, end),
          rest_r = rest ? (range){rest, end} : (range){0, 0};
    int nocycle = ora_text_word(x, conn_r.a, "nocycle");
    if (nocycle)
        conn_r.a++;
    if (conn_r.a >= conn_r.b)
        return ora_set_error(err, 936, "missing expression");

    /* FROM: one table or view, [schema.]name [alias] */
    cb_block b = {.x = x};
    size_t t_end = item.a + 1;
    if (item.b >= item.a + 3 && ora_text_type(x, item.a + 1, LW_TK_DOT))
        t_end = item.a + 3;
    for (size_t k = item.a; k < t_end && k < item.b; k++)
        if (!ora_text_type(x, k, LW_TK_WORD) && !ora_text_type(x, k, LW_TK_QIDENT) &&
            !ora_text_type(x, k, LW_TK_DOT))
            return ora_pass_refuse(err, "CONNECT BY over a join or a subquery");
    if (item.b <= item.a || item.b > t_end + 1 ||
        (item.b == t_end + 1 && !ora_text_type(x, t_end, LW_TK_WORD) &&
         !ora_text_type(x, t_end, LW_TK_QIDENT)))
        return ora_pass_refuse(err, "CONNECT BY over a join or a subquery");
    b.table = (range){item.a, t_end};
    b.qual = &x->tk[item.b - 1];
    b.dual = is_dual(x, &x->tk[t_end - 1]);

    /* bind parameters: the rewrite moves and repeats clauses */
    range segs[] = {list, where_r, start_r, conn_r, group_r, having_r, order_r, rest_r};
    int with_params = 0;
    for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++)
        with_params += params_in(x, segs[i]) > 0;
    if (with_params > 1 || (siblings && params_in(x, order_r)))
        return ora_pass_refuse(err,
                               "bind parameters in more than one clause of a CONNECT BY query");

    cb_key keys[ORA_CB_MAX_KEYS];
    int n_keys = 0;
    if (siblings && (n_keys = parse_keys(x, order_r, keys, err)) < 0)
        return n_keys;
    int rc = find_paths(&b, list, err);
    if (!rc)
        rc = find_paths(&b, where_r, err);
    if (!rc)
        rc = find_paths(&b, having_r, err);
    if (!rc && !siblings)
        rc = find_paths(&b, order_r, err);
    if (rc)
        return rc;
    for (int i = 0; i < b.n_paths; i++)
        if (params_in(x, b.path_arg[i]) || params_in(x, b.path_sep[i]))
            return ora_pass_refuse(err, "bind parameters in SYS_CONNECT_BY_PATH");
    int has_prior = 0;
    for (size_t k = conn_r.a; k < conn_r.b; k++)
        has_prior |= ora_text_word(x, k, "prior") && !(k > 0 && ora_text_type(x, k - 1, LW_TK_DOT));
    int distinct = ora_text_word(x, list.a, "distinct") || ora_text_word(x, list.a, "unique");
    int compound = ora_text_word(x, end, "union") || ora_text_word(x, end, "minus") ||
                   ora_text_word(x, end, "intersect") || ora_text_word(x, end, "except");
    if (siblings && compound)
        return ora_set_error(err, 933, "SQL command not properly ended");
    int depth_first = siblings || (!order && !group && !having && !distinct && !compound &&
                                   !calls_aggregate(x, list));
    /* WITH starts the block where a query may start; elsewhere (after UNION, or in
     * CREATE TABLE ... AS) the block becomes a subquery. INSERT INTO t [(cols)] takes the
     * WITH itself, so that each value still goes into its column's type. */
    int wrap = sel > 0 && !ora_text_type(x, sel - 1, LW_TK_LPAREN);
    if (wrap && ora_text_word(x, 0, "insert")) {
        int first = 1;
        d = 0;
        for (size_t k = 0; k < sel; k++) {
            if (x->tk[k].type == LW_TK_LPAREN)
                d++;
            else if (x->tk[k].type == LW_TK_RPAREN)
                d--;
            else if (!d && (ora_text_word(x, k, "select") || ora_text_word(x, k, "with") ||
                            ora_text_word(x, k, "values") || ora_text_word(x, k, "all") ||
                            ora_text_word(x, k, "first")))
                first = 0;
        }
        wrap = !first;
    }

    put_range(out, x, (range){0, sel});
    if (wrap)
        lw_sqlbuf_appends(out, "SELECT * FROM (");
    lw_sqlbuf_appends(out, "WITH lw_cb (lw_rid, lw_pid, lw_root, lw_level, lw_ids, lw_pids, "
                           "lw_sp, lw_cyc");
    for (int i = 0; i < b.n_paths; i++)
        lw_sqlbuf_appendf(out, ", lw_path%d", i + 1);
    /* the roots */
    lw_sqlbuf_appends(out, ") AS (SELECT ");
    if (!b.dual)
        lw_sqlbuf_appends(out, "ora_connect_by_row(");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, b.dual ? ", NULL, " : "), NULL, ");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, ", 1, '/' || LPAD(");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, ", 20, '0'), NULL, ");
    rc = put_order_step(out, &b, keys, n_keys, start_r, CB_START, err);
    lw_sqlbuf_appends(out, ", 0");
    for (int i = 0; i < b.n_paths && !rc; i++) {
        lw_sqlbuf_appends(out, ", ");
        rc = put(out, &b, b.path_sep[i], CB_START, err);
        lw_sqlbuf_appends(out, "|| (");
        rc = rc ? rc : put(out, &b, b.path_arg[i], CB_START, err);
        lw_sqlbuf_appends(out, ")");
    }
    lw_sqlbuf_appends(out, " FROM ");
    put_range(out, x, item);
    if (start_r.b > start_r.a && !rc) {
        lw_sqlbuf_appends(out, "WHERE ");
        rc = put(out, &b, start_r, CB_START, err);
    }
    /* the children */
    lw_sqlbuf_appends(out, "UNION ALL SELECT ");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, ", lw_p.lw_rid, lw_p.lw_root, lw_p.lw_level + 1, lw_p.lw_ids || '/' || "
                           "LPAD(");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, ", 20, '0'), lw_p.lw_ids, lw_p.lw_sp || ");
    rc = rc ? rc : put_order_step(out, &b, keys, n_keys, conn_r, CB_CONNECT, err);
    if (has_prior) {
        lw_sqlbuf_appends(out, ", CASE WHEN INSTR(lw_p.lw_ids, '/' || LPAD(");
        put_rid(out, &b, NULL);
        lw_sqlbuf_appends(out, ", 20, '0')) > 0 THEN ");
        if (nocycle)
            lw_sqlbuf_appends(out, "1");
        else {
            lw_sqlbuf_appends(out, "ora_connect_by_loop(");
            put_rid(out, &b, NULL);
            lw_sqlbuf_appends(out, ")");
        }
        lw_sqlbuf_appends(out, " ELSE 0 END");
    } else {
        lw_sqlbuf_appends(out, ", 0");
    }
    for (int i = 0; i < b.n_paths && !rc; i++) {
        lw_sqlbuf_appendf(out, ", lw_p.lw_path%d || ", i + 1);
        rc = put(out, &b, b.path_sep[i], CB_CONNECT, err);
        lw_sqlbuf_appends(out, "|| (");
        rc = rc ? rc : put(out, &b, b.path_arg[i], CB_CONNECT, err);
        lw_sqlbuf_appends(out, ")");
    }
    lw_sqlbuf_appends(out, " FROM lw_cb lw_p, ");
    put_range(out, x, item);
    lw_sqlbuf_appends(out, "WHERE lw_p.lw_cyc = 0 AND (");
    rc = rc ? rc : put(out, &b, conn_r, CB_CONNECT, err);
    /* the query over the rows found */
    lw_sqlbuf_appends(out, ")) SELECT ");
    rc = rc ? rc : put_list(out, &b, list, err);
    lw_sqlbuf_appends(out, "FROM ");
    put_range(out, x, item);
    lw_sqlbuf_appends(out, ", lw_cb WHERE ");
    put_rid(out, &b, NULL);
    lw_sqlbuf_appends(out, "= lw_cb.lw_rid AND lw_cb.lw_cyc = 0 ");
    if (where_r.b > where_r.a && !rc) {
        lw_sqlbuf_appends(out, "AND (");
        rc = put(out, &b, where_r, CB_FINAL, err);
        lw_sqlbuf_appends(out, ") ");
    }
    if (group_r.b > group_r.a && !rc) {
        lw_sqlbuf_appends(out, "GROUP BY ");
        rc = put(out, &b, group_r, CB_FINAL, err);
    }
    if (having_r.b > having_r.a && !rc) {
        lw_sqlbuf_appends(out, "HAVING ");
        rc = put(out, &b, having_r, CB_FINAL, err);
    }
    if (order && !siblings && !rc) {
        lw_sqlbuf_appends(out, "ORDER BY ");
        rc = put(out, &b, order_r, CB_FINAL, err);
    } else if (depth_first) {
        lw_sqlbuf_appends(out, "ORDER BY lw_cb.lw_sp ");
    }
    if (rest_r.b > rest_r.a && !rc)
        rc = put(out, &b, rest_r, CB_FINAL, err);
    if (wrap)
        lw_sqlbuf_appends(out, ") ");
    put_range(out, x, (range){end, x->n});
    if (rc)
        return rc;
    return out->oom ? LW_ENOMEM : 1;
}

int ora_connect_by(const char *sql, const lw_token *toks, size_t n, char **text,
                   lw_dialect_error *err)
{
    *text = NULL;
    int any = 0;
    for (size_t i = 0; i + 1 < n && !any; i++)
        any = toks[i].type == LW_TK_WORD && lw_token_is_word(sql, &toks[i], "connect");
    if (!any)
        return 0;
    return ora_pass_rounds(sql + toks[0].offset,
                           toks[n - 1].offset + toks[n - 1].length - toks[0].offset,
                           ORA_CB_MAX_PATHS, "a statement with more than 16 CONNECT BY clauses",
                           rewrite_one, NULL, text, err);
}
