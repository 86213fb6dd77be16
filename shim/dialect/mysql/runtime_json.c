/*
 * MariaDB's JSON functions (registered by runtime.c; json.c writes the calls). Every
 * function takes first a string CLS with one letter per following argument, the
 * class json.c saw: 'j' a JSON value (a JSON column or a JSON function's result),
 * 'b' a boolean, 'f' a DOUBLE, 'i'/'u'/'d' an integer or DECIMAL, 's' a string, '?'
 * unknown. A value argument becomes JSON by its class: JSON as it is, a boolean
 * true/false, a number as its text, a string quoted, NULL null.
 *
 *   my_json_extract(CLS, DOC, PATH...)     the value at PATH in MariaDB's output form;
 *                                          several paths or a wildcard: an array
 *   my_json_value(CLS, DOC, PATH)          a scalar as SQL text (strings unescaped,
 *                                          true 1, false 0); null or a container: NULL
 *   my_json_query(CLS, DOC, PATH)          an object or array; a scalar: NULL
 *   my_json_unquote(CLS, S)                a JSON string's content; other text as it is
 *   my_json_contains(CLS, T, C[, PATH])    MySQL's containment (json_doc.c)
 *   my_json_contains_path(CLS, DOC, 'one'|'all', PATH...)
 *   my_json_search(CLS, DOC, 'one'|'all', S[, ESC[, PATH...]])   paths of the strings
 *                                          LIKE S (case folded), as a JSON string or array
 *   my_json_set/insert/replace(CLS, DOC, PATH, V, ...), my_json_remove(CLS, DOC, PATH...),
 *   my_json_array_append/array_insert(CLS, DOC, PATH, V, ...)
 *   my_json_merge_patch/merge_preserve(CLS, DOC, DOC...)
 *   my_json_length(CLS, DOC[, PATH]), my_json_depth(CLS, DOC), my_json_type(CLS, DOC),
 *   my_json_valid(CLS, X), my_json_keys(CLS, DOC[, PATH]), my_json_compact(CLS, DOC),
 *   my_json_loose(CLS, DOC), my_json_detailed(CLS, DOC[, TAB]),
 *   my_json_exists(CLS, DOC, PATH) (1 or 0), my_json_equals(CLS, A, B),
 *   my_json_overlaps(CLS, A, B) (json_doc.c)
 *   my_json_object(CLS, K, V, ...), my_json_array(CLS, V...)   (a NULL key is "")
 *   my_json_of(CLS, V)                     V as JSON text (JSON_ARRAYAGG's items)
 *   my_json_pair(CLS, K, V)                "K":V (JSON_OBJECTAGG's members; NULL for a
 *                                          NULL K: the row is left out)
 *   my_json_scalar(J[, KEEP])              a JSON value as SQL compares it: a number as
 *                                          a number, a string unquoted (KEEP 1: its
 *                                          JSON text, for IN and BETWEEN), true 1,
 *                                          false 0, null NULL (it equals nothing)
 *
 * NULL: a NULL document or path is NULL (JSON_OBJECT/JSON_ARRAY write null). Invalid
 * JSON text or path is NULL with MariaDB's warning (4037/4038 text, 4041/4042 path,
 * 4044 a wildcard where one place is needed, 4046 a mode that is not one/all, 4051 '$'
 * removed), named after the function and the argument, as the server gives them.
 *
 * MariaDB's nesting limit holds: arrays and objects 32 deep are warning 4040 (a Note
 * and 0 in JSON_VALID). Limits: JSON_QUERY writes the object in MariaDB's output form
 * rather than as the document spelled it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/mysql/json_doc.h"
#include "dialect/mysql/runtime_int.h"
#include "text/like.h"

/* One call: its function's name for the warnings, its classes and session. */
typedef struct jcall {
    sqlite3_context *ctx;
    my_session *s;
    const char *fn;
    const char *cls;
    int argc;
    sqlite3_value **argv; /* after CLS */
} jcall;

static jcall jcall_of(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fn)
{
    const char *cls = (const char *)sqlite3_value_text(argv[0]);
    jcall c = {ctx, MY_SESSION(ctx), fn, cls ? cls : "", argc - 1, argv + 1};
    return c;
}

static char class_of(const jcall *c, int i)
{
    return i < (int)strlen(c->cls) ? c->cls[i] : '?';
}

/* The 1-based position MariaDB reports for a syntax error found at offset. */
static size_t error_position(const char *text, size_t n, const lw_json_error *err)
{
    if (err->detail && !strcmp(err->detail, "expected ':' after an object key"))
        return err->offset;
    if (err->detail && !strcmp(err->detail, "expected a JSON value")) {
        static const char *literals[] = {"true", "false", "null"};
        size_t best = 0;
        for (int i = 0; i < 3; i++) {
            size_t k = 0;
            while (err->offset + k < n && literals[i][k] && text[err->offset + k] == literals[i][k])
                k++;
            if (k > best)
                best = k;
        }
        if (best)
            return err->offset + best;
    }
    return err->offset + 1;
}

int my_json_text_error(const char *text, size_t n, const lw_json_error *err, int arg,
                       const char *fn, char *msg, size_t cap)
{
    int at_end = err->offset >= n || (err->detail && (!strcmp(err->detail, "unterminated string") ||
                                                      !strcmp(err->detail, "empty JSON text")));
    if (at_end)
        snprintf(msg, cap, "Unexpected end of JSON text in argument %d to function '%s'", arg, fn);
    else
        snprintf(msg, cap,
                 "Syntax error in JSON text in argument %d to function '%s' at position %d", arg,
                 fn, (int)error_position(text, n, err));
    return at_end ? 4037 : 4038;
}

/* MariaDB's nesting limit: a document whose arrays and objects nest this deep is
 * refused (warning 4040). */
#define MY_JSON_DEPTH_LIMIT 32

/* In valid JSON text t[0..n): the 1-based position MariaDB reports for the opening
 * bracket that reaches MY_JSON_DEPTH_LIMIT, or 0 when none does. Only brackets
 * outside strings count. */
static size_t too_deep_at(const char *t, size_t n)
{
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth >= MY_JSON_DEPTH_LIMIT)
                return i + 1;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

static void depth_warning(jcall *c, int i, lw_warning_severity level, size_t pos)
{
    my_warn(c->s, level, 4040,
            "Limit of %d on JSON nested structures depth is reached in argument %d to function "
            "'%s' at position %d",
            MY_JSON_DEPTH_LIMIT, i + 1, c->fn, (int)pos);
}

/* Parses argument i as a document; on failure warns and returns -1. */
static int load(jcall *c, int i, lw_json *j)
{
    const char *text = (const char *)sqlite3_value_text(c->argv[i]);
    size_t n = (size_t)sqlite3_value_bytes(c->argv[i]);
    lw_json_error err = {0, NULL};
    lw_json_status st = lw_json_parse(j, text ? text : "", n, MY_JSON_FLAGS, &err);
    if (st == LW_JSON_OK) {
        size_t deep = too_deep_at(text, n);
        if (!deep)
            return 0;
        depth_warning(c, i, LW_LEVEL_WARNING, deep);
        return -1;
    }
    if (st == LW_JSON_NOMEM) {
        sqlite3_result_error_nomem(c->ctx);
        return -1;
    }
    char msg[256];
    int code = my_json_text_error(text ? text : "", n, &err, i + 1, c->fn, msg, sizeof msg);
    my_warn(c->s, LW_LEVEL_WARNING, code, "%s", msg);
    return -1;
}

/* Parses argument i as a path; on failure warns and returns -1. single: a wildcard is
 * 4044. */
static int load_path(jcall *c, int i, my_jpath *p, int single)
{
    const char *text = (const char *)sqlite3_value_text(c->argv[i]);
    size_t n = (size_t)sqlite3_value_bytes(c->argv[i]), pos = 0;
    my_jpath_status st = my_jpath_parse(text ? text : "", n, p, &pos);
    if (st == MY_JPATH_END) {
        my_warn(c->s, LW_LEVEL_WARNING, 4041,
                "Unexpected end of JSON path in argument %d to function '%s'", i + 1, c->fn);
        return -1;
    }
    if (st == MY_JPATH_SYNTAX) {
        my_warn(c->s, LW_LEVEL_WARNING, 4042,
                "Syntax error in JSON path in argument %d to function '%s' at position %d", i + 1,
                c->fn, (int)pos);
        return -1;
    }
    if (single && p->wild) {
        my_warn(c->s, LW_LEVEL_WARNING, 4044,
                "Wildcards or range in JSON path not allowed in argument %d to function '%s'",
                i + 1, c->fn);
        return -1;
    }
    return 0;
}

static void result_buf(sqlite3_context *ctx, lw_sqlbuf *b)
{
    if (b->oom) {
        lw_sqlbuf_free(b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *s = lw_sqlbuf_finish(b);
    if (!s)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, s, -1, sqlite3_free);
}

/* Appends the content of a string written as raw[0..n) (escapes decoded). */
static void append_decoded(lw_sqlbuf *b, const char *raw, size_t n)
{
    char *quoted = sqlite3_mprintf("\"%.*s\"", (int)n, raw);
    lw_json j;
    lw_json_init(&j);
    if (quoted && lw_json_parse(&j, quoted, n + 2, 0, NULL) == LW_JSON_OK)
        lw_sqlbuf_append(b, j.bytes + j.nodes[0].off, j.nodes[0].len);
    else if (!quoted)
        b->oom = 1;
    else
        lw_sqlbuf_append(b, raw, n);
    lw_json_clear(&j);
    sqlite3_free(quoted);
}

/* Value argument i as JSON text. */
static void append_value(lw_sqlbuf *b, const jcall *c, int i)
{
    sqlite3_value *v = c->argv[i];
    char cls = class_of(c, i);
    int type = sqlite3_value_type(v);
    if (type == SQLITE_NULL) {
        lw_sqlbuf_appends(b, "null");
    } else if (cls == 'b') {
        lw_sqlbuf_appends(b, sqlite3_value_int64(v) ? "true" : "false");
    } else if (type == SQLITE_INTEGER) {
        lw_sqlbuf_appendf(b, "%lld", sqlite3_value_int64(v));
    } else if (type == SQLITE_FLOAT) {
        char buf[64];
        my_format_double(sqlite3_value_double(v), 0, buf, sizeof buf);
        lw_sqlbuf_appends(b, buf);
    } else {
        const char *t =
            type == SQLITE_BLOB ? sqlite3_value_blob(v) : (const char *)sqlite3_value_text(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        if (cls == 'j' || strchr("iud", cls)) {
            lw_json probe;
            lw_json_init(&probe);
            int ok = lw_json_parse(&probe, t ? t : "", n, MY_JSON_FLAGS, NULL) == LW_JSON_OK;
            if (ok && cls == 'j')
                my_json_write(b, &probe, 0, 0, NULL);
            else if (ok)
                lw_sqlbuf_append(b, t, n);
            else
                my_json_append_string(b, t ? t : "", n);
            lw_json_clear(&probe);
        } else {
            my_json_append_string(b, t ? t : "", n);
        }
    }
}

static int any_null(const jcall *c, int from, int to)
{
    for (int i = from; i < to && i < c->argc; i++)
        if (sqlite3_value_type(c->argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

/* ---- Reading ------------------------------------------------------------------------------ */

static void extract_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_extract");
    if (c.argc < 2 || any_null(&c, 0, c.argc))
        return;
    lw_json j;
    lw_json_init(&j);
    my_jnodes found = {0};
    int wrap = c.argc > 2;
    if (load(&c, 0, &j) == 0) {
        int ok = 1;
        for (int i = 1; i < c.argc && ok; i++) {
            my_jpath p;
            ok = load_path(&c, i, &p, 0) == 0;
            if (ok) {
                wrap |= p.wild;
                my_jpath_find(&j, 0, &p, &found);
            }
        }
        if (found.oom) {
            sqlite3_result_error_nomem(ctx);
        } else if (ok && found.n > 0) {
            lw_sqlbuf b = {0};
            lw_sqlbuf_appends(&b, wrap ? "[" : "");
            for (uint32_t k = 0; k < found.n; k++) {
                lw_sqlbuf_appends(&b, k ? ", " : "");
                my_json_write(&b, &j, found.v[k], 0, NULL);
            }
            lw_sqlbuf_appends(&b, wrap ? "]" : "");
            result_buf(ctx, &b);
        }
    }
    my_jnodes_free(&found);
    lw_json_clear(&j);
}

/* The one node a single path reaches in argument 0 (a loaded document), or MY_JNONE
 * (with a warning when the path is bad: *bad set). */
static uint32_t find_one(jcall *c, lw_json *j, int path_arg, int *bad)
{
    my_jpath p;
    *bad = 0;
    /* JSON_CONTAINS_PATH and JSON_QUERY take the first place a wildcard reaches; the
     * others want a single place (4044), as MariaDB's do. */
    int single = strcmp(c->fn, "json_contains_path") && strcmp(c->fn, "json_query");
    if (load_path(c, path_arg, &p, single)) {
        *bad = 1;
        return MY_JNONE;
    }
    my_jnodes found = {0};
    my_jpath_find(j, 0, &p, &found);
    uint32_t node = found.n > 0 ? found.v[0] : MY_JNONE;
    if (found.oom) {
        sqlite3_result_error_nomem(c->ctx);
        *bad = 1;
        node = MY_JNONE;
    }
    my_jnodes_free(&found);
    return node;
}

static void value_or_query(sqlite3_context *ctx, int argc, sqlite3_value **argv, int query)
{
    jcall c = jcall_of(ctx, argc, argv, query ? "json_query" : "json_value");
    if (c.argc != 2 || any_null(&c, 0, 2))
        return;
    lw_json j;
    lw_json_init(&j);
    int bad;
    uint32_t node = load(&c, 0, &j) ? MY_JNONE : find_one(&c, &j, 1, &bad);
    if (node != MY_JNONE) {
        const lw_json_node *n = &j.nodes[node];
        int container = n->type == LW_JSON_ARRAY || n->type == LW_JSON_OBJECT;
        lw_sqlbuf b = {0};
        if (query && container) {
            my_json_write(&b, &j, node, 0, NULL);
            result_buf(ctx, &b);
        } else if (!query && !container && n->type != LW_JSON_NULL) {
            if (n->type == LW_JSON_STRING)
                append_decoded(&b, j.bytes + n->off, n->len);
            else if (n->type == LW_JSON_NUMBER)
                lw_sqlbuf_append(&b, j.bytes + n->off, n->len);
            else
                lw_sqlbuf_appends(&b, n->type == LW_JSON_TRUE ? "1" : "0");
            result_buf(ctx, &b);
        }
        lw_sqlbuf_free(&b);
    }
    lw_json_clear(&j);
}

static void value_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    value_or_query(ctx, argc, argv, 0);
}

static void query_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    value_or_query(ctx, argc, argv, 1);
}

static void unquote_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_unquote");
    if (c.argc != 1 || any_null(&c, 0, 1))
        return;
    const char *t = (const char *)sqlite3_value_text(c.argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(c.argv[0]);
    lw_json j;
    lw_json_init(&j);
    if (n >= 2 && t[0] == '"' && t[n - 1] == '"' && lw_json_parse(&j, t, n, 0, NULL) == LW_JSON_OK)
        sqlite3_result_text(ctx, j.bytes + j.nodes[0].off, (int)j.nodes[0].len, SQLITE_TRANSIENT);
    else
        sqlite3_result_value(ctx, c.argv[0]);
    lw_json_clear(&j);
}

static void contains_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_contains");
    if (c.argc < 2 || c.argc > 3 || any_null(&c, 0, c.argc))
        return;
    lw_json t, cand;
    lw_json_init(&t);
    lw_json_init(&cand);
    if (load(&c, 0, &t) == 0 && load(&c, 1, &cand) == 0) {
        uint32_t node = 0;
        int bad = 0;
        if (c.argc == 3)
            node = find_one(&c, &t, 2, &bad);
        if (!bad)
            sqlite3_result_int(ctx, node != MY_JNONE && my_json_contains(&t, node, &cand, 0));
    }
    lw_json_clear(&t);
    lw_json_clear(&cand);
}

/* 1 for 'one', 2 for 'all' (any case), else warning 4046 and 0. */
static int one_or_all(jcall *c, int i)
{
    const char *m = (const char *)sqlite3_value_text(c->argv[i]);
    if (m && !sqlite3_stricmp(m, "one"))
        return 1;
    if (m && !sqlite3_stricmp(m, "all"))
        return 2;
    my_warn(c->s, LW_LEVEL_WARNING, 4046,
            "Argument %d to function '%s' must be \"one\" or \"all\".", i + 1, c->fn);
    return 0;
}

static void contains_path_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_contains_path");
    if (c.argc < 3 || any_null(&c, 0, c.argc))
        return;
    lw_json j;
    lw_json_init(&j);
    int mode = 0;
    if (load(&c, 0, &j) == 0 && (mode = one_or_all(&c, 1)) != 0) {
        int hits = 0, ok = 1;
        for (int i = 2; i < c.argc && ok; i++) {
            int bad;
            hits += find_one(&c, &j, i, &bad) != MY_JNONE;
            ok = !bad;
        }
        if (ok)
            sqlite3_result_int(ctx, mode == 1 ? hits > 0 : hits == c.argc - 2);
    }
    lw_json_clear(&j);
}

/* ---- JSON_SEARCH ------------------------------------------------------------------------------
 */

typedef struct search {
    const lw_json *j;
    lw_like_pattern *pattern;
    int all;
    lw_sqlbuf path; /* the path of the node being visited */
    lw_sqlbuf hits; /* the paths found, as JSON strings joined by ", " */
    int n_hits;
} search;

static void search_node(search *s, uint32_t node)
{
    if (!s->all && s->n_hits)
        return;
    const lw_json_node *n = &s->j->nodes[node];
    if (n->type == LW_JSON_STRING) {
        lw_sqlbuf text = {0};
        append_decoded(&text, s->j->bytes + n->off, n->len);
        if (!text.oom && lw_like_match(s->pattern, text.s ? text.s : "", text.len)) {
            lw_sqlbuf_appends(&s->hits, s->n_hits++ ? ", " : "");
            my_json_append_string(&s->hits, s->path.s, s->path.len);
        }
        s->hits.oom |= text.oom;
        lw_sqlbuf_free(&text);
        return;
    }
    if (n->type != LW_JSON_ARRAY && n->type != LW_JSON_OBJECT)
        return;
    size_t mark = s->path.len;
    for (uint32_t i = 0; i < n->len; i++) {
        if (n->type == LW_JSON_ARRAY) {
            lw_sqlbuf_appendf(&s->path, "[%u]", i);
        } else {
            const lw_json_node *k = &s->j->nodes[my_json_key(s->j, node, i)];
            lw_sqlbuf_append(&s->path, ".", 1);
            lw_sqlbuf_append(&s->path, s->j->bytes + k->off, k->len);
        }
        search_node(s, my_json_child(s->j, node, i));
        s->path.len = mark;
        if (s->path.s)
            s->path.s[mark] = 0;
    }
}

static void search_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_search");
    if (c.argc < 3 || any_null(&c, 0, 3))
        return;
    lw_json j;
    lw_json_init(&j);
    int mode = 0;
    if (load(&c, 0, &j) || (mode = one_or_all(&c, 1)) == 0) {
        lw_json_clear(&j);
        return;
    }
    int32_t esc = '\\';
    if (c.argc > 3 && sqlite3_value_type(c.argv[3]) != SQLITE_NULL) {
        const char *e = (const char *)sqlite3_value_text(c.argv[3]);
        esc = e && *e ? lw_like_char(e, strlen(e)) : '\\';
    }
    const char *pat = (const char *)sqlite3_value_text(c.argv[2]);
    search s = {&j, NULL, mode == 2, {0}, {0}, 0};
    if (lw_like_compile(pat ? pat : "", (size_t)sqlite3_value_bytes(c.argv[2]), esc, LW_LIKE_FOLD,
                        &s.pattern) != LW_LIKE_OK) {
        sqlite3_result_error_nomem(ctx);
        lw_json_clear(&j);
        return;
    }
    int ok = 1;
    if (c.argc > 4) {
        for (int i = 4; i < c.argc && ok; i++) {
            my_jpath p;
            if (sqlite3_value_type(c.argv[i]) == SQLITE_NULL || load_path(&c, i, &p, 0)) {
                ok = 0;
                break;
            }
            my_jnodes found = {0};
            my_jpath_find(&j, 0, &p, &found);
            const char *pt = (const char *)sqlite3_value_text(c.argv[i]);
            for (uint32_t k = 0; k < found.n; k++) {
                lw_sqlbuf_reset(&s.path);
                lw_sqlbuf_appends(&s.path, pt);
                search_node(&s, found.v[k]);
            }
            my_jnodes_free(&found);
        }
    } else {
        lw_sqlbuf_appends(&s.path, "$");
        search_node(&s, 0);
    }
    if (s.path.oom || s.hits.oom) {
        sqlite3_result_error_nomem(ctx);
    } else if (ok && s.n_hits == 1) {
        result_buf(ctx, &s.hits);
    } else if (ok && s.n_hits > 1) {
        lw_sqlbuf b = {0};
        lw_sqlbuf_appendf(&b, "[%s]", s.hits.s);
        result_buf(ctx, &b);
    }
    lw_like_free(s.pattern);
    lw_sqlbuf_free(&s.path);
    lw_sqlbuf_free(&s.hits);
    lw_json_clear(&j);
}

/* ---- Modifiers ------------------------------------------------------------------------------ */

typedef enum { OP_SET, OP_INSERT, OP_REPLACE, OP_APPEND, OP_ARRAY_INSERT, OP_REMOVE } modify_op;

/* Plans the edit of one (path, value) pair on j; returns 0 when nothing changes, 1
 * with *e set, -1 on a bad path (warned). */
static int plan_edit(jcall *c, lw_json *j, int path_arg, modify_op op, my_jedit *e)
{
    my_jpath p;
    if (load_path(c, path_arg, &p, 1))
        return -1;
    memset(e, 0, sizeof *e);
    if (p.n == 0) {
        if (op == OP_REMOVE || op == OP_ARRAY_INSERT) {
            my_warn(c->s, LW_LEVEL_WARNING, 4051,
                    "Path expression '$' is not allowed in argument %d to function '%s'.",
                    path_arg + 1, c->fn);
            return -1;
        }
        if (op == OP_INSERT)
            return 0;
        e->action = op == OP_APPEND && j->nodes[0].type == LW_JSON_ARRAY ? MY_JEDIT_APPEND
                    : op == OP_APPEND                                    ? MY_JEDIT_WRAP
                                                                         : MY_JEDIT_REPLACE;
        e->target = 0;
        return 1;
    }
    my_jnodes found = {0};
    my_jpath parent = p;
    parent.n--;
    my_jpath_find(j, 0, &parent, &found);
    uint32_t at = found.n ? found.v[0] : MY_JNONE;
    int oom = found.oom;
    my_jnodes_free(&found);
    if (oom) {
        sqlite3_result_error_nomem(c->ctx);
        return -1;
    }
    if (at == MY_JNONE)
        return 0;
    const my_jstep *last = &p.steps[p.n - 1];
    const lw_json_node *pn = &j->nodes[at];
    uint32_t node = MY_JNONE;
    if (last->kind == MY_JSTEP_KEY) {
        if (op == OP_ARRAY_INSERT)
            return 0;
        if (pn->type != LW_JSON_OBJECT)
            return 0;
        node = my_json_member(j, at, last->key, last->key_len);
        if (node == MY_JNONE) {
            if (op != OP_SET && op != OP_INSERT)
                return 0;
            e->action = MY_JEDIT_ADD_MEMBER;
            e->target = at;
            e->key = last->key;
            e->key_len = last->key_len;
            return 1;
        }
    } else {
        long long i = last->index;
        if (pn->type == LW_JSON_ARRAY && last->from_last)
            i = (long long)pn->len - 1 - last->index;
        if (op == OP_ARRAY_INSERT) {
            if (pn->type != LW_JSON_ARRAY)
                return 0;
            e->action = MY_JEDIT_INSERT_AT;
            e->target = at;
            e->pos = i < 0 ? 0 : i > (long long)pn->len ? pn->len : (uint32_t)i;
            return 1;
        }
        if (pn->type != LW_JSON_ARRAY) {
            if (i == 0) {
                node = at;
            } else {
                if (op != OP_SET && op != OP_INSERT)
                    return 0;
                e->action = MY_JEDIT_WRAP;
                e->target = at;
                return 1;
            }
        } else if (i >= 0 && i < (long long)pn->len) {
            node = my_json_child(j, at, (uint32_t)i);
        } else {
            if (op != OP_SET && op != OP_INSERT)
                return 0;
            e->action = MY_JEDIT_APPEND;
            e->target = at;
            return 1;
        }
    }
    e->target = node;
    switch (op) {
    case OP_INSERT:
        return 0;
    case OP_REMOVE:
        if (node == at)
            return 0;
        e->action = MY_JEDIT_REMOVE;
        return 1;
    case OP_APPEND:
        e->action = j->nodes[node].type == LW_JSON_ARRAY ? MY_JEDIT_APPEND : MY_JEDIT_WRAP;
        return 1;
    default:
        e->action = MY_JEDIT_REPLACE;
        return 1;
    }
}

static void modify(sqlite3_context *ctx, int argc, sqlite3_value **argv, modify_op op,
                   const char *fn)
{
    jcall c = jcall_of(ctx, argc, argv, fn);
    int step = op == OP_REMOVE ? 1 : 2;
    if (c.argc < 1 + step || (c.argc - 1) % step != 0)
        return;
    /* A NULL document or path is NULL; a NULL value is JSON null. */
    for (int i = 0; i < c.argc; i += (i == 0 ? 1 : step))
        if (sqlite3_value_type(c.argv[i]) == SQLITE_NULL)
            return;
    lw_json j;
    lw_json_init(&j);
    if (load(&c, 0, &j)) {
        lw_json_clear(&j);
        return;
    }
    lw_sqlbuf doc = {0}, value = {0};
    my_json_write(&doc, &j, 0, 0, NULL);
    int ok = 1;
    for (int i = 1; i < c.argc && ok && !doc.oom; i += step) {
        if (i > 1 && lw_json_parse(&j, doc.s, doc.len, MY_JSON_FLAGS, NULL) != LW_JSON_OK)
            break;
        my_jedit e;
        int planned = plan_edit(&c, &j, i, op, &e);
        if (planned < 0) {
            ok = 0;
        } else if (planned > 0) {
            lw_sqlbuf_reset(&value);
            if (step == 2)
                append_value(&value, &c, i + 1);
            e.value = value.s;
            e.value_len = value.len;
            lw_sqlbuf next = {0};
            my_json_write(&next, &j, 0, 0, &e);
            lw_sqlbuf_free(&doc);
            doc = next;
        }
    }
    if (ok && !value.oom)
        result_buf(ctx, &doc);
    else if (value.oom)
        sqlite3_result_error_nomem(ctx);
    lw_sqlbuf_free(&doc);
    lw_sqlbuf_free(&value);
    lw_json_clear(&j);
}

#define MODIFIER(name, op)                                                                         \
    static void name##_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)                  \
    {                                                                                              \
        modify(ctx, argc, argv, op, "json_" #name);                                                \
    }
MODIFIER(set, OP_SET)
MODIFIER(insert, OP_INSERT)
MODIFIER(replace, OP_REPLACE)
MODIFIER(remove, OP_REMOVE)
MODIFIER(array_append, OP_APPEND)
MODIFIER(array_insert, OP_ARRAY_INSERT)

static void merge(sqlite3_context *ctx, int argc, sqlite3_value **argv, int patch)
{
    jcall c = jcall_of(ctx, argc, argv, patch ? "json_merge_patch" : "json_merge_preserve");
    if (c.argc < 2 || any_null(&c, 0, c.argc))
        return;
    lw_json a, b;
    lw_json_init(&a);
    lw_json_init(&b);
    lw_sqlbuf doc = {0};
    int ok = load(&c, 0, &a) == 0;
    for (int i = 1; i < c.argc && ok; i++) {
        ok = load(&c, i, &b) == 0;
        if (!ok)
            break;
        lw_sqlbuf next = {0};
        if (patch)
            my_json_merge_patch(&next, &a, 0, &b, 0);
        else
            my_json_merge_preserve(&next, &a, 0, &b, 0);
        lw_sqlbuf_free(&doc);
        doc = next;
        ok = !doc.oom && lw_json_parse(&a, doc.s, doc.len, MY_JSON_FLAGS, NULL) == LW_JSON_OK;
    }
    if (ok)
        result_buf(ctx, &doc);
    lw_sqlbuf_free(&doc);
    lw_json_clear(&a);
    lw_json_clear(&b);
}

/* JSON_EQUALS and JSON_OVERLAPS: two documents compared. */
static void two_docs(sqlite3_context *ctx, int argc, sqlite3_value **argv, int overlaps)
{
    jcall c = jcall_of(ctx, argc, argv, overlaps ? "json_overlaps" : "json_equals");
    if (c.argc != 2 || any_null(&c, 0, 2))
        return;
    lw_json a, b;
    lw_json_init(&a);
    lw_json_init(&b);
    if (load(&c, 0, &a) == 0 && load(&c, 1, &b) == 0)
        sqlite3_result_int(ctx,
                           overlaps ? my_json_overlaps(&a, 0, &b, 0) : my_json_equal(&a, 0, &b, 0));
    lw_json_clear(&a);
    lw_json_clear(&b);
}

static void equals_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    two_docs(ctx, argc, argv, 0);
}

static void overlaps_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    two_docs(ctx, argc, argv, 1);
}

static void exists_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_exists");
    if (c.argc != 2 || any_null(&c, 0, 2))
        return;
    lw_json j;
    lw_json_init(&j);
    my_jpath p;
    if (load(&c, 0, &j) == 0 && load_path(&c, 1, &p, 0) == 0) {
        my_jnodes found = {0};
        my_jpath_find(&j, 0, &p, &found);
        if (found.oom)
            sqlite3_result_error_nomem(ctx);
        else
            sqlite3_result_int(ctx, found.n > 0);
        my_jnodes_free(&found);
    }
    lw_json_clear(&j);
}

static void merge_patch_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    merge(ctx, argc, argv, 1);
}

static void merge_preserve_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    merge(ctx, argc, argv, 0);
}

/* ---- Inspection ------------------------------------------------------------------------------ */

/* The node JSON_LENGTH / JSON_KEYS look at: the root or the one at the optional path. */
static uint32_t target_node(jcall *c, lw_json *j)
{
    if (load(c, 0, j))
        return MY_JNONE;
    if (c->argc < 2)
        return 0;
    int bad;
    return find_one(c, j, 1, &bad);
}

static void length_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_length");
    if (c.argc < 1 || c.argc > 2 || any_null(&c, 0, c.argc))
        return;
    lw_json j;
    lw_json_init(&j);
    uint32_t node = target_node(&c, &j);
    if (node != MY_JNONE) {
        const lw_json_node *n = &j.nodes[node];
        int container = n->type == LW_JSON_ARRAY || n->type == LW_JSON_OBJECT;
        sqlite3_result_int64(ctx, container ? n->len : 1);
    }
    lw_json_clear(&j);
}

static void keys_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_keys");
    if (c.argc < 1 || c.argc > 2 || any_null(&c, 0, c.argc))
        return;
    lw_json j;
    lw_json_init(&j);
    uint32_t node = target_node(&c, &j);
    if (node != MY_JNONE && j.nodes[node].type == LW_JSON_OBJECT) {
        lw_sqlbuf b = {0};
        lw_sqlbuf_appends(&b, "[");
        for (uint32_t i = 0; i < j.nodes[node].len; i++) {
            const lw_json_node *k = &j.nodes[my_json_key(&j, node, i)];
            lw_sqlbuf_appendf(&b, "%s\"%.*s\"", i ? ", " : "", (int)k->len, j.bytes + k->off);
        }
        lw_sqlbuf_appends(&b, "]");
        result_buf(ctx, &b);
    }
    lw_json_clear(&j);
}

static void depth_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_depth");
    if (c.argc != 1 || any_null(&c, 0, 1))
        return;
    lw_json j;
    lw_json_init(&j);
    if (load(&c, 0, &j) == 0)
        sqlite3_result_int(ctx, my_json_depth(&j, 0));
    lw_json_clear(&j);
}

static void type_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_type");
    if (c.argc != 1 || any_null(&c, 0, 1))
        return;
    lw_json j;
    lw_json_init(&j);
    if (load(&c, 0, &j) == 0) {
        const lw_json_node *n = &j.nodes[0];
        const char *name = "NULL";
        switch ((lw_json_type)n->type) {
        case LW_JSON_OBJECT:
            name = "OBJECT";
            break;
        case LW_JSON_ARRAY:
            name = "ARRAY";
            break;
        case LW_JSON_STRING:
            name = "STRING";
            break;
        case LW_JSON_TRUE:
        case LW_JSON_FALSE:
            name = "BOOLEAN";
            break;
        case LW_JSON_NUMBER:
            /* MariaDB's: a number with a point is a DOUBLE, 1e2 an INTEGER. */
            name = memchr(j.bytes + n->off, '.', n->len) ? "DOUBLE" : "INTEGER";
            break;
        case LW_JSON_NULL:
            break;
        }
        sqlite3_result_text(ctx, name, -1, SQLITE_STATIC);
    }
    lw_json_clear(&j);
}

static void valid_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_valid");
    if (c.argc != 1 || any_null(&c, 0, 1))
        return;
    const char *t = (const char *)sqlite3_value_text(c.argv[0]);
    lw_json j;
    lw_json_init(&j);
    lw_json_status st =
        lw_json_parse(&j, t ? t : "", (size_t)sqlite3_value_bytes(c.argv[0]), MY_JSON_FLAGS, NULL);
    size_t deep = st == LW_JSON_OK ? too_deep_at(t, (size_t)sqlite3_value_bytes(c.argv[0])) : 0;
    if (deep)
        depth_warning(&c, 0, LW_LEVEL_NOTE, deep);
    if (st == LW_JSON_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_int(ctx, st == LW_JSON_OK && !deep);
    lw_json_clear(&j);
}

/* JSON_COMPACT (no spaces) and JSON_LOOSE (MariaDB's output form). */
static void rewrite_doc(sqlite3_context *ctx, int argc, sqlite3_value **argv, int compact)
{
    jcall c = jcall_of(ctx, argc, argv, compact ? "json_compact" : "json_loose");
    if (c.argc != 1 || any_null(&c, 0, 1))
        return;
    lw_json j;
    lw_json_init(&j);
    if (load(&c, 0, &j) == 0) {
        lw_sqlbuf b = {0};
        my_json_write(&b, &j, 0, compact, NULL);
        result_buf(ctx, &b);
    }
    lw_json_clear(&j);
}

/* JSON_DETAILED(doc[, tab]) and JSON_PRETTY: tab spaces per level (4; at most
 * MY_JSON_MAX_TAB, a negative one is 0). */
static void detailed_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_detailed");
    if (c.argc < 1 || c.argc > 2 || any_null(&c, 0, c.argc))
        return;
    long long tab = c.argc > 1 ? sqlite3_value_int64(c.argv[1]) : 4;
    tab = tab < 0 ? 0 : tab > MY_JSON_MAX_TAB ? MY_JSON_MAX_TAB : tab;
    lw_json j;
    lw_json_init(&j);
    if (load(&c, 0, &j) == 0) {
        lw_sqlbuf b = {0};
        my_json_write_detailed(&b, &j, 0, 0, (int)tab);
        result_buf(ctx, &b);
    }
    lw_json_clear(&j);
}

static void compact_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    rewrite_doc(ctx, argc, argv, 1);
}

static void loose_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    rewrite_doc(ctx, argc, argv, 0);
}

/* ---- Constructors ------------------------------------------------------------------------------
 */

static void object_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_object");
    if (c.argc % 2 != 0)
        return;
    lw_sqlbuf b = {0};
    lw_sqlbuf_appends(&b, "{");
    for (int i = 0; i < c.argc; i += 2) {
        const char *k = (const char *)sqlite3_value_text(c.argv[i]);
        lw_sqlbuf_appends(&b, i ? ", " : "");
        my_json_append_string(&b, k ? k : "", (size_t)sqlite3_value_bytes(c.argv[i]));
        lw_sqlbuf_appends(&b, ": ");
        append_value(&b, &c, i + 1);
    }
    lw_sqlbuf_appends(&b, "}");
    result_buf(ctx, &b);
}

static void array_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_array");
    lw_sqlbuf b = {0};
    lw_sqlbuf_appends(&b, "[");
    for (int i = 0; i < c.argc; i++) {
        lw_sqlbuf_appends(&b, i ? ", " : "");
        append_value(&b, &c, i);
    }
    lw_sqlbuf_appends(&b, "]");
    result_buf(ctx, &b);
}

static void of_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_arrayagg");
    lw_sqlbuf b = {0};
    append_value(&b, &c, 0);
    result_buf(ctx, &b);
}

static void pair_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jcall c = jcall_of(ctx, argc, argv, "json_objectagg");
    /* A row whose key is NULL is left out, as MariaDB leaves it. */
    if (sqlite3_value_type(c.argv[0]) == SQLITE_NULL)
        return;
    const char *k = (const char *)sqlite3_value_text(c.argv[0]);
    lw_sqlbuf b = {0};
    my_json_append_string(&b, k ? k : "", (size_t)sqlite3_value_bytes(c.argv[0]));
    lw_sqlbuf_appends(&b, ":");
    append_value(&b, &c, 1);
    result_buf(ctx, &b);
}

/* A JSON function's result as a comparison reads it; with a second argument 1, a string
 * keeps its JSON text (IN and BETWEEN). */
static void scalar_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int keep_strings = argc > 1 && sqlite3_value_int(argv[1]);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lw_json j;
    lw_json_init(&j);
    if (lw_json_parse(&j, t ? t : "", n, 0, NULL) != LW_JSON_OK) {
        sqlite3_result_value(ctx, argv[0]);
        lw_json_clear(&j);
        return;
    }
    const lw_json_node *node = &j.nodes[0];
    switch ((lw_json_type)node->type) {
    case LW_JSON_TRUE:
    case LW_JSON_FALSE:
        sqlite3_result_int(ctx, node->type == LW_JSON_TRUE);
        break;
    case LW_JSON_NUMBER: {
        my_number num;
        my_parse_number(j.bytes + node->off, node->len, &num);
        if (num.is_int && !num.is_unsigned)
            sqlite3_result_int64(ctx, num.i);
        else
            sqlite3_result_double(ctx, num.d);
        break;
    }
    case LW_JSON_STRING:
        if (keep_strings)
            sqlite3_result_value(ctx, argv[0]);
        else
            sqlite3_result_text(ctx, j.bytes + node->off, (int)node->len, SQLITE_TRANSIENT);
        break;
    case LW_JSON_NULL:
        break;
    default:
        sqlite3_result_value(ctx, argv[0]);
    }
    lw_json_clear(&j);
}

const lw_function_def my_json_functions[] = {
    {"my_json_extract", -1, MY_SESSION_FN, extract_func, NULL, NULL, NULL, NULL},
    {"my_json_value", 3, MY_SESSION_FN, value_func, NULL, NULL, NULL, NULL},
    {"my_json_query", 3, MY_SESSION_FN, query_func, NULL, NULL, NULL, NULL},
    {"my_json_unquote", 2, MY_SESSION_FN, unquote_func, NULL, NULL, NULL, NULL},
    {"my_json_contains", -1, MY_SESSION_FN, contains_func, NULL, NULL, NULL, NULL},
    {"my_json_contains_path", -1, MY_SESSION_FN, contains_path_func, NULL, NULL, NULL, NULL},
    {"my_json_search", -1, MY_SESSION_FN, search_func, NULL, NULL, NULL, NULL},
    {"my_json_set", -1, MY_SESSION_FN, set_func, NULL, NULL, NULL, NULL},
    {"my_json_insert", -1, MY_SESSION_FN, insert_func, NULL, NULL, NULL, NULL},
    {"my_json_replace", -1, MY_SESSION_FN, replace_func, NULL, NULL, NULL, NULL},
    {"my_json_remove", -1, MY_SESSION_FN, remove_func, NULL, NULL, NULL, NULL},
    {"my_json_array_append", -1, MY_SESSION_FN, array_append_func, NULL, NULL, NULL, NULL},
    {"my_json_array_insert", -1, MY_SESSION_FN, array_insert_func, NULL, NULL, NULL, NULL},
    {"my_json_merge_patch", -1, MY_SESSION_FN, merge_patch_func, NULL, NULL, NULL, NULL},
    {"my_json_merge_preserve", -1, MY_SESSION_FN, merge_preserve_func, NULL, NULL, NULL, NULL},
    {"my_json_length", -1, MY_SESSION_FN, length_func, NULL, NULL, NULL, NULL},
    {"my_json_keys", -1, MY_SESSION_FN, keys_func, NULL, NULL, NULL, NULL},
    {"my_json_depth", 2, MY_SESSION_FN, depth_func, NULL, NULL, NULL, NULL},
    {"my_json_type", 2, MY_SESSION_FN, type_func, NULL, NULL, NULL, NULL},
    {"my_json_valid", 2, MY_SESSION_FN, valid_func, NULL, NULL, NULL, NULL},
    {"my_json_compact", 2, MY_SESSION_FN, compact_func, NULL, NULL, NULL, NULL},
    {"my_json_loose", 2, MY_SESSION_FN, loose_func, NULL, NULL, NULL, NULL},
    {"my_json_detailed", -1, MY_SESSION_FN, detailed_func, NULL, NULL, NULL, NULL},
    {"my_json_equals", 3, MY_SESSION_FN, equals_func, NULL, NULL, NULL, NULL},
    {"my_json_overlaps", 3, MY_SESSION_FN, overlaps_func, NULL, NULL, NULL, NULL},
    {"my_json_exists", 3, MY_SESSION_FN, exists_func, NULL, NULL, NULL, NULL},
    {"my_json_object", -1, MY_SESSION_FN, object_func, NULL, NULL, NULL, NULL},
    {"my_json_array", -1, MY_SESSION_FN, array_func, NULL, NULL, NULL, NULL},
    {"my_json_of", 2, MY_SESSION_FN, of_func, NULL, NULL, NULL, NULL},
    {"my_json_pair", 3, MY_SESSION_FN, pair_func, NULL, NULL, NULL, NULL},
    {"my_json_scalar", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, scalar_func, NULL,
     NULL, NULL, NULL},
    {"my_json_scalar", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, scalar_func, NULL,
     NULL, NULL, NULL},
};
const size_t my_json_functions_n = sizeof my_json_functions / sizeof my_json_functions[0];
