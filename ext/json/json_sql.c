/*
 * SQL functions of the json module: PostgreSQL jsonb containment, key tests and
 * equality over JSON text (docs/json.md).
 *
 *   json_contains(A, B)          A @> B   A contains B
 *   json_contained_by(A, B)      A <@ B   B contains A
 *   json_equal(A, B)             A = B
 *   json_has_key(J, K)           J ? K    K a top-level key, array string or the string
 *   json_has_any_keys(J, KEYS)   J ?| KEYS
 *   json_has_all_keys(J, KEYS)   J ?& KEYS   KEYS a JSON array of strings (nulls skipped)
 *
 * Every function returns 1 or 0, or NULL when any argument is NULL.
 *
 * Arguments. A *document* (A of json_contains and json_equal, B of
 * json_contained_by, J) is JSON: TEXT must be valid JSON, which includes whatever
 * SQLite's JSON functions and `->` return; an INTEGER or REAL is the JSON number it
 * spells. A *candidate* (B of json_contains and json_equal, A of json_contained_by)
 * is read the same way, except that TEXT that is not valid JSON is a JSON string
 * holding that text, so the SQL values that `->>` returns and ORMs bind work:
 * json_contains(doc -> '$.tags', 'x') asks whether the array holds the string "x".
 * K is the key itself (TEXT; an INTEGER or REAL by its text). KEYS must be JSON.
 *
 * Errors name the function and the argument: malformed JSON with the byte position
 * (counted from 1) and a quote of the text there; invalid UTF-8 with its position;
 * nesting deeper than LW_JSON_MAX_DEPTH; BLOBs; infinite REALs; KEYS that are not an
 * array of strings.
 *
 * Each JSON argument is parsed once per call into a compact tree (json.h) and handed
 * to sqlite3_set_auxdata(), so a constant argument is parsed once per statement. The
 * trees come from a small per-connection pool: a non-constant argument's tree returns
 * to it after the call, and parsing it again allocates nothing.
 */
#include "json/json_sql.h"
#include "common/glue.h"
#include "common/utf8.h"
#include "decimal/decimal.h"
#include "json/json.h"

#include <string.h>

/* Error messages quote at most this many bytes of the offending text. */
#define QUOTE_MAX 40
/* Parsed documents kept for reuse per connection, and the largest one worth keeping. */
#define SPARE_DOCS_MAX 4
#define SPARE_DOC_BYTES_MAX ((size_t)256 << 10)

typedef struct json_doc json_doc;

/* Per-connection state shared by the module's functions: the pool of documents. */
typedef struct json_state {
    lw_shared shared;
    json_doc *spare;
    int n_spare;
} json_state;

/* A parsed argument. While it is out of the pool (in a call or in SQLite's auxdata)
 * it holds a reference on its state, so the pool outlives it. */
struct json_doc {
    lw_json json;
    json_state *state;
    json_doc *next_spare;
};

static json_doc *doc_acquire(json_state *state)
{
    json_doc *doc = state->spare;
    if (doc) {
        state->spare = doc->next_spare;
        state->n_spare--;
    } else {
        doc = sqlite3_malloc64(sizeof *doc);
        if (!doc)
            return NULL;
        lw_json_init(&doc->json);
        doc->state = state;
    }
    state->shared.refs++;
    return doc;
}

/* Gives a document back to its pool (the destructor handed to sqlite3_set_auxdata). */
static void doc_release(void *p)
{
    json_doc *doc = p;
    json_state *state = doc->state;
    if (state->n_spare < SPARE_DOCS_MAX && lw_json_footprint(&doc->json) <= SPARE_DOC_BYTES_MAX) {
        doc->next_spare = state->spare;
        state->spare = doc;
        state->n_spare++;
    } else {
        lw_json_clear(&doc->json);
        sqlite3_free(doc);
    }
    lw_shared_release(&state->shared);
}

static void state_destroy(lw_shared *shared)
{
    json_state *state = (json_state *)shared;
    while (state->spare) {
        json_doc *doc = state->spare;
        state->spare = doc->next_spare;
        lw_json_clear(&doc->json);
        sqlite3_free(doc);
    }
    sqlite3_free(state);
}

typedef enum arg_role {
    ROLE_DOCUMENT,  /* JSON */
    ROLE_CANDIDATE, /* JSON, or TEXT that is not JSON as a JSON string */
} arg_role;

/* One JSON argument of a call: the tree, and the document to cache or give back
 * when this call parsed it (NULL when it came from the statement's cache). */
typedef struct json_arg {
    const lw_json *json;
    json_doc *fresh;
} json_arg;

/* Sets the error result for a failed parse of argument i (text, len). */
static void parse_error(sqlite3_context *ctx, const char *fn, int i, lw_json_status status,
                        const lw_json_error *err, const char *text, size_t len)
{
    long long at = (long long)err->offset + 1;
    switch (status) {
    case LW_JSON_NOMEM:
        sqlite3_result_error_nomem(ctx);
        return;
    case LW_JSON_BAD_UTF8:
        lw_result_invalid_utf8(ctx, fn, i + 1, (int64_t)err->offset);
        return;
    case LW_JSON_TOO_DEEP:
        lw_result_errorf(ctx, "%s(): JSON nested deeper than %d levels in argument %d at byte %lld",
                         fn, LW_JSON_MAX_DEPTH, i + 1, at);
        return;
    case LW_JSON_TOO_BIG:
        lw_result_errorf(ctx, "%s(): JSON text in argument %d is too long", fn, i + 1);
        return;
    default:
        break;
    }
    /* Short texts are quoted whole; of a long one, the part where parsing stopped. */
    if (len <= QUOTE_MAX) {
        lw_result_errorf(ctx, "%s(): invalid JSON in argument %d at byte %lld (%s): '%.*s'", fn,
                         i + 1, at, err->detail, (int)lw_utf8_quotable_prefix(text, len, QUOTE_MAX),
                         text);
    } else {
        const char *near = text + err->offset;
        size_t rest = len - err->offset;
        int n = (int)lw_utf8_quotable_prefix(near, rest, QUOTE_MAX);
        lw_result_errorf(ctx, "%s(): invalid JSON in argument %d at byte %lld (%s) near '%.*s%s'",
                         fn, i + 1, at, err->detail, n, near, (size_t)n < rest ? "..." : "");
    }
}

/*
 * Reads JSON argument i of fn. Returns 1 with *out set, or 0 after setting an error
 * result. The caller has checked that the argument is not NULL.
 */
static int arg_json(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                    arg_role role, unsigned flags, json_arg *out)
{
    sqlite3_value *v = argv[i];
    out->fresh = NULL;
    json_doc *cached = sqlite3_get_auxdata(ctx, i);
    if (cached) {
        out->json = &cached->json;
        return 1;
    }
    int type = sqlite3_value_type(v);
    if (type == SQLITE_BLOB) {
        lw_result_errorf(ctx, "%s(): argument %d must be JSON text, got a blob", fn, i + 1);
        return 0;
    }
    json_doc *doc = doc_acquire(sqlite3_user_data(ctx));
    if (!doc) {
        sqlite3_result_error_nomem(ctx);
        return 0;
    }
    lw_json_error err = {0, NULL};
    lw_json_status status;
    if (type == SQLITE_FLOAT) {
        /* The shortest text that reads back as the REAL, as the decimal module reads
         * it: 0.1 is 0.1, not 0.1000000000000000055511151231257827. */
        lw_decimal d;
        lw_decimal_init(&d);
        lw_decimal_status real_status = lw_decimal_from_double(&d, sqlite3_value_double(v));
        if (real_status != LW_DECIMAL_OK) {
            lw_decimal_clear(&d);
            doc_release(doc);
            if (real_status == LW_DECIMAL_NOMEM) {
                sqlite3_result_error_nomem(ctx);
                return 0;
            }
            lw_result_errorf(ctx, "%s(): real value %!.15g in argument %d is not a JSON number", fn,
                             sqlite3_value_double(v), i + 1);
            return 0;
        }
        size_t len = 0;
        char *text = lw_decimal_to_text(&d, &len);
        lw_decimal_clear(&d);
        status = text ? lw_json_parse(&doc->json, text, len, flags, &err) : LW_JSON_NOMEM;
        sqlite3_free(text);
        if (status != LW_JSON_OK) {
            doc_release(doc);
            if (status == LW_JSON_NOMEM)
                sqlite3_result_error_nomem(ctx);
            else
                lw_result_errorf(ctx, "%s(): real value %!.15g in argument %d is out of range", fn,
                                 sqlite3_value_double(v), i + 1);
            return 0;
        }
    } else {
        /* TEXT, or an INTEGER read through its (exact) text. */
        const char *text = (const char *)sqlite3_value_text(v);
        size_t len = (size_t)sqlite3_value_bytes(v);
        if (!text) {
            doc_release(doc);
            sqlite3_result_error_nomem(ctx);
            return 0;
        }
        status = lw_json_parse(&doc->json, text, len, flags, &err);
        if (status == LW_JSON_SYNTAX && role == ROLE_CANDIDATE && type == SQLITE_TEXT)
            status = lw_json_set_string(&doc->json, text, len, &err);
        if (status != LW_JSON_OK) {
            doc_release(doc);
            parse_error(ctx, fn, i, status, &err, text, len);
            return 0;
        }
    }
    out->json = &doc->json;
    out->fresh = doc;
    return 1;
}

/* Gives back the documents this call parsed, after an error. */
static void args_discard(json_arg *args, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i].fresh)
            doc_release(args[i].fresh);
}

/* Hands the documents this call parsed to SQLite's per-statement cache. The last
 * thing a call does: SQLite may free a document at once (a non-constant argument, or
 * out of memory), which returns it to the pool. */
static void args_cache(sqlite3_context *ctx, json_arg *args, const int *arg_index, int n)
{
    for (int i = 0; i < n; i++)
        if (args[i].fresh)
            sqlite3_set_auxdata(ctx, arg_index[i], args[i].fresh, doc_release);
}

typedef enum comparison_op { OP_CONTAINS, OP_EQUAL } comparison_op;

/* The two-document functions: container is the argument that must contain (or
 * equal) the other one, the candidate. */
static void compare_documents(sqlite3_context *ctx, sqlite3_value **argv, const char *fn,
                              int container, comparison_op op)
{
    if (lw_any_null(2, argv))
        return;
    json_arg args[2] = {{NULL, NULL}, {NULL, NULL}};
    const int index[2] = {0, 1};
    for (int i = 0; i < 2; i++) {
        if (!arg_json(ctx, fn, argv, i, i == container ? ROLE_DOCUMENT : ROLE_CANDIDATE, 0,
                      &args[i])) {
            args_discard(args, i);
            return;
        }
    }
    const lw_json *a = args[container].json, *b = args[1 - container].json;
    int result = 0;
    lw_json_status status =
        op == OP_CONTAINS ? lw_json_contains(a, b, &result) : lw_json_equal(a, b, &result);
    if (status != LW_JSON_OK) {
        args_discard(args, 2);
        if (status == LW_JSON_NOMEM)
            sqlite3_result_error_nomem(ctx);
        else
            lw_result_errorf(ctx, "%s(): a JSON number is out of range", fn);
        return;
    }
    sqlite3_result_int(ctx, result);
    args_cache(ctx, args, index, 2);
}

static void contains_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    compare_documents(ctx, argv, "json_contains", 0, OP_CONTAINS);
}

static void contained_by_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    compare_documents(ctx, argv, "json_contained_by", 1, OP_CONTAINS);
}

static void equal_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    compare_documents(ctx, argv, "json_equal", 0, OP_EQUAL);
}

static void has_key_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "json_has_key";
    if (lw_any_null(argc, argv))
        return;
    const char *key;
    int key_len;
    if (lw_arg_text(ctx, fn, argv, 1, &key, &key_len) != 1)
        return;
    int64_t bad = lw_utf8_invalid_offset(key, (size_t)key_len);
    if (bad >= 0) {
        lw_result_invalid_utf8(ctx, fn, 2, bad);
        return;
    }
    json_arg doc;
    if (!arg_json(ctx, fn, argv, 0, ROLE_DOCUMENT, LW_JSON_KEEP_ORDER, &doc))
        return;
    /* The key's text stays valid: reading the document did not convert argument 2. */
    sqlite3_result_int(ctx, lw_json_has_key(doc.json, key, (size_t)key_len));
    const int index[1] = {0};
    args_cache(ctx, &doc, index, 1);
}

/* json_has_any_keys (all = 0) and json_has_all_keys (all = 1). */
static void has_keys(sqlite3_context *ctx, sqlite3_value **argv, const char *fn, int all)
{
    if (lw_any_null(2, argv))
        return;
    json_arg args[2] = {{NULL, NULL}, {NULL, NULL}};
    const int index[2] = {0, 1};
    for (int i = 0; i < 2; i++) {
        if (!arg_json(ctx, fn, argv, i, ROLE_DOCUMENT, LW_JSON_KEEP_ORDER, &args[i])) {
            args_discard(args, i);
            return;
        }
    }
    int result = 0;
    lw_json_status status = lw_json_has_keys(args[0].json, args[1].json, all, &result);
    if (status != LW_JSON_OK) {
        args_discard(args, 2);
        if (status == LW_JSON_NOMEM) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        const char *text = (const char *)sqlite3_value_text(argv[1]);
        size_t len = (size_t)sqlite3_value_bytes(argv[1]);
        if (!text) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        int n = (int)lw_utf8_quotable_prefix(text, len, QUOTE_MAX);
        lw_result_errorf(ctx, "%s(): argument 2 must be a JSON array of strings, got '%.*s%s'", fn,
                         n, text, (size_t)n < len ? "..." : "");
        return;
    }
    sqlite3_result_int(ctx, result);
    args_cache(ctx, args, index, 2);
}

static void has_any_keys_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    has_keys(ctx, argv, "json_has_any_keys", 0);
}

static void has_all_keys_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    has_keys(ctx, argv, "json_has_all_keys", 1);
}

static const lw_function_def json_functions[] = {
    {"json_contains", 2, LW_PURE, contains_func, NULL, NULL, NULL, NULL},
    {"json_contained_by", 2, LW_PURE, contained_by_func, NULL, NULL, NULL, NULL},
    {"json_equal", 2, LW_PURE, equal_func, NULL, NULL, NULL, NULL},
    {"json_has_key", 2, LW_PURE, has_key_func, NULL, NULL, NULL, NULL},
    {"json_has_any_keys", 2, LW_PURE, has_any_keys_func, NULL, NULL, NULL, NULL},
    {"json_has_all_keys", 2, LW_PURE, has_all_keys_func, NULL, NULL, NULL, NULL},
};

int lw_json_register(sqlite3 *db, char **pzErr)
{
    json_state *state = sqlite3_malloc64(sizeof *state);
    if (!state)
        return SQLITE_NOMEM;
    memset(state, 0, sizeof *state);
    lw_shared_init(&state->shared, state_destroy);
    int rc =
        lw_register_functions(db, json_functions, sizeof json_functions / sizeof json_functions[0],
                              &state->shared, pzErr);
    lw_shared_release(&state->shared);
    return rc;
}
