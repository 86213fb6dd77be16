/*
 * Collations of the mysql and mariadb dialects: which names exist, what each
 * expression compares with, and how that is written for SQLite.
 *
 * MariaDB derives the collation of every string expression: a column has its own
 * (its definition's COLLATE, else its table's, else the database's default), a string
 * constant the connection's (collation_connection), x COLLATE name that one; where two
 * operands meet, the one of lower coercibility wins (explicit, implicit (columns),
 * coercible (constants), lw_expr.h's LW_COERCE_*); two different explicit ones are
 * error 1267, two different implicit ones too unless one is a _bin collation (it
 * wins). A binary string (BINARY x, X'..', a BLOB) makes the comparison binary.
 *
 * SQLite applies a collation by its own rules: an explicit COLLATE (the left
 * operand's first), else a column's (the left one first), else BINARY. The dialect
 * writes nothing when SQLite's choice is MariaDB's (a column compared with a constant:
 * its index stays usable) and COLLATE name after the right operand otherwise. Every
 * name the dialect writes is a collation of ext/collation, registered on every
 * connection, so indexes and UNIQUE keys built under a column's collation compare as
 * the server's do.
 *
 * Character sets: utf8mb4 (utf8mb3 and utf8 are its aliases here, shown as utf8mb3
 * by the server's own constants, VERSION()...) and latin1 (a column or a table of
 * CHARACTER SET latin1, CONVERT(x USING latin1), SET NAMES latin1, UUID()); values are
 * UTF-8 text in every case, a latin1 column refusing the characters latin1 lacks
 * (runtime_charset.c), and the latin1 collations compare as MariaDB's (ext/collation/
 * latin1.c). Where a latin1 and a Unicode collation of the same derivation meet, the
 * Unicode one wins, as MariaDB converts latin1 to Unicode.
 *
 * Not emulated: the other character sets (known by name, refused), and the language
 * collations (utf8mb4_swedish_ci...), refused.
 */
#include <string.h>

#include "dialect/mysql/mysql.h"

/* The collations the dialect knows: usable ones (ext/collation has them) first. */
static const my_collation collations[] = {
    {"utf8mb4_general_ci", "utf8mb4", 45, 1, 1},
    {"utf8mb4_bin", "utf8mb4", 46, 0, 1},
    {"utf8mb4_unicode_ci", "utf8mb4", 224, 0, 8},
    {"utf8mb4_unicode_520_ci", "utf8mb4", 246, 0, 8},
    {"utf8mb4_general_nopad_ci", "utf8mb4", 1069, 0, 1},
    {"utf8mb4_nopad_bin", "utf8mb4", 1070, 0, 1},
    {"utf8mb4_unicode_nopad_ci", "utf8mb4", 1248, 0, 8},
    {"utf8mb4_unicode_520_nopad_ci", "utf8mb4", 1270, 0, 8},
    {"utf8mb4_0900_ai_ci", "utf8mb4", 255, 0, 8},
    {"utf8mb4_0900_as_ci", "utf8mb4", 305, 0, 8},
    {"utf8mb4_0900_as_cs", "utf8mb4", 278, 0, 8},
    {"utf8mb4_0900_bin", "utf8mb4", 309, 0, 8},
    {"utf8mb4_uca1400_ai_ci", "utf8mb4", 2304, 0, 8},
    {"utf8mb4_uca1400_ai_cs", "utf8mb4", 2305, 0, 8},
    {"utf8mb4_uca1400_as_ci", "utf8mb4", 2306, 0, 8},
    {"utf8mb4_uca1400_as_cs", "utf8mb4", 2307, 0, 8},
    {"utf8mb4_uca1400_nopad_ai_ci", "utf8mb4", 2308, 0, 8},
    {"utf8mb4_uca1400_nopad_ai_cs", "utf8mb4", 2309, 0, 8},
    {"utf8mb4_uca1400_nopad_as_ci", "utf8mb4", 2310, 0, 8},
    {"utf8mb4_uca1400_nopad_as_cs", "utf8mb4", 2311, 0, 8},
    {"binary", "binary", 63, 1, 1},
    {"latin1_swedish_ci", "latin1", 8, 1, 1},
    {"latin1_german1_ci", "latin1", 5, 0, 1},
    {"latin1_danish_ci", "latin1", 15, 0, 1},
    {"latin1_german2_ci", "latin1", 31, 0, 2},
    {"latin1_bin", "latin1", 47, 0, 1},
    {"latin1_general_ci", "latin1", 48, 0, 1},
    {"latin1_general_cs", "latin1", 49, 0, 1},
    {"latin1_spanish_ci", "latin1", 94, 0, 1},
    {"latin1_swedish_nopad_ci", "latin1", 1032, 0, 1},
    {"latin1_nopad_bin", "latin1", 1071, 0, 1},
    /* Known to MariaDB, not emulated (collations_usable() is false for them). */
    {"utf8mb4_icelandic_ci", "utf8mb4", 225, 0, 0},
    {"utf8mb4_latvian_ci", "utf8mb4", 226, 0, 0},
    {"utf8mb4_romanian_ci", "utf8mb4", 227, 0, 0},
    {"utf8mb4_slovenian_ci", "utf8mb4", 228, 0, 0},
    {"utf8mb4_polish_ci", "utf8mb4", 229, 0, 0},
    {"utf8mb4_estonian_ci", "utf8mb4", 230, 0, 0},
    {"utf8mb4_spanish_ci", "utf8mb4", 231, 0, 0},
    {"utf8mb4_swedish_ci", "utf8mb4", 232, 0, 0},
    {"utf8mb4_turkish_ci", "utf8mb4", 233, 0, 0},
    {"utf8mb4_czech_ci", "utf8mb4", 234, 0, 0},
    {"utf8mb4_danish_ci", "utf8mb4", 235, 0, 0},
    {"utf8mb4_lithuanian_ci", "utf8mb4", 236, 0, 0},
    {"utf8mb4_slovak_ci", "utf8mb4", 237, 0, 0},
    {"utf8mb4_spanish2_ci", "utf8mb4", 238, 0, 0},
    {"utf8mb4_roman_ci", "utf8mb4", 239, 0, 0},
    {"utf8mb4_persian_ci", "utf8mb4", 240, 0, 0},
    {"utf8mb4_esperanto_ci", "utf8mb4", 241, 0, 0},
    {"utf8mb4_hungarian_ci", "utf8mb4", 242, 0, 0},
    {"utf8mb4_sinhala_ci", "utf8mb4", 243, 0, 0},
    {"utf8mb4_german2_ci", "utf8mb4", 244, 0, 0},
    {"utf8mb4_vietnamese_ci", "utf8mb4", 247, 0, 0},
    {"utf8mb4_croatian_ci", "utf8mb4", 608, 0, 0},
    {"utf8mb4_myanmar_ci", "utf8mb4", 609, 0, 0},
    {"utf8mb4_thai_520_w2", "utf8mb4", 610, 0, 0},
};

/* The first entry not emulated. */
#define USABLE_COLLATIONS 31

const my_collation *my_find_collation(const char *name, size_t n)
{
    /* utf8mb3_ and utf8_ names are MariaDB's aliases of the utf8mb4 ones here. */
    const char *base = name;
    size_t bn = n;
    if (n > 8 && !sqlite3_strnicmp(name, "utf8mb3_", 8)) {
        base = name + 8;
        bn = n - 8;
    } else if (n > 5 && !sqlite3_strnicmp(name, "utf8_", 5)) {
        base = name + 5;
        bn = n - 5;
    }
    for (size_t i = 0; i < sizeof collations / sizeof collations[0]; i++) {
        const char *c = collations[i].name;
        if (strlen(c) == n && !sqlite3_strnicmp(c, name, (int)n))
            return &collations[i];
        if (base != name && !strncmp(c, "utf8mb4_", 8) && strlen(c + 8) == bn &&
            !sqlite3_strnicmp(c + 8, base, (int)bn))
            return &collations[i];
    }
    /* MariaDB accepts the uca1400 names without a character set. */
    if (n > 8 && !sqlite3_strnicmp(name, "uca1400_", 8))
        for (size_t i = 0; i < USABLE_COLLATIONS; i++)
            if (!sqlite3_stricmp(collations[i].name + 8, name) &&
                !strncmp(collations[i].name, "utf8mb4_", 8))
                return &collations[i];
    return NULL;
}

const char *my_collation_charset(const char *collation)
{
    /* The utf8mb3 names are aliases of the utf8mb4 collations here, but a value of
     * the server's utf8mb3 (VERSION()) still says so. */
    if (!sqlite3_strnicmp(collation, "utf8mb3_", 8))
        return "utf8mb3";
    const my_collation *c = my_find_collation(collation, strlen(collation));
    return c ? c->charset : "binary";
}

/* The character sets SHOW CHARACTER SET lists, in MariaDB's order. */
static const struct {
    const char *name, *description, *default_collation;
    int maxlen;
} charsets[] = {
    {"latin1", "cp1252 West European", "latin1_swedish_ci", 1},
    {"utf8mb4", "UTF-8 Unicode", "utf8mb4_general_ci", 4},
    {"binary", "Binary pseudo charset", "binary", 1},
};

/* Whether SHOW COLLATION lists the collation under the session's flavor: the
 * emulated ones MariaDB 10.11 has (its uca1400 names without a character set), and on
 * the mysql flavor MySQL 8's 0900 names too. */
static int listed(const lw_walker *w, const my_collation *c)
{
    if (!strncmp(c->name, "utf8mb4_0900_", 13))
        return my_session_of(w)->flavor == &my_mysql_flavor;
    return 1;
}

void my_write_collation_list(lw_walker *w, int list_charsets)
{
    if (list_charsets) {
        lw_out(w, "SELECT * FROM (SELECT column1 AS \"Charset\", column2 AS \"Description\", "
                  "column3 AS \"Default collation\", column4 AS \"Maxlen\" FROM (VALUES ");
        for (size_t i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
            lw_outf(w, "%s('%s', '%s', '%s', %d)", i ? ", " : "", charsets[i].name,
                    charsets[i].description, charsets[i].default_collation, charsets[i].maxlen);
        lw_out(w, ")) WHERE 1 ");
        return;
    }
    /* MariaDB lists latin1's collations, then utf8mb4's, then the uca1400 names
     * (which have no character set, id or default), then binary. */
    static const char *const order[] = {"latin1", "utf8mb4", "uca1400", "binary"};
    lw_out(w, "SELECT * FROM (SELECT column1 AS \"Collation\", column2 AS \"Charset\", "
              "column3 AS \"Id\", column4 AS \"Default\", column5 AS \"Compiled\", column6 AS "
              "\"Sortlen\" FROM (VALUES ");
    int first = 1;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        for (size_t i = 0; i < USABLE_COLLATIONS; i++) {
            const my_collation *c = &collations[i];
            int uca1400 = !strncmp(c->name, "utf8mb4_uca1400_", 16);
            if (!listed(w, c) || strcmp(uca1400 ? "uca1400" : c->charset, order[k]) != 0)
                continue;
            if (uca1400)
                lw_outf(w, "%s('%s', NULL, NULL, NULL, 'Yes', %d)", first ? "" : ", ", c->name + 8,
                        c->sortlen);
            else
                lw_outf(w, "%s('%s', '%s', %d, '%s', 'Yes', %d)", first ? "" : ", ", c->name,
                        c->charset, c->id, c->is_default ? "Yes" : "", c->sortlen);
            first = 0;
        }
    }
    lw_out(w, ")) WHERE 1 ");
}

/* Whether ext/collation compares under the collation (the others are refused). */
static int usable(const my_collation *c)
{
    return c >= collations && c < collations + USABLE_COLLATIONS;
}

const char *my_usable_collation(const char *name)
{
    const my_collation *c = my_find_collation(name, strlen(name));
    return c && usable(c) && strcmp(c->charset, "binary") != 0 ? c->name : NULL;
}

const char *my_charset_collation(const lw_walker *w, const char *charset)
{
    if (!sqlite3_stricmp(charset, "utf8mb4") || !sqlite3_stricmp(charset, "utf8") ||
        !sqlite3_stricmp(charset, "utf8mb3"))
        return my_session_of(w)->flavor->default_collation;
    if (!sqlite3_stricmp(charset, "latin1"))
        return "latin1_swedish_ci";
    return NULL;
}

const char *my_intern_collation(const char *name)
{
    if (!sqlite3_stricmp(name, "BINARY"))
        return NULL; /* no COLLATE clause: a column of a number, a date... */
    const my_collation *c = my_find_collation(name, strlen(name));
    return c ? c->name : NULL;
}

const char *my_connection_collation(const lw_walker *w)
{
    return my_session_of(w)->collation_connection;
}

int my_is_string(const lw_expr *e)
{
    if (e->is_bool)
        return 0;
    switch (e->type) {
    case LW_K_TEXT:
    case LW_K_VARCHAR:
    case LW_K_BPCHAR:
    case LW_K_UNKNOWN_LITERAL:
    case LW_K_BYTEA:
        return 1;
    default:
        return 0;
    }
}

void my_literal_collation(lw_walker *w, lw_expr *e)
{
    e->collation = my_connection_collation(w);
    e->coercibility = LW_COERCE_COERCIBLE;
    e->collation_seen = 0;
}

/* The collation SQLite applies to a comparison of a and b (NULL: BINARY). */
static const char *sqlite_choice(const lw_expr *a, const lw_expr *b)
{
    if (a->collation_seen && a->coercibility == LW_COERCE_EXPLICIT)
        return a->collation;
    if (b->collation_seen && b->coercibility == LW_COERCE_EXPLICIT)
        return b->collation;
    if (a->collation_seen)
        return a->collation;
    if (b->collation_seen)
        return b->collation;
    return NULL;
}

static int is_bin(const char *collation)
{
    size_t n = strlen(collation);
    return !strcmp(collation, "binary") || (n > 4 && !strcmp(collation + n - 4, "_bin"));
}

static const char *derivation_name(int coercibility)
{
    static const char *const names[] = {"EXPLICIT",  "NONE",    "IMPLICIT", "SYSCONST",
                                        "COERCIBLE", "NUMERIC", "IGNORABLE"};
    return coercibility >= 0 && coercibility <= 6 ? names[coercibility] : "NONE";
}

const char *my_common_collation(lw_walker *w, const lw_expr *a, const lw_expr *b, const char *op,
                                int *coercibility)
{
    const char *ca = a->collation, *cb = b->collation;
    int pa = ca ? a->coercibility : LW_COERCE_IGNORABLE;
    int pb = cb ? b->coercibility : LW_COERCE_IGNORABLE;
    *coercibility = pa < pb ? pa : pb;
    if (!ca)
        return cb;
    if (!cb || ca == cb)
        return ca;
    /* A binary string makes the comparison binary. */
    if (!strcmp(ca, "binary") || !strcmp(cb, "binary"))
        return "binary";
    /* Two character sets at the same derivation: the value of the other is converted
     * to Unicode (MariaDB's left_is_superset; values are UTF-8 here in any case). */
    int ua = strcmp(my_collation_charset(ca), "latin1") != 0;
    int ub = strcmp(my_collation_charset(cb), "latin1") != 0;
    if (pa == pb && ua != ub)
        return ua ? ca : cb;
    if (pa != pb)
        return pa < pb ? ca : cb;
    if (pa == LW_COERCE_IMPLICIT && (is_bin(ca) || is_bin(cb)))
        return is_bin(ca) ? ca : cb;
    if (pa == LW_COERCE_COERCIBLE)
        return ca;
    lw_walk_error(w, LW_ESQL, "HY000", 1267,
                  "Illegal mix of collations (%s,%s) and (%s,%s) for operation '%s'", ca,
                  derivation_name(pa), cb, derivation_name(pb), op);
    return NULL;
}

void my_write_collate(lw_walker *w, const char *collation)
{
    if (!strcmp(collation, "binary")) {
        lw_out(w, "COLLATE BINARY ");
        return;
    }
    const my_collation *c = my_find_collation(collation, strlen(collation));
    if (c && !usable(c)) {
        lw_refuse(w, "the collation %s", collation);
        return;
    }
    lw_outf(w, "COLLATE %s ", collation);
}

/* Rewrites the operand e (written from e->start to end) as a number: my_num(x, 's'),
 * as MariaDB compares a string with a number. */
static void as_number(lw_walker *w, lw_expr *e, size_t end)
{
    char *tail = lw_take_from(w, end);
    lw_insert_call(w, e->start, "my_num");
    lw_out(w, ", 's') ");
    if (tail)
        lw_out(w, tail);
    sqlite3_free(tail);
}

static int is_number(const lw_expr *e)
{
    if (e->is_bool)
        return 1;
    return lw_is_int_kind(e->type) || e->type == LW_K_NUMERIC || e->type == LW_K_FLOAT;
}

/* Wraps the operand from start to end (the output's end, or where the operator
 * begins) in CAST(... AS type). */
static void cast_operand(lw_walker *w, size_t start, size_t end, const char *type)
{
    char *tail = lw_take_from(w, end);
    lw_insert_at(w, start, "CAST(");
    lw_outf(w, "AS %s) ", type);
    if (tail)
        lw_out(w, tail);
    sqlite3_free(tail);
}

static void as_double(lw_walker *w, size_t start, size_t end)
{
    cast_operand(w, start, end, "REAL");
}

/* Two strings compared (the right one written last): COLLATE their common collation
 * after the right one unless SQLite would take that collation itself. op names the
 * operation in 1267's message. */
static void collate_comparison(lw_walker *w, const lw_expr *left, const lw_expr *right,
                               const char *op)
{
    if (!my_is_string(left) || !my_is_string(right))
        return;
    int coercibility;
    const char *coll = my_common_collation(w, left, right, op, &coercibility);
    if (!coll || w->rc)
        return;
    const char *sq = sqlite_choice(left, right);
    if (!sq || sqlite3_stricmp(sq, coll) != 0)
        my_write_collate(w, coll);
}

/* A JSON value read as its scalar compares as a string (or as a number beside one). */
static void scalar_operand(lw_walker *w, lw_expr *e)
{
    e->type = LW_K_TEXT;
    e->collation = my_connection_collation(w);
    e->coercibility = LW_COERCE_IMPLICIT;
    e->collation_seen = 0;
}

void my_comparison(lw_walker *w, lw_expr *left, size_t left_end, lw_expr *right)
{
    if (my_row_comparison(w, left, right))
        return;
    /* JSON_EXTRACT's value compares as the scalar it holds (json.c): a string in the
     * connection's collation, read as a number beside a number. */
    if (right->type == LW_K_JSONB) {
        lw_insert_call(w, right->start, "my_json_scalar");
        lw_out(w, ") ");
        scalar_operand(w, right);
    }
    if (left->type == LW_K_JSONB) {
        size_t before = lw_here(w);
        char *tail = lw_take_from(w, left_end);
        lw_insert_call(w, left->start, "my_json_scalar");
        lw_out(w, ") ");
        left_end = lw_here(w);
        if (tail)
            lw_out(w, tail);
        sqlite3_free(tail);
        right->start += lw_here(w) - before;
        scalar_operand(w, left);
    }
    if (my_temporal_comparison(w, left, left_end, right))
        return;
    /* A DOUBLE with a DECIMAL compares doubles (SQLite would compare the double's
     * 15-digit text with the decimal text). */
    if (!left->is_bool && !right->is_bool && left->type == LW_K_FLOAT &&
        right->type == LW_K_NUMERIC) {
        as_double(w, right->start, lw_here(w));
        return;
    }
    if (!left->is_bool && !right->is_bool && left->type == LW_K_NUMERIC &&
        right->type == LW_K_FLOAT) {
        size_t before = lw_here(w);
        as_double(w, left->start, left_end);
        right->start += lw_here(w) - before;
        return;
    }
    /* An ENUM or SET column compared with a number compares its index or bits. */
    if (is_number(right) && right->tok > left->tok) {
        size_t before = lw_here(w);
        if (my_enum_operand_at(w, left, right->tok - 1, left_end)) {
            right->start += lw_here(w) - before;
            return;
        }
    }
    if (is_number(left) && my_enum_operand(w, right, w->p))
        return;
    /* A string compared with a number is a number (a DOUBLE), as MariaDB compares. */
    if (my_is_string(left) && left->type != LW_K_BYTEA && is_number(right)) {
        size_t before = lw_here(w);
        as_number(w, left, left_end);
        right->start += lw_here(w) - before;
        return;
    }
    if (my_is_string(right) && right->type != LW_K_BYTEA && is_number(left)) {
        as_number(w, right, lw_here(w));
        return;
    }
    /* A binary string (a BINARY or VARBINARY column, stored as a blob) beside a string
     * compares bytes: both sides as blobs, since SQLite orders every text before every
     * blob (VARBINARY 'ab' = 'ab' is true, BINARY(4)'s 'ab\0\0' = 'ab' false). */
    if (my_is_string(left) && my_is_string(right) &&
        (left->type == LW_K_BYTEA) != (right->type == LW_K_BYTEA)) {
        cast_operand(w, right->start, lw_here(w), "BLOB");
        size_t before = lw_here(w);
        cast_operand(w, left->start, left_end, "BLOB");
        right->start += lw_here(w) - before;
        return;
    }
    collate_comparison(w, left, right, "=");
}

/* CASE x WHEN v compares x and v as x = v does: strings under their common collation;
 * a string x with a number v as numbers (v written as a REAL, whose affinity SQLite
 * then gives x; x is written once for every WHEN and cannot be rewritten here). */
void my_case_when(lw_walker *w, const lw_expr *base, lw_expr *value)
{
    if (my_is_string(base) && base->type != LW_K_BYTEA && is_number(value)) {
        as_double(w, value->start, lw_here(w));
        return;
    }
    collate_comparison(w, base, value, "case");
}

/* A CASE's result takes its string branches' common collation (NULL branches aside),
 * which SQLite does not apply by itself: GROUP BY, ORDER BY and comparisons write it. */
void my_case_result(lw_walker *w, lw_expr *e, const lw_expr *branch)
{
    if (!my_is_string(branch) || !branch->collation)
        return;
    if (!e->collation) {
        e->collation = branch->collation;
        e->coercibility = branch->coercibility;
    } else {
        int coercibility;
        const char *coll = my_common_collation(w, e, branch, "case", &coercibility);
        if (!coll)
            return;
        e->collation = coll;
        e->coercibility = coercibility;
    }
    e->collation_seen = 0;
}

void my_order_item(lw_walker *w, lw_expr *e)
{
    /* An ENUM sorts by its index (enums.c). */
    if (my_enum_operand(w, e, w->p))
        return;
    if (!my_is_string(e) || !e->collation || e->collation_seen)
        return;
    my_write_collate(w, e->collation);
}

/* The character set of the operand of COLLATE: its collation's (utf8mb3 values are
 * utf8mb4 here), utf8mb4 for a number, which COLLATE makes a string. */
static const char *operand_charset(const lw_expr *e)
{
    if (!e->collation || !strcmp(e->collation, "binary"))
        return e->collation ? "binary" : "utf8mb4";
    const char *cs = my_collation_charset(e->collation);
    return !strcmp(cs, "utf8mb3") ? "utf8mb4" : cs;
}

/* x COLLATE name */
void my_collate_operator(lw_walker *w, lw_expr *e, const lw_operator *op)
{
    (void)op;
    lw_skip(w); /* COLLATE */
    const lw_token *t = lw_tok(w, 0);
    if (!t || (t->type != LW_TK_WORD && t->type != LW_TK_QIDENT && t->type != LW_TK_STRING)) {
        lw_refuse(w, "COLLATE without a collation name");
        return;
    }
    char *name = t->type == LW_TK_WORD ? lw_tok_text(w, 0) : lw_ident_text(w, w->p);
    if (!name) {
        w->t->out->oom = 1;
        return;
    }
    const my_collation *c = my_find_collation(name, strlen(name));
    if (!c) {
        lw_walk_error(w, LW_ESQL, "HY000", 1273, "Unknown collation: '%s'", name);
    } else if (strcmp(c->charset, operand_charset(e)) != 0 && strcmp(c->charset, "binary") != 0 &&
               strcmp(operand_charset(e), "binary") != 0) {
        lw_walk_error(w, LW_ESQL, "42000", 1253,
                      "COLLATION '%s' is not valid for CHARACTER SET '%s'", c->name,
                      operand_charset(e));
    } else {
        lw_skip(w);
        my_write_collate(w, c->name);
        e->collation = c->name;
        e->coercibility = LW_COERCE_EXPLICIT;
        e->collation_seen = 1;
        if (!my_is_string(e))
            e->type = LW_K_TEXT;
    }
    sqlite3_free(name);
}
