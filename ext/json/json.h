/*
 * JSON documents with PostgreSQL jsonb semantics (plain C core).
 *
 * lw_json_parse() validates RFC 8259 JSON text (strict: no comments, trailing commas
 * or other JSON5 forms, the grammar PostgreSQL accepts) and builds a compact tree:
 *
 *   nodes  one array of 12-byte lw_json_node in document pre-order; node 0 is the
 *          root. Scalars point into bytes; containers into kids.
 *   kids   the children of every container, one contiguous run per container:
 *          array elements in document order, object members as (key node, value
 *          node) pairs sorted by key (length first, then bytes, as jsonb sorts
 *          them) with duplicates removed, the last one written winning.
 *   bytes  string contents with escapes decoded (so "\u00e9" and "é" are the same
 *          bytes) and numbers as written (compared as exact decimals).
 *
 * There is no allocation per node: a document owns these three arrays (plus parse
 * work space) and keeps their capacity when it is parsed again, so a reused lw_json
 * parses without allocating at all. Nesting is bounded by LW_JSON_MAX_DEPTH; the
 * parser is iterative, and the comparisons recurse at most that deep.
 *
 * Comparison semantics are jsonb's (src/backend/utils/adt/jsonb_util.c,
 * JsonbDeepContains and compareJsonbContainers): lw_json_contains() is `@>`,
 * lw_json_equal() is `=`, lw_json_has_key() is `?`, lw_json_has_keys() `?|`/`?&`.
 *
 * Two inputs PostgreSQL rejects are accepted, because SQLite's JSON functions accept
 * and store them and a stored document must never make a query fail: the escape
 * \u0000 (decoded to a zero byte) and unpaired surrogate escapes such as "\ud800"
 * (decoded to their 3-byte generalized UTF-8 form, equal only to the same escape).
 *
 * Memory: sqlite3_malloc64/sqlite3_realloc64/sqlite3_free. Ownership: an lw_json is
 * owned by its caller, set up with lw_json_init() and released with lw_json_clear().
 */
#ifndef LW_JSON_H
#define LW_JSON_H

#include <stddef.h>
#include <stdint.h>

/* Deepest nesting of arrays and objects accepted (SQLite 3.40's own JSON limit). */
#ifndef LW_JSON_MAX_DEPTH
#define LW_JSON_MAX_DEPTH 2000
#endif

/* lw_json_contains() scans an array for each scalar of a candidate array while the
 * product of their lengths stays within this; beyond it, it sorts the array's scalars
 * once and binary-searches them (a million by a million elements takes a second, not
 * hours). lw_json_has_keys() does the same with the document's strings and the keys. */
#ifndef LW_JSON_ARRAY_SCAN_MAX
#define LW_JSON_ARRAY_SCAN_MAX 65536
#endif

/* Longest JSON text accepted, in bytes (offsets are 32-bit). SQLite's own length
 * limit (at most 2^31-1) is lower, so SQL callers never reach it. */
#define LW_JSON_MAX_TEXT ((size_t)UINT32_MAX - 1)

typedef enum lw_json_type {
    LW_JSON_NULL = 0,
    LW_JSON_FALSE,
    LW_JSON_TRUE,
    LW_JSON_NUMBER,
    LW_JSON_STRING,
    LW_JSON_ARRAY,
    LW_JSON_OBJECT
} lw_json_type;

typedef enum lw_json_status {
    LW_JSON_OK = 0,
    LW_JSON_SYNTAX,   /* malformed JSON; lw_json_error says where and what */
    LW_JSON_BAD_UTF8, /* invalid UTF-8 at lw_json_error.offset */
    LW_JSON_TOO_DEEP, /* nested deeper than LW_JSON_MAX_DEPTH */
    LW_JSON_RANGE,    /* a number whose exponent the decimal core cannot hold */
    LW_JSON_TOO_BIG,  /* text longer than LW_JSON_MAX_TEXT */
    LW_JSON_NOT_KEYS, /* lw_json_has_keys(): keys is not an array of strings */
    LW_JSON_UNSORTED, /* comparing a tree parsed with LW_JSON_KEEP_ORDER */
    LW_JSON_NOMEM
} lw_json_status;

typedef struct lw_json_node {
    uint32_t type; /* lw_json_type */
    uint32_t len;  /* NUMBER, STRING: bytes; ARRAY: elements; OBJECT: members */
    uint32_t off;  /* NUMBER, STRING: offset in bytes; ARRAY, OBJECT: first kid */
} lw_json_node;

typedef struct lw_json {
    lw_json_node *nodes;
    uint32_t n_nodes, cap_nodes;
    uint32_t *kids;
    uint32_t n_kids, cap_kids;
    char *bytes;
    size_t n_bytes, cap_bytes;
    /* Parse work space: the open containers and the children collected so far. */
    uint32_t *open;
    uint32_t cap_open;
    uint32_t *pending;
    uint32_t n_pending, cap_pending;
    int sorted; /* object members sorted and deduplicated (not LW_JSON_KEEP_ORDER) */
} lw_json;

/*
 * lw_json_parse() flag: leave object members in document order, duplicates included,
 * which saves sorting when only the key tests (lw_json_has_key, lw_json_has_keys)
 * will read the tree: they scan instead. lw_json_contains() and lw_json_equal() need
 * the default sorted form and fail with LW_JSON_UNSORTED on such a tree.
 */
#define LW_JSON_KEEP_ORDER 1u

/*
 * lw_json_parse() flag: a string node's bytes are its text as written between the
 * quotes, escapes kept ("a\u00e9" stays 7 bytes), still validated. MySQL's JSON
 * functions copy strings as written into their results; parse a string alone without
 * the flag to decode it. The comparisons read such strings as bytes.
 */
#define LW_JSON_RAW_STRINGS 2u

/* Where parsing stopped: the byte offset (from 0) and, for LW_JSON_SYNTAX and
 * LW_JSON_RANGE, a short static description ("expected ':' after an object key"). */
typedef struct lw_json_error {
    size_t offset;
    const char *detail;
} lw_json_error;

/* An empty document (no root); every pointer NULL. */
void lw_json_init(lw_json *j);
/* Frees everything j owns and leaves it as lw_json_init() does. */
void lw_json_clear(lw_json *j);
/* Bytes of memory j holds (its capacity), to decide whether it is worth keeping. */
size_t lw_json_footprint(const lw_json *j);

/*
 * Parses len bytes of JSON text into j, replacing its content and reusing its
 * memory; flags is 0 or LW_JSON_KEEP_ORDER. On failure returns the status, fills err (may be NULL)
 * and leaves j without a root (reusable).
 */
lw_json_status lw_json_parse(lw_json *j, const char *text, size_t len, unsigned flags,
                             lw_json_error *err);

/* Makes j a single JSON string holding text (UTF-8, not JSON-escaped). Fails with
 * LW_JSON_BAD_UTF8 (err->offset set) on invalid UTF-8. */
lw_json_status lw_json_set_string(lw_json *j, const char *text, size_t len, lw_json_error *err);

/* Nonzero when j holds a parsed document. */
int lw_json_has_root(const lw_json *j);
/* The type of j's root value; j must have a root. */
lw_json_type lw_json_root_type(const lw_json *j);

/*
 * jsonb `a @> b`: sets *result to 1 when a contains b. Objects contain objects whose
 * every member they contain (recursively); arrays contain arrays whose every element
 * they contain, regardless of order and repetition, a nested container being
 * contained by some container element; a top-level array contains a scalar it
 * holds; scalars contain equal scalars. Both must have a root and be sorted (not
 * parsed with LW_JSON_KEEP_ORDER: LW_JSON_UNSORTED). Otherwise fails only when two
 * numbers cannot be compared (LW_JSON_RANGE), which parsed documents rule out.
 */
lw_json_status lw_json_contains(const lw_json *a, const lw_json *b, int *result);

/* jsonb `a = b`: same structure, numbers equal as decimals (1.0 = 1), strings equal
 * after unescaping, objects equal as sets of members. Same requirements and
 * failures as lw_json_contains(). */
lw_json_status lw_json_equal(const lw_json *a, const lw_json *b, int *result);

/* jsonb `j ? key`: the root is an object with that key, an array with that string
 * element, or that string. key is UTF-8 (not JSON-escaped). */
int lw_json_has_key(const lw_json *j, const char *key, size_t key_len);

/*
 * jsonb `j ?| keys` (all = 0) and `j ?& keys` (all = 1), keys being a JSON array of
 * strings; its null elements are skipped, as PostgreSQL skips NULL array elements.
 * Returns LW_JSON_NOT_KEYS when keys is not an array of strings and nulls, or
 * LW_JSON_NOMEM.
 */
lw_json_status lw_json_has_keys(const lw_json *j, const lw_json *keys, int all, int *result);

#endif
