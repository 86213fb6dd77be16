/*
 * libFuzzer target for the mysql dialect's JSON core (shim/dialect/mysql/json_doc.c):
 * the input is a JSON document, a newline, and a MariaDB JSON path. The path either
 * parses or fails with a position inside it; the document parsed with
 * MY_JSON_FLAGS (members in order, strings as written) is searched with the path, and
 * every place found is written, replaced, removed, wrapped and appended to: each result
 * must parse again as JSON. Containment and overlap of the document with itself are
 * computed; both merges of it with itself and its JSON_DETAILED layout must parse; a
 * scalar equals itself. JSON_TABLE's rows (json_table.c) are made with the path as
 * the row path and as a NESTED path under it, a column of every type reading '$':
 * every row has every cell, a JSON cell parses, an integer cell is in its range.
 * Never a crash, a leak or undefined behaviour.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "common/lw_sqlite.h"
#include "dialect/mysql/json_doc.h"
#include "dialect/mysql/json_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* b's text parses as JSON. */
static void assert_json(lw_sqlbuf *b)
{
    if (b->oom)
        return;
    lw_json j;
    lw_json_init(&j);
    lw_json_status st = lw_json_parse(&j, b->s ? b->s : "", b->len, MY_JSON_FLAGS, NULL);
    assert(st == LW_JSON_OK || st == LW_JSON_TOO_DEEP || st == LW_JSON_NOMEM);
    lw_json_clear(&j);
}

static void edit_and_check(const lw_json *j, my_jedit_action action, uint32_t target)
{
    my_jedit e = {action, target, "k", 1, 0, "[1, \"x\"]", 8};
    lw_sqlbuf b = {0};
    my_json_write(&b, j, 0, 0, &e);
    assert_json(&b);
    lw_sqlbuf_free(&b);
}

/* JSON_TABLE(doc, path COLUMNS (n FOR ORDINALITY, i TINYINT PATH '$', d DOUBLE PATH
 * '$' DEFAULT '1' ON ERROR, s VARCHAR(2) PATH '$', j JSON PATH '$', e INT EXISTS PATH
 * '$', NESTED PATH path COLUMNS (m FOR ORDINALITY, t TEXT PATH '$'))). */
static void json_table_rows(const lw_json *j, const char *path, size_t path_len)
{
    my_jt_spec *spec = my_jt_spec_new();
    if (!spec)
        return;
    size_t pos;
    static const struct {
        const char *name;
        my_jt_kind kind;
        my_jt_type type;
        int level;
    } cols[] = {
        {"n", MY_JT_ORDINALITY, MY_JT_INT, 0}, {"i", MY_JT_PATH, MY_JT_INT, 0},
        {"d", MY_JT_PATH, MY_JT_DOUBLE, 0},    {"s", MY_JT_PATH, MY_JT_STRING, 0},
        {"j", MY_JT_PATH, MY_JT_JSON, 0},      {"e", MY_JT_EXISTS, MY_JT_INT, 0},
        {"m", MY_JT_ORDINALITY, MY_JT_INT, 1}, {"t", MY_JT_PATH, MY_JT_STRING, 1},
    };
    int ok = 1;
    for (int l = 0; l < 2 && ok; l++) {
        ok = my_jt_path(path, path_len, &spec->levels[l].path_text, &pos) == MY_JPATH_OK;
        spec->levels[l].path_len = path_len;
        spec->levels[l].parent = l - 1;
        spec->n_levels += ok;
    }
    for (size_t i = 0; i < sizeof cols / sizeof cols[0] && ok; i++) {
        my_jt_column *c = &spec->columns[spec->n_columns++];
        c->name = sqlite3_mprintf("%s", cols[i].name);
        c->kind = cols[i].kind;
        c->type = cols[i].type;
        c->level = cols[i].level;
        c->lo = -128;
        c->hi = 127;
        c->chars = i == 3 ? 2 : -1;
        c->on_error = i == 2 ? MY_JT_DEFAULT : MY_JT_NULL;
        c->error_default = i == 2 ? sqlite3_mprintf("1") : NULL;
        c->path_len = 1;
        if (c->kind != MY_JT_ORDINALITY)
            ok = my_jt_path("$", 1, &c->path_text, &pos) == MY_JPATH_OK;
    }
    spec->alias = sqlite3_mprintf("jt");
    my_jt_rows rows;
    memset(&rows, 0, sizeof rows);
    if (ok && my_jt_rows_make(spec, j, &rows) == 0) {
        for (size_t r = 0; r < rows.n_rows; r++) {
            const my_jt_value *row = rows.cells + r * (size_t)rows.n_columns;
            assert(row[1].type == SQLITE_NULL ||
                   (row[1].type == SQLITE_INTEGER && row[1].i >= -128 && row[1].i <= 127));
            if (row[4].type == SQLITE_TEXT) {
                lw_sqlbuf b = {0};
                lw_sqlbuf_append(&b, row[4].s, row[4].n);
                assert_json(&b);
                lw_sqlbuf_free(&b);
            }
        }
    }
    my_jt_rows_free(&rows);
    my_jt_spec_free(spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t doc_len = nl ? (size_t)(nl - text) : size;
    const char *path = nl ? nl + 1 : "$";
    size_t path_len = nl ? size - doc_len - 1 : 1;
    my_jpath p;
    size_t pos = 0;
    my_jpath_status ps = my_jpath_parse(path, path_len, &p, &pos);
    if (ps == MY_JPATH_SYNTAX)
        assert(pos >= 1 && pos <= path_len + 1);
    lw_json j;
    lw_json_init(&j);
    if (lw_json_parse(&j, text, doc_len, MY_JSON_FLAGS, NULL) != LW_JSON_OK) {
        lw_json_clear(&j);
        return 0;
    }
    lw_sqlbuf b = {0};
    my_json_write(&b, &j, 0, 1, NULL);
    assert_json(&b);
    lw_sqlbuf_free(&b);
    /* Not asserted true: with duplicate keys the first wins, so such an object need
     * not contain itself (as in MariaDB). */
    (void)my_json_contains(&j, 0, &j, 0);
    assert(my_json_depth(&j, 0) >= 1);
    my_json_merge_patch(&b, &j, 0, &j, 0);
    assert_json(&b);
    lw_sqlbuf_free(&b);
    my_json_merge_preserve(&b, &j, 0, &j, 0);
    assert_json(&b);
    lw_sqlbuf_free(&b);
    my_json_write_detailed(&b, &j, 0, 0, 4);
    assert_json(&b);
    lw_sqlbuf_free(&b);
    assert(my_json_equal(&j, 0, &j, 0) || j.nodes[0].type == LW_JSON_OBJECT ||
           j.nodes[0].type == LW_JSON_ARRAY);
    (void)my_json_overlaps(&j, 0, &j, 0);
    if (ps == MY_JPATH_OK)
        json_table_rows(&j, path, path_len);
    if (ps == MY_JPATH_OK) {
        my_jnodes found = {0};
        my_jpath_find(&j, 0, &p, &found);
        for (uint32_t i = 0; i < found.n && i < 16; i++) {
            uint32_t n = found.v[i];
            assert(n < j.n_nodes);
            edit_and_check(&j, MY_JEDIT_REPLACE, n);
            edit_and_check(&j, MY_JEDIT_WRAP, n);
            if (n != 0)
                edit_and_check(&j, MY_JEDIT_REMOVE, n);
            if (j.nodes[n].type == LW_JSON_ARRAY) {
                edit_and_check(&j, MY_JEDIT_APPEND, n);
                edit_and_check(&j, MY_JEDIT_INSERT_AT, n);
            }
            if (j.nodes[n].type == LW_JSON_OBJECT)
                edit_and_check(&j, MY_JEDIT_ADD_MEMBER, n);
        }
        my_jnodes_free(&found);
    }
    lw_json_clear(&j);
    return 0;
}
