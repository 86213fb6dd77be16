/*
 * CREATE TABLE for the mysql and mariadb dialects: MariaDB's column types, keys,
 * foreign keys, CHECK constraints and table options, written as a SQLite table, its
 * indexes and triggers and its catalog rows (catalog.h), all run by one call of
 * my_create_table (runtime_ddl.c: IF NOT EXISTS is a note, an existing table 1050).
 *
 *   TINYINT..BIGINT [UNSIGNED] [ZEROFILL]   INTEGER affinity and an inline CHECK of the
 *                       range (my_assign raises 1264 only when it fails); BIGINT
 *                       UNSIGNED is decimal text (UNSIGNED_BIGNUM_TEXT) since SQLite's
 *                       integers are signed; BOOLEAN is TINYINT(1), SERIAL is BIGINT
 *                       UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
 *   DECIMAL(p,s)        the exact carrier NUMERIC_TEXT(p,s) COLLATE DECIMAL; 1426, 1425
 *                       and 1427 for impossible precisions and scales
 *   FLOAT, DOUBLE       REAL (FLOAT values are stored as the single-precision value)
 *   CHAR, VARCHAR, TEXT types   their collation (the column's, else the table's, else
 *                       the database's default) as the SQLite column's COLLATE, which
 *                       indexes and UNIQUE keys use; 1074 past MariaDB's lengths
 *   BINARY, VARBINARY, BLOB types, ENUM, SET, DATE, DATETIME(fsp), TIMESTAMP(fsp),
 *   TIME(fsp), YEAR, BIT(n), JSON (text with CHECK (json_valid(...)), named
 *                       "<table>.<column>" as MariaDB names it: 4025)
 *   AUTO_INCREMENT      DEFAULT (my_autoinc(table, NULL)); assign.c wraps explicit
 *                       values; the column must be a key (1075); AUTO_INCREMENT=n
 *   DEFAULT v, NOT NULL, PRIMARY KEY, UNIQUE, KEY, COMMENT, CHECK, GENERATED ALWAYS AS
 *   (expr) [VIRTUAL | STORED | PERSISTENT], ON UPDATE CURRENT_TIMESTAMP (a trigger that
 *                       sets the column when another column's value changed)
 *   keys, FOREIGN KEY, CHECK as table elements   keys.c
 *   table options       ENGINE, [DEFAULT] CHARSET / CHARACTER SET, COLLATE, COMMENT,
 *                       AUTO_INCREMENT, ROW_FORMAT kept in the catalog; the other
 *                       options without effect here accepted; PARTITION BY refused
 *   refused             character sets other than utf8mb4 and binary, FULLTEXT and
 *                       SPATIAL keys, INVISIBLE columns, CREATE TEMPORARY | OR REPLACE TABLE
 *                       ... LIKE (CREATE TABLE ... LIKE itself: alter.c)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/catalog.h"
#include "dialect/clauses.h"
#include "dialect/mysql/catalog.h"
#include "dialect/mysql/create.h"

/* MariaDB's longest identifier. */
#define MY_NAME_MAX 64

/* The words MariaDB reserves (the ones a name cannot be without backticks), among the
 * ones a CREATE TABLE is likely to meet. */
static const char *const reserved[] = {
    "add",
    "all",
    "alter",
    "and",
    "as",
    "asc",
    "between",
    "by",
    "case",
    "check",
    "column",
    "constraint",
    "create",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "database",
    "default",
    "delete",
    "desc",
    "distinct",
    "drop",
    "else",
    "exists",
    "false",
    "for",
    "foreign",
    "from",
    "group",
    "having",
    "if",
    "in",
    "index",
    "inner",
    "insert",
    "interval",
    "into",
    "is",
    "join",
    "key",
    "keys",
    "left",
    "like",
    "limit",
    "not",
    "null",
    "on",
    "or",
    "order",
    "outer",
    "primary",
    "references",
    "right",
    "select",
    "set",
    "table",
    "then",
    "to",
    "true",
    "union",
    "unique",
    "update",
    "use",
    "using",
    "values",
    "when",
    "where",
    "with",
    NULL,
};

static int is_reserved(const lw_walker *w, size_t k)
{
    const lw_token *t = lw_tok(w, k);
    if (!t || t->type != LW_TK_WORD)
        return 0;
    for (const char *const *r = reserved; *r; r++)
        if (lw_token_is_word(w->sql, t, *r))
            return 1;
    return 0;
}

/* ---- Column types -----------------------------------------------------------------------------
 */

typedef struct coltype {
    const char *data_type; /* information_schema's DATA_TYPE */
    char column_type[512]; /* and COLUMN_TYPE */
    char declared[64];     /* the SQLite declared type */
    int is_int, is_unsigned, is_string, is_text_bytes, is_json, is_float;
    long long lo, hi;     /* integer ranges (BIGINT UNSIGNED's upper end is not one) */
    long long len, scale; /* -1 when absent */
    lw_sqlbuf members;    /* ENUM and SET: a JSON array */
} coltype;

/* (n) or (n, s) after a type name; -1 where absent. Returns 0 or the walker's failure. */
static int type_modifiers(lw_walker *w, long long *a, long long *b)
{
    *a = *b = -1;
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return 0;
    lw_skip(w);
    if (lw_read_int(w, a))
        return my_syntax_error(w, 0);
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        if (lw_read_int(w, b))
            return my_syntax_error(w, 0);
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN))
        return my_syntax_error(w, 0);
    lw_skip(w);
    return 0;
}

/* Writes DEFAULT '<first member>' from the members' JSON array (written by
 * type_members: only \" and \\ are escaped). */
static void enum_first_default(lw_walker *w, const char *members)
{
    const char *p = strchr(members, '"');
    if (!p)
        return;
    lw_sqlbuf first = {0};
    lw_sqlbuf_append(&first, "", 0);
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        lw_sqlbuf_append(&first, p, 1);
    }
    if (first.s && !first.oom)
        lw_outf(w, "DEFAULT %Q ", first.s);
    lw_sqlbuf_free(&first);
}

/* ENUM('a', 'b') / SET(...): the members as a JSON array and in column_type. */
static int type_members(lw_walker *w, coltype *ct)
{
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return my_syntax_error(w, 0);
    lw_skip(w);
    lw_sqlbuf_append(&ct->members, "[", 1);
    size_t k = strlen(ct->column_type);
    k += (size_t)snprintf(ct->column_type + k, sizeof ct->column_type - k, "(");
    int n = 0;
    while (!w->rc && lw_type_at(w, 0, LW_TK_STRING)) {
        lw_sqlbuf v = {0};
        lw_sqlbuf_append(&v, "", 0);
        if (lw_string_value(w, 0, &v) == 0) {
            lw_sqlbuf_appends(&ct->members, n ? ",\"" : "\"");
            for (size_t i = 0; i < v.len; i++) {
                if (v.s[i] == '"' || v.s[i] == '\\')
                    lw_sqlbuf_append(&ct->members, "\\", 1);
                lw_sqlbuf_append(&ct->members, v.s + i, 1);
            }
            lw_sqlbuf_append(&ct->members, "\"", 1);
            k += (size_t)snprintf(ct->column_type + k, sizeof ct->column_type - k, "%s'%s'",
                                  n ? "," : "", v.s);
            n++;
        }
        lw_sqlbuf_free(&v);
        lw_skip(w);
        if (!lw_next_item(w))
            break;
        w->t->out->len -= 2; /* the comma lw_next_item wrote */
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN))
        return my_syntax_error(w, 0);
    lw_skip(w);
    lw_sqlbuf_append(&ct->members, "]", 1);
    if (k < sizeof ct->column_type - 1)
        snprintf(ct->column_type + k, sizeof ct->column_type - k, ")");
    return w->rc;
}

/* The integer types: name, range, display widths (signed, unsigned). */
static const struct {
    const char *name;
    long long lo, hi;
    unsigned long long uhi;
    int width, uwidth;
} ints[] = {
    {"tinyint", -128, 127, 255, 4, 3},
    {"smallint", -32768, 32767, 65535, 6, 5},
    {"mediumint", -8388608, 8388607, 16777215, 9, 8},
    {"int", -2147483648LL, 2147483647LL, 4294967295ULL, 11, 10},
    {"bigint", INT64_MIN, INT64_MAX, UINT64_MAX, 20, 20},
};

/* An integer type (index i of ints[]): UNSIGNED, ZEROFILL and the display width. */
static void int_type(lw_walker *w, coltype *ct, int i, long long width)
{
    int is_unsigned = 0, zerofill = 0;
    for (;;) {
        if (lw_word(w, "unsigned"))
            is_unsigned = 1;
        else if (lw_word(w, "zerofill"))
            zerofill = is_unsigned = 1;
        else if (!lw_word(w, "signed"))
            break;
        lw_skip(w);
    }
    ct->is_int = 1;
    ct->is_unsigned = is_unsigned;
    ct->data_type = ints[i].name;
    ct->lo = is_unsigned ? 0 : ints[i].lo;
    ct->hi = is_unsigned ? (i == 4 ? INT64_MAX : (long long)ints[i].uhi) : ints[i].hi;
    if (width < 0)
        width = is_unsigned ? ints[i].uwidth : ints[i].width;
    snprintf(ct->column_type, sizeof ct->column_type, "%s(%lld)%s%s", ints[i].name, width,
             is_unsigned ? " unsigned" : "", zerofill ? " zerofill" : "");
    if (is_unsigned && i == 4)
        snprintf(ct->declared, sizeof ct->declared, "UNSIGNED_BIGNUM_TEXT");
    else
        snprintf(ct->declared, sizeof ct->declared, "%s%s%s", i == 3 ? "INT" : ints[i].name,
                 is_unsigned ? " UNSIGNED" : "", zerofill ? " ZEROFILL" : "");
    for (char *c = ct->declared; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    if (zerofill) {
        size_t k = strlen(ct->declared);
        snprintf(ct->declared + k, sizeof ct->declared - k, "(%lld)", width);
    }
}

/* Reads a column type at the current token into ct. col names the column for
 * messages. Returns 0 or the walker's failure. */
static int column_type(lw_walker *w, const char *col, coltype *ct)
{
    memset(ct, 0, sizeof *ct);
    ct->len = ct->scale = -1;
    const lw_token *t = lw_tok(w, 0);
    if (!t || t->type != LW_TK_WORD)
        return my_syntax_error(w, 0);
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(t->length < 31 ? t->length : 31), w->sql + t->offset);
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    lw_skip(w);
    long long a, b;
    if (!strcmp(name, "double") && lw_word(w, "precision"))
        lw_skip(w);
    if ((!strcmp(name, "char") || !strcmp(name, "character") || !strcmp(name, "national")) &&
        lw_word(w, "varying")) {
        lw_skip(w);
        snprintf(name, sizeof name, "varchar");
    }
    if (!strcmp(name, "national")) {
        if (!lw_word(w, "char") && !lw_word(w, "varchar") && !lw_word(w, "character"))
            return my_syntax_error(w, 0);
        snprintf(name, sizeof name, "%s", lw_word(w, "varchar") ? "varchar" : "char");
        lw_skip(w);
    }
    if (!strcmp(name, "enum") || !strcmp(name, "set")) {
        ct->data_type = name[0] == 'e' ? "enum" : "set";
        ct->is_string = 1;
        snprintf(ct->column_type, sizeof ct->column_type, "%s", ct->data_type);
        /* SET is a keyword of SQLite's, which no type name may be. */
        snprintf(ct->declared, sizeof ct->declared, "%s TEXT",
                 name[0] == 'e' ? "ENUM" : "SET_MEMBERS");
        return type_members(w, ct);
    }
    if (type_modifiers(w, &a, &b))
        return w->rc;
    if (!strcmp(name, "integer"))
        snprintf(name, sizeof name, "int");
    else if (!strcmp(name, "int1"))
        snprintf(name, sizeof name, "tinyint");
    else if (!strcmp(name, "int2"))
        snprintf(name, sizeof name, "smallint");
    else if (!strcmp(name, "int3") || !strcmp(name, "middleint"))
        snprintf(name, sizeof name, "mediumint");
    else if (!strcmp(name, "int4"))
        snprintf(name, sizeof name, "int");
    else if (!strcmp(name, "int8"))
        snprintf(name, sizeof name, "bigint");
    for (int i = 0; i < 5; i++)
        if (!strcmp(name, ints[i].name)) {
            int_type(w, ct, i, a);
            return 0;
        }
    if (!strcmp(name, "bool") || !strcmp(name, "boolean")) {
        int_type(w, ct, 0, 1);
        return 0;
    }
    if (!strcmp(name, "serial")) {
        int_type(w, ct, 4, -1);
        ct->is_unsigned = 1;
        ct->lo = 0;
        snprintf(ct->column_type, sizeof ct->column_type, "bigint(20) unsigned");
        snprintf(ct->declared, sizeof ct->declared, "UNSIGNED_BIGNUM_TEXT");
        return 0;
    }
    if (!strcmp(name, "decimal") || !strcmp(name, "dec") || !strcmp(name, "numeric") ||
        !strcmp(name, "fixed")) {
        if (a < 0)
            a = 10;
        if (b < 0)
            b = 0;
        if (a > 65)
            return lw_walk_error(w, LW_ESQL, "42000", 1426,
                                 "Too big precision specified for '%s'. Maximum is 65", col);
        if (b > 38)
            return lw_walk_error(w, LW_ESQL, "42000", 1425,
                                 "Too big scale specified for '%s'. Maximum is 38", col);
        if (b > a)
            return lw_walk_error(w, LW_ESQL, "42000", 1427,
                                 "For float(M,D), double(M,D) or decimal(M,D), M must be >= D "
                                 "(column '%s')",
                                 col);
        int is_unsigned = 0;
        while (lw_word(w, "unsigned") || lw_word(w, "zerofill") || lw_word(w, "signed")) {
            is_unsigned |= !lw_word(w, "signed");
            lw_skip(w);
        }
        ct->data_type = "decimal";
        ct->len = a;
        ct->scale = b;
        ct->is_unsigned = is_unsigned;
        snprintf(ct->column_type, sizeof ct->column_type, "decimal(%lld,%lld)%s", a, b,
                 is_unsigned ? " unsigned" : "");
        snprintf(ct->declared, sizeof ct->declared, "NUMERIC_TEXT(%lld,%lld)", a, b);
        return 0;
    }
    if (!strcmp(name, "float") || !strcmp(name, "double") || !strcmp(name, "real")) {
        while (lw_word(w, "unsigned") || lw_word(w, "zerofill") || lw_word(w, "signed"))
            lw_skip(w);
        /* FLOAT(p) with p > 24 is a DOUBLE. */
        int single = name[0] == 'f' && !(a > 24 && b < 0);
        ct->data_type = single ? "float" : "double";
        ct->is_float = 1;
        snprintf(ct->column_type, sizeof ct->column_type, "%s", ct->data_type);
        if (a >= 0 && b >= 0)
            snprintf(ct->column_type, sizeof ct->column_type, "%s(%lld,%lld)", ct->data_type, a, b);
        snprintf(ct->declared, sizeof ct->declared, "%s", single ? "FLOAT" : "DOUBLE");
        return 0;
    }
    if (!strcmp(name, "char") || !strcmp(name, "character") || !strcmp(name, "nchar") ||
        !strcmp(name, "varchar") || !strcmp(name, "nvarchar")) {
        int var = name[0] == 'v' || name[1] == 'v';
        if (var && a < 0)
            return my_syntax_error(w, 0);
        if (a < 0)
            a = 1;
        long long max = var ? 16383 : 255;
        if (a > max)
            return lw_walk_error(w, LW_ESQL, "42000", 1074,
                                 "Column length too big for column '%s' (max = %lld); use BLOB or "
                                 "TEXT instead",
                                 col, max);
        ct->data_type = var ? "varchar" : "char";
        ct->is_string = 1;
        ct->len = a;
        snprintf(ct->column_type, sizeof ct->column_type, "%s(%lld)", ct->data_type, a);
        snprintf(ct->declared, sizeof ct->declared, "%s(%lld)", var ? "VARCHAR" : "CHAR", a);
        return 0;
    }
    static const struct {
        const char *name;
        long long bytes;
        int binary;
    } lobs[] = {
        {"tinytext", 255, 0},        {"text", 65535, 0},
        {"mediumtext", 16777215, 0}, {"longtext", 4294967295LL, 0},
        {"tinyblob", 255, 1},        {"blob", 65535, 1},
        {"mediumblob", 16777215, 1}, {"longblob", 4294967295LL, 1},
    };
    for (size_t i = 0; i < sizeof lobs / sizeof lobs[0]; i++)
        if (!strcmp(name, lobs[i].name)) {
            ct->data_type = lobs[i].name;
            ct->is_string = !lobs[i].binary;
            ct->is_text_bytes = 1;
            ct->len = lobs[i].bytes;
            snprintf(ct->column_type, sizeof ct->column_type, "%s", lobs[i].name);
            snprintf(ct->declared, sizeof ct->declared, "%s", lobs[i].name);
            for (char *c = ct->declared; *c; c++)
                *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
            return 0;
        }
    if (!strcmp(name, "binary") || !strcmp(name, "varbinary")) {
        int var = name[0] == 'v';
        if (var && a < 0)
            return my_syntax_error(w, 0);
        if (a < 0)
            a = 1;
        ct->data_type = var ? "varbinary" : "binary";
        ct->len = a;
        snprintf(ct->column_type, sizeof ct->column_type, "%s(%lld)", ct->data_type, a);
        snprintf(ct->declared, sizeof ct->declared, "%s(%lld)", var ? "VARBINARY" : "BINARY", a);
        return 0;
    }
    if (!strcmp(name, "date") || !strcmp(name, "year")) {
        ct->data_type = name[0] == 'd' ? "date" : "year";
        snprintf(ct->column_type, sizeof ct->column_type, "%s",
                 name[0] == 'd' ? "date" : "year(4)");
        snprintf(ct->declared, sizeof ct->declared, "%s", name[0] == 'd' ? "DATE" : "YEAR");
        return 0;
    }
    if (!strcmp(name, "datetime") || !strcmp(name, "timestamp") || !strcmp(name, "time")) {
        if (a > 6)
            return lw_walk_error(w, LW_ESQL, "42000", 1426,
                                 "Too big precision specified for '%s'. Maximum is 6", col);
        ct->data_type = !strcmp(name, "datetime") ? "datetime"
                        : !strcmp(name, "time")   ? "time"
                                                  : "timestamp";
        ct->len = a < 0 ? 0 : a;
        if (a > 0) {
            snprintf(ct->column_type, sizeof ct->column_type, "%s(%lld)", ct->data_type, a);
            snprintf(ct->declared, sizeof ct->declared, "%s(%lld)", ct->data_type, a);
        } else {
            snprintf(ct->column_type, sizeof ct->column_type, "%s", ct->data_type);
            snprintf(ct->declared, sizeof ct->declared, "%s", ct->data_type);
        }
        for (char *c = ct->declared; *c; c++)
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        return 0;
    }
    if (!strcmp(name, "bit")) {
        if (a < 0)
            a = 1;
        if (a > 64)
            return lw_walk_error(w, LW_ESQL, "42000", 1439,
                                 "Display width out of range for '%s' (max = 64)", col);
        ct->data_type = "bit";
        ct->len = a;
        snprintf(ct->column_type, sizeof ct->column_type, "bit(%lld)", a);
        snprintf(ct->declared, sizeof ct->declared, "BIT(%lld)", a);
        return 0;
    }
    if (!strcmp(name, "json")) {
        ct->data_type = "longtext";
        ct->is_json = 1;
        snprintf(ct->column_type, sizeof ct->column_type, "longtext");
        snprintf(ct->declared, sizeof ct->declared, "JSON TEXT");
        return 0;
    }
    w->p--;
    return lw_refuse(w, "the column type %s", name);
}

/* ---- The table
 * ----------------------------------------------------------------------------------- */

/* What the table's options say, read before its columns are written. */
typedef struct table_options {
    char *engine, *collation, *comment, *row_format;
    long long auto_increment;
} table_options;

static void options_free(table_options *o)
{
    sqlite3_free(o->engine);
    sqlite3_free(o->collation);
    sqlite3_free(o->comment);
    sqlite3_free(o->row_format);
}

/* A word or string value of an option (after its optional '='), as text. */
static char *option_value(lw_walker *w, size_t *k)
{
    if (lw_op_at(w, *k, "="))
        (*k)++;
    char *v = NULL;
    if (lw_type_at(w, *k, LW_TK_STRING)) {
        lw_sqlbuf b = {0};
        lw_sqlbuf_append(&b, "", 0);
        size_t saved = w->p;
        w->p += *k;
        lw_string_value(w, 0, &b);
        w->p = saved;
        v = lw_sqlbuf_finish(&b);
    } else {
        v = lw_tok_text(w, *k);
    }
    (*k)++;
    return v;
}

/* Reads the table options starting k tokens ahead (the ')' of the column list is
 * behind), up to the end or AS/SELECT; returns where they end. */
static size_t read_options(lw_walker *w, size_t k, table_options *o)
{
    memset(o, 0, sizeof o[0]);
    o->auto_increment = -1;
    while (w->p + k < w->n && !w->rc) {
        if (lw_type_at(w, k, LW_TK_COMMA)) {
            k++;
            continue;
        }
        if (lw_word_at(w, k, "as") || lw_word_at(w, k, "select") || lw_word_at(w, k, "ignore") ||
            lw_word_at(w, k, "replace"))
            break;
        if (lw_word_at(w, k, "default")) {
            k++;
            continue;
        }
        if (lw_word_at(w, k, "engine") || lw_word_at(w, k, "type")) {
            k++;
            sqlite3_free(o->engine);
            o->engine = option_value(w, &k);
        } else if (lw_word_at(w, k, "charset") ||
                   (lw_word_at(w, k, "character") && lw_word_at(w, k + 1, "set"))) {
            k += lw_word_at(w, k, "charset") ? 1 : 2;
            char *cs = option_value(w, &k);
            const char *cs_default = cs ? my_charset_collation(w, cs) : NULL;
            if (cs_default) {
                if (!o->collation)
                    o->collation = sqlite3_mprintf("%s", cs_default);
            } else if (!cs || sqlite3_stricmp(cs, "binary") != 0) {
                lw_refuse(w, "the character set %s (values are stored as utf8mb4)", cs ? cs : "?");
            }
            sqlite3_free(cs);
        } else if (lw_word_at(w, k, "collate")) {
            k++;
            char *c = option_value(w, &k);
            const my_collation *mc = c ? my_find_collation(c, strlen(c)) : NULL;
            if (!mc)
                lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", c ? c : "");
            sqlite3_free(o->collation);
            o->collation = mc ? sqlite3_mprintf("%s", mc->name) : NULL;
            sqlite3_free(c);
        } else if (lw_word_at(w, k, "comment")) {
            k++;
            sqlite3_free(o->comment);
            o->comment = option_value(w, &k);
        } else if (lw_word_at(w, k, "auto_increment")) {
            k++;
            char *v = option_value(w, &k);
            o->auto_increment = v ? atoll(v) : 1;
            sqlite3_free(v);
        } else if (lw_word_at(w, k, "row_format")) {
            k++;
            sqlite3_free(o->row_format);
            o->row_format = option_value(w, &k);
        } else if (lw_word_at(w, k, "partition")) {
            lw_refuse(w, "PARTITION BY");
        } else if (lw_type_at(w, k, LW_TK_WORD)) {
            /* Options without an effect here: KEY_BLOCK_SIZE, STATS_PERSISTENT, ... */
            k++;
            if (w->p + k < w->n && !lw_type_at(w, k, LW_TK_COMMA))
                sqlite3_free(option_value(w, &k));
        } else {
            my_syntax_error(w, k);
        }
    }
    return k;
}

/* Remembers where column col was written (its NOT NULL may be added there). */
static void column_written(lw_walker *w, create *c, const char *col, const char *declared)
{
    column_at *grown = sqlite3_realloc64(c->cols, (sqlite3_uint64)(c->n_cols + 1) * sizeof *grown);
    char *name = sqlite3_mprintf("%s", col), *decl = sqlite3_mprintf("%s", declared);
    if (!grown || !name || !decl) {
        if (grown)
            c->cols = grown;
        sqlite3_free(name);
        sqlite3_free(decl);
        lw_fail(w, LW_ENOMEM);
        return;
    }
    c->cols = grown;
    c->cols[c->n_cols++] = (column_at){name, lw_here(w), 0, decl};
}

/* The collation a string column gets: its own (COLLATE or CHARACTER SET), else the
 * table's. Returns the static name or NULL after an error. */
static const char *column_collation(lw_walker *w, const char *given, const char *table_default)
{
    if (!given)
        return table_default;
    const my_collation *c = my_find_collation(given, strlen(given));
    if (!c) {
        lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", given);
        return NULL;
    }
    return c->name;
}

/* The statement's time as a column of type ct holds it (runtime_calendar.c's my_now): a
 * TIMESTAMP in UTC (its stored form), a DATETIME on the session's wall clock, with the
 * column's fraction digits, as MariaDB's CURRENT_TIMESTAMP default gives them. */
static void clock_of(const coltype *ct, char *buf, size_t cap)
{
    int timestamp = !strcmp(ct->data_type, "timestamp");
    if (timestamp || !strcmp(ct->data_type, "datetime"))
        snprintf(buf, cap, "my_now('%c', %lld)", timestamp ? 'N' : 'n', ct->len < 0 ? 0 : ct->len);
    else
        snprintf(buf, cap, "CURRENT_TIMESTAMP");
}

/* A column definition: name type attributes. */
static void column_definition(lw_walker *w, create *c, const lw_sqlbuf *options_collation)
{
    (void)options_collation;
    char *col = my_name(w);
    if (!col)
        return;
    if (strlen(col) > MY_NAME_MAX) {
        lw_walk_error(w, LW_ESQL, "42000", 1059, "Identifier name '%s' is too long", col);
        sqlite3_free(col);
        return;
    }
    coltype ct;
    int serial = lw_word(w, "serial") && !lw_type_at(w, 1, LW_TK_LPAREN);
    if (column_type(w, col, &ct)) {
        lw_sqlbuf_free(&ct.members);
        sqlite3_free(col);
        return;
    }
    c->ordinal++;
    lw_sqlbuf_appendf(&c->columns, "%s\"%w\"", c->columns.len ? ", " : "", col);
    lw_outf(w, "%s\"%w\" %s ", c->ordinal > 1 ? ", " : "", col, ct.declared);
    column_written(w, c, col, ct.declared);
    char *collation = NULL, *comment = NULL, *default_text = NULL;
    lw_sqlbuf extra = {0};
    int not_null = 0, auto_increment = 0;
    const char *charset_default = NULL;
    if (serial && !c->auto_column) {
        /* SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE. */
        lw_out(w, "NOT NULL ");
        not_null = 1;
        auto_increment = 1;
        c->auto_column = sqlite3_mprintf("%s", col);
        lw_outf(w, "DEFAULT (my_autoinc('%q', NULL)) ", c->table);
        lw_sqlbuf_appends(&extra, "auto_increment");
        char *kname = my_create_key_name(c, col);
        my_create_add_index(c, kname ? kname : col, col, 1, 1);
        sqlite3_free(kname);
    }
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_COMMA) &&
           !lw_type_at(w, 0, LW_TK_RPAREN) && !lw_word(w, "first") && !lw_word(w, "after")) {
        if (lw_word(w, "not") && lw_word_at(w, 1, "null")) {
            w->p += 2;
            lw_out(w, "NOT NULL ");
            not_null = 1;
        } else if (lw_word(w, "null")) {
            lw_skip(w);
        } else if (lw_word(w, "default")) {
            lw_skip(w);
            size_t first = w->p;
            if (lw_word(w, "current_timestamp") || lw_word(w, "now") || lw_word(w, "localtime") ||
                lw_word(w, "localtimestamp")) {
                /* The time of the statement (clock_of). */
                lw_skip(w);
                if (lw_type_at(w, 0, LW_TK_LPAREN))
                    w->p += lw_closing_paren(w, 0) + 1;
                char clock[64];
                clock_of(&ct, clock, sizeof clock);
                lw_outf(w, "DEFAULT (%s) ", clock);
                sqlite3_free(default_text);
                default_text = sqlite3_mprintf("current_timestamp()");
            } else {
                lw_out(w, "DEFAULT (");
                size_t value = lw_here(w);
                lw_expr e = lw_parse_expr(w, BP_CMP);
                my_assign_spec spec;
                if (e.type != LW_K_NULL && !w->rc && my_assign_spec_of(ct.declared, &spec)) {
                    /* Stored as the column stores a value: DECIMAL(6,2) DEFAULT (1 + 1)
                     * is 2.00, DATETIME DEFAULT '2020-01-01' 2020-01-01 00:00:00. */
                    lw_insert_call(w, value, "my_assign");
                    if (spec.members)
                        lw_outf(w, ", '%s', %Q, %Q, 0, %Q, 0, '?') ", spec.type, c->table, col,
                                ct.members.s ? ct.members.s : "[]");
                    else
                        lw_outf(w, ", '%s', %Q, %Q, 0, %lld, %lld, '?') ", spec.type, c->table, col,
                                spec.a, spec.b);
                }
                lw_out(w, ") ");
                const lw_token *a = &w->tk[w->at[first]], *b = &w->tk[w->at[w->p - 1]];
                sqlite3_free(default_text);
                default_text = sqlite3_mprintf("%.*s", (int)(b->offset + b->length - a->offset),
                                               w->t->sql + w->t->tokens[w->at[first]].offset);
            }
        } else if (lw_word(w, "auto_increment")) {
            lw_skip(w);
            auto_increment = 1;
            if (c->auto_column) {
                lw_walk_error(w, LW_ESQL, "42000", 1075,
                              "Incorrect table definition; there can be only one auto column "
                              "and it must be defined as a key");
                break;
            }
            c->auto_column = sqlite3_mprintf("%s", col);
            lw_outf(w, "DEFAULT (my_autoinc('%q', NULL)) ", c->table);
            lw_sqlbuf_appends(&extra, "auto_increment");
        } else if (lw_word(w, "primary") || lw_word(w, "key")) {
            w->p += lw_word(w, "primary") ? 2 : 1;
            if (!not_null)
                lw_out(w, "NOT NULL ");
            not_null = 1;
            lw_out(w, "PRIMARY KEY ");
            lw_sqlbuf_appendf(&c->catalog,
                              "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, "
                              "kind, columns) VALUES (%Q, 'PRIMARY', 'PRIMARY KEY', %Q); ",
                              c->table, col);
            if (auto_increment || (c->auto_column && !strcmp(c->auto_column, col)))
                c->auto_keyed = 1;
        } else if (lw_word(w, "unique")) {
            lw_skip(w);
            if (lw_word(w, "key"))
                lw_skip(w);
            char *kname = my_create_key_name(c, col);
            my_create_add_index(c, kname ? kname : col, col, 1,
                                c->auto_column && !strcmp(c->auto_column, col));
            sqlite3_free(kname);
        } else if (lw_word(w, "comment")) {
            lw_skip(w);
            lw_sqlbuf v = {0};
            lw_sqlbuf_append(&v, "", 0);
            lw_string_value(w, 0, &v);
            lw_skip(w);
            sqlite3_free(comment);
            comment = lw_sqlbuf_finish(&v);
        } else if (lw_word(w, "collate")) {
            lw_skip(w);
            sqlite3_free(collation);
            if (lw_type_at(w, 0, LW_TK_STRING))
                lw_skip(w);
            else
                collation = my_name(w);
        } else if ((lw_word(w, "character") && lw_word_at(w, 1, "set")) || lw_word(w, "charset")) {
            w->p += lw_word(w, "charset") ? 1 : 2;
            char *cs = lw_type_at(w, 0, LW_TK_STRING) ? NULL : my_name(w);
            if (!cs && !w->rc)
                lw_skip(w); /* a 'string': refused below */
            if (w->rc)
                charset_default = NULL;
            else if (cs && my_charset_collation(w, cs))
                charset_default = my_charset_collation(w, cs);
            else if (cs && !sqlite3_stricmp(cs, "binary"))
                charset_default = "utf8mb4_nopad_bin";
            else
                lw_refuse(w, "the character set %s (values are stored as utf8mb4)", cs ? cs : "?");
            sqlite3_free(cs);
        } else if (lw_word(w, "check")) {
            char *cname = sqlite3_mprintf("%s.%s", c->table, col);
            my_create_check_constraint(w, c, cname ? cname : "");
            sqlite3_free(cname);
        } else if (lw_word(w, "references")) {
            /* An inline REFERENCES is parsed and ignored by MariaDB (InnoDB reads
             * foreign keys only as table constraints). */
            lw_skip(w);
            lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_LPAREN))
                w->p += lw_closing_paren(w, 0) + 1;
            lw_sqlbuf ignored = {0}, def = {0};
            char *d = NULL, *u = NULL;
            my_create_fk_actions(w, &ignored, &def, &d, &u);
            lw_sqlbuf_free(&ignored);
            lw_sqlbuf_free(&def);
            sqlite3_free(d);
            sqlite3_free(u);
        } else if (lw_word(w, "generated") || lw_word(w, "as")) {
            if (lw_word(w, "generated"))
                w->p += 2; /* GENERATED ALWAYS */
            lw_skip(w);    /* AS */
            lw_out(w, "GENERATED ALWAYS AS ");
            lw_parse_expr(w, 0);
            int stored = lw_word(w, "stored") || lw_word(w, "persistent");
            if (lw_word(w, "stored") || lw_word(w, "persistent") || lw_word(w, "virtual"))
                lw_skip(w);
            lw_out(w, stored ? "STORED " : "VIRTUAL ");
            lw_sqlbuf_appends(&extra, stored ? "STORED GENERATED" : "VIRTUAL GENERATED");
        } else if (lw_word(w, "on") && lw_word_at(w, 1, "update")) {
            w->p += 2;
            if (!lw_word(w, "current_timestamp") && !lw_word(w, "now")) {
                lw_refuse(w, "ON UPDATE with another value than CURRENT_TIMESTAMP");
                break;
            }
            lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_LPAREN))
                w->p += lw_closing_paren(w, 0) + 1;
            lw_sqlbuf_appendf(&c->on_update, "%s%s", c->on_update.len ? "," : "", col);
            char clock[64];
            clock_of(&ct, clock, sizeof clock);
            lw_sqlbuf_appendf(&c->on_update_clock, "%s\n", clock);
            lw_sqlbuf_appends(&extra, "on update current_timestamp()");
        } else if (lw_word(w, "invisible")) {
            lw_refuse(w, "INVISIBLE columns");
        } else if (lw_word(w, "unsigned") || lw_word(w, "zerofill") || lw_word(w, "signed")) {
            lw_skip(w);
        } else {
            my_syntax_error(w, 0);
        }
    }
    /* A NOT NULL ENUM without a DEFAULT defaults to its first member, as in MariaDB. */
    if (!w->rc && not_null && !default_text && ct.data_type && !strcmp(ct.data_type, "enum") &&
        ct.members.s && !(extra.s && strstr(extra.s, "GENERATED")))
        enum_first_default(w, ct.members.s);
    const char *coll = NULL;
    if (ct.is_string || ct.is_json) {
        coll = ct.is_json
                   ? "utf8mb4_bin"
                   : column_collation(w, collation,
                                      charset_default ? charset_default : c->default_collation);
        if (coll)
            lw_outf(w, "COLLATE %s ", coll);
    } else if (collation) {
        coll = column_collation(w, collation, NULL);
    }
    /* Values are checked where they are stored (assign.c, bind.c), not by CHECK
     * constraints, which SQLite would evaluate for every row. */
    if (!strcmp(ct.declared, "UNSIGNED_BIGNUM_TEXT")) {
        lw_out(w, "COLLATE DECIMAL ");
    } else if (!strncmp(ct.declared, "NUMERIC_TEXT", 12)) {
        lw_out(w, "COLLATE DECIMAL ");
    } else if (!strcmp(ct.data_type, "time")) {
        lw_out(w, "COLLATE MY_TIME "); /* durations in order (runtime_temporal.c) */
    } else if (ct.is_json) {
        char *cname = sqlite3_mprintf("%s.%s", c->table, col);
        /* NULL passes, as MariaDB's JSON_VALID(NULL) is NULL (SQLite's is 0). */
        lw_outf(w, "CONSTRAINT \"%w\" CHECK (\"%w\" IS NULL OR json_valid(\"%w\")) ",
                cname ? cname : "", col, col);
        lw_sqlbuf_appendf(&c->catalog,
                          "INSERT OR REPLACE INTO _lw_mysql_constraints (table_name, name, kind, "
                          "definition) VALUES (%Q, %Q, 'CHECK', 'json_valid(`' || %Q || '`)'); ",
                          c->table, col, col);
        sqlite3_free(cname);
    }
    const my_collation *mc = coll ? my_find_collation(coll, strlen(coll)) : NULL;
    lw_sqlbuf_appendf(&c->catalog,
                      "INSERT OR REPLACE INTO _lw_mysql_columns VALUES (%Q, %Q, %d, %Q, %Q, %Q, "
                      "%Q, %Q, %Q, %Q, %Q, %Q); ",
                      c->table, col, c->ordinal, ct.data_type, ct.column_type,
                      mc ? mc->charset : NULL, coll, ct.members.s, extra.s ? extra.s : "",
                      comment ? comment : "", default_text, not_null ? "NO" : "YES");
    if (not_null && c->n_cols)
        c->cols[c->n_cols - 1].not_null = 1;
    lw_sqlbuf_free(&ct.members);
    lw_sqlbuf_free(&extra);
    sqlite3_free(collation);
    sqlite3_free(comment);
    sqlite3_free(default_text);
    sqlite3_free(col);
}

/* The trigger behind ON UPDATE CURRENT_TIMESTAMP: when the UPDATE left those columns
 * as they were and changed another column's value. */
/* Frees what a create holds (not c itself). */
static void create_free(create *c)
{
    lw_sqlbuf_free(&c->post);
    lw_sqlbuf_free(&c->catalog);
    lw_sqlbuf_free(&c->on_update);
    lw_sqlbuf_free(&c->on_update_clock);
    lw_sqlbuf_free(&c->columns);
    lw_sqlbuf_free(&c->keys);
    sqlite3_free(c->auto_column);
    for (int i = 0; i < c->n_cols; i++) {
        sqlite3_free(c->cols[i].name);
        sqlite3_free(c->cols[i].declared);
    }
    sqlite3_free(c->cols);
    sqlite3_free(c->primary);
    sqlite3_free(c->table);
    lw_sqlbuf_free(&c->key_columns);
}

static void on_update_trigger(create *c)
{
    if (!c->on_update.len)
        return;
    lw_sqlbuf changed = {0}, kept = {0}, set = {0};
    const char *cols = c->columns.s ? c->columns.s : "";
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        char *q = sqlite3_mprintf("%.*s", (int)n, p); /* "name" quoted */
        char *bare = q ? sqlite3_mprintf("%.*s", (int)strlen(q) - 2, q + 1) : NULL;
        int stamped = 0, which = 0;
        for (const char *u = c->on_update.s; bare && *u && !stamped; which++) {
            size_t m = strcspn(u, ",");
            stamped = m == strlen(bare) && !strncmp(u, bare, m);
            u += m;
            if (*u == ',')
                u++;
        }
        if (q && stamped) {
            /* The column's clock: line `which` - 1 of on_update_clock. */
            const char *clock = c->on_update_clock.s ? c->on_update_clock.s : "";
            for (int k = 1; k < which && strchr(clock, '\n'); k++)
                clock = strchr(clock, '\n') + 1;
            int clock_len = (int)strcspn(clock, "\n");
            lw_sqlbuf_appendf(&kept, "%sNEW.%s IS OLD.%s", kept.len ? " AND " : "", q, q);
            lw_sqlbuf_appendf(&set, "%s%s = %.*s", set.len ? ", " : "", q, clock_len, clock);
        } else if (q) {
            lw_sqlbuf_appendf(&changed, "%sNEW.%s IS NOT OLD.%s", changed.len ? " OR " : "", q, q);
        }
        sqlite3_free(q);
        sqlite3_free(bare);
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
    if (changed.len)
        lw_sqlbuf_appendf(&c->post,
                          "CREATE TRIGGER \"_lw_on_update_%w\" AFTER UPDATE ON \"%w\" WHEN %s AND "
                          "(%s) BEGIN UPDATE \"%w\" SET %s WHERE rowid = NEW.rowid; END; ",
                          c->table, c->table, kept.s, changed.s, c->table, set.s);
    lw_sqlbuf_free(&changed);
    lw_sqlbuf_free(&kept);
    lw_sqlbuf_free(&set);
}

int my_create_table(lw_walker *w, int temporary, int or_replace)
{
    size_t start = lw_here(w);
    /* CREATE [OR REPLACE] [TEMPORARY] TABLE */
    while (!lw_word(w, "table"))
        lw_skip(w);
    lw_skip(w);
    int if_not_exists = 0;
    if (lw_word(w, "if") && lw_word_at(w, 1, "not") && lw_word_at(w, 2, "exists")) {
        if_not_exists = 1;
        w->p += 3;
    }
    if (is_reserved(w, 0))
        return my_syntax_error(w, 0);
    create c;
    memset(&c, 0, sizeof c);
    c.table = my_name(w);
    if (!c.table)
        return w->rc;
    if (lw_type_at(w, 0, LW_TK_DOT)) {
        /* db.table: this connection's one database. */
        if (sqlite3_stricmp(c.table, MY_DATABASE) != 0) {
            sqlite3_free(c.table);
            return lw_refuse(w, "a table of another database");
        }
        lw_skip(w);
        sqlite3_free(c.table);
        c.table = my_name(w);
        if (!c.table)
            return w->rc;
    }
    if (strlen(c.table) > MY_NAME_MAX) {
        lw_walk_error(w, LW_ESQL, "42000", 1103, "Incorrect table name '%s'", c.table);
        sqlite3_free(c.table);
        return w->rc;
    }
    if (lw_word(w, "like") || (lw_type_at(w, 0, LW_TK_LPAREN) && lw_word_at(w, 1, "like"))) {
        /* CREATE TABLE t LIKE s: alter.c's, applied when it runs. */
        int rc = temporary || or_replace ? lw_refuse(w, "CREATE %s TABLE ... LIKE",
                                                     temporary ? "TEMPORARY" : "OR REPLACE")
                                         : my_create_like_statement(w, c.table, if_not_exists);
        sqlite3_free(c.table);
        return rc;
    }
    if ((!lw_type_at(w, 0, LW_TK_LPAREN) || lw_starts_query(w, 1)) &&
        my_create_as_select(w, c.table, !temporary && !if_not_exists && !or_replace)) {
        sqlite3_free(c.table);
        return w->rc;
    }
    if (!lw_type_at(w, 0, LW_TK_LPAREN) || lw_starts_query(w, 1)) {
        /* CREATE TABLE t [AS] SELECT ... of another shape: SQLite's, its columns typed
         * by SQLite (ctas.c). */
        lw_out(w, temporary ? "CREATE TEMP TABLE " : "CREATE TABLE ");
        if (if_not_exists)
            lw_out(w, "IF NOT EXISTS ");
        lw_outf(w, "\"%w\" ", c.table);
        if (!lw_word(w, "as"))
            lw_out(w, "AS ");
        lw_walk_until(w, 0);
        sqlite3_free(c.table);
        return w->rc;
    }
    /* The table options after the column list decide the columns' collation. */
    table_options opts;
    size_t close = lw_closing_paren(w, 0);
    size_t opt_end = read_options(w, close + 1, &opts);
    if (w->p + opt_end < w->n && !w->rc) {
        options_free(&opts);
        sqlite3_free(c.table);
        return lw_refuse(w, "CREATE TABLE ... SELECT with a column list");
    }
    const char *table_collation = my_session_of(w)->flavor->default_collation;
    if (opts.collation) {
        const my_collation *mc = my_find_collation(opts.collation, strlen(opts.collation));
        if (mc)
            table_collation = mc->name;
    }
    c.default_collation = table_collation;
    size_t body = lw_here(w);
    lw_outf(w, "CREATE %sTABLE \"%w\" (", temporary ? "TEMP " : "", c.table);
    lw_skip(w); /* ( */
    int elements = 0;
    while (!w->rc && !lw_at_end(w) && !lw_type_at(w, 0, LW_TK_RPAREN)) {
        if (!my_create_table_constraint(w, &c)) {
            if (elements && c.ordinal == 0)
                lw_out(w, ", ");
            column_definition(w, &c, NULL);
        }
        elements++;
        if (lw_type_at(w, 0, LW_TK_COMMA)) {
            lw_skip(w);
            if (lw_type_at(w, 0, LW_TK_RPAREN))
                my_syntax_error(w, 0);
        } else if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
            my_syntax_error(w, 0);
        }
    }
    if (!w->rc && !lw_type_at(w, 0, LW_TK_RPAREN))
        my_syntax_error(w, 0);
    lw_out(w, ")");
    w->p = w->n;
    if (!w->rc)
        my_create_check_key_columns(w, &c);
    if (!w->rc && c.auto_column && !c.auto_keyed)
        lw_walk_error(w, LW_ESQL, "42000", 1075,
                      "Incorrect table definition; there can be only one auto column and it must "
                      "be defined as a key");
    my_create_primary_not_null(w, &c);
    on_update_trigger(&c);
    char *table_sql = w->rc ? NULL : lw_take_from(w, body);
    if (table_sql) {
        lw_sqlbuf all = {0};
        lw_sqlbuf_appends(&all, MY_CATALOG_DDL);
        lw_sqlbuf_appendf(&all, "%s; %s", table_sql, c.post.s ? c.post.s : "");
        if (!temporary) {
            lw_sqlbuf_appendf(&all,
                              "INSERT OR REPLACE INTO _lw_mysql_tables VALUES (%Q, %Q, %Q, %Q, "
                              "%lld, %Q); ",
                              c.table, opts.engine ? opts.engine : "InnoDB", table_collation,
                              opts.comment ? opts.comment : "",
                              opts.auto_increment > 0 ? opts.auto_increment : 1, opts.row_format);
            lw_sqlbuf_appends(&all, c.catalog.s ? c.catalog.s : "");
        }
        w->t->out->len = start;
        if (w->t->out->s)
            w->t->out->s[start] = 0;
        lw_outf(w, "SELECT 1 WHERE typeof(my_create_table(%Q, %d, %d, %d, %Q)) = 'none'", c.table,
                if_not_exists, temporary, or_replace, all.s ? all.s : "");
        if (all.oom)
            w->t->out->oom = 1;
        lw_sqlbuf_free(&all);
    }
    sqlite3_free(table_sql);
    w->consumed = 1;
    options_free(&opts);
    create_free(&c);
    return w->rc;
}

/* ---- ALTER TABLE's elements (alter.c) ---------------------------------------------------------
 */

int my_alter_element(lw_walker *w, const char *table, int is_column, char **sql, char **catalog,
                     char **post)
{
    *sql = *catalog = *post = NULL;
    create c;
    memset(&c, 0, sizeof c);
    c.table = sqlite3_mprintf("%s", table);
    sqlite3 *db = w->schema ? w->schema->db : NULL;
    char *coll = db ? lw_catalog_text(db, "SELECT collation FROM _lw_mysql_tables WHERE name = ?1",
                                      table, NULL)
                    : NULL;
    const char *interned = coll ? my_intern_collation(coll) : NULL;
    c.default_collation = interned ? interned : my_session_of(w)->flavor->default_collation;
    sqlite3_free(coll);
    /* The names the table's keys have, so that an unnamed key avoids them, and the
     * numbers its unnamed foreign keys and checks have reached. */
    char *keys = db ? lw_catalog_text(db,
                                      "SELECT ',' || group_concat(name, ',') || ',' FROM "
                                      "_lw_mysql_constraints WHERE table_name = ?1 AND kind IN "
                                      "('KEY', 'UNIQUE', 'PRIMARY KEY')",
                                      table, NULL)
                    : NULL;
    if (keys)
        lw_sqlbuf_appends(&c.keys, keys);
    sqlite3_free(keys);
    char *n = db ? lw_catalog_text(db,
                                   "SELECT count(*) FROM _lw_mysql_constraints WHERE table_name = "
                                   "?1 AND kind = 'FOREIGN KEY'",
                                   table, NULL)
                 : NULL;
    c.foreign_keys = n ? atoi(n) : 0;
    sqlite3_free(n);
    n = db ? lw_catalog_text(db,
                             "SELECT count(*) FROM _lw_mysql_constraints WHERE table_name = ?1 AND "
                             "kind = 'CHECK' AND name LIKE 'CONSTRAINT\\_%' ESCAPE '\\'",
                             table, NULL)
           : NULL;
    c.unnamed_checks = n ? atoi(n) : 0;
    sqlite3_free(n);
    size_t at = lw_here(w);
    if (!c.table)
        lw_fail(w, LW_ENOMEM);
    else if (is_column)
        column_definition(w, &c, NULL);
    else if (!my_create_table_constraint(w, &c))
        my_syntax_error(w, 0);
    if (!w->rc && c.on_update.len)
        lw_refuse(w, "ON UPDATE CURRENT_TIMESTAMP in ALTER TABLE");
    char *text = lw_take_from(w, at);
    if (!w->rc) {
        const char *s = text ? text : "";
        while (*s == ',' || *s == ' ')
            s++;
        *sql = sqlite3_mprintf("%s", s);
        *catalog = sqlite3_mprintf("%s", c.catalog.s ? c.catalog.s : "");
        *post = sqlite3_mprintf("%s", c.post.s ? c.post.s : "");
        if (!*sql || !*catalog || !*post)
            lw_fail(w, LW_ENOMEM);
    }
    sqlite3_free(text);
    create_free(&c);
    return w->rc;
}
