/*
 * JSON_TABLE's definition and rows (MariaDB 10.11), plain C: json_table_sql.c parses
 * the definition from a statement and runtime_json_table.c serves the rows as a
 * virtual table.
 *
 *   JSON_TABLE(doc, path COLUMNS (column, ...)) [AS] alias
 *   column:  name FOR ORDINALITY
 *            name type PATH path [{NULL | ERROR | DEFAULT 'v'} ON EMPTY]
 *                                [{NULL | ERROR | DEFAULT 'v'} ON ERROR]
 *            name type EXISTS PATH path
 *            NESTED [PATH] path COLUMNS (column, ...)
 *
 * The rows: one for each place path reaches in doc (none for NULL); a NESTED path
 * gives, for each place its parent's row stands on, one row for each place it reaches
 * there, the columns of the other NESTED paths of that parent NULL (sibling NESTED
 * paths follow one another, they do not multiply), and a parent row whose NESTED
 * paths reach nothing stays, once, with their columns NULL. FOR ORDINALITY counts the
 * places of its own path from 1.
 *
 * A PATH column's value, as MariaDB converts it: nothing there is ON EMPTY, an array
 * or an object ON ERROR (a JSON column takes them as JSON text); NULL (the default)
 * gives NULL, DEFAULT 'v' the value v converted to the type, ERROR the errors 4176
 * ("Field 'c' can't be set for JSON_TABLE 'jt'.") and 4178 ("Can't store an array or
 * an object in the scalar column 'c' of JSON_TABLE 'jt'."). JSON null is NULL. A
 * scalar is converted to the column's type: an integer type rounds (half away from
 * zero) and clips to its range (1264), reads a string that is no number as 0 (1366,
 * "Incorrect integer value: 'x' for column `*any*`.`json_table`.`c` at row N");
 * DOUBLE the same without the range; CHAR/VARCHAR(n) keeps n characters (1265); TEXT
 * the whole text; JSON the value as JSON text. true and false are 1 and 0, or the
 * words in a string column. The row N of the warnings counts the rows made.
 *
 * Types: TINYINT, SMALLINT, MEDIUMINT, INT, INTEGER, BIGINT [UNSIGNED], FLOAT,
 * DOUBLE, REAL, CHAR(n), VARCHAR(n), TINYTEXT, TEXT, MEDIUMTEXT, LONGTEXT, JSON. Not
 * emulated (refused where the definition is read): DECIMAL, the temporal types, a
 * CHARACTER SET or COLLATE on a column. Limits: MY_JT_MAX_COLUMNS columns,
 * MY_JT_MAX_LEVELS paths in all, MY_JT_MAX_DEFINITIONS distinct definitions (text and
 * alias) on one connection.
 */
#ifndef LW_SHIM_MYSQL_JSON_TABLE_H
#define LW_SHIM_MYSQL_JSON_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "dialect/mysql/json_doc.h"

#define MY_JT_MAX_COLUMNS 256
#define MY_JT_MAX_LEVELS 64
/* Distinct definitions one connection registers (runtime_json_table.c). */
#define MY_JT_MAX_DEFINITIONS 1024

typedef enum my_jt_kind { MY_JT_ORDINALITY, MY_JT_PATH, MY_JT_EXISTS } my_jt_kind;
typedef enum my_jt_type { MY_JT_INT, MY_JT_DOUBLE, MY_JT_STRING, MY_JT_JSON } my_jt_type;
typedef enum my_jt_response { MY_JT_NULL, MY_JT_DEFAULT, MY_JT_ERROR } my_jt_response;

typedef struct my_jt_column {
    char *name;
    my_jt_kind kind;
    my_jt_type type;
    long long lo, hi; /* INT: the range */
    long long chars;  /* STRING: the most characters kept, -1 for no limit */
    int level;        /* the path (my_jt_spec.levels) whose places give its rows */
    char *path_text;  /* PATH, EXISTS: from the level's place (checked, parsed per use) */
    size_t path_len;
    my_jt_response on_empty, on_error;
    char *empty_default, *error_default; /* DEFAULT's text */
} my_jt_column;

typedef struct my_jt_level {
    char *path_text; /* from the parent's place (the document's root for level 0) */
    size_t path_len;
    int parent; /* -1 for level 0 */
} my_jt_level;

typedef struct my_jt_spec {
    char *alias; /* for the error messages */
    my_jt_column columns[MY_JT_MAX_COLUMNS];
    int n_columns;
    my_jt_level levels[MY_JT_MAX_LEVELS];
    int n_levels;
} my_jt_spec;

/* A new empty definition (sqlite3_free'd by my_jt_spec_free), or NULL. */
my_jt_spec *my_jt_spec_new(void);
void my_jt_spec_free(my_jt_spec *spec);

/* Checks the path text[0..n) and copies it into *copy (sqlite3_free'd by
 * my_jt_spec_free once stored; a definition keeps its paths as text, parsed when rows
 * are made, so it stays small). Returns MY_JPATH_OK, another status with *pos set, or
 * -1 out of memory. */
int my_jt_path(const char *text, size_t n, char **copy, size_t *pos);

/* One cell of a row. */
typedef struct my_jt_value {
    int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
    long long i;
    double d;
    char *s; /* TEXT: owned */
    size_t n;
} my_jt_value;

/* A warning or an error of the rows: code and message (owned). */
typedef struct my_jt_condition {
    int code;
    char *message;
} my_jt_condition;

/* The rows of a document: n_rows rows of spec->n_columns cells. */
typedef struct my_jt_rows {
    my_jt_value *cells;
    size_t n_rows, cap_rows;
    int n_columns;
    my_jt_condition *warnings;
    int n_warnings, cap_warnings;
    my_jt_condition error; /* code 0: none */
    int oom;
} my_jt_rows;

/* Makes the rows of document doc (parsed with MY_JSON_FLAGS) under spec into out
 * (zeroed by the caller). Returns 0, or -1 with out->error set (or out->oom). */
int my_jt_rows_make(const my_jt_spec *spec, const lw_json *doc, my_jt_rows *out);
void my_jt_rows_free(my_jt_rows *rows);

#endif
