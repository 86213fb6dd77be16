/*
 * The postgresql dialect's types as tables for the shared layer (dialect/types.h,
 * dialect/arith.h): the type names PostgreSQL 15 accepts and the kinds they are, what
 * each kind is called in messages and how it is cast, the SQLite declared types the
 * dialect's CREATE TABLE writes, the kinds of numeric constants, and which operand
 * kinds PostgreSQL's arithmetic operators take.
 *
 * Casts go through pg_cast(x, 'type' [, length]) and exact numerics through
 * decimal() (runtime_casts.c, ext/decimal). Integer arithmetic is range-checked in the
 * wider operand's type by pg_int2/4/8 (22003); / and % of integers and doubles go
 * through pg_arith and pg_farith, and the decimal functions, which give NULL for a NULL
 * operand before they look for a zero divisor (22012), as PostgreSQL does.
 */
#include "dialect/ddl.h"
#include "dialect/postgresql/postgresql.h"

#define TIMESTAMP_PRECISION "a timestamp precision"

const lw_type_name pg_type_names[] = {
    {"int", LW_K_INT4, 0, 0, NULL},
    {"integer", LW_K_INT4, 0, 0, NULL},
    {"int4", LW_K_INT4, 0, 0, NULL},
    {"smallint", LW_K_INT2, 0, 0, NULL},
    {"int2", LW_K_INT2, 0, 0, NULL},
    {"bigint", LW_K_INT8, 0, 0, NULL},
    {"int8", LW_K_INT8, 0, 0, NULL},
    {"serial", LW_K_SERIAL4, 0, 0, NULL},
    {"serial4", LW_K_SERIAL4, 0, 0, NULL},
    {"bigserial", LW_K_SERIAL8, 0, 0, NULL},
    {"serial8", LW_K_SERIAL8, 0, 0, NULL},
    {"smallserial", LW_K_SERIAL2, 0, 0, NULL},
    {"serial2", LW_K_SERIAL2, 0, 0, NULL},
    {"numeric", LW_K_NUMERIC, 0, 0, NULL},
    {"decimal", LW_K_NUMERIC, 0, 0, NULL},
    /* float(p) is real or double precision: both are doubles here. */
    {"real", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"float4", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"float8", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"float", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"double precision", LW_K_FLOAT, LW_TYPE_DROP_MODIFIER, 0, NULL},
    {"double", LW_K_FLOAT, LW_TYPE_REFUSE, 0, "the type double"},
    {"text", LW_K_TEXT, 0, 0, NULL},
    {"citext", LW_K_TEXT, 0, 0, NULL},
    {"varchar", LW_K_VARCHAR, 0, 0, NULL},
    {"char varying", LW_K_VARCHAR, 0, 0, NULL},
    {"character varying", LW_K_VARCHAR, 0, 0, NULL},
    {"bpchar varying", LW_K_VARCHAR, 0, 0, NULL},
    {"char", LW_K_BPCHAR, 0, 1, NULL},
    {"character", LW_K_BPCHAR, 0, 1, NULL},
    {"bpchar", LW_K_BPCHAR, 0, 1, NULL},
    {"boolean", LW_K_BOOL, 0, 0, NULL},
    {"bool", LW_K_BOOL, 0, 0, NULL},
    {"bytea", LW_K_BYTEA, 0, 0, NULL},
    {"json", LW_K_JSON, 0, 0, NULL},
    {"jsonb", LW_K_JSONB, 0, 0, NULL},
    {"uuid", LW_K_UUID, 0, 0, NULL},
    {"date", LW_K_DATE, 0, 0, NULL},
    {"timestamp", LW_K_TIMESTAMP, LW_TYPE_NO_MODIFIER, 0, TIMESTAMP_PRECISION},
    {"timestamp without time zone", LW_K_TIMESTAMP, LW_TYPE_NO_MODIFIER, 0, TIMESTAMP_PRECISION},
    {"timestamp with time zone", LW_K_TIMESTAMPTZ, LW_TYPE_NO_MODIFIER, 0, TIMESTAMP_PRECISION},
    {"timestamp without", LW_K_TIMESTAMP, LW_TYPE_REFUSE, 0, "this timestamp type"},
    {"timestamp with", LW_K_TIMESTAMPTZ, LW_TYPE_REFUSE, 0, "this timestamp type"},
    {"timestamptz", LW_K_TIMESTAMPTZ, LW_TYPE_NO_MODIFIER, 0, TIMESTAMP_PRECISION},
    /* 'public'::regnamespace, as catalog queries compare pg_class.relnamespace. */
    {"regnamespace", LW_K_REGNAMESPACE, LW_TYPE_NO_MODIFIER, 0, "a regnamespace modifier"},
    {0},
};

/* name, cast, cast with a length, integer range check, cast of a quoted operand, equality
 * (jsonb compares as jsonb: [1.0] = [1]; the stored normal forms could differ in their
 * digits) */
const lw_kind_def pg_kinds[LW_K_COUNT] = {
    [LW_K_INT2] = {"smallint", "int2", NULL, "pg_int2", 1, NULL},
    [LW_K_INT4] = {"integer", "int4", NULL, "pg_int4", 1, NULL},
    [LW_K_INT8] = {"bigint", "int8", NULL, "pg_int8", 1, NULL},
    [LW_K_NUMERIC] = {"numeric", NULL, NULL, NULL, 0, NULL}, /* exact: decimal() */
    [LW_K_FLOAT] = {"double precision", "float8", NULL, NULL, 1, NULL},
    [LW_K_TEXT] = {"text", "text", NULL, NULL, 0, NULL},
    [LW_K_VARCHAR] = {"character varying", "text", "varchar", NULL, 0, NULL},
    [LW_K_BPCHAR] = {"character", "bpchar", "bpchar", NULL, 0, NULL},
    [LW_K_BOOL] = {"boolean", "bool", NULL, NULL, 0, NULL},
    [LW_K_BYTEA] = {"bytea", "bytea", NULL, NULL, 0, NULL},
    [LW_K_JSON] = {"json", "json", NULL, NULL, 0, NULL},
    [LW_K_JSONB] = {"jsonb", "jsonb", NULL, NULL, 0, "json_equal"},
    [LW_K_UUID] = {"uuid", "uuid", NULL, NULL, 0, NULL},
    [LW_K_DATE] = {"date", "date", NULL, NULL, 1, NULL},
    [LW_K_TIMESTAMP] = {"timestamp without time zone", "timestamp", NULL, NULL, 1, NULL},
    [LW_K_TIMESTAMPTZ] = {"timestamp with time zone", "timestamptz", NULL, NULL, 1, NULL},
    [LW_K_REGNAMESPACE] = {"regnamespace", "regnamespace", NULL, NULL, 0, NULL},
};

/* The declared types this dialect's CREATE TABLE writes (or SQLite's usual names). */
const lw_declared_type pg_declared[] = {
    {"NUMERIC_TEXT", LW_K_NUMERIC},
    {"INTEGER", LW_K_INT4},
    {"INT", LW_K_INT4},
    {"SMALLINT", LW_K_INT2},
    {"BIGINT", LW_K_INT8},
    {"DOUBLE", LW_K_FLOAT},
    {"REAL", LW_K_FLOAT},
    {"FLOAT", LW_K_FLOAT},
    {"BOOLEAN", LW_K_BOOL},
    {"TIMESTAMPTZ", LW_K_TIMESTAMPTZ},
    {"TIMESTAMP", LW_K_TIMESTAMP},
    {"DATE", LW_K_DATE},
    {"TEXT", LW_K_TEXT},
    {"VARCHAR", LW_K_VARCHAR},
    {"CHAR", LW_K_BPCHAR},
    {"JSONB", LW_K_JSONB},
    {"JSON", LW_K_JSON},
    {"UUID", LW_K_UUID},
    {"BYTEA", LW_K_BYTEA},
    {0},
};

/* An integer constant is integer when it fits, then bigint, then numeric; numeric with
 * a fraction or an exponent (1e3 too). */
const lw_number_rules pg_numbers = {LW_K_INT4, LW_K_INT8, LW_K_NUMERIC, LW_K_NUMERIC};

#define NUMBERS (LW_KINDS_INT | LW_KIND_BIT(LW_K_NUMERIC))
#define UNKNOWN LW_KIND_BIT(LW_K_UNKNOWN)
#define DATES (LW_KIND_BIT(LW_K_DATE) | LW_KIND_BIT(LW_K_TIMESTAMP) | LW_KIND_BIT(LW_K_TIMESTAMPTZ))

/* PostgreSQL's operator resolution for the kinds the rewriter knows; operands it
 * cannot type (a parameter, a view's expression column) go to pg_arith, which decides
 * at run time. */
const lw_arith_rule pg_arith[] = {
    {"+-*/%", LW_KINDS_INT, LW_KINDS_INT, 0, LW_ARITH_CHECKED, "pg_arith", LW_K_UNKNOWN},
    {"+-*/%", LW_KIND_BIT(LW_K_NUMERIC), NUMBERS | UNKNOWN, LW_ARITHF_EITHER, LW_ARITH_EXACT, NULL,
     LW_K_UNKNOWN},
    {"%", LW_KIND_BIT(LW_K_FLOAT), NUMBERS | LW_KIND_BIT(LW_K_FLOAT) | UNKNOWN, LW_ARITHF_EITHER,
     LW_ARITH_NO_OPERATOR, NULL, LW_K_UNKNOWN},
    {"+-*/", LW_KIND_BIT(LW_K_FLOAT), NUMBERS | LW_KIND_BIT(LW_K_FLOAT) | UNKNOWN, LW_ARITHF_EITHER,
     LW_ARITH_INFIX, "pg_farith", LW_K_FLOAT},
    {"+-", LW_KIND_BIT(LW_K_DATE), LW_KINDS_INT | UNKNOWN, LW_ARITHF_SIGN, LW_ARITH_CALL,
     "pg_date_add", LW_K_DATE},
    {"+", LW_KINDS_INT | UNKNOWN, LW_KIND_BIT(LW_K_DATE), LW_ARITHF_SWAP | LW_ARITHF_SIGN,
     LW_ARITH_CALL, "pg_date_add", LW_K_DATE},
    {"-", LW_KIND_BIT(LW_K_DATE), LW_KIND_BIT(LW_K_DATE), 0, LW_ARITH_CALL, "pg_date_diff",
     LW_K_INT4},
    {"-", DATES, DATES, 0, LW_ARITH_REFUSE,
     "%s - %s (an interval value; compare the values or use extract(epoch FROM ...))",
     LW_K_UNKNOWN},
    {"+-*/%", LW_KINDS_ANY, UNKNOWN, LW_ARITHF_EITHER | LW_ARITHF_OPERATOR, LW_ARITH_CALL,
     "pg_arith", LW_K_UNKNOWN},
    {0},
};

#define ASSIGN_CHECK (LW_COL_CHECK | LW_COL_NORMALIZE)

/* Column DDL per kind (dialect/ddl.h): the declared types the dialect writes and the
 * checks PostgreSQL makes on stored values (pg_assign, runtime_casts.c). */
const lw_column_rule pg_columns[] = {
    {LW_K_INT2, "SMALLINT", NULL, "int2", "-32768 AND 32767", LW_COL_RANGE, NULL},
    {LW_K_INT4, "INTEGER", NULL, "int4", "-2147483648 AND 2147483647", LW_COL_RANGE, NULL},
    {LW_K_INT8, "BIGINT", NULL, "int8", "-9223372036854775808 AND 9223372036854775807",
     LW_COL_RANGE, NULL},
    {LW_K_NUMERIC, "NUMERIC_TEXT", "NUMERIC_TEXT(%lld,%lld)", NULL, NULL, LW_COL_EXACT, NULL},
    {LW_K_FLOAT, "DOUBLE PRECISION", NULL, NULL, NULL, 0, NULL},
    {LW_K_TEXT, "TEXT", NULL, NULL, NULL, 0, NULL},
    {LW_K_VARCHAR, "VARCHAR", "VARCHAR(%lld)", "varchar", NULL, LW_COL_CHECK | LW_COL_SIZED, NULL},
    {LW_K_BPCHAR, "CHAR", "CHAR(%lld)", "bpchar", NULL, LW_COL_CHECK | LW_COL_SIZED, NULL},
    {LW_K_BOOL, "BOOLEAN", NULL, "bool", NULL, ASSIGN_CHECK, NULL},
    {LW_K_BYTEA, "BYTEA", NULL, "bytea", NULL, ASSIGN_CHECK, NULL},
    {LW_K_JSON, "JSON", NULL, "json", NULL, LW_COL_CHECK, NULL},
    /* jsonb stores its normal form (the last duplicate key, keys in jsonb's order,
     * numbers as numerics), so every operator and function reads what PostgreSQL
     * would; json keeps the text as written. */
    {LW_K_JSONB, "JSONB", NULL, "json", NULL, LW_COL_CHECK | LW_COL_NORMALIZE, "jsonb"},
    {LW_K_UUID, "UUID", NULL, "uuid", NULL, ASSIGN_CHECK, NULL},
    {LW_K_DATE, "DATE", NULL, "date", NULL, ASSIGN_CHECK, NULL},
    {LW_K_TIMESTAMP, "TIMESTAMP", NULL, "timestamp", NULL, ASSIGN_CHECK, NULL},
    {LW_K_TIMESTAMPTZ, "TIMESTAMPTZ", NULL, "timestamptz", NULL, ASSIGN_CHECK, NULL},
    {0},
};
