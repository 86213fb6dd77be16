/*
 * Column types for CREATE TABLE (ddl.c): a dialect type becomes a SQLite declared
 * type and the checks the server makes on the values a column stores, from the
 * dialect's column table (rules->columns, one entry per kind):
 *
 *   declared        the SQLite declared type (its affinity: INTEGER, TEXT, REAL...),
 *                   with the length or precision when the entry is sized
 *   range check     integers: CHECK (("c" BETWEEN lo AND hi AND "c" = ("c" | 0)) OR
 *                   "c" IS NULL OR assign("c", 'int4') IS NULL): the test runs inline,
 *                   the assign function only raises the server's error (out of range,
 *                   text that is not a number, or a fraction the statement did not
 *                   round: INTEGER affinity keeps 2.5 a REAL, which "c" | 0 truncates;
 *                   cheaper per row than typeof())
 *   assign check    CHECK (assign("c", 'type'[, n]) IS NOT NULL OR "c" IS NULL): the
 *                   server's error for a value the type does not take (22P02, 22001)
 *   normalised      the stored value is rewritten to the type's canonical form after
 *                   every INSERT and UPDATE (booleans, UUIDs, timestamps, jsonb's
 *                   normal form), by triggers
 *   exact numeric   NUMERIC_TEXT[(p,s)] COLLATE DECIMAL, normalised through decimal()
 *                   (types.h: exact numerics)
 *
 * The triggers and the table are written as one call of the dialect's exec function,
 * so the statement stays one statement (lw_ddl_finish).
 */
#ifndef LW_SHIM_DDL_H
#define LW_SHIM_DDL_H

#include "dialect/expr.h"
#include "dialect/table_model.h"

#define LW_COL_RANGE 0x01 /* range check: `range` */
#define LW_COL_CHECK 0x02 /* assign check */
#define LW_COL_SIZED                                                                               \
    0x04                      /* the length modifier goes into the type and the check; no          \
                                 check without one */
#define LW_COL_NORMALIZE 0x08 /* normalised by the conversion triggers */
#define LW_COL_EXACT 0x10     /* exact numeric */
/* A second modifier (an interval's fields: mod2, LW_FIELD_*) goes with the first into
 * the type, declared_sized "INTERVAL(%lld,%lld)" (-1 for one not given), and into the
 * check and the triggers: assign(x, 'interval', precision, fields). */
#define LW_COL_FIELDS 0x20

struct lw_column_rule {
    lw_kind kind;
    const char *declared;       /* "INTEGER" */
    const char *declared_sized; /* "VARCHAR(%lld)" (exact: "NUMERIC_TEXT(%lld,%lld)") */
    const char *assign;         /* the assign function's type argument: "int4" */
    const char *range;          /* LW_COL_RANGE: "-2147483648 AND 2147483647" */
    unsigned flags;             /* LW_COL_* */
    const char *normalize;      /* LW_COL_NORMALIZE: the assign function's type argument
                                   of the triggers when it is not `assign` (jsonb checks
                                   as json and stores its normal form: "jsonb") */
};

/* The names of the conversion triggers the layer makes start with this, then i_ or u_
 * (after INSERT, after UPDATE) and the table's name: a table rebuild makes them anew. */
#define LW_DDL_NORM_PREFIX "_lw_norm_"

/* A column's definition in parts, as the dialect's column table says (the rebuild and
 * the ALTER forms build a table model from them; every string owned). */
typedef struct lw_ddl_column {
    char *declared;      /* "NUMERIC_TEXT(10,2)", "VARCHAR(10)", "INTEGER" */
    char *check;         /* the type's check: "CHECK (...)", or NULL */
    const char *collate; /* the type's collation ("DECIMAL"), or NULL */
    char *norm;          /* the conversion triggers' assignment ("c" = ...), or NULL */
} lw_ddl_column;

/* Fills out for column col of type ty. Returns 0, LW_ENOTSUP for a kind the table
 * lacks, or LW_ENOMEM. Free out with lw_ddl_column_free. */
int lw_ddl_column_parts(const lw_dialect_rules *rules, const lw_sql_type *ty, const char *col,
                        lw_ddl_column *out);
void lw_ddl_column_free(lw_ddl_column *c);
/* The type a declared type the dialect wrote stands for (rules->declared, and the
 * modifiers in parentheses): NUMERIC_TEXT(10,2) is numeric(10,2). Returns 0, or -1 for a
 * declared type the table does not know. */
int lw_ddl_type_of_declared(const lw_dialect_rules *rules, const char *declared, lw_sql_type *ty);
/* The conversion triggers of table m as CREATE TABLE makes them (complete statements,
 * "" when no column needs one); NULL when out of memory. */
char *lw_ddl_norm_triggers(const lw_dialect_rules *rules, const lw_table_model *m);

/*
 * Writes the column type ty of column col as the dialect's column table says, and
 * appends to norm the assignments the conversion triggers make for it ("c" =
 * assign(NEW."c", 'bool')), comma-separated. A kind the table lacks is refused.
 */
void lw_ddl_column_type(lw_walker *w, const lw_sql_type *ty, const char *col, lw_sqlbuf *norm);
/*
 * After a CREATE TABLE written from output offset start: when columns need
 * conversions (norm) or the dialect more triggers (extra, complete statements), the
 * table and its triggers become one call of rules->ddl_exec_function, written in place
 * of the CREATE TABLE.
 */
void lw_ddl_finish(lw_walker *w, size_t start, const char *table, const lw_sqlbuf *norm,
                   const lw_sqlbuf *extra);
#endif
