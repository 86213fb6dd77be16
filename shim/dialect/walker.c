/*
 * The shared rewriter's walker (walker.h): the cursor over a statement's meaningful
 * tokens, the output it writes, identifier folding, refusals and the driver that
 * translates one statement with a dialect's rules.
 *
 * Identifier folding. PostgreSQL folds unquoted identifiers to lower case (A-Z only,
 * as in a UTF-8 database), Oracle to upper case, MySQL not at all; quoted ones stay as
 * written. The walker reads the statement through a copy of its text in which every
 * bare word is folded (w->sql), so the tables compare folded words, and writes bare
 * words folded, except SQLite's own keywords, which keep the spelling they were
 * written with (SQLite matches keywords without regard to case).
 */
#include "dialect/walker.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "likewise.h"

/* ---- The cursor -------------------------------------------------------------------------- */

int lw_op_at(const lw_walker *w, size_t k, const char *op)
{
    const lw_token *t = lw_tok(w, k);
    size_t n = strlen(op);
    return t && t->type == LW_TK_OPERATOR && t->length == n &&
           memcmp(w->sql + t->offset, op, n) == 0;
}

const char *lw_spelled(const lw_walker *w, const lw_token *t)
{
    return w->t->sql + w->t->tokens[t - w->tk].offset;
}

char *lw_tok_text(lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    char *s = t ? sqlite3_mprintf("%.*s", (int)t->length, w->sql + t->offset) : NULL;
    if (t && !s)
        w->t->out->oom = 1;
    return s;
}

char *lw_ident_text(lw_walker *w, size_t tok)
{
    if (tok >= w->n)
        return NULL;
    const lw_token *t = &w->tk[w->at[tok]];
    char *s = t->type == LW_TK_QIDENT && t->length >= 2
                  ? sqlite3_mprintf("%.*s", (int)t->length - 2, w->sql + t->offset + 1)
                  : sqlite3_mprintf("%.*s", (int)t->length, w->sql + t->offset);
    if (!s)
        w->t->out->oom = 1;
    return s;
}

size_t lw_closing_paren(const lw_walker *w, size_t k)
{
    int level = 0;
    for (; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN && --level == 0)
            return k;
    }
    return k;
}

/* The length of word text[0..len) when it is the word at p (lower case, ended by a
 * space or the end of p), compared without regard to ASCII case; 0 when it is not.
 * One pass, no strlen: the tables are compared at every operator position. */
static size_t same_word(const char *text, uint32_t len, const char *p)
{
    for (uint32_t i = 0; i < len; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (p[i] != c)
            return 0;
    }
    return p[len] == ' ' || p[len] == 0 ? len : 0;
}

size_t lw_words_at(const lw_walker *w, size_t k, const char *spelling)
{
    size_t words = 0;
    for (const char *p = spelling; *p; words++) {
        const lw_token *t = lw_tok(w, k + words);
        size_t len = t && t->type == LW_TK_WORD ? same_word(w->sql + t->offset, t->length, p) : 0;
        if (!len)
            return 0;
        p += len;
        if (*p == ' ')
            p++;
    }
    return words;
}

int lw_starts_query(const lw_walker *w, size_t k)
{
    return lw_word_at(w, k, "select") || lw_word_at(w, k, "with") || lw_word_at(w, k, "values");
}

int lw_is_clause_word(const lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    if (!t || t->type != LW_TK_WORD)
        return 0;
    for (const char *const *word = w->rules->clause_words; word && *word; word++)
        if (lw_token_is_word(w->sql, t, *word))
            return 1;
    return 0;
}

int lw_column_has_word(const lw_walker *w, const char *want)
{
    int level = 0;
    for (size_t k = 0; w->p + k < w->n; k++) {
        const lw_token *t = lw_tok(w, k);
        if (t->type == LW_TK_LPAREN)
            level++;
        else if (t->type == LW_TK_RPAREN) {
            if (level-- == 0)
                return 0;
        } else if (t->type == LW_TK_COMMA && level == 0)
            return 0;
        else if (level == 0 && lw_word_at(w, k, want))
            return 1;
    }
    return 0;
}

int lw_read_int(lw_walker *w, long long *v)
{
    const lw_token *t = lw_tok(w, 0);
    if (!t || t->type != LW_TK_NUMBER)
        return -1;
    char buf[32];
    snprintf(buf, sizeof buf, "%.*s", (int)(t->length < 31 ? t->length : 31), w->sql + t->offset);
    char *end;
    *v = strtoll(buf, &end, 10);
    lw_skip(w);
    return *end ? -1 : 0;
}

/* ---- Output -------------------------------------------------------------------------------- */

void lw_out(lw_walker *w, const char *s)
{
    lw_sqlbuf_appends(w->t->out, s);
}

void lw_outf(lw_walker *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lw_sqlbuf_vappendf(w->t->out, fmt, ap);
    va_end(ap);
}

void lw_insert_at(lw_walker *w, size_t pos, const char *s)
{
    lw_sqlbuf *b = w->t->out;
    size_t k = strlen(s);
    size_t old = b->len;
    lw_sqlbuf_append(b, s, k); /* grows the buffer */
    if (b->oom || pos > old)
        return;
    memmove(b->s + pos + k, b->s + pos, old - pos);
    memcpy(b->s + pos, s, k);
}

void lw_insert_call(lw_walker *w, size_t pos, const char *fn)
{
    char *open = sqlite3_mprintf("%s(", fn);
    if (!open) {
        w->t->out->oom = 1;
        return;
    }
    lw_insert_at(w, pos, open);
    sqlite3_free(open);
}

int lw_next_item(lw_walker *w)
{
    if (!lw_type_at(w, 0, LW_TK_COMMA))
        return 0;
    lw_emit(w);
    return 1;
}

char *lw_take_from(lw_walker *w, size_t pos)
{
    lw_sqlbuf *b = w->t->out;
    if (b->oom || pos > b->len)
        return NULL;
    char *s = b->s ? sqlite3_mprintf("%.*s", (int)(b->len - pos), b->s + pos) : sqlite3_mprintf("");
    b->len = pos;
    if (b->s)
        b->s[pos] = 0;
    if (!s)
        b->oom = 1;
    return s;
}

void lw_replace_range(lw_walker *w, size_t from, size_t to, const char *s)
{
    char *tail = lw_take_from(w, from);
    if (!tail)
        return;
    lw_out(w, s);
    lw_out(w, tail + (to - from <= strlen(tail) ? to - from : strlen(tail)));
    sqlite3_free(tail);
}

/* True when the bare word tok (in the caller's original text) is one of SQLite's
 * keywords: those keep the spelling they were written with, so translations read as
 * the statement did. */
static int is_sqlite_keyword(const char *text, const lw_token *tok)
{
    return tok->length < 64 && sqlite3_keyword_check(text + tok->offset, (int)tok->length);
}

void lw_write_folded(lw_walker *w, size_t k)
{
    const lw_token *t = &w->tk[w->at[k]];
    if (t->type == LW_TK_WORD && w->sql[t->offset] >= '0' && w->sql[t->offset] <= '9') {
        /* A name that starts with digits (MySQL's 1a): SQLite reads it only quoted. */
        lw_sqlbuf_appendf(w->t->out, "\"%.*s\"", (int)t->length, w->sql + t->offset);
        return;
    }
    lw_sqlbuf_append(w->t->out, w->sql + t->offset, t->length);
}

void lw_emit(lw_walker *w)
{
    if (lw_at_end(w))
        return;
    size_t i = w->at[w->p];
    if (w->sql != w->t->sql && w->tk[i].type == LW_TK_WORD &&
        !is_sqlite_keyword(w->t->sql, &w->t->tokens[i])) {
        lw_write_folded(w, w->p);
    } else {
        int rc = lw_emit_token(w->t, i);
        if (rc)
            lw_fail(w, rc);
    }
    lw_out(w, " ");
    w->p++;
}

void lw_emit_name(lw_walker *w)
{
    if (!lw_at_end(w) && w->tk[w->at[w->p]].type == LW_TK_WORD) {
        lw_write_folded(w, w->p);
        lw_out(w, " ");
        w->p++;
    } else {
        lw_emit(w);
    }
}

int lw_accept_word(lw_walker *w, const char *want)
{
    if (!lw_word(w, want))
        return 0;
    lw_emit(w);
    return 1;
}

/* ---- String constants ------------------------------------------------------------------- */

void lw_put_literal(lw_walker *w, const char *s, size_t n)
{
    lw_append_sql_string(w->t->out, s, n);
    lw_sqlbuf_append(w->t->out, " ", 1);
}

int lw_string_value(lw_walker *w, size_t k, lw_sqlbuf *val)
{
    const lw_token *t = lw_tok(w, k);
    lw_literal_error why;
    if (t->kind == LW_STR_HEX || t->kind == LW_STR_BIT)
        return lw_refuse(w, "the bit-string literal %.*s", (int)t->length, w->sql + t->offset);
    lw_sqlbuf_append(val, "", 0);
    if (lw_decode_string(w->sql + t->offset, t->length, t->kind,
                         t->kind == LW_STR_ESCAPE ? w->rules->escapes : NULL, val, &why))
        /* A zero byte is an encoding error, a bad escape a syntax error. */
        return lw_walk_error(w, LW_ESYNTAX, why.zero_byte ? "22021" : "42601", 1064, "%s",
                             why.message);
    return 0;
}

void lw_parse_string(lw_walker *w)
{
    lw_sqlbuf val = {0};
    if (lw_string_value(w, 0, &val)) {
        lw_sqlbuf_free(&val);
        return;
    }
    size_t prev = w->at[w->p];
    lw_skip(w);
    /* Standard SQL joins string constants separated by whitespace with a newline. */
    while (w->rules->adjacent_strings == LW_ADJACENT_NEWLINE && lw_type_at(w, 0, LW_TK_STRING) &&
           lw_tok(w, 0)->kind == LW_STR_PLAIN) {
        int newline = 0;
        for (size_t i = prev + 1; i < w->at[w->p]; i++) {
            const lw_token *b = &w->tk[i];
            if (b->type == LW_TK_COMMENT)
                newline |= w->sql[b->offset] == '-';
            for (uint32_t c = 0; c < b->length; c++)
                newline |= w->sql[b->offset + c] == '\n';
        }
        if (!newline)
            break;
        if (lw_string_value(w, 0, &val))
            break;
        prev = w->at[w->p];
        lw_skip(w);
    }
    lw_put_literal(w, val.s ? val.s : "", val.len);
    lw_sqlbuf_free(&val);
}

/* ---- Failures ------------------------------------------------------------------------------- */

int lw_fail(lw_walker *w, int rc)
{
    if (!w->rc)
        w->rc = rc;
    return rc;
}

/* Sets the walker's error (unless it failed already) from a message made of fmt and
 * ap, the message worded by wording (its %s). Returns w->rc. */
static int walk_verror(lw_walker *w, int rc, const char *sqlstate, int mysql_errno,
                       const char *wording, const char *fmt, va_list ap)
{
    if (w->rc)
        return w->rc;
    char *msg = sqlite3_vmprintf(fmt, ap);
    if (!msg) {
        lw_dialect_error_set(w->t->err, "53200", 1037, "out of memory");
        return lw_fail(w, LW_ENOMEM);
    }
    lw_dialect_error_set(w->t->err, sqlstate, mysql_errno, wording, msg);
    sqlite3_free(msg);
    return lw_fail(w, rc);
}

int lw_walk_error(lw_walker *w, int rc, const char *sqlstate, int mysql_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    walk_verror(w, rc, sqlstate, mysql_errno, "%s", fmt, ap);
    va_end(ap);
    return w->rc;
}

int lw_refuse(lw_walker *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    walk_verror(w, LW_ENOTSUP, "0A000", 1235, w->rules->texts->not_supported, fmt, ap);
    va_end(ap);
    return w->rc;
}

int lw_enter(lw_walker *w)
{
    if (++w->depth <= LW_WALK_MAX_DEPTH)
        return 0;
    const lw_error_wording *e = &w->rules->texts->too_deep;
    lw_walk_error(w, LW_ESYNTAX, e->sqlstate, e->mysql_errno, "%s", e->format);
    return -1;
}

/* ---- The schema ------------------------------------------------------------------------------ */

char *lw_schema_declared_type(lw_schema *s, const char *table, const char *col, int index)
{
    char *type = NULL;
    if (!s || (!s->table_info &&
               sqlite3_prepare_v3(s->db, "SELECT name, type FROM pragma_table_info(?1)", -1,
                                  SQLITE_PREPARE_PERSISTENT, &s->table_info, NULL) != SQLITE_OK))
        return NULL;
    sqlite3_stmt *stmt = s->table_info;
    sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
    for (int k = 0; sqlite3_step(stmt) == SQLITE_ROW; k++) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        if (col ? name && sqlite3_stricmp(name, col) == 0 : k == index) {
            const char *t = (const char *)sqlite3_column_text(stmt, 1);
            type = sqlite3_mprintf("%s", t ? t : "");
            break;
        }
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return type;
}

const char *lw_schema_column_collation(lw_schema *s, const char *table, const char *col)
{
    const char *collation = NULL;
    if (!s || sqlite3_table_column_metadata(s->db, NULL, table, col, NULL, &collation, NULL, NULL,
                                            NULL) != SQLITE_OK)
        return NULL;
    return collation;
}

void lw_schema_close(lw_schema *s)
{
    sqlite3_finalize(s->table_info);
    s->table_info = NULL;
}

/* ---- The driver ------------------------------------------------------------------------------ */

static int needs_fold(lw_fold fold, char c)
{
    return fold == LW_FOLD_LOWER ? c >= 'A' && c <= 'Z'
                                 : fold == LW_FOLD_UPPER && c >= 'a' && c <= 'z';
}

/*
 * The statement's text with every bare word folded as the dialect folds unquoted
 * identifiers: *text gets the copy of the statement's bytes and *toks its tokens with
 * offsets into that copy (both sqlite3_free). Returns 1 when a word needed folding
 * (the copy was made), 0 when the original text serves as it is, -1 when out of
 * memory.
 */
static int fold_words(const lw_translation *t, lw_fold fold, char **text, lw_token **toks)
{
    *text = NULL;
    *toks = NULL;
    int any = 0;
    for (size_t i = 0; i < t->n_tokens && !any && fold != LW_FOLD_NONE; i++) {
        const lw_token *k = &t->tokens[i];
        for (uint32_t b = 0; k->type == LW_TK_WORD && b < k->length && !any; b++)
            any = needs_fold(fold, t->sql[k->offset + b]);
    }
    if (!any)
        return 0;
    size_t base = t->tokens[0].offset;
    const lw_token *last = &t->tokens[t->n_tokens - 1];
    size_t span = last->offset + last->length - base;
    *text = sqlite3_malloc64(span + 1);
    *toks = sqlite3_malloc64(t->n_tokens * sizeof **toks);
    if (!*text || !*toks) {
        sqlite3_free(*text);
        sqlite3_free(*toks);
        return -1;
    }
    memcpy(*text, t->sql + base, span);
    (*text)[span] = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        lw_token k = t->tokens[i];
        k.offset -= (uint32_t)base;
        k.name_offset = k.name_offset >= base ? k.name_offset - (uint32_t)base : 0;
        if (k.type == LW_TK_WORD)
            for (uint32_t b = 0; b < k.length; b++) {
                char *c = &(*text)[k.offset + b];
                if (needs_fold(fold, *c))
                    *c = (char)(*c ^ 0x20);
            }
        (*toks)[i] = k;
    }
    return 1;
}

int lw_has_quoted_upper(const lw_translation *t)
{
    for (size_t i = 0; i < t->n_tokens; i++) {
        const lw_token *k = &t->tokens[i];
        for (uint32_t b = 0; k->type == LW_TK_QIDENT && b < k->length; b++)
            if (t->sql[k->offset + b] >= 'A' && t->sql[k->offset + b] <= 'Z')
                return 1;
    }
    return 0;
}

int lw_walker_init(lw_walker *w, lw_translation *t, const lw_dialect_rules *rules,
                   lw_schema *schema)
{
    memset(w, 0, sizeof *w);
    w->t = t;
    w->rules = rules;
    w->schema = schema;
    if (fold_words(t, rules->fold, &w->folded_text, &w->folded_toks) < 0)
        return LW_ENOMEM;
    w->sql = w->folded_text ? w->folded_text : t->sql;
    w->tk = w->folded_toks ? w->folded_toks : t->tokens;
    w->at = sqlite3_malloc64((t->n_tokens ? t->n_tokens : 1) * sizeof *w->at);
    if (!w->at) {
        lw_walker_free(w);
        return LW_ENOMEM;
    }
    for (size_t i = 0; i < t->n_tokens; i++)
        if (!lw_token_is_blank(&t->tokens[i]))
            w->at[w->n++] = i;
    return 0;
}

void lw_walker_free(lw_walker *w)
{
    sqlite3_free(w->srf_from);
    w->srf_from = NULL;
    sqlite3_free(w->at);
    sqlite3_free(w->folded_text);
    sqlite3_free(w->folded_toks);
    w->at = NULL;
    w->folded_text = NULL;
    w->folded_toks = NULL;
}

int lw_walk_translate(lw_translation *t, const lw_dialect_rules *rules, lw_schema *schema)
{
    lw_walker w;
    int rc = lw_walker_init(&w, t, rules, schema);
    if (rc)
        return rc;
    rc = lw_walk_statement(&w);
    if (!rc && w.p < w.n && !w.rc && !w.consumed) {
        /* Tokens the walker did not consume are written as they are. */
        while (w.p < w.n)
            lw_emit(&w);
    }
    rc = w.rc;
    if (!rc && t->out->oom)
        rc = LW_ENOMEM;
    if (!rc && rules->finish)
        rc = rules->finish(&w);
    lw_walker_free(&w);
    return rc;
}
