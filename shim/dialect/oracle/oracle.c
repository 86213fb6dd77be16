/*
 * The oracle dialect: SQL written for Oracle Database 19c (and 23ai where a feature is
 * new there), run on SQLite with Oracle's answers, ORA- errors and SQLSTATEs
 * (DESIGN.md 4.4; docs/oracle.md has the coverage table and what is not emulated).
 *
 * Design. The shared rewriter (dialect/walker.h) walks each statement's tokens, parses
 * its expressions by precedence climbing and writes SQLite SQL as it goes; this dialect
 * is the tables it reads (rules.h) and the hooks where a table cannot say it
 * (oracle.h lists the files). Unquoted names fold to upper case, so the SQLite schema
 * holds Oracle's names (EMP_NAMES, LAST_NAME) and result columns are named as Oracle
 * names them. What SQLite cannot honour is refused with SQLSTATE 0A000 naming the
 * construct.
 *
 * Before the walk (translate): identifiers longer than 128 bytes are ORA-00972, ""
 * ORA-01741, a missing right parenthesis ORA-00907; CONNECT BY query blocks become
 * recursive subquery factoring (connect_by.c), (+) joins ANSI joins (outer_join.c),
 * FETCH ... PERCENT and WITH TIES a row count (row_limit.c), and INSERT ... SELECT * gets
 * names for the query's columns (insert_select.c), all still Oracle's SQL (the first three
 * share pass.c); the schema qualifier LIKEWISE (the emulation's one schema) is dropped,
 * and in MERGE and INSERT ALL | FIRST each anonymous ? gets the position of its place in
 * the text (runs_in_parts). After it (finish): the mark (oracle.h) with the
 * statement's class and how its result columns print.
 */
#include <stdio.h>
#include <string.h>

#include "dialect/identifiers.h"
#include "dialect/oracle/oracle.h"

/* Words that end an expression: clause keywords the walker owns. */
static const char *const ora_clause_words[] = {
    "from",       "where",     "group",     "having",    "order",      "fetch",     "offset",
    "union",      "intersect", "minus",     "except",    "returning",  "into",      "values",
    "set",        "on",        "using",     "join",      "inner",      "left",      "right",
    "full",       "cross",     "natural",   "as",        "then",       "else",      "end",
    "when",       "and",       "or",        "asc",       "desc",       "nulls",     "select",
    "for",        "with",      "over",      "escape",    "is",         "not",       "between",
    "in",         "like",      "default",   "primary",   "references", "check",     "unique",
    "constraint", "rows",      "row",       "only",      "first",      "next",      "outer",
    "partition",  "range",     "preceding", "following", "current",    "unbounded", "connect",
    "start",      "by",        "all",       "distinct",  "model",      "pivot",     "unpivot",
    "limit",      "log",       "within",    "keep",      "ignore",     "respect",   "percent",
    "ties",       "siblings",  "nocycle",   "prior",     "window",     NULL,
};

static const char *const ora_expression_words[] = {
    "sysdate", "systimestamp", "current_date",    "current_timestamp", "localtimestamp",
    "user",    "uid",          "sessiontimezone", "dbtimezone",        NULL};

static const char *const ora_from_ends[] = {
    "where",     "group", "having", "order",  "fetch",  "offset",    "union",
    "intersect", "minus", "for",    "set",    "on",     "values",    "select",
    "connect",   "start", "model",  "window", "except", "returning", NULL,
};
static const char *const ora_join_condition_ends[] = {
    "join",  "left",  "right", "inner", "full",   "cross",   "natural", "where",
    "group", "order", "union", "minus", "having", "connect", "start",   NULL,
};

static const lw_dialect_texts ora_texts = {
    .not_supported = "%s is not supported by the oracle dialect",
    .too_deep = {"54000", 0, "ORA-01767: UPDATE ... SET expression must be a subquery"},
    .no_operator = {"42000", 0, "ORA-00932: inconsistent datatypes: expected %s%s%s got %s"},
    .syntax_near = {"42000", 0, "ORA-00923: FROM keyword not found where expected"},
    .column_names = {"42000", 0, "ORA-00904: \"%.*s\": invalid identifier (%d columns, %d names)"},
};

/* Identifier case (dialect/identifiers.h) in Oracle's words. */
static const lw_ident_texts ora_ident_texts = {
    .fold = LW_FOLD_UPPER,
    .no_column = {"42000", 0, 904, "ORA-00904: \"%s\": invalid identifier%s"},
    .no_relation = {"42000", 0, 942, "ORA-00942: table or view does not exist%.0s%.0s"},
    .twins = {"0A000", 1235, 0,
              "identifiers \"%s\" and \"%s\" that differ only in case are not supported by the "
              "oracle dialect (SQLite matches names without regard to case)"},
};

/* Does the statement have a quoted identifier with a lower-case ASCII letter? */
static int quoted_lower(const lw_translation *t)
{
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *k = &t->tokens[i];
        for (uint32_t b = 0; k->type == LW_TK_QIDENT && b < k->length; b++)
            if (t->sql[k->offset + b] >= 'a' && t->sql[k->offset + b] <= 'z')
                return 1;
    }
    return 0;
}

/* After the walk: the identifier-case check, then the mark with the statement's class
 * and its result columns. */
static int ora_finish(lw_walker *w)
{
    ora_state *s = w->t->state;
    if (s) {
        int rc = lw_check_identifiers(s->db, &s->names, w->t->out->s ? w->t->out->s : "",
                                      quoted_lower(w->t), &ora_ident_texts, w->t->err);
        if (rc)
            return rc;
    }
    char klass = ORA_CLASS_QUERY;
    const lw_token *t = w->n ? &w->t->tokens[0] : NULL;
    (void)t;
    if (w->n) {
        const lw_token *first = &w->tk[w->at[0]];
        static const char *const ddl[] = {"create",  "drop",  "alter",  "truncate", "rename",
                                          "comment", "grant", "revoke", NULL};
        static const char *const dml[] = {"insert", "update", "delete", "merge", NULL};
        for (const char *const *k = ddl; *k; k++)
            if (lw_token_is_word(w->sql, first, *k))
                klass = ORA_CLASS_DDL;
        for (const char *const *k = dml; *k; k++)
            if (lw_token_is_word(w->sql, first, *k))
                klass = ORA_CLASS_DML;
        if (lw_token_is_word(w->sql, first, "savepoint") ||
            lw_token_is_word(w->sql, first, "rollback"))
            klass = ORA_CLASS_CONTROL;
        if (lw_token_is_word(w->sql, first, "alter") && w->n > 1 &&
            lw_token_is_word(w->sql, &w->tk[w->at[1]], "session"))
            klass = ORA_CLASS_SESSION;
    }
    if (w->t->desc && w->t->desc->lock != LW_LOCK_NONE)
        klass = w->t->desc->wait == LW_WAIT_SECONDS  ? ORA_CLASS_LOCK_WAIT
                : w->t->desc->wait == LW_WAIT_NOWAIT ? ORA_CLASS_LOCK_NOWAIT
                                                     : ORA_CLASS_DML;
    char mark[16 + LW_WALK_RESULT_KINDS];
    size_t n = (size_t)snprintf(mark, sizeof mark, ORA_MARK "%c", klass);
    for (int i = 0; i < w->n_result_kinds; i++) {
        lw_kind k = w->result_kinds[i];
        mark[n++] = k == LW_K_DATE          ? ORA_COL_DATE
                    : k == LW_K_TIMESTAMP   ? ORA_COL_TIMESTAMP
                    : k == LW_K_TIMESTAMPTZ ? ORA_COL_TSTZ
                    : k == LW_K_BOOL        ? ORA_COL_BOOL
                                            : ORA_COL_OTHER;
    }
    memcpy(mark + n, "*/ ", 4);
    lw_insert_at(w, 0, mark);
    return w->t->out->oom ? LW_ENOMEM : 0;
}

static const lw_dialect_rules ora_rules = {
    .fold = LW_FOLD_UPPER,
    .texts = &ora_texts,
    .adjacent_strings = LW_ADJACENT_NEVER,
    .numbers = &ora_numbers,
    .operators = ora_operators,
    .other_operator_bp = ORA_BP_ADD,
    .prefix_operators = ora_prefix_operators,
    .not_bp = ORA_BP_NOT,
    .unary_bp = ORA_BP_UNARY,
    .keywords = ora_keywords,
    .clause_words = ora_clause_words,
    .primary = ora_primary,
    .expression_words = ora_expression_words,
    .functions = ora_functions,
    .type_names = ora_type_names,
    .kinds = ora_kinds,
    .declared = ora_declared,
    .cast_function = "ora_cast",
    .arith = ora_arith,
    .exact_cast_function = "ora_num",
    .assignment = ora_assignment,
    .nulls_sort_high = 1,
    .statements = ora_statements,
    .clauses = ora_clauses,
    .from_ends = ora_from_ends,
    .join_condition_ends = ora_join_condition_ends,
    .finish = ora_finish,
};

/* ---- Before the walk ---------------------------------------------------------------- */

/* Is token t (of text sql) the name LIKEWISE, bare or quoted? */
static int is_schema_name(const char *sql, const lw_token *t)
{
    if (t->type == LW_TK_WORD)
        return lw_token_is_word(sql, t, ORA_USER);
    return t->type == LW_TK_QIDENT && t->length == strlen(ORA_USER) + 2 &&
           !memcmp(sql + t->offset + 1, ORA_USER, strlen(ORA_USER));
}

/* The checks Oracle's parser makes on the statement's tokens as a whole. Returns 0 or
 * a negative LW_E* code with t->err set. */
static int check_tokens(lw_translation *t)
{
    int depth = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *k = &t->tokens[i];
        size_t bytes = k->type == LW_TK_QIDENT ? k->length - 2 : k->length;
        if (k->type == LW_TK_QIDENT && bytes == 0)
            return ora_set_error(t->err, 1741, "illegal zero-length identifier");
        if ((k->type == LW_TK_WORD || k->type == LW_TK_QIDENT) && bytes > 128)
            return ora_set_error(t->err, 972, "identifier is too long");
        if (k->type == LW_TK_LPAREN)
            depth++;
        else if (k->type == LW_TK_RPAREN)
            depth--;
    }
    if (depth > 0)
        return ora_set_error(t->err, 907, "missing right parenthesis");
    return 0;
}

static int translate_tokens(const lw_dialect *dialect, lw_translation *t);

/* Named parameters of a rewritten statement point into the original text again (the
 * cache keeps the original, not the rewritten one). Returns how many it could not find
 * there. */
static int repoint_names(lw_translation *t, int first_ref, const char *text, size_t len)
{
    lw_param_map *m = t->params;
    int missing = 0;
    for (int r = first_ref; r < m->n; r++) {
        lw_param_ref *ref = &m->refs[r];
        if (!ref->name || ref->name < text || ref->name >= text + len)
            continue;
        int found = 0;
        for (size_t i = 0; i < t->n_tokens && !found; i++) {
            const lw_token *k = &t->tokens[i];
            if (k->type == LW_TK_PARAM && (int)k->name_length == ref->name_len &&
                !memcmp(t->sql + k->name_offset, ref->name, k->name_length)) {
                ref->name = t->sql + k->name_offset;
                found = 1;
            }
        }
        missing += !found;
    }
    return missing;
}

/* The placeholders of tokens that are not named (?, %s, :1): a rewrite must keep their
 * number, or the values would go to other places. */
static size_t unnamed_params(const lw_token *toks, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += toks[i].type == LW_TK_PARAM && toks[i].kind != LW_PARAM_NAMED;
    return count;
}

typedef int (*ora_rewriter)(sqlite3 *db, const char *sql, const lw_token *toks, size_t n,
                            char **text, lw_dialect_error *err);

static int connect_by(sqlite3 *db, const char *sql, const lw_token *toks, size_t n, char **text,
                      lw_dialect_error *err)
{
    (void)db;
    return ora_connect_by(sql, toks, n, text, err);
}

static int row_limits(sqlite3 *db, const char *sql, const lw_token *toks, size_t n, char **text,
                      lw_dialect_error *err)
{
    (void)db;
    return ora_row_limit_rewrite(sql, toks, n, text, err);
}

static int outer_joins(sqlite3 *db, const char *sql, const lw_token *toks, size_t n, char **text,
                       lw_dialect_error *err)
{
    (void)db;
    return ora_outer_joins(sql, toks, n, text, err);
}

static int ora_translate(const lw_dialect *dialect, lw_translation *t)
{
    int rc = check_tokens(t);
    if (rc)
        return rc;
    /* Before the walk, still in Oracle's SQL: CONNECT BY becomes recursive subquery
     * factoring (connect_by.c), (+) joins become ANSI joins (outer_join.c), FETCH ...
     * PERCENT and WITH TIES a row count (row_limit.c), and INSERT ... SELECT * names the
     * query's columns (insert_select.c). */
    static const ora_rewriter rewriters[] = {connect_by, outer_joins, row_limits,
                                             ora_insert_select_star};
    ora_state *state = t->state;
    sqlite3 *db = state ? state->db : NULL;
    char *text = NULL;
    lw_tokens toks = {0};
    const char *sql = t->sql;
    const lw_token *tk = t->tokens;
    size_t n = t->n_tokens;
    for (size_t i = 0; i < sizeof rewriters / sizeof rewriters[0]; i++) {
        char *next = NULL;
        rc = rewriters[i](db, sql, tk, n, &next, t->err);
        if (rc < 0)
            break;
        if (rc == 0)
            continue;
        lw_tokens_free(&toks);
        sqlite3_free(text);
        text = next;
        lw_lex_error lerr = {NULL, 0};
        if (lw_lex(text, strlen(text), dialect->lex_flags, &toks, &lerr)) {
            rc = LW_ENOMEM;
            break;
        }
        sql = text;
        tk = toks.items;
        n = toks.len;
        rc = 0;
    }
    if (rc >= 0 && !text)
        return translate_tokens(dialect, t);
    if (rc >= 0 && unnamed_params(toks.items, toks.len) != unnamed_params(t->tokens, t->n_tokens)) {
        lw_dialect_error_set(t->err, "0A000", 1235,
                             "bind parameters that the oracle dialect's rewrite of this "
                             "statement cannot keep in their places are not supported");
        rc = LW_ENOTSUP;
    }
    if (rc >= 0) {
        lw_translation copy = *t;
        copy.sql = text;
        copy.tokens = toks.items;
        copy.n_tokens = toks.len;
        int first_ref = t->params->n;
        rc = translate_tokens(dialect, &copy);
        t->stmt_data = copy.stmt_data;
        if (repoint_names(t, first_ref, text, strlen(text))) {
            /* a parameter the rewrite made of what was none (the text between tokens
             * changed how it lexes): never let it point into the text freed below */
            t->params->n = first_ref;
            lw_sqlbuf_reset(t->out);
            lw_dialect_error_set(t->err, "0A000", 1235,
                                 "bind parameters that the oracle dialect's rewrite of this "
                                 "statement cannot keep in their places are not supported");
            rc = LW_ENOTSUP;
        }
    }
    lw_tokens_free(&toks);
    sqlite3_free(text);
    return rc;
}

/* MERGE and INSERT ALL | FIRST run as several statements written in another order than
 * the text, a WHEN condition more than once (dml.c): each anonymous ? gets the position
 * its place in the text gives it (the token's number, which the shared map_param
 * honours), so that its value is the one the caller meant wherever it is written. */
static int runs_in_parts(const lw_translation *t)
{
    size_t i = lw_tokens_skip_blank(t->tokens, t->n_tokens, 0);
    if (i >= t->n_tokens)
        return 0;
    if (lw_token_is_word(t->sql, &t->tokens[i], "merge"))
        return 1;
    size_t j = lw_tokens_skip_blank(t->tokens, t->n_tokens, i + 1);
    return lw_token_is_word(t->sql, &t->tokens[i], "insert") && j < t->n_tokens &&
           (lw_token_is_word(t->sql, &t->tokens[j], "all") ||
            lw_token_is_word(t->sql, &t->tokens[j], "first"));
}

static int translate_tokens(const lw_dialect *dialect, lw_translation *t)
{
    int rc;
    /* LIKEWISE.name is name: the one schema there is. */
    lw_token *kept = NULL;
    size_t n = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        size_t dot = lw_tokens_skip_blank(t->tokens, t->n_tokens, i + 1);
        size_t after =
            dot < t->n_tokens ? lw_tokens_skip_blank(t->tokens, t->n_tokens, dot + 1) : t->n_tokens;
        int drop =
            is_schema_name(t->sql, &t->tokens[i]) && dot < t->n_tokens &&
            t->tokens[dot].type == LW_TK_DOT && after < t->n_tokens &&
            (t->tokens[after].type == LW_TK_WORD || t->tokens[after].type == LW_TK_QIDENT) &&
            !(i > 0 &&
              t->tokens[lw_tokens_skip_blank(t->tokens, t->n_tokens, i - 1)].type == LW_TK_DOT &&
              i >= 1 && t->tokens[i - 1].type == LW_TK_DOT);
        if (drop && !kept) {
            kept = sqlite3_malloc64(t->n_tokens * sizeof *kept);
            if (!kept)
                return LW_ENOMEM;
            memcpy(kept, t->tokens, i * sizeof *kept);
            n = i;
        }
        if (drop) {
            i = dot;
            continue;
        }
        if (kept)
            kept[n++] = t->tokens[i];
    }
    lw_translation copy = *t;
    if (kept) {
        copy.tokens = kept;
        copy.n_tokens = n;
    }
    int base = t->params->anonymous_seen, anonymous = 0;
    if (runs_in_parts(&copy) && unnamed_params(copy.tokens, copy.n_tokens)) {
        if (!kept) {
            kept = sqlite3_malloc64(t->n_tokens * sizeof *kept);
            if (!kept)
                return LW_ENOMEM;
            memcpy(kept, t->tokens, t->n_tokens * sizeof *kept);
            copy.tokens = kept;
            copy.n_tokens = t->n_tokens;
        }
        for (size_t i = 0; i < copy.n_tokens; i++)
            if (kept[i].type == LW_TK_PARAM && kept[i].kind == LW_PARAM_QMARK)
                kept[i].number = (uint32_t)(base + ++anonymous);
    }
    ora_state *s = t->state;
    rc = lw_walk_translate(&copy, dialect->rules, s ? &s->schema : NULL);
    /* a ? no part wrote still counts, so that the values after it keep their places */
    if (t->params->anonymous_seen < base + anonymous)
        t->params->anonymous_seen = base + anonymous;
    t->stmt_data = copy.stmt_data;
    sqlite3_free(kept);
    return rc;
}

const lw_dialect lw_dialect_oracle = {
    .name = "oracle",
    .lex_flags = LW_LEX_HASH_IN_WORDS,
    .rules = &ora_rules,
    .on_open = ora_open,
    .on_close = ora_close,
    .translate = ora_translate,
    .format_value = ora_format_value,
    .map_error = ora_map_error,
    .before_statement = ora_before_statement,
    .set_transaction = 1,
    .empty_text_is_null = 1,
    .check_values = ora_check_values,
    .free_stmt_data = ora_stmt_data_free,
};
