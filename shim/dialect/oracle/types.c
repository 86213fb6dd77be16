/*
 * The oracle dialect's types (SQLRF "Data Types"): the names a statement writes, the
 * kinds they are, the SQLite declared types the dialect's CREATE TABLE writes (which
 * are also how the rewriter reads a column's type back), arithmetic by operand kinds,
 * CAST, and what storing a value into a column does.
 *
 *   NUMBER[(p|*[,s])], NUMERIC/DECIMAL(p,s), INTEGER/INT/SMALLINT (NUMBER(38)), FLOAT[(b)],
 *   REAL, DOUBLE PRECISION      NUMERIC_TEXT[(p,s)] COLLATE DECIMAL: canonical NUMBER
 *                               text (runtime_number.c), rounded to s places, ORA-01438
 *   BINARY_FLOAT, BINARY_DOUBLE BINARY_FLOAT / BINARY_DOUBLE (REAL affinity)
 *   VARCHAR2(n [BYTE|CHAR]), VARCHAR(n), NVARCHAR2(n)   VARCHAR2(n), VARCHAR2 CHAR(n),
 *                               NVARCHAR2(n): ORA-12899 past n bytes (BYTE) or characters
 *   CHAR[(n [BYTE|CHAR])], NCHAR[(n)]   CHAR(n) COLLATE RTRIM, NCHAR(n): blank-padded
 *                               to n; compared with trailing blanks ignored
 *   CLOB, NCLOB, LONG           CLOB, NCLOB
 *   RAW(n), BLOB, LONG RAW      RAW(n), BLOB: bytes; text stored into them is hexadecimal
 *   DATE                        DATE: 'YYYY-MM-DD HH24:MI:SS'
 *   TIMESTAMP[(p)] [WITH [LOCAL] TIME ZONE]   TIMESTAMP(p), TIMESTAMP_TZ(p),
 *                               TIMESTAMP_LTZ(p) (stored in UTC)
 *   BOOLEAN (23ai)              BOOLEAN: 1 and 0
 *   INTERVAL YEAR[(p)] TO MONTH, INTERVAL DAY[(p)] TO SECOND[(s)]   INTERVAL_YM(p),
 *                               INTERVAL_DS(p,s) COLLATE ORA_INTERVAL: the value as Oracle
 *                               shows it (runtime_interval.c), p 2 and s 6 unless given,
 *                               each 0..9 (ORA-30088); ORA-01873 past p
 *   refused (0A000)             ROWID, UROWID, XMLTYPE, JSON, object types
 *
 * Limits as Oracle's with MAX_STRING_SIZE = STANDARD: VARCHAR2 4000 bytes, NVARCHAR2
 * 2000 characters, CHAR and RAW 2000 (ORA-00910); NUMBER precision 1..38 (ORA-01727),
 * scale -84..127 (ORA-01728).
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "dialect/arith.h"
#include "dialect/oracle/oracle.h"

/* Only CAST and typed constants of the shared layer read type names; the dialect's
 * own parser (ora_parse_type) reads Oracle's, these keep the shared paths honest. */
const lw_type_name ora_type_names[] = {
    {"number", LW_K_NUMERIC, 0, 0, NULL},
    {"varchar2", LW_K_VARCHAR, 0, 0, NULL},
    {"date", LW_K_DATE, 0, 0, NULL},
    {0},
};

const lw_kind_def ora_kinds[LW_K_COUNT] = {
    [LW_K_NUMERIC] = {"NUMBER", NULL, NULL, NULL, 0, NULL},
    [LW_K_FLOAT] = {"BINARY_DOUBLE", NULL, NULL, NULL, 0, NULL},
    [LW_K_TEXT] = {"CLOB", NULL, NULL, NULL, 0, NULL},
    [LW_K_VARCHAR] = {"VARCHAR2", NULL, NULL, NULL, 0, NULL},
    [LW_K_BPCHAR] = {"CHAR", NULL, NULL, NULL, 0, NULL},
    [LW_K_BOOL] = {"BOOLEAN", NULL, NULL, NULL, 0, NULL},
    [LW_K_BYTEA] = {"RAW", NULL, NULL, NULL, 0, NULL},
    [LW_K_DATE] = {"DATE", NULL, NULL, NULL, 0, NULL},
    [LW_K_TIMESTAMP] = {"TIMESTAMP", NULL, NULL, NULL, 0, NULL},
    [LW_K_TIMESTAMPTZ] = {"TIMESTAMP WITH TIME ZONE", NULL, NULL, NULL, 0, NULL},
    /* An interval computed in an expression carries the collation its column would. */
    [LW_K_INTERVAL] = {"INTERVAL DAY TO SECOND", NULL, NULL, NULL, 0, NULL, "ORA_INTERVAL"},
    [LW_K_INTERVAL_YM] = {"INTERVAL YEAR TO MONTH", NULL, NULL, NULL, 0, NULL, "ORA_INTERVAL"},
};

const lw_declared_type ora_declared[] = {
    {"NUMERIC_TEXT", LW_K_NUMERIC},
    {"NUMERIC_INT", LW_K_NUMERIC},
    {"VARCHAR2", LW_K_VARCHAR},
    {"NVARCHAR2", LW_K_VARCHAR},
    {"CHAR", LW_K_BPCHAR},
    {"NCHAR", LW_K_BPCHAR},
    {"CLOB", LW_K_TEXT},
    {"NCLOB", LW_K_TEXT},
    {"BLOB", LW_K_BYTEA},
    {"RAW", LW_K_BYTEA},
    {"DATE", LW_K_DATE},
    {"TIMESTAMP", LW_K_TIMESTAMP},
    {"TIMESTAMP_TZ", LW_K_TIMESTAMPTZ},
    {"TIMESTAMP_LTZ", LW_K_TIMESTAMP},
    {"BINARY_DOUBLE", LW_K_FLOAT},
    {"BINARY_FLOAT", LW_K_FLOAT},
    {"BOOLEAN", LW_K_BOOL},
    {"INTERVAL_YM", LW_K_INTERVAL_YM},
    {"INTERVAL_DS", LW_K_INTERVAL},
    {0},
};

/* Every numeric constant is a NUMBER (the primary hook writes them; see
 * expressions.c). */
const lw_number_rules ora_numbers = {LW_K_NUMERIC, LW_K_NUMERIC, LW_K_NUMERIC, LW_K_NUMERIC};

#define K(k) LW_KIND_BIT(LW_K_##k)
#define NUMBERS (K(NUMERIC) | K(UNKNOWN) | K(VARCHAR) | K(TEXT) | K(BPCHAR) | K(NULL))
#define DATES (K(DATE) | K(TIMESTAMP) | K(TIMESTAMPTZ))

/* SQLRF "Arithmetic Operators" and "Datetime/Interval Arithmetic": NUMBER arithmetic is
 * exact (ora_arith); character operands convert to NUMBER (ORA-01722); a number added
 * to a date is days; the difference of two dates is days; an interval times or divided
 * by a number is an interval of its type (+ and - with intervals: expressions.c). */
const lw_arith_rule ora_arith[] = {
    {"+-", DATES, NUMBERS, LW_ARITHF_SIGN | LW_ARITHF_DIGITS, LW_ARITH_CALL, "ora_date_add",
     LW_K_DATE},
    {"+", NUMBERS, DATES, LW_ARITHF_SWAP | LW_ARITHF_SIGN | LW_ARITHF_DIGITS, LW_ARITH_CALL,
     "ora_date_add", LW_K_DATE},
    {"-", DATES, DATES, 0, LW_ARITH_CALL, "ora_date_sub", LW_K_NUMERIC},
    {"*/", DATES, LW_KINDS_ANY, LW_ARITHF_EITHER, LW_ARITH_REFUSE,
     "ORA-00932: inconsistent datatypes: expected NUMBER got %s", LW_K_UNKNOWN},
    {"*/", K(INTERVAL), NUMBERS, LW_ARITHF_OPERATOR | LW_ARITHF_DIGITS, LW_ARITH_CALL,
     "ora_interval_scale", LW_K_INTERVAL},
    {"*", NUMBERS, K(INTERVAL), LW_ARITHF_OPERATOR | LW_ARITHF_SWAP | LW_ARITHF_DIGITS,
     LW_ARITH_CALL, "ora_interval_scale", LW_K_INTERVAL},
    {"*/", K(INTERVAL_YM), NUMBERS, LW_ARITHF_OPERATOR | LW_ARITHF_DIGITS, LW_ARITH_CALL,
     "ora_interval_scale", LW_K_INTERVAL_YM},
    {"*", NUMBERS, K(INTERVAL_YM), LW_ARITHF_OPERATOR | LW_ARITHF_SWAP | LW_ARITHF_DIGITS,
     LW_ARITH_CALL, "ora_interval_scale", LW_K_INTERVAL_YM},
    {"*/", K(INTERVAL) | K(INTERVAL_YM), LW_KINDS_ANY, LW_ARITHF_EITHER, LW_ARITH_REFUSE,
     "multiplying or dividing %s and %s (Oracle's ORA-30081)", LW_K_UNKNOWN},
    {"+-*/", K(FLOAT), K(FLOAT) | NUMBERS, LW_ARITHF_EITHER, LW_ARITH_INFIX, NULL, LW_K_FLOAT},
    {"+-*/", NUMBERS, NUMBERS, LW_ARITHF_OPERATOR | LW_ARITHF_DIGITS, LW_ARITH_CALL, "ora_arith",
     LW_K_NUMERIC},
    {0},
};

/* ---- Type names -------------------------------------------------------------------- */

/* (n) or (n, m) or (*, m) after a type name. Returns how many were read (0 when no
 * parenthesis); *star for a precision written *. */
static int modifiers(lw_walker *w, long long *a, long long *b, int *star, int *sem)
{
    *a = *b = -1;
    if (star)
        *star = 0;
    if (sem)
        *sem = 0;
    if (!lw_type_at(w, 0, LW_TK_LPAREN))
        return 0;
    lw_skip(w);
    int n = 0;
    if (star && lw_op_at(w, 0, "*")) {
        *star = 1;
        lw_skip(w);
        n = 1;
    } else {
        int neg = lw_op_at(w, 0, "-");
        if (neg)
            lw_skip(w);
        if (lw_read_int(w, a)) {
            ora_walk_error(w, 2017, "integer value required");
            return -1;
        }
        if (neg)
            *a = -*a;
        n = 1;
    }
    if (sem && (lw_word(w, "byte") || lw_word(w, "char"))) {
        *sem = lw_word(w, "char") ? 2 : 1;
        lw_skip(w);
    }
    if (lw_type_at(w, 0, LW_TK_COMMA)) {
        lw_skip(w);
        int neg = lw_op_at(w, 0, "-");
        if (neg)
            lw_skip(w);
        if (lw_read_int(w, b))
            return -1;
        if (neg)
            *b = -*b;
        n = 2;
    }
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        ora_walk_error(w, 907, "missing right parenthesis");
        return -1;
    }
    lw_skip(w);
    return n;
}

/* INTERVAL YEAR [(p)] TO MONTH, INTERVAL DAY [(p)] TO SECOND [(s)] (SQLRF "INTERVAL
 * YEAR TO MONTH Data Type", "INTERVAL DAY TO SECOND Data Type"), INTERVAL current. */
static int interval_type(lw_walker *w, ora_type *ty)
{
    lw_skip(w);
    int year = lw_word(w, "year");
    if (!year && !lw_word(w, "day"))
        return ora_walk_error(w, 905, "missing keyword");
    lw_skip(w);
    long long a, b;
    int n = modifiers(w, &a, &b, NULL, NULL);
    if (n < 0)
        return w->rc;
    if (n == 2)
        return ora_walk_error(w, 907, "missing right parenthesis");
    ty->p = n ? a : 2;
    ty->s = year ? 0 : 6;
    if (!lw_word(w, "to") || !lw_word_at(w, 1, year ? "month" : "second"))
        return ora_walk_error(w, 905, "missing keyword");
    w->p += 2;
    if (!year) {
        n = modifiers(w, &a, &b, NULL, NULL);
        if (n < 0)
            return w->rc;
        if (n == 2)
            return ora_walk_error(w, 907, "missing right parenthesis");
        if (n)
            ty->s = a;
    }
    if (ty->p < 0 || ty->p > 9 || ty->s < 0 || ty->s > 9)
        return ora_walk_error(w, 30088, "datetime/interval precision is out of range");
    ty->kind = year ? LW_K_INTERVAL_YM : LW_K_INTERVAL;
    ty->name = year ? "INTERVAL YEAR TO MONTH" : "INTERVAL DAY TO SECOND";
    return w->rc;
}

int ora_parse_type(lw_walker *w, ora_type *ty)
{
    memset(ty, 0, sizeof *ty);
    ty->p = ty->s = -1;
    const lw_token *t = lw_tok(w, 0);
    if (!t || t->type != LW_TK_WORD)
        return ora_walk_error(w, 902, "invalid datatype");
    int star, sem;
    long long a, b;
    if (lw_word(w, "number") || lw_word(w, "numeric") || lw_word(w, "decimal") ||
        lw_word(w, "dec")) {
        int number = lw_word(w, "number");
        ty->name = "NUMBER";
        ty->kind = LW_K_NUMERIC;
        lw_skip(w);
        int n = modifiers(w, &a, &b, &star, NULL);
        if (n < 0)
            return w->rc;
        if (n >= 1) {
            ty->p = star ? 38 : a;
            ty->s = n == 2 ? b : 0;
        } else if (!number) {
            ty->p = 38;
            ty->s = 0;
        }
        if (ty->p != -1 && (ty->p < 1 || ty->p > 38))
            return ora_walk_error(w, 1727, "numeric precision specifier is out of range (1 to 38)");
        if (ty->s != -1 && (ty->s < -84 || ty->s > 127))
            return ora_walk_error(w, 1728, "numeric scale specifier is out of range (-84 to 127)");
        return w->rc;
    }
    if (lw_word(w, "integer") || lw_word(w, "int") || lw_word(w, "smallint")) {
        lw_skip(w);
        ty->name = "NUMBER";
        ty->kind = LW_K_NUMERIC;
        ty->p = 38;
        ty->s = 0;
        return w->rc;
    }
    if (lw_word(w, "float") || lw_word(w, "real") ||
        (lw_word(w, "double") && lw_word_at(w, 1, "precision"))) {
        int is_float = lw_word(w, "float");
        w->p += lw_word(w, "double") ? 2 : 1;
        if (is_float && modifiers(w, &a, &b, NULL, NULL) < 0)
            return w->rc;
        ty->name = "NUMBER";
        ty->kind = LW_K_NUMERIC;
        return w->rc;
    }
    if (lw_word(w, "binary_float") || lw_word(w, "binary_double")) {
        ty->name = lw_word(w, "binary_float") ? "BINARY_FLOAT" : "BINARY_DOUBLE";
        ty->kind = LW_K_FLOAT;
        lw_skip(w);
        return w->rc;
    }
    int varying = 0, national = 0;
    if (lw_word(w, "varchar2") || lw_word(w, "varchar") || lw_word(w, "nvarchar2")) {
        varying = 1;
        national = lw_word(w, "nvarchar2");
        lw_skip(w);
    } else if ((lw_word(w, "char") || lw_word(w, "character") || lw_word(w, "nchar")) &&
               lw_word_at(w, 1, "varying")) {
        varying = 1;
        national = lw_word(w, "nchar");
        w->p += 2;
    } else if (lw_word(w, "national") &&
               (lw_word_at(w, 1, "char") || lw_word_at(w, 1, "character"))) {
        national = 1;
        w->p += 2;
        varying = lw_word(w, "varying");
        if (varying)
            lw_skip(w);
    } else if (lw_word(w, "char") || lw_word(w, "character") || lw_word(w, "nchar")) {
        national = lw_word(w, "nchar");
        lw_skip(w);
    } else {
        varying = -1;
    }
    if (varying >= 0) {
        ty->kind = varying ? LW_K_VARCHAR : LW_K_BPCHAR;
        ty->national = national;
        ty->name = varying ? (national ? "NVARCHAR2" : "VARCHAR2") : (national ? "NCHAR" : "CHAR");
        int n = modifiers(w, &a, &b, NULL, &sem);
        if (n < 0)
            return w->rc;
        if (n == 0 && varying)
            return ora_walk_error(w, 906, "missing left parenthesis");
        ty->p = n ? a : 1;
        ty->chars = national || sem == 2;
        long long max = varying ? (national ? 2000 : 4000) : (national ? 1000 : 2000);
        if (ty->p < 1 || ty->p > max)
            return ora_walk_error(w, 910, "specified length too long for its datatype");
        return w->rc;
    }
    if (lw_word(w, "clob") || lw_word(w, "nclob") ||
        (lw_word(w, "long") && !lw_word_at(w, 1, "raw"))) {
        ty->national = lw_word(w, "nclob");
        ty->name = ty->national ? "NCLOB" : "CLOB";
        ty->kind = LW_K_TEXT;
        lw_skip(w);
        return w->rc;
    }
    if (lw_word(w, "blob") || lw_word(w, "long")) {
        w->p += lw_word(w, "long") ? 2 : 1;
        ty->name = "BLOB";
        ty->kind = LW_K_BYTEA;
        return w->rc;
    }
    if (lw_word(w, "raw")) {
        lw_skip(w);
        int n = modifiers(w, &a, &b, NULL, NULL);
        if (n < 0)
            return w->rc;
        if (n == 0)
            return ora_walk_error(w, 906, "missing left parenthesis");
        if (a < 1 || a > 2000)
            return ora_walk_error(w, 910, "specified length too long for its datatype");
        ty->name = "RAW";
        ty->kind = LW_K_BYTEA;
        ty->p = a;
        return w->rc;
    }
    if (lw_word(w, "date")) {
        lw_skip(w);
        ty->name = "DATE";
        ty->kind = LW_K_DATE;
        return w->rc;
    }
    if (lw_word(w, "timestamp")) {
        lw_skip(w);
        int n = modifiers(w, &a, &b, NULL, NULL);
        if (n < 0)
            return w->rc;
        ty->p = n ? a : 6;
        if (ty->p < 0 || ty->p > 9)
            return ora_walk_error(w, 30088, "datetime/interval precision is out of range");
        ty->kind = LW_K_TIMESTAMP;
        ty->name = "TIMESTAMP";
        if (lw_word(w, "with")) {
            int local = lw_word_at(w, 1, "local");
            size_t k = local ? 2 : 1;
            if (!lw_word_at(w, k, "time") || !lw_word_at(w, k + 1, "zone"))
                return ora_walk_error(w, 905, "missing keyword");
            w->p += k + 2;
            ty->tz = local ? 'L' : 'Z';
            ty->kind = local ? LW_K_TIMESTAMP : LW_K_TIMESTAMPTZ;
        }
        return w->rc;
    }
    if (lw_word(w, "boolean")) {
        lw_skip(w);
        ty->name = "BOOLEAN";
        ty->kind = LW_K_BOOL;
        return w->rc;
    }
    if (lw_word(w, "interval"))
        return interval_type(w, ty);
    if (lw_word(w, "rowid") || lw_word(w, "urowid") || lw_word(w, "xmltype") ||
        lw_word(w, "json") || lw_word(w, "bfile") || lw_word(w, "sdo_geometry") ||
        lw_word(w, "anydata"))
        return lw_refuse(w, "the data type %.*s", (int)t->length, lw_spelled(w, t));
    return ora_walk_error(w, 902, "invalid datatype");
}

int ora_integer_number(const ora_type *ty)
{
    return ty->kind == LW_K_NUMERIC && ty->p >= 1 && ty->s <= 0 && ty->p - ty->s <= 18;
}

void ora_write_declared(lw_walker *w, const ora_type *ty)
{
    switch (ty->kind) {
    case LW_K_NUMERIC:
        if (ora_integer_number(ty))
            /* integers of at most 18 digits: SQLite's INTEGER holds them exactly */
            lw_outf(w, "NUMERIC_INT(%lld,%lld) ", ty->p, ty->s);
        else if (ty->p >= 0)
            lw_outf(w, "NUMERIC_TEXT(%lld,%lld) COLLATE DECIMAL ", ty->p, ty->s);
        else
            lw_out(w, "NUMERIC_TEXT COLLATE DECIMAL ");
        break;
    case LW_K_FLOAT:
        lw_outf(w, "%s ", ty->name);
        break;
    case LW_K_VARCHAR:
        lw_outf(w, "%s%s(%lld) ", ty->name, ty->chars && !ty->national ? " CHAR" : "", ty->p);
        break;
    case LW_K_BPCHAR:
        lw_outf(w, "%s%s(%lld) COLLATE RTRIM ", ty->name, ty->chars && !ty->national ? " CHAR" : "",
                ty->p);
        break;
    case LW_K_BYTEA:
        if (ty->p >= 0)
            lw_outf(w, "RAW(%lld) ", ty->p);
        else
            lw_out(w, "BLOB ");
        break;
    case LW_K_INTERVAL_YM:
        lw_outf(w, "INTERVAL_YM(%lld) COLLATE ORA_INTERVAL ", ty->p);
        break;
    case LW_K_INTERVAL:
        lw_outf(w, "INTERVAL_DS(%lld,%lld) COLLATE ORA_INTERVAL ", ty->p, ty->s);
        break;
    case LW_K_TIMESTAMP:
    case LW_K_TIMESTAMPTZ:
        lw_outf(w, "%s(%lld) ",
                ty->tz == 'Z'   ? "TIMESTAMP_TZ"
                : ty->tz == 'L' ? "TIMESTAMP_LTZ"
                                : "TIMESTAMP",
                ty->p);
        break;
    default:
        lw_outf(w, "%s ", ty->name);
        break;
    }
}

int ora_type_of_declared(const char *decl, ora_type *ty)
{
    memset(ty, 0, sizeof *ty);
    ty->p = ty->s = -1;
    if (!decl)
        return -1;
    size_t len = strcspn(decl, " (");
    char word[32];
    if (len == 0 || len >= sizeof word)
        return -1;
    memcpy(word, decl, len);
    word[len] = 0;
    ty->kind = LW_K_UNKNOWN;
    for (const lw_declared_type *d = ora_declared; d->word; d++)
        if (!sqlite3_stricmp(d->word, word))
            ty->kind = d->kind;
    if (ty->kind == LW_K_UNKNOWN)
        return -1;
    ty->national = word[0] == 'N' && ty->kind != LW_K_NUMERIC;
    ty->chars = ty->national || !sqlite3_strnicmp(decl + len, " CHAR", 5);
    if (!sqlite3_stricmp(word, "TIMESTAMP_TZ"))
        ty->tz = 'Z';
    else if (!sqlite3_stricmp(word, "TIMESTAMP_LTZ"))
        ty->tz = 'L';
    const char *paren = strchr(decl, '(');
    if (paren) {
        char *end;
        ty->p = strtoll(paren + 1, &end, 10);
        if (*end == ',')
            ty->s = strtoll(end + 1, NULL, 10);
    } else if (ty->kind == LW_K_TIMESTAMP || ty->kind == LW_K_TIMESTAMPTZ) {
        ty->p = 6;
    }
    return 0;
}

/* ---- Conversions ------------------------------------------------------------------ */

static char dt_letter(lw_kind k)
{
    return k == LW_K_DATE ? 'D' : k == LW_K_TIMESTAMPTZ ? 'Z' : 'T';
}

void ora_to_text(lw_walker *w, size_t start, lw_kind from)
{
    if (from != LW_K_DATE && from != LW_K_TIMESTAMP && from != LW_K_TIMESTAMPTZ)
        return;
    lw_insert_call(w, start, "ora_to_char_dt");
    lw_outf(w, ", NULL, NULL, '%c', 9) ", dt_letter(from));
}

void ora_wrap_store(lw_walker *w, size_t start, lw_kind from, const ora_type *ty,
                    const char *col_name)
{
    switch (ty->kind) {
    case LW_K_NUMERIC:
        lw_insert_call(w, start, "ora_num");
        if (ty->p >= 0)
            lw_outf(w, ", %lld, %lld) ", ty->p, ty->s);
        else if (ty->s >= 0)
            lw_outf(w, ", NULL, %lld) ", ty->s);
        else
            lw_out(w, ") ");
        break;
    case LW_K_VARCHAR:
    case LW_K_TEXT:
        /* A value of another type is converted as Oracle converts it to text; a
         * VARCHAR2 column (col_name given) then checks its length (ORA-12899). */
        if (!col_name) {
            ora_to_text(w, start, from);
            break;
        }
        ora_to_text(w, start, from);
        lw_insert_call(w, start, "ora_store_text");
        if (ty->p >= 0)
            lw_outf(w, ", %lld, %d, %Q) ", ty->p, ty->chars, col_name);
        else
            lw_outf(w, ", NULL, 0, %Q) ", col_name);
        break;
    case LW_K_BPCHAR:
        ora_to_text(w, start, from);
        lw_insert_call(w, start, ty->kind == LW_K_BPCHAR ? "ora_store_char" : "ora_store_text");
        if (ty->p >= 0)
            lw_outf(w, ", %lld, %d, %Q) ", ty->p, ty->chars, col_name);
        else
            lw_outf(w, ", NULL, 0, %Q) ", col_name);
        break;
    case LW_K_BYTEA:
        lw_insert_call(w, start, "ora_store_raw");
        if (ty->p >= 0)
            lw_outf(w, ", %lld, %Q) ", ty->p, col_name);
        else
            lw_outf(w, ", NULL, %Q) ", col_name);
        break;
    case LW_K_DATE:
        lw_insert_call(w, start, "ora_store_dt");
        lw_out(w, ", NULL, 'D') ");
        break;
    case LW_K_TIMESTAMP:
    case LW_K_TIMESTAMPTZ:
        lw_insert_call(w, start, "ora_store_dt");
        lw_outf(w, ", %lld, '%c') ", ty->p, ty->tz ? ty->tz : 'T');
        break;
    case LW_K_FLOAT:
        lw_insert_call(w, start, "ora_binary_double");
        lw_out(w, ") ");
        break;
    case LW_K_BOOL:
        lw_insert_call(w, start, "ora_store_bool");
        lw_out(w, ") ");
        break;
    case LW_K_INTERVAL:
    case LW_K_INTERVAL_YM:
        /* Oracle converts text to an interval, nothing else (SQLRF "Implicit Data
         * Conversion"): a number, a datetime or the other interval type is ORA-00932. */
        if (from != ty->kind && from != LW_K_UNKNOWN && from != LW_K_UNKNOWN_LITERAL &&
            from != LW_K_NULL && !lw_is_text_kind(from)) {
            ora_walk_error(w, 932, "inconsistent datatypes: expected %s got %s",
                           lw_kind_name(w, ty->kind), lw_kind_name(w, from));
            break;
        }
        lw_insert_call(w, start, "ora_store_interval");
        lw_outf(w, ", '%c', %lld, %lld) ", ty->kind == LW_K_INTERVAL_YM ? 'Y' : 'D',
                ty->p >= 0 ? ty->p : 2,
                ty->kind == LW_K_INTERVAL_YM ? 0
                : ty->s >= 0                 ? ty->s
                                             : 6);
        break;
    default:
        break;
    }
}

/* The name, declared type and default of column col_tok (0: the column at position
 * index) of the table at table_tok, into new strings (sqlite3_free; the default NULL
 * when there is none). Returns 0 or -1. */
static int column_of(lw_walker *w, size_t table_tok, size_t col_tok, int index, char **name,
                     char **decl, char **dflt)
{
    *name = *decl = *dflt = NULL;
    if (!w->schema)
        return -1;
    char *table = lw_ident_text(w, table_tok);
    char *col = col_tok ? lw_ident_text(w, col_tok) : NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    if (table && sqlite3_prepare_v2(w->schema->db,
                                    "SELECT name, type, dflt_value FROM pragma_table_info(?1)", -1,
                                    &stmt, NULL) == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC);
        for (int k = 0; sqlite3_step(stmt) == SQLITE_ROW; k++) {
            const char *n = (const char *)sqlite3_column_text(stmt, 0);
            if (col ? n && !strcmp(n, col) : k == index) {
                *name = sqlite3_mprintf("\"%s\".\"%s\".\"%s\"", ORA_USER, table, n ? n : "");
                *decl = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 1));
                if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
                    *dflt = sqlite3_mprintf("%s", sqlite3_column_text(stmt, 2));
                rc = *name && *decl ? 0 : -1;
                break;
            }
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_free(table);
    sqlite3_free(col);
    return rc;
}

void ora_assignment(lw_walker *w, size_t start, lw_kind kind, size_t table_tok, size_t col_tok,
                    int index)
{
    char *name, *decl, *dflt;
    if (column_of(w, table_tok, col_tok, index, &name, &decl, &dflt) == 0) {
        /* An identity column (its default says which kind) and DEFAULT ON NULL. */
        const char *identity = dflt ? strstr(dflt, "ora_identity(") : NULL;
        const char *mode = identity ? strstr(identity, "', '") : NULL;
        if (mode && mode[4] == 'A')
            ora_walk_error(w, w->insert_table ? 32795 : 32796,
                           w->insert_table ? "cannot insert into a generated always identity column"
                                           : "cannot update a generated always identity column");
        ora_type ty;
        /* A bare parameter into NUMBER or VARCHAR2 is checked in C when it is bound
         * (bind.c); anything else through the wrapper. CLOB has no length to check. */
        if (ora_type_of_declared(decl, &ty) == 0 && !ora_bind_rule(w, start, &ty, name))
            ora_wrap_store(w, start, kind, &ty,
                           ty.kind == LW_K_TEXT || (ty.kind == LW_K_VARCHAR && ty.p < 0) ? NULL
                                                                                         : name);
        if ((mode && mode[4] == 'N') || (dflt && strstr(dflt, "ora_on_null("))) {
            lw_insert_at(w, start, "coalesce(");
            lw_outf(w, ", %s) ", dflt);
        }
    }
    sqlite3_free(name);
    sqlite3_free(decl);
    sqlite3_free(dflt);
}

/* ---- CAST ------------------------------------------------------------------------- */

void ora_cast(lw_walker *w, lw_expr *e)
{
    w->p += 2; /* CAST ( */
    size_t start = lw_here(w);
    lw_expr x = lw_parse_expr(w, 0);
    if (!lw_word(w, "as")) {
        ora_walk_error(w, 905, "missing keyword");
        return;
    }
    lw_skip(w);
    ora_type ty;
    if (ora_parse_type(w, &ty))
        return;
    if (!lw_type_at(w, 0, LW_TK_RPAREN)) {
        ora_walk_error(w, 907, "missing right parenthesis");
        return;
    }
    lw_skip(w);
    lw_kind from = x.is_bool ? LW_K_BOOL : x.type;
    if (ty.kind == LW_K_NUMERIC) {
        ora_wrap_store(w, start, from, &ty, "CAST");
        lw_exact_numeric_result(w, start);
    } else if (ty.kind == LW_K_VARCHAR || ty.kind == LW_K_BPCHAR || ty.kind == LW_K_TEXT) {
        ora_wrap_store(w, start, from, &ty, "CAST");
        if (ty.kind == LW_K_BPCHAR)
            lw_out(w, "COLLATE RTRIM ");
    } else if (ty.kind == LW_K_BOOL) {
        lw_insert_call(w, start, "ora_to_boolean");
        lw_out(w, ") ");
    } else {
        ora_wrap_store(w, start, from, &ty, "CAST");
        lw_kind_carrier(w, start, ty.kind);
    }
    e->type = ty.kind;
    e->is_bool = ty.kind == LW_K_BOOL;
}
