/*
 * libFuzzer target: the shim's lexer, statement splitter and every dialect's
 * translation (parameter mapping included) on arbitrary bytes, with each dialect's
 * lexer flags. Checks that the tokens tile the input exactly, that the splitter
 * always moves forward, and that translation never crashes or leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "core/lexer.h"

static const char *const names[] = {"sqlite", "postgresql", "mysql", "mariadb", "oracle"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    for (size_t d = 0; d < sizeof names / sizeof names[0]; d++) {
        const lw_dialect *dialect = lw_dialect_find(names[d], strlen(names[d]));
        lw_tokens toks = {0};
        lw_lex_error err = {NULL, 0};
        int rc = lw_lex(text, size, dialect->lex_flags, &toks, &err);
        if (rc == 0) {
            size_t covered = 0;
            for (size_t i = 0; i < toks.len; i++) {
                if (toks.items[i].offset != covered || toks.items[i].length == 0)
                    abort();
                covered += toks.items[i].length;
            }
            if (covered != size)
                abort();
            lw_param_map params = {0};
            for (size_t start = 0; start <= toks.len;) {
                size_t end = lw_statement_end(text, toks.items, toks.len, start);
                if (end < start || end > toks.len)
                    abort();
                lw_sqlbuf out = {0};
                lw_dialect_error derr = {{0}, 0, NULL, 0};
                lw_translation t = {text,        toks.items ? toks.items + start : NULL,
                                    end - start, &out,
                                    &params,     &derr,
                                    NULL,        NULL,
                                    NULL};
                dialect->translate(dialect, &t);
                if (t.stmt_data && dialect->free_stmt_data)
                    dialect->free_stmt_data(t.stmt_data);
                lw_sqlbuf_free(&out);
                lw_dialect_error_clear(&derr);
                start = end + 1;
            }
            sqlite3_free(params.refs);
        } else if (err.offset > size || !err.message) {
            abort();
        }
        lw_tokens_free(&toks);
    }
    return 0;
}
