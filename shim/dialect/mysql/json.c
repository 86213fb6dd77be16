/*
 * MariaDB's JSON functions in a statement (the function table in functions.c points
 * here): JSON_X(args) is written my_json_x('CLS', args) for runtime_json.c, CLS
 * giving each argument's class (JSON, boolean, DOUBLE, number, string) so a value
 * becomes the JSON MariaDB makes of it. JSON_ARRAYAGG and JSON_OBJECTAGG are
 * my_group_concat (runtime_aggregate.c) over each row's JSON text, as MariaDB builds
 * them on GROUP_CONCAT: no separator spaces in JSON_ARRAYAGG, ", " in JSON_OBJECTAGG,
 * ORDER BY and DISTINCT honoured, NULL for no rows, @@group_concat_max_len applies.
 *
 * Errors: a wrong number of arguments is 1582 as the server gives it. Results:
 * JSON_EXTRACT's kind is LW_K_JSONB, which only these functions make: a comparison
 * reads it through my_json_scalar (collations.c), as MariaDB compares an extracted
 * value as the scalar it holds. JSON_VALUE and JSON_UNQUOTE give text in the
 * document's collation (a JSON column's is utf8mb4_bin).
 */
#include <string.h>

#include "dialect/mysql/mysql.h"

#define MAX_JSON_ARGS MY_CALL_ARGS_MAX

typedef struct json_fn {
    const char *name;
    int min, max; /* arguments; max -1: any number */
    int pairs;    /* 2: the arguments after the first come in pairs; 3: all in pairs */
    lw_kind result;
} json_fn;

static const json_fn json_fns[] = {
    {"json_extract", 2, -1, 0, LW_K_JSONB},
    {"json_value", 2, 2, 0, LW_K_TEXT},
    {"json_query", 2, 2, 0, LW_K_JSON},
    {"json_unquote", 1, 1, 0, LW_K_TEXT},
    {"json_contains", 2, 3, 0, LW_K_INT8},
    {"json_contains_path", 3, -1, 0, LW_K_INT8},
    {"json_search", 3, -1, 0, LW_K_JSON},
    {"json_set", 3, -1, 2, LW_K_JSON},
    {"json_insert", 3, -1, 2, LW_K_JSON},
    {"json_replace", 3, -1, 2, LW_K_JSON},
    {"json_remove", 2, -1, 0, LW_K_JSON},
    {"json_array_append", 3, -1, 2, LW_K_JSON},
    {"json_array_insert", 3, -1, 2, LW_K_JSON},
    {"json_merge_patch", 2, -1, 0, LW_K_JSON},
    {"json_merge_preserve", 2, -1, 0, LW_K_JSON},
    {"json_merge", 2, -1, 0, LW_K_JSON},
    {"json_length", 1, 2, 0, LW_K_INT8},
    {"json_depth", 1, 1, 0, LW_K_INT8},
    {"json_type", 1, 1, 0, LW_K_TEXT},
    {"json_valid", 1, 1, 0, LW_K_INT8},
    {"json_keys", 1, 2, 0, LW_K_JSON},
    {"json_compact", 1, 1, 0, LW_K_JSON},
    {"json_loose", 1, 1, 0, LW_K_JSON},
    {"json_detailed", 1, 2, 0, LW_K_JSON},
    {"json_pretty", 1, 2, 0, LW_K_JSON},
    {"json_exists", 2, 2, 0, LW_K_INT8},
    {"json_equals", 2, 2, 0, LW_K_INT8},
    {"json_overlaps", 2, 2, 0, LW_K_INT8},
    {"json_object", 0, -1, 3, LW_K_JSON},
    {"json_array", 0, -1, 0, LW_K_JSON},
};

/* The class letter runtime_json.c reads for an argument. */
static char json_class(lw_walker *w, const lw_expr *e)
{
    if (e->is_bool || e->type == LW_K_BOOL)
        return 'b';
    if (e->type == LW_K_JSON || e->type == LW_K_JSONB)
        return 'j';
    return my_type_letter(w, e);
}

int my_call_args_read(lw_walker *w, lw_call *call, lw_expr *e, char **texts)
{
    int n = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        size_t start = lw_here(w);
        lw_expr x = lw_parse_expr(w, 0);
        char *text = lw_take_from(w, start);
        if (n < MAX_JSON_ARGS) {
            e[n] = x;
            texts[n++] = text;
        } else {
            sqlite3_free(text);
            lw_refuse(w, "a call with more than %d arguments", MAX_JSON_ARGS);
        }
        if (!lw_next_item(w))
            break;
    }
    if (lw_type_at(w, 0, LW_TK_RPAREN))
        lw_skip(w);
    sqlite3_free(lw_take_from(w, call->start));
    return n;
}

void my_call_args_free(char **texts, int n)
{
    for (int i = 0; i < n; i++)
        sqlite3_free(texts[i]);
}

lw_kind my_json_call(lw_walker *w, lw_call *call)
{
    const json_fn *fn = NULL;
    for (size_t i = 0; i < sizeof json_fns / sizeof json_fns[0] && !fn; i++)
        if (!strcmp(json_fns[i].name, call->name))
            fn = &json_fns[i];
    lw_expr e[MAX_JSON_ARGS];
    char *texts[MAX_JSON_ARGS];
    int n = my_call_args_read(w, call, e, texts);
    if (w->rc || !fn) {
        my_call_args_free(texts, n);
        if (!fn)
            lw_refuse(w, "%s()", call->name);
        return LW_K_UNKNOWN;
    }
    int bad = n < fn->min || (fn->max >= 0 && n > fn->max) || (fn->pairs == 2 && (n - 1) % 2) ||
              (fn->pairs == 3 && n % 2);
    if (bad) {
        my_call_args_free(texts, n);
        lw_walk_error(w, LW_ESQL, "42000", 1582,
                      "Incorrect parameter count in the call to native function '%s'",
                      call->spelled ? call->spelled : call->name);
        return LW_K_UNKNOWN;
    }
    char cls[MAX_JSON_ARGS + 1];
    for (int i = 0; i < n; i++)
        cls[i] = json_class(w, &e[i]);
    cls[n] = 0;
    /* JSON_MERGE is JSON_MERGE_PRESERVE's old name, JSON_PRETTY JSON_DETAILED's alias. */
    const char *runtime = !strcmp(call->name, "json_merge")    ? "json_merge_preserve"
                          : !strcmp(call->name, "json_pretty") ? "json_detailed"
                                                               : call->name;
    lw_outf(w, "my_%s('%s'", runtime, cls);
    for (int i = 0; i < n; i++)
        lw_outf(w, ", %s", texts[i] ? texts[i] : "NULL");
    lw_out(w, ") ");
    my_call_args_free(texts, n);
    if (fn->result == LW_K_TEXT) {
        const char *coll = n > 0 ? e[0].collation : NULL;
        if (!strcmp(call->name, "json_unquote") || (n > 0 && e[0].type == LW_K_JSON && !coll))
            coll = "utf8mb4_bin";
        call->collation = coll ? coll : my_connection_collation(w);
        call->coercibility = coll && n > 0 && e[0].collation ? e[0].coercibility
                             : coll                          ? LW_COERCE_IMPLICIT
                                                             : LW_COERCE_COERCIBLE;
    }
    return fn->result;
}

/* JSON_TABLE(doc, path COLUMNS (...)): rows made from a document, refused. SQLite's
 * table-valued functions have one fixed set of columns, where each JSON_TABLE names
 * its own. */
lw_kind my_json_table_call(lw_walker *w, lw_call *call)
{
    (void)call;
    lw_refuse(w, "JSON_TABLE");
    return LW_K_UNKNOWN;
}

/* JSON_ARRAYAGG([DISTINCT] x [ORDER BY k [ASC|DESC], ...]) and JSON_OBJECTAGG(k, v). */
lw_kind my_json_aggregate_call(lw_walker *w, lw_call *call)
{
    int object = !strcmp(call->name, "json_objectagg");
    int distinct = !object && lw_word(w, "distinct");
    if (distinct)
        lw_skip(w);
    lw_expr v[2], k[16];
    char *vt[2] = {NULL, NULL}, *kt[16];
    int nv = 0, nk = 0;
    char dirs[17];
    while (!w->rc && nv < 2) {
        size_t start = lw_here(w);
        v[nv] = lw_parse_expr(w, 0);
        vt[nv++] = lw_take_from(w, start);
        if (!lw_type_at(w, 0, LW_TK_COMMA))
            break;
        lw_skip(w);
    }
    if (!w->rc && !object && lw_word(w, "order") && lw_word_at(w, 1, "by")) {
        w->p += 2;
        while (!w->rc && nk < 16) {
            size_t start = lw_here(w);
            k[nk] = lw_parse_expr(w, 0);
            kt[nk] = lw_take_from(w, start);
            dirs[nk++] = lw_word(w, "desc") ? 'd' : 'a';
            if (lw_word(w, "asc") || lw_word(w, "desc"))
                lw_skip(w);
            if (!lw_type_at(w, 0, LW_TK_COMMA))
                break;
            lw_skip(w);
        }
    }
    dirs[nk] = 0;
    if (!w->rc && (nv != (object ? 2 : 1) || !lw_type_at(w, 0, LW_TK_RPAREN))) {
        if (nv != (object ? 2 : 1) && lw_type_at(w, 0, LW_TK_RPAREN))
            lw_walk_error(w, LW_ESQL, "42000", 1582,
                          "Incorrect parameter count in the call to native function '%s'",
                          call->spelled ? call->spelled : call->name);
        else
            my_syntax_error(w, 0);
    }
    if (!w->rc) {
        lw_skip(w);
        sqlite3_free(lw_take_from(w, call->start));
        const char *coll = my_connection_collation(w);
        const char *kcoll = nk > 0 && my_is_string(&k[0]) && k[0].collation ? k[0].collation : coll;
        lw_outf(w, "('%s' || my_group_concat('%s', %d, '%s', '%s', '%s', 1, ", object ? "{" : "[",
                object ? ", " : ",", distinct, coll, kcoll, dirs);
        if (object)
            lw_outf(w, "my_json_pair('%c%c', %s, %s)", json_class(w, &v[0]), json_class(w, &v[1]),
                    vt[0] ? vt[0] : "NULL", vt[1] ? vt[1] : "NULL");
        else
            lw_outf(w, "my_json_of('%c', %s)", json_class(w, &v[0]), vt[0] ? vt[0] : "NULL");
        for (int i = 0; i < nk; i++)
            lw_outf(w, ", %s", kt[i] ? kt[i] : "NULL");
        lw_outf(w, ") || '%s') ", object ? "}" : "]");
    }
    for (int i = 0; i < nv; i++)
        sqlite3_free(vt[i]);
    for (int i = 0; i < nk; i++)
        sqlite3_free(kt[i]);
    return LW_K_JSON;
}
