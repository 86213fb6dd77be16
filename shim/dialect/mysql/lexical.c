/*
 * MySQL's lexical rules that the translation reads (mysql.h):
 *
 *   strings     '...', "..." and N'...' take backslash escapes: \0 \b \n \r \t \Z,
 *               \' \" \\ and any other character stand for that character, \% and \_
 *               keep their backslash (LIKE reads them); a doubled quote is one
 *   refused     ||   MySQL's logical OR (SQLite concatenates)
 *               /    MySQL divides exactly (1/2 is 0.5000; SQLite's 1/2 is 0)
 *               ON DUPLICATE KEY UPDATE, LOCK TABLES, SQL_CALC_FOUND_ROWS
 */
#include "dialect/mysql/mysql.h"

static const lw_escape escapes[] = {
    {'0', 0}, {'b', '\b'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'}, {'Z', 26},
};

const lw_escape_rules mysql_escapes = {
    escapes,
    sizeof escapes / sizeof escapes[0],
    "%_",
    LW_ESC_ZERO_OK,
};

#define REFUSED(spelling, why)                                                                     \
    {                                                                                              \
        spelling, 0, LW_OP_REFUSE, why, NULL, 0, LW_K_UNKNOWN, NULL                                \
    }

const lw_operator mysql_operators[] = {
    REFUSED("||", "|| is logical OR in MySQL but concatenation in SQLite: use OR or CONCAT()"),
    REFUSED("/", "/ divides exactly in MySQL (1/2 is 0.5000) but SQLite divides integers to an "
                 "integer (1/2 is 0): write CAST(x AS REAL) / y"),
    {NULL, 0, 0, NULL, NULL, 0, LW_K_UNKNOWN, NULL},
};

const lw_refusal mysql_refused_words[] = {
    {"on duplicate",
     "ON DUPLICATE KEY UPDATE is not supported: use INSERT ... ON CONFLICT (key) DO UPDATE"},
    {"lock tables", "LOCK TABLES is not supported: transactions lock the whole database"},
    {"sql_calc_found_rows", "SQL_CALC_FOUND_ROWS is not supported"},
    {NULL, NULL},
};
