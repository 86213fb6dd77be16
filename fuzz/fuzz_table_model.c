/*
 * libFuzzer target: the shared layer's table model (shim/dialect/table_model.h) on
 * arbitrary text. What it reads as a CREATE TABLE must render into a statement that it
 * reads again into the same definition (rendering twice gives the same text); its
 * constraints, rowid and mentions are computed on it. A text it does not read is
 * LW_TM_ESYNTAX or LW_TM_ENOMEM, never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/table_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    lw_table_model m;
    int rc = lw_tm_parse(text, &m);
    if (rc != LW_TM_OK && rc != LW_TM_ESYNTAX && rc != LW_TM_ENOMEM)
        abort();
    if (rc == LW_TM_OK) {
        char *once = lw_tm_render(&m, NULL);
        lw_table_model again;
        if (once && lw_tm_parse(once, &again) == LW_TM_OK) {
            char *twice = lw_tm_render(&again, NULL);
            if (twice && strcmp(once, twice) != 0)
                abort(); /* the rendering does not read back as itself */
            if (again.n_cols != m.n_cols || again.n_cons != m.n_cons)
                abort();
            sqlite3_free(twice);
        } else if (once) {
            abort(); /* a rendering the parser does not read */
        }
        lw_tm_free(&again);
        sqlite3_free(once);
        lw_tm_constraint *cons = NULL;
        int n = lw_tm_constraints(&m, &cons);
        for (int i = 0; i < n; i++)
            if (cons[i].n_cols && !cons[i].cols[0])
                abort();
        sqlite3_free(cons);
        (void)lw_tm_has_hidden_rowid(&m);
        for (int i = 0; i < m.n_cols; i++)
            (void)lw_tm_mentions(text, m.cols[i].name);
    }
    lw_tm_free(&m);
    lw_tm_clause cl;
    if (lw_tm_parse_clause(text, 1, &cl) == LW_TM_OK && !cl.body)
        abort();
    lw_tm_clause_free(&cl);
    free(text);
    return 0;
}
