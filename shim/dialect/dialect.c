/*
 * The dialect table, the connection setup the dialects share, the emit helpers every
 * translator uses (parameter mapping included), and the sqlite dialect (the identity
 * translation). See dialect.h.
 */
#include "dialect/dialect.h"

#include <stdarg.h>
#include <string.h>

#include "dialect/literals.h"
#include "likewise.h"

static const lw_dialect *const dialects[] = {
    &lw_dialect_sqlite,  &lw_dialect_postgresql, &lw_dialect_mysql,
    &lw_dialect_mariadb, &lw_dialect_oracle,
};

const lw_dialect *lw_dialect_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
        if (strlen(dialects[i]->name) == len && memcmp(dialects[i]->name, name, len) == 0)
            return dialects[i];
    return NULL;
}

const char *lw_dialect_names(void)
{
    return "sqlite, postgresql, mysql, mariadb, oracle";
}

void lw_dialect_error_set(lw_dialect_error *err, const char *sqlstate, int mysql_errno,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    sqlite3_free(err->message);
    err->message = msg; /* NULL when out of memory: the core reports LW_ENOMEM */
    memcpy(err->sqlstate, sqlstate, 5);
    err->sqlstate[5] = 0;
    err->mysql_errno = mysql_errno;
}

void lw_dialect_error_clear(lw_dialect_error *err)
{
    sqlite3_free(err->message);
    memset(err, 0, sizeof *err);
}

void *lw_dialect_state_new(size_t size, lw_dialect_error *err)
{
    void *state = sqlite3_malloc64(size);
    if (!state) {
        lw_dialect_error_set(err, "53200", 1037, "out of memory");
        return NULL;
    }
    memset(state, 0, size);
    return state;
}

int lw_dialect_configure(sqlite3 *db, const char *setup_sql, char **msg)
{
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc == SQLITE_OK)
        rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    if (rc == SQLITE_OK && setup_sql)
        rc = sqlite3_exec(db, setup_sql, NULL, NULL, msg);
    return rc;
}

int lw_dialect_open_failed(lw_dialect_error *err, const char *dialect, int rc, char *msg)
{
    lw_dialect_error_set(err, "58000", 1105, "%s dialect: %s", dialect,
                         msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return LW_ESQL;
}

int lw_translation_refuse(lw_translation *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    lw_dialect_error_set(t->err, "0A000", 1235, "%s", msg ? msg : "feature not supported");
    sqlite3_free(msg);
    return LW_ENOTSUP;
}

/* Parameter-mismatch errors use PostgreSQL's protocol_violation SQLSTATE (what the
 * server says when a bind message does not fit the statement) and MySQL's 1210. */
static int param_error(lw_translation *t, const char *fmt, const lw_token *tok)
{
    lw_dialect_error_set(t->err, "08P01", 1210, fmt, (int)tok->length, t->sql + tok->offset,
                         (int)tok->offset + 1);
    return LW_EPARAM;
}

static int family_of(int kind)
{
    return kind == LW_PARAM_FORMAT ? LW_PARAM_QMARK : kind;
}

/* The SQLite index of the parameter of this position already recorded, or 0. */
static int ref_at(const lw_param_map *m, int position)
{
    for (int k = 0; k < m->n; k++)
        if (m->refs[k].position == position)
            return k + 1;
    return 0;
}

/* Records the parameter token tok and returns its SQLite index (> 0), or a negative
 * LW_E* code. Repeated numbers and names share one SQLite parameter. An anonymous one
 * takes the next position, or the position a dialect fixed in its token's number (the
 * oracle dialect's MERGE writes its parts in another order than the text, and some
 * twice): those share one SQLite parameter per position too. */
static int map_param(lw_translation *t, const lw_token *tok)
{
    lw_param_map *m = t->params;
    int family = family_of(tok->kind);
    if (m->family && m->family != family)
        return param_error(t,
                           "parameter %.*s at character %d mixes parameter styles: use one of "
                           "anonymous (? %%s), numbered ($1 ?1 :1) or named (:name @name "
                           "$name %%(name)s)",
                           tok);
    m->family = family;
    lw_param_ref ref = {0, NULL, 0};
    if (family == LW_PARAM_QMARK && tok->number > 0) {
        ref.position = (int)tok->number;
        if (ref_at(m, ref.position))
            return ref_at(m, ref.position);
        if (ref.position > m->anonymous_seen)
            m->anonymous_seen = ref.position;
    } else if (family == LW_PARAM_QMARK) {
        ref.position = ++m->anonymous_seen;
    } else if (family == LW_PARAM_NUMBERED) {
        if (tok->number < 1 || tok->number > 32766)
            return param_error(t, "parameter %.*s at character %d: numbers run from 1 to 32766",
                               tok);
        ref.position = (int)tok->number;
        if (ref_at(m, ref.position))
            return ref_at(m, ref.position);
        if (ref.position > m->max_number)
            m->max_number = ref.position;
    } else {
        ref.name = t->sql + tok->name_offset;
        ref.name_len = (int)tok->name_length;
        for (int k = 0; k < m->n; k++)
            if (m->refs[k].name_len == ref.name_len &&
                memcmp(m->refs[k].name, ref.name, (size_t)ref.name_len) == 0)
                return k + 1;
    }
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 8;
        lw_param_ref *refs = sqlite3_realloc64(m->refs, (size_t)cap * sizeof *refs);
        if (!refs)
            return LW_ENOMEM;
        m->refs = refs;
        m->cap = cap;
    }
    m->refs[m->n++] = ref;
    return m->n;
}

int lw_emit_string(lw_translation *t, const lw_token *tok, const lw_escape_rules *escapes)
{
    lw_sqlbuf v = {0};
    lw_literal_error why;
    if (lw_decode_string(t->sql + tok->offset, tok->length, tok->kind, escapes, &v, &why)) {
        lw_sqlbuf_free(&v);
        lw_dialect_error_set(t->err, "22025", 1064,
                             "invalid escape in string literal at character %d",
                             (int)tok->offset + 1);
        return LW_ESYNTAX;
    }
    if (v.oom) {
        lw_sqlbuf_free(&v);
        return LW_ENOMEM;
    }
    lw_append_sql_string(t->out, v.s ? v.s : "", v.len);
    lw_sqlbuf_free(&v);
    return 0;
}

int lw_emit_token(lw_translation *t, size_t i)
{
    const lw_token *tok = &t->tokens[i];
    if (tok->type == LW_TK_STRING && (tok->kind == LW_STR_DOLLAR || tok->kind == LW_STR_UNICODE ||
                                      (tok->kind == LW_STR_ESCAPE &&
                                       (t->sql[tok->offset] == 'E' || t->sql[tok->offset] == 'e'))))
        return lw_emit_string(t, tok, tok->kind == LW_STR_ESCAPE ? &lw_pg_escapes : NULL);
    if (tok->type == LW_TK_PARAM) {
        int index = map_param(t, tok);
        if (index < 0)
            return index;
        lw_sqlbuf_appendf(t->out, "?%d", index);
        return 0;
    }
    if (tok->type == LW_TK_COMMENT) {
        /* Comment syntax differs (nesting, #), so every comment becomes a space. */
        lw_sqlbuf_append(t->out, " ", 1);
        return 0;
    }
    if (tok->type == LW_TK_WORD && t->sql[tok->offset] >= '0' && t->sql[tok->offset] <= '9') {
        /* A name that starts with digits (MySQL's 1a): SQLite reads it only quoted. */
        lw_sqlbuf_appendf(t->out, "\"%.*s\"", (int)tok->length, t->sql + tok->offset);
        return 0;
    }
    if (tok->type == LW_TK_OPERATOR && (tok->flags & LW_TKF_PERCENT_ESCAPE)) {
        lw_sqlbuf_append(t->out, "%", 1);
        return 0;
    }
    lw_sqlbuf_append(t->out, t->sql + tok->offset, tok->length);
    return 0;
}

int lw_emit_tokens(lw_translation *t, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        int rc = lw_emit_token(t, i);
        if (rc)
            return rc;
    }
    return 0;
}

void lw_emit_text(lw_translation *t, const char *text)
{
    lw_sqlbuf_appends(t->out, text);
}

int lw_translate_identity(const lw_dialect *dialect, lw_translation *t)
{
    (void)dialect;
    return lw_emit_tokens(t, 0, t->n_tokens);
}

/* The sqlite dialect: SQLite's own SQL, parameters in every style. */
const lw_dialect lw_dialect_sqlite = {
    .name = "sqlite",
    .lex_flags = 0,
    .translate = lw_translate_identity,
};
