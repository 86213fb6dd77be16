/*
 * MariaDB's REGEXP_REPLACE(S, P, R), REGEXP_SUBSTR(S, P) and REGEXP_INSTR(S, P) in a
 * statement (the function table in functions.c points here): written
 * my_regexp_x(args, CI) for runtime_regexp.c, CI 1 when the collation of S and P is
 * case-insensitive (a _ci collation), as MariaDB compiles the pattern caseless then.
 * The REGEXP operator is expressions.c's. A wrong number of arguments is 1582.
 */
#include <string.h>

#include "dialect/mysql/mysql.h"

lw_kind my_regexp_call(lw_walker *w, lw_call *call)
{
    lw_expr e[MY_CALL_ARGS_MAX];
    char *texts[MY_CALL_ARGS_MAX];
    int n = my_call_args_read(w, call, e, texts);
    int replace = !strcmp(call->name, "regexp_replace");
    int instr = !strcmp(call->name, "regexp_instr");
    if (!w->rc && n != (replace ? 3 : 2))
        lw_walk_error(w, LW_ESQL, "42000", 1582,
                      "Incorrect parameter count in the call to native function '%s'",
                      call->spelled ? call->spelled : call->name);
    if (w->rc) {
        my_call_args_free(texts, n);
        return LW_K_UNKNOWN;
    }
    int coercibility;
    const char *coll = my_common_collation(w, &e[0], &e[1], "regexp", &coercibility);
    if (!coll)
        coll = my_connection_collation(w);
    size_t len = strlen(coll);
    int ci = len > 3 && !strcmp(coll + len - 3, "_ci");
    lw_outf(w, "my_%s(", call->name);
    for (int i = 0; i < n; i++)
        lw_outf(w, "%s, ", texts[i] ? texts[i] : "NULL");
    lw_outf(w, "%d) ", ci);
    my_call_args_free(texts, n);
    if (instr)
        return LW_K_INT8;
    call->collation = e[0].collation ? e[0].collation : my_connection_collation(w);
    call->coercibility = e[0].collation ? e[0].coercibility : LW_COERCE_COERCIBLE;
    return LW_K_TEXT;
}
