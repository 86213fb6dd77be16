/*
 * libFuzzer target for the JSON parser (ext/json/json.c): any bytes either parse or
 * fail with a status and an offset inside the input, never crash, leak or run away.
 * A parsed tree must be consistent: pre-order nodes, kids inside their arrays, bytes
 * inside the decoded area, members sorted without duplicates; and a document
 * contains and equals itself.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "common/utf8.h"
#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tree(const lw_json *j)
{
    for (uint32_t i = 0; i < j->n_nodes; i++) {
        const lw_json_node *n = &j->nodes[i];
        assert(n->type <= LW_JSON_OBJECT);
        if (n->type == LW_JSON_STRING || n->type == LW_JSON_NUMBER) {
            assert((size_t)n->off + n->len <= j->n_bytes);
        } else if (n->type == LW_JSON_ARRAY || n->type == LW_JSON_OBJECT) {
            uint32_t width = n->type == LW_JSON_OBJECT ? 2 : 1;
            assert((uint64_t)n->off + (uint64_t)n->len * width <= j->n_kids);
            for (uint32_t k = 0; k < n->len * width; k++)
                assert(j->kids[n->off + k] > i && j->kids[n->off + k] < j->n_nodes);
            for (uint32_t k = 0; j->sorted && n->type == LW_JSON_OBJECT && k + 1 < n->len; k++) {
                const lw_json_node *a = &j->nodes[j->kids[n->off + 2 * k]];
                const lw_json_node *b = &j->nodes[j->kids[n->off + 2 * k + 2]];
                assert(a->type == LW_JSON_STRING && b->type == LW_JSON_STRING);
                assert(
                    a->len < b->len ||
                    (a->len == b->len && memcmp(j->bytes + a->off, j->bytes + b->off, a->len) < 0));
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    lw_json j;
    lw_json_init(&j);
    for (unsigned flags = 0; flags <= LW_JSON_KEEP_ORDER; flags++) {
        lw_json_error err = {0, NULL};
        lw_json_status status = lw_json_parse(&j, text, size, flags, &err);
        if (status != LW_JSON_OK) {
            assert(err.offset <= size && err.detail != NULL);
            assert(!lw_json_has_root(&j));
            continue;
        }
        assert(j.n_bytes <= size);
        check_tree(&j);
        if (flags == 0) {
            int result = 0;
            assert(lw_json_contains(&j, &j, &result) == LW_JSON_OK && result == 1);
            assert(lw_json_equal(&j, &j, &result) == LW_JSON_OK && result == 1);
        }
        (void)lw_json_has_key(&j, text, size < 8 ? size : 8);
    }
    lw_json_error err = {0, NULL};
    if (lw_json_set_string(&j, text, size, &err) == LW_JSON_OK)
        assert(lw_utf8_invalid_offset(text, size) == -1 && j.nodes[0].len == size);
    else
        assert(lw_utf8_invalid_offset(text, size) == (int64_t)err.offset);
    lw_json_clear(&j);
    return 0;
}
