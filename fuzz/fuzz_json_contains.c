/*
 * libFuzzer target for jsonb containment and equality (ext/json/json.c): the input is
 * two JSON texts separated by a NUL byte (or one text compared with itself). Checks
 * the laws the comparisons must keep whatever the documents: equality is symmetric
 * and implies containment both ways, containment is reflexive, and a document's
 * top-level keys are found by the key tests.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, 0, size);
    size_t a_len = nul ? (size_t)(nul - text) : size;
    const char *b_text = nul ? nul + 1 : text;
    size_t b_len = nul ? size - a_len - 1 : size;
    lw_json a, b, keys;
    lw_json_init(&a);
    lw_json_init(&b);
    lw_json_init(&keys);
    if (lw_json_parse(&a, text, a_len, 0, NULL) != LW_JSON_OK ||
        lw_json_parse(&b, b_text, b_len, 0, NULL) != LW_JSON_OK)
        goto done;
    int ab = 0, ba = 0, eq = 0, qe = 0, aa = 0;
    assert(lw_json_contains(&a, &b, &ab) == LW_JSON_OK);
    assert(lw_json_contains(&b, &a, &ba) == LW_JSON_OK);
    assert(lw_json_equal(&a, &b, &eq) == LW_JSON_OK);
    assert(lw_json_equal(&b, &a, &qe) == LW_JSON_OK);
    assert(lw_json_contains(&a, &a, &aa) == LW_JSON_OK && aa == 1);
    assert(eq == qe);
    if (eq)
        assert(ab && ba);
    /* Every top-level member key of a is a key of a. */
    const lw_json_node *root = &a.nodes[0];
    if (root->type == LW_JSON_OBJECT)
        for (uint32_t i = 0; i < root->len; i++) {
            const lw_json_node *k = &a.nodes[a.kids[root->off + 2 * i]];
            assert(lw_json_has_key(&a, a.bytes + k->off, k->len));
        }
    /* b as a list of keys, when it is one. */
    if (lw_json_parse(&keys, b_text, b_len, LW_JSON_KEEP_ORDER, NULL) == LW_JSON_OK) {
        int any = 0, all = 0;
        lw_json_status s1 = lw_json_has_keys(&a, &keys, 0, &any);
        lw_json_status s2 = lw_json_has_keys(&a, &keys, 1, &all);
        assert(s1 == s2);
        assert(s1 == LW_JSON_OK || s1 == LW_JSON_NOT_KEYS);
    }
done:
    lw_json_clear(&a);
    lw_json_clear(&b);
    lw_json_clear(&keys);
    return 0;
}
