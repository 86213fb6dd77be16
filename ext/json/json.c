/*
 * JSON parser and jsonb comparisons: see json.h for the data structure.
 *
 * The parser is a loop over three states (expecting a value, expecting an object key,
 * after a value) with an explicit stack of open containers, so nesting costs heap,
 * not C stack. Each value gets its node when it starts, which makes the node array
 * pre-order; the children of an open container collect in `pending` and move to
 * `kids` as one run when the container closes, where object members are sorted and
 * deduplicated at once.
 */
#include "json/json.h"

#include <string.h>
#include <unicode/utf8.h>

#include "common/hex.h"
#include "common/lw_sqlite.h"
#include "common/utf8.h"
#include "decimal/decimal.h"

void lw_json_init(lw_json *j)
{
    memset(j, 0, sizeof *j);
}

void lw_json_clear(lw_json *j)
{
    sqlite3_free(j->nodes);
    sqlite3_free(j->kids);
    sqlite3_free(j->bytes);
    sqlite3_free(j->open);
    sqlite3_free(j->pending);
    lw_json_init(j);
}

size_t lw_json_footprint(const lw_json *j)
{
    return (size_t)j->cap_nodes * sizeof(lw_json_node) + (size_t)j->cap_kids * 4 + j->cap_bytes +
           (size_t)j->cap_open * 4 + (size_t)j->cap_pending * 4;
}

int lw_json_has_root(const lw_json *j)
{
    return j->n_nodes > 0;
}

lw_json_type lw_json_root_type(const lw_json *j)
{
    return (lw_json_type)j->nodes[0].type;
}

/* Grows the array *p of elements of size elem so that it holds at least need of
 * them, at least doubling. Returns 0, or -1 when out of memory (*p unchanged). */
static int grow(void **p, uint32_t *cap, uint64_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    uint64_t n = *cap ? (uint64_t)*cap * 2 : 16;
    if (n < need)
        n = need;
    if (n > UINT32_MAX)
        n = UINT32_MAX;
    if (n < need)
        return -1;
    void *q = sqlite3_realloc64(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = (uint32_t)n;
    return 0;
}

/* ---------------------------------------------------------------------------------
 * Parsing
 */

typedef enum parse_state { EXPECT_VALUE, EXPECT_KEY, AFTER_VALUE } parse_state;

/* One parse in progress. */
typedef struct parser {
    lw_json *j;
    unsigned flags;
    const unsigned char *start, *p, *end;
    uint32_t depth; /* open containers; j->open holds two entries per level */
    lw_json_error *err;
} parser;

static lw_json_status fail(parser *ps, lw_json_status status, const unsigned char *at,
                           const char *detail)
{
    if (ps->err) {
        ps->err->offset = (size_t)(at - ps->start);
        ps->err->detail = detail;
    }
    ps->j->n_nodes = 0;
    return status;
}

/* A syntax error at a byte outside any string: when that byte starts invalid UTF-8,
 * that is the better report. */
static lw_json_status fail_syntax(parser *ps, const unsigned char *at, const char *detail)
{
    if (at < ps->end && *at >= 0x80) {
        int32_t i = 0, n = ps->end - at < 4 ? (int32_t)(ps->end - at) : 4;
        UChar32 c;
        U8_NEXT(at, i, n, c);
        if (c < 0)
            return fail(ps, LW_JSON_BAD_UTF8, at, "invalid UTF-8");
    }
    return fail(ps, LW_JSON_SYNTAX, at, detail);
}

static void skip_space(parser *ps)
{
    const unsigned char *p = ps->p, *end = ps->end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    ps->p = p;
}

/* Appends a node; adds it to the children of the innermost open container. Returns
 * its index, or UINT32_MAX when out of memory. */
static inline uint32_t add_node(parser *ps, lw_json_type type, uint32_t len, uint32_t off)
{
    lw_json *j = ps->j;
    if (grow((void **)&j->nodes, &j->cap_nodes, (uint64_t)j->n_nodes + 1, sizeof(lw_json_node)))
        return UINT32_MAX;
    if (ps->depth > 0) {
        if (grow((void **)&j->pending, &j->cap_pending, (uint64_t)j->n_pending + 1, 4))
            return UINT32_MAX;
        j->pending[j->n_pending++] = j->n_nodes;
    }
    lw_json_node *node = &j->nodes[j->n_nodes];
    node->type = type;
    node->len = len;
    node->off = off;
    return j->n_nodes++;
}

/* Key order of jsonb: shorter keys first, then bytewise. */
static int key_order(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (a_len != b_len)
        return a_len < b_len ? -1 : 1;
    return memcmp(a, b, a_len);
}

/* Binary search for key among the string nodes ids[0], ids[stride], ...
 * ids[(n - 1) * stride] of j, which are in key_order. */
static int sorted_strings_have(const lw_json *j, const uint32_t *ids, uint32_t stride, uint32_t n,
                               const char *key, size_t key_len)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const lw_json_node *k = &j->nodes[ids[(size_t)stride * mid]];
        int c = key_order(j->bytes + k->off, k->len, key, key_len);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int compare_keys(const lw_json *j, uint32_t x, uint32_t y)
{
    const lw_json_node *a = &j->nodes[x], *b = &j->nodes[y];
    return key_order(j->bytes + a->off, a->len, j->bytes + b->off, b->len);
}

/* An order on node indices (negative, zero, positive), with its context. */
typedef int (*node_order)(void *ctx, uint32_t x, uint32_t y);

/* Copies one item of width words. */
static void copy_item(uint32_t *to, const uint32_t *from, uint32_t width)
{
    to[0] = from[0];
    if (width == 2)
        to[1] = from[1];
}

/*
 * Sorts n items of width words (1, or 2 for (key, value) pairs) by order on their
 * first word, stably: a merge sort using tmp (room for n items), with insertion sort
 * for short runs, which is all small objects need.
 */
static void sort_items(uint32_t *items, uint32_t *tmp, uint32_t n, uint32_t width, node_order order,
                       void *ctx)
{
    enum { RUN = 8 };
    for (uint32_t lo = 0; lo < n; lo += RUN) {
        uint32_t hi = lo + RUN < n ? lo + RUN : n;
        for (uint32_t i = lo + 1; i < hi; i++) {
            uint32_t item[2], m = i;
            copy_item(item, items + width * i, width);
            while (m > lo && order(ctx, items[width * (m - 1)], item[0]) > 0) {
                copy_item(items + width * m, items + width * (m - 1), width);
                m--;
            }
            copy_item(items + width * m, item, width);
        }
    }
    for (uint32_t run = RUN; run < n; run *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * run) {
            uint32_t mid = lo + run < n ? lo + run : n;
            uint32_t hi = lo + 2 * run < n ? lo + 2 * run : n;
            uint32_t x = lo, y = mid, out = lo;
            while (x < mid && y < hi) {
                /* Ties take the left (earlier) item first: the sort is stable. */
                uint32_t from = order(ctx, items[width * y], items[width * x]) < 0 ? y++ : x++;
                copy_item(tmp + width * out++, items + width * from, width);
            }
            for (; x < mid; x++)
                copy_item(tmp + width * out++, items + width * x, width);
            for (; y < hi; y++)
                copy_item(tmp + width * out++, items + width * y, width);
        }
        memcpy(items, tmp, (size_t)n * width * sizeof *items);
    }
}

static int member_order(void *ctx, uint32_t x, uint32_t y)
{
    return compare_keys(ctx, x, y);
}

/* Closes the innermost open container: its pending children become its run of kids;
 * an object's members are sorted and only the last of equal keys is kept. */
static lw_json_status close_container(parser *ps)
{
    lw_json *j = ps->j;
    ps->depth--;
    uint32_t node = j->open[2 * ps->depth], first = j->open[2 * ps->depth + 1];
    uint32_t count = j->n_pending - first;
    lw_json_node *n = &j->nodes[node];
    n->off = j->n_kids;
    n->len = 0;
    if (count == 0)
        return LW_JSON_OK;
    if (grow((void **)&j->kids, &j->cap_kids, (uint64_t)j->n_kids + count, 4))
        return fail(ps, LW_JSON_NOMEM, ps->p, "out of memory");
    uint32_t *kv = j->kids + j->n_kids;
    memcpy(kv, j->pending + first, (size_t)count * sizeof *kv);
    j->n_pending = first;
    if (n->type == LW_JSON_ARRAY) {
        n->len = count;
        j->n_kids += count;
        return LW_JSON_OK;
    }
    uint32_t members = count / 2;
    if (members > 1 && !(ps->flags & LW_JSON_KEEP_ORDER)) {
        /* The sort's scratch space is the pending area just freed. */
        sort_items(kv, j->pending + first, members, 2, member_order, j);
        uint32_t kept = 0;
        for (uint32_t i = 0; i < members; i++) {
            if (i + 1 < members && compare_keys(j, kv[2 * i], kv[2 * (i + 1)]) == 0)
                continue;
            kv[2 * kept] = kv[2 * i];
            kv[2 * kept + 1] = kv[2 * i + 1];
            kept++;
        }
        members = kept;
    }
    n->len = members;
    j->n_kids += 2 * members;
    return LW_JSON_OK;
}

static lw_json_status open_container(parser *ps, lw_json_type type)
{
    lw_json *j = ps->j;
    if (ps->depth >= LW_JSON_MAX_DEPTH)
        return fail(ps, LW_JSON_TOO_DEEP, ps->p, "nested too deep");
    uint32_t node = add_node(ps, type, 0, 0);
    if (node == UINT32_MAX ||
        grow((void **)&j->open, &j->cap_open, 2 * ((uint64_t)ps->depth + 1), 4))
        return fail(ps, LW_JSON_NOMEM, ps->p, "out of memory");
    j->open[2 * ps->depth] = node;
    j->open[2 * ps->depth + 1] = j->n_pending;
    ps->depth++;
    ps->p++;
    return LW_JSON_OK;
}

/* Reads the 4 hex digits of a \u escape at p (p points at the 'u'); -1 if malformed. */
static int32_t read_u_escape(const unsigned char *p, const unsigned char *end)
{
    if (end - p < 5)
        return -1;
    int32_t cp = 0;
    for (int i = 1; i <= 4; i++) {
        int h = lw_hex_value(p[i]);
        if (h < 0)
            return -1;
        cp = cp * 16 + h;
    }
    return cp;
}

/* Bytes that end a run of plain string content: the quote, backslash, control
 * characters (which JSON requires escaped) and every non-ASCII byte (checked). */
static int string_special(unsigned char c)
{
    return c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
}

/*
 * Parses the string whose opening quote is at ps->p, decoding it into bytes (whose
 * capacity the caller made at least the text's length: decoding never grows text).
 * Adds its node and leaves ps->p after the closing quote.
 */
static lw_json_status parse_string(parser *ps)
{
    lw_json *j = ps->j;
    const unsigned char *quote = ps->p, *p = quote + 1, *end = ps->end;
    unsigned char *out = (unsigned char *)j->bytes + j->n_bytes, *out_start = out;
    for (;;) {
        /* Copying while scanning beats a memcpy() call for the short strings JSON
         * is mostly made of. */
        while (p < end && !string_special(*p))
            *out++ = *p++;
        if (p >= end)
            return fail(ps, LW_JSON_SYNTAX, quote, "unterminated string");
        unsigned char c = *p;
        if (c == '"') {
            p++;
            break;
        }
        if (c < 0x20)
            return fail(ps, LW_JSON_SYNTAX, p, "control character in a string must be escaped");
        if (c >= 0x80) {
            int32_t i = 0, n = end - p < 4 ? (int32_t)(end - p) : 4;
            UChar32 cp;
            U8_NEXT(p, i, n, cp);
            if (cp < 0)
                return fail(ps, LW_JSON_BAD_UTF8, p, "invalid UTF-8");
            memcpy(out, p, (size_t)i);
            out += i;
            p += i;
            continue;
        }
        /* A backslash. */
        if (end - p < 2)
            return fail(ps, LW_JSON_SYNTAX, quote, "unterminated string");
        switch (p[1]) {
        case '"':
        case '\\':
        case '/':
            *out++ = p[1];
            p += 2;
            continue;
        case 'b':
            *out++ = '\b';
            p += 2;
            continue;
        case 'f':
            *out++ = '\f';
            p += 2;
            continue;
        case 'n':
            *out++ = '\n';
            p += 2;
            continue;
        case 'r':
            *out++ = '\r';
            p += 2;
            continue;
        case 't':
            *out++ = '\t';
            p += 2;
            continue;
        case 'u':
            break;
        default:
            return fail(ps, LW_JSON_SYNTAX, p, "invalid escape sequence");
        }
        int32_t cp = read_u_escape(p + 1, end);
        if (cp < 0)
            return fail(ps, LW_JSON_SYNTAX, p, "invalid \\u escape (4 hex digits expected)");
        p += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
            int32_t low = read_u_escape(p + 1, end);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
            }
        }
        /* An unpaired surrogate is written in its generalized 3-byte form: see json.h. */
        int32_t k = 0;
        U8_APPEND_UNSAFE(out, k, cp);
        out += k;
    }
    uint32_t off = (uint32_t)j->n_bytes, len = (uint32_t)(out - out_start);
    if (ps->flags & LW_JSON_RAW_STRINGS) {
        /* The text as written is never shorter than its decoding, and never longer
         * than the room reserved: the whole text's length. */
        len = (uint32_t)(p - 1 - (quote + 1));
        memcpy(out_start, quote + 1, len);
    }
    if (add_node(ps, LW_JSON_STRING, len, off) == UINT32_MAX)
        return fail(ps, LW_JSON_NOMEM, quote, "out of memory");
    j->n_bytes += len;
    ps->p = p;
    return LW_JSON_OK;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Parses a number at ps->p: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static lw_json_status parse_number(parser *ps)
{
    lw_json *j = ps->j;
    const unsigned char *start = ps->p, *p = start, *end = ps->end;
    int has_exponent = 0;
    if (*p == '-')
        p++;
    if (p < end && *p == '0') {
        p++;
        if (p < end && is_digit(*p))
            return fail(ps, LW_JSON_SYNTAX, start, "invalid number (leading zero)");
    } else if (p < end && is_digit(*p)) {
        while (p < end && is_digit(*p))
            p++;
    } else {
        return fail(ps, LW_JSON_SYNTAX, start, "invalid number");
    }
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !is_digit(*p))
            return fail(ps, LW_JSON_SYNTAX, start, "invalid number");
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || !is_digit(*p))
            return fail(ps, LW_JSON_SYNTAX, start, "invalid number");
        while (p < end && is_digit(*p))
            p++;
        has_exponent = 1;
    }
    size_t len = (size_t)(p - start);
    /* Only an exponent can put a number beyond what the decimal core compares. */
    if (has_exponent && !lw_decimal_text_is_valid((const char *)start, len))
        return fail(ps, LW_JSON_RANGE, start, "number out of range");
    uint32_t off = (uint32_t)j->n_bytes;
    if (add_node(ps, LW_JSON_NUMBER, (uint32_t)len, off) == UINT32_MAX)
        return fail(ps, LW_JSON_NOMEM, start, "out of memory");
    memcpy(j->bytes + off, start, len);
    j->n_bytes += len;
    ps->p = p;
    return LW_JSON_OK;
}

static lw_json_status parse_literal(parser *ps)
{
    static const struct {
        const char *text;
        size_t len;
        lw_json_type type;
    } literals[] = {
        {"true", 4, LW_JSON_TRUE}, {"false", 5, LW_JSON_FALSE}, {"null", 4, LW_JSON_NULL}};
    for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        size_t n = literals[i].len;
        if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, literals[i].text, n) == 0) {
            if (add_node(ps, literals[i].type, 0, 0) == UINT32_MAX)
                return fail(ps, LW_JSON_NOMEM, ps->p, "out of memory");
            ps->p += n;
            return LW_JSON_OK;
        }
    }
    return fail_syntax(ps, ps->p, "expected a JSON value");
}

static void reset(lw_json *j)
{
    j->n_nodes = 0;
    j->n_kids = 0;
    j->n_bytes = 0;
    j->n_pending = 0;
}

/* Makes room for len bytes of decoded content (never more than the text's length). */
static int reserve_bytes(lw_json *j, size_t len)
{
    /* At least one byte, so that even an empty string points into an array. */
    size_t need = len ? len : 1;
    if (need <= j->cap_bytes)
        return 0;
    char *q = sqlite3_realloc64(j->bytes, need);
    if (!q)
        return -1;
    j->bytes = q;
    j->cap_bytes = need;
    return 0;
}

static parser parser_start(lw_json *j, unsigned flags, const char *text, size_t len,
                           lw_json_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    parser ps = {
        .j = j, .flags = flags, .start = s, .p = s, .end = s + len, .depth = 0, .err = err};
    return ps;
}

lw_json_status lw_json_parse(lw_json *j, const char *text, size_t len, unsigned flags,
                             lw_json_error *err)
{
    parser ps = parser_start(j, flags, text, len, err);
    reset(j);
    j->sorted = !(flags & LW_JSON_KEEP_ORDER);
    if (len > LW_JSON_MAX_TEXT)
        return fail(&ps, LW_JSON_TOO_BIG, ps.start, "text too long");
    if (reserve_bytes(j, len))
        return fail(&ps, LW_JSON_NOMEM, ps.start, "out of memory");
    parse_state state = EXPECT_VALUE;
    lw_json_status rc = LW_JSON_OK;
    for (;;) {
        skip_space(&ps);
        if (state == EXPECT_VALUE) {
            if (ps.p >= ps.end)
                return fail(&ps, LW_JSON_SYNTAX, ps.p,
                            j->n_nodes ? "expected a JSON value" : "empty JSON text");
            unsigned char c = *ps.p;
            if (c == '{' || c == '[') {
                int is_array = c == '[';
                if ((rc = open_container(&ps, is_array ? LW_JSON_ARRAY : LW_JSON_OBJECT)))
                    return rc;
                skip_space(&ps);
                if (ps.p < ps.end && *ps.p == (is_array ? ']' : '}')) {
                    ps.p++;
                    if ((rc = close_container(&ps)))
                        return rc;
                    state = AFTER_VALUE;
                } else {
                    state = is_array ? EXPECT_VALUE : EXPECT_KEY;
                }
                continue;
            }
            if (c == '"')
                rc = parse_string(&ps);
            else if (c == '-' || is_digit(c))
                rc = parse_number(&ps);
            else
                rc = parse_literal(&ps);
            if (rc)
                return rc;
            state = AFTER_VALUE;
        } else if (state == EXPECT_KEY) {
            if (ps.p >= ps.end || *ps.p != '"')
                return fail_syntax(&ps, ps.p, "expected a string as object key");
            if ((rc = parse_string(&ps)))
                return rc;
            skip_space(&ps);
            if (ps.p >= ps.end || *ps.p != ':')
                return fail_syntax(&ps, ps.p, "expected ':' after an object key");
            ps.p++;
            state = EXPECT_VALUE;
        } else if (ps.depth == 0) {
            if (ps.p < ps.end)
                return fail_syntax(&ps, ps.p, "unexpected text after the JSON value");
            return LW_JSON_OK;
        } else {
            int in_array = j->nodes[j->open[2 * (ps.depth - 1)]].type == LW_JSON_ARRAY;
            if (ps.p < ps.end && *ps.p == ',') {
                ps.p++;
                state = in_array ? EXPECT_VALUE : EXPECT_KEY;
            } else if (ps.p < ps.end && *ps.p == (in_array ? ']' : '}')) {
                ps.p++;
                if ((rc = close_container(&ps)))
                    return rc;
            } else {
                return fail_syntax(&ps, ps.p,
                                   in_array ? "expected ',' or ']' after an array element"
                                            : "expected ',' or '}' after an object member");
            }
        }
    }
}

lw_json_status lw_json_set_string(lw_json *j, const char *text, size_t len, lw_json_error *err)
{
    parser ps = parser_start(j, 0, text, len, err);
    reset(j);
    j->sorted = 1;
    if (len > LW_JSON_MAX_TEXT)
        return fail(&ps, LW_JSON_TOO_BIG, ps.start, "text too long");
    int64_t bad = lw_utf8_invalid_offset(text, len);
    if (bad >= 0)
        return fail(&ps, LW_JSON_BAD_UTF8, ps.start + bad, "invalid UTF-8");
    if (reserve_bytes(j, len))
        return fail(&ps, LW_JSON_NOMEM, ps.start, "out of memory");
    if (add_node(&ps, LW_JSON_STRING, (uint32_t)len, 0) == UINT32_MAX)
        return fail(&ps, LW_JSON_NOMEM, ps.start, "out of memory");
    if (len)
        memcpy(j->bytes, text, len);
    j->n_bytes = len;
    return LW_JSON_OK;
}

/* ---------------------------------------------------------------------------------
 * Comparisons
 */

/* The kids of container node n (NULL when it has none: an empty document may have
 * no kids array at all). */
static const uint32_t *kids_of(const lw_json *j, const lw_json_node *n)
{
    return n->len ? j->kids + n->off : NULL;
}

/* A comparison of two documents; status records the first failure. */
typedef struct comparison {
    const lw_json *a, *b;
    lw_json_status status;
} comparison;

static int is_container(uint32_t type)
{
    return type == LW_JSON_ARRAY || type == LW_JSON_OBJECT;
}

/* Equality of two scalars as jsonb compares them (equalsJsonbScalarValue). */
static int scalar_equal(comparison *cmp, const lw_json_node *x, const lw_json_node *y)
{
    if (x->type != y->type)
        return 0;
    const char *xb = cmp->a->bytes + x->off, *yb = cmp->b->bytes + y->off;
    switch (x->type) {
    case LW_JSON_STRING:
        return x->len == y->len && memcmp(xb, yb, x->len) == 0;
    case LW_JSON_NUMBER: {
        if (x->len == y->len && memcmp(xb, yb, x->len) == 0)
            return 1;
        int order;
        if (lw_decimal_compare_text(xb, x->len, yb, y->len, &order) != 0) {
            cmp->status = LW_JSON_RANGE;
            return 0;
        }
        return order == 0;
    }
    default:
        return 1;
    }
}

/* A total order on scalars consistent with scalar_equal: by type, numbers by decimal
 * value, strings by bytes. x is a node of dx, y of dy. */
static int scalar_order(comparison *cmp, const lw_json *dx, const lw_json_node *x,
                        const lw_json *dy, const lw_json_node *y)
{
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    const char *xb = dx->bytes + x->off, *yb = dy->bytes + y->off;
    if (x->type == LW_JSON_STRING) {
        int c = memcmp(xb, yb, x->len < y->len ? x->len : y->len);
        return c ? c : (x->len > y->len) - (x->len < y->len);
    }
    if (x->type != LW_JSON_NUMBER)
        return 0;
    int order = 0;
    if (lw_decimal_compare_text(xb, x->len, yb, y->len, &order) != 0)
        cmp->status = LW_JSON_RANGE;
    return order;
}

/* Orders scalar nodes of document a (sort_items() order for an array index). */
static int index_order(void *ctx, uint32_t x, uint32_t y)
{
    comparison *cmp = ctx;
    return scalar_order(cmp, cmp->a, &cmp->a->nodes[x], cmp->a, &cmp->a->nodes[y]);
}

/*
 * An array of document a with its scalar elements sorted, so that finding a scalar
 * takes a binary search. Built when an array is to be searched for many scalars:
 * scanning would cost len(a) x len(b) comparisons, which for two arrays of a million
 * elements is a hang (PostgreSQL scans, and takes that time).
 */
typedef struct array_index {
    uint32_t *sorted; /* scalar element nodes, then sort scratch; sqlite3_malloc64 */
    uint32_t n;
} array_index;

static int index_build(comparison *cmp, const lw_json_node *arr, array_index *index)
{
    const uint32_t *kid = kids_of(cmp->a, arr);
    index->n = 0;
    index->sorted = sqlite3_malloc64((uint64_t)arr->len * 2 * sizeof *index->sorted);
    if (!index->sorted) {
        cmp->status = LW_JSON_NOMEM;
        return 0;
    }
    for (uint32_t i = 0; i < arr->len; i++)
        if (!is_container(cmp->a->nodes[kid[i]].type))
            index->sorted[index->n++] = kid[i];
    sort_items(index->sorted, index->sorted + arr->len, index->n, 1, index_order, cmp);
    return cmp->status == LW_JSON_OK;
}

/* Whether the indexed array holds a scalar equal to node y of document b. */
static int index_has(comparison *cmp, const array_index *index, const lw_json_node *y)
{
    uint32_t lo = 0, hi = index->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = scalar_order(cmp, cmp->a, &cmp->a->nodes[index->sorted[mid]], cmp->b, y);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The value of key (a node of doc b) in object node obj of doc a, or UINT32_MAX. */
static uint32_t object_get(const comparison *cmp, const lw_json_node *obj, const lw_json_node *key)
{
    const lw_json *a = cmp->a;
    const char *kb = cmp->b->bytes + key->off;
    const uint32_t *kv = kids_of(a, obj);
    uint32_t lo = 0, hi = obj->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const lw_json_node *k = &a->nodes[kv[2 * mid]];
        int c = key_order(a->bytes + k->off, k->len, kb, key->len);
        if (c == 0)
            return kv[2 * mid + 1];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* Whether the array node arr of doc a holds a scalar equal to node x of doc b. */
static int array_has_scalar(comparison *cmp, const lw_json_node *arr, const lw_json_node *x)
{
    const uint32_t *kid = kids_of(cmp->a, arr);
    for (uint32_t i = 0; i < arr->len; i++)
        if (scalar_equal(cmp, &cmp->a->nodes[kid[i]], x))
            return 1;
    return 0;
}

/* JsonbDeepContains on two container nodes (ia of a, ib of b). Recursion is bounded
 * by the shallower document's depth, at most LW_JSON_MAX_DEPTH. */
static int contains_container(comparison *cmp, uint32_t ia, uint32_t ib)
{
    const lw_json *a = cmp->a, *b = cmp->b;
    const lw_json_node *na = &a->nodes[ia], *nb = &b->nodes[ib];
    if (na->type != nb->type)
        return 0;
    const uint32_t *bkids = kids_of(b, nb);
    if (nb->type == LW_JSON_OBJECT) {
        /* Keys are unique, so fewer members cannot contain more. */
        if (na->len < nb->len)
            return 0;
        for (uint32_t i = 0; i < nb->len; i++) {
            uint32_t va = object_get(cmp, na, &b->nodes[bkids[2 * i]]);
            if (va == UINT32_MAX)
                return 0;
            const lw_json_node *x = &a->nodes[va], *y = &b->nodes[bkids[2 * i + 1]];
            if (is_container(x->type) != is_container(y->type))
                return 0;
            if (is_container(x->type) ? !contains_container(cmp, va, bkids[2 * i + 1])
                                      : !scalar_equal(cmp, x, y))
                return 0;
        }
        return 1;
    }
    const uint32_t *akids = kids_of(a, na);
    array_index index = {NULL, 0};
    int use_index = (uint64_t)na->len * nb->len > LW_JSON_ARRAY_SCAN_MAX;
    int contained = 1;
    for (uint32_t i = 0; i < nb->len && contained; i++) {
        const lw_json_node *y = &b->nodes[bkids[i]];
        int found = 0;
        if (!is_container(y->type)) {
            if (!use_index)
                found = array_has_scalar(cmp, na, y);
            else if (index.sorted || index_build(cmp, na, &index))
                found = index_has(cmp, &index, y);
        } else {
            for (uint32_t k = 0; k < na->len && !found; k++)
                if (is_container(a->nodes[akids[k]].type))
                    found = contains_container(cmp, akids[k], bkids[i]);
        }
        contained = found && cmp->status == LW_JSON_OK;
    }
    sqlite3_free(index.sorted);
    return contained;
}

/* jsonb `@>` on the roots of both documents. */
static int contains_root(comparison *cmp)
{
    const lw_json_node *ra = &cmp->a->nodes[0], *rb = &cmp->b->nodes[0];
    /* jsonb keeps a top-level scalar as a one-element "raw scalar" array: an object
     * only contains an object, an array contains a raw scalar it holds, and a raw
     * scalar contains an equal raw scalar but no array. */
    if ((ra->type == LW_JSON_OBJECT) != (rb->type == LW_JSON_OBJECT))
        return 0;
    if (is_container(rb->type))
        return ra->type == rb->type && contains_container(cmp, 0, 0);
    if (ra->type == LW_JSON_ARRAY)
        return array_has_scalar(cmp, ra, rb);
    return scalar_equal(cmp, ra, rb);
}

/* Runs decide on a and b (both sorted) and reports its answer or failure. */
static lw_json_status run_comparison(const lw_json *a, const lw_json *b,
                                     int (*decide)(comparison *), int *result)
{
    comparison cmp = {a, b, LW_JSON_OK};
    *result = 0;
    if (!a->sorted || !b->sorted)
        return LW_JSON_UNSORTED;
    int answer = decide(&cmp);
    *result = cmp.status == LW_JSON_OK && answer;
    return cmp.status;
}

lw_json_status lw_json_contains(const lw_json *a, const lw_json *b, int *result)
{
    return run_comparison(a, b, contains_root, result);
}

/* compareJsonbContainers(...) == 0 on two nodes. */
static int equal_node(comparison *cmp, uint32_t ia, uint32_t ib)
{
    const lw_json *a = cmp->a, *b = cmp->b;
    const lw_json_node *x = &a->nodes[ia], *y = &b->nodes[ib];
    if (!is_container(x->type))
        return scalar_equal(cmp, x, y);
    if (x->type != y->type || x->len != y->len)
        return 0;
    const uint32_t *akids = kids_of(a, x), *bkids = kids_of(b, y);
    if (x->type == LW_JSON_ARRAY) {
        for (uint32_t i = 0; i < x->len; i++)
            if (!equal_node(cmp, akids[i], bkids[i]))
                return 0;
        return 1;
    }
    /* Both members lists are sorted the same way, so equal objects pair up in order. */
    for (uint32_t i = 0; i < x->len; i++) {
        const lw_json_node *ka = &a->nodes[akids[2 * i]], *kb = &b->nodes[bkids[2 * i]];
        if (ka->len != kb->len || memcmp(a->bytes + ka->off, b->bytes + kb->off, ka->len) != 0)
            return 0;
        if (!equal_node(cmp, akids[2 * i + 1], bkids[2 * i + 1]))
            return 0;
    }
    return 1;
}

static int equal_root(comparison *cmp)
{
    return equal_node(cmp, 0, 0);
}

lw_json_status lw_json_equal(const lw_json *a, const lw_json *b, int *result)
{
    return run_comparison(a, b, equal_root, result);
}

/* Whether node n of j (a string) holds exactly key. */
static int string_is(const lw_json *j, const lw_json_node *n, const char *key, size_t key_len)
{
    return n->len == key_len && memcmp(j->bytes + n->off, key, key_len) == 0;
}

int lw_json_has_key(const lw_json *j, const char *key, size_t key_len)
{
    const lw_json_node *root = &j->nodes[0];
    if (root->type == LW_JSON_STRING)
        return string_is(j, root, key, key_len);
    if (root->type != LW_JSON_ARRAY && root->type != LW_JSON_OBJECT)
        return 0;
    const uint32_t *kid = kids_of(j, root);
    if (root->type == LW_JSON_ARRAY) {
        for (uint32_t i = 0; i < root->len; i++) {
            const lw_json_node *e = &j->nodes[kid[i]];
            if (e->type == LW_JSON_STRING && string_is(j, e, key, key_len))
                return 1;
        }
        return 0;
    }
    if (!j->sorted) {
        for (uint32_t i = 0; i < root->len; i++) {
            if (string_is(j, &j->nodes[kid[2 * i]], key, key_len))
                return 1;
        }
        return 0;
    }
    /* An object's kids are (key, value) pairs, sorted by key. */
    return sorted_strings_have(j, kid, 2, root->len, key, key_len);
}

/* The document a string index is built on (sort_items() context). */
typedef struct string_index_of {
    const lw_json *j;
} string_index_of;

/* Orders string nodes of one document in key order. */
static int string_node_order(void *ctx, uint32_t x, uint32_t y)
{
    const lw_json *j = ((string_index_of *)ctx)->j;
    const lw_json_node *a = &j->nodes[x], *b = &j->nodes[y];
    return key_order(j->bytes + a->off, a->len, j->bytes + b->off, b->len);
}

lw_json_status lw_json_has_keys(const lw_json *j, const lw_json *keys, int all, int *result)
{
    const lw_json_node *root = &keys->nodes[0];
    if (root->type != LW_JSON_ARRAY)
        return LW_JSON_NOT_KEYS;
    const uint32_t *kid = kids_of(keys, root);
    /* Every element is checked before answering, so an error never depends on which
     * keys the document happens to have. */
    for (uint32_t i = 0; i < root->len; i++) {
        uint32_t type = keys->nodes[kid[i]].type;
        if (type != LW_JSON_STRING && type != LW_JSON_NULL)
            return LW_JSON_NOT_KEYS;
    }
    /* Many keys against a long array or object: sort the document's candidate strings
     * (array elements, member keys) once instead of scanning them for every key. */
    const lw_json_node *doc = &j->nodes[0];
    uint32_t *index = NULL, n_index = 0;
    if (is_container(doc->type) && (uint64_t)doc->len * root->len > LW_JSON_ARRAY_SCAN_MAX) {
        index = sqlite3_malloc64((uint64_t)doc->len * 2 * sizeof *index);
        if (!index)
            return LW_JSON_NOMEM;
        const uint32_t *dk = kids_of(j, doc);
        uint32_t step = doc->type == LW_JSON_OBJECT ? 2 : 1;
        for (uint32_t i = 0; i < doc->len; i++)
            if (j->nodes[dk[step * i]].type == LW_JSON_STRING)
                index[n_index++] = dk[step * i];
        string_index_of of = {j};
        sort_items(index, index + doc->len, n_index, 1, string_node_order, &of);
    }
    int answer = all;
    for (uint32_t i = 0; i < root->len; i++) {
        const lw_json_node *k = &keys->nodes[kid[i]];
        if (k->type == LW_JSON_NULL)
            continue;
        const char *key = keys->bytes + k->off;
        int found = index ? sorted_strings_have(j, index, 1, n_index, key, k->len)
                          : lw_json_has_key(j, key, k->len);
        if (found != all) {
            answer = !all;
            break;
        }
    }
    sqlite3_free(index);
    *result = answer;
    return LW_JSON_OK;
}
