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
    {"timestamp", LW_K_TIMESTAMP, 0, 0, NULL},
    {"timestamp without time zone", LW_K_TIMESTAMP, 0, 0, NULL},
    {"timestamp with time zone", LW_K_TIMESTAMPTZ, 0, 0, NULL},
    {"timestamp without", LW_K_TIMESTAMP, LW_TYPE_REFUSE, 0, "this timestamp type"},
    {"timestamp with", LW_K_TIMESTAMPTZ, LW_TYPE_REFUSE, 0, "this timestamp type"},
    {"timestamptz", LW_K_TIMESTAMPTZ, 0, 0, NULL},
    {"time", LW_K_TIME, 0, 0, NULL},
    {"time without time zone", LW_K_TIME, 0, 0, NULL},
    {"time with time zone", LW_K_TIMETZ, 0, 0, NULL},
    {"timetz", LW_K_TIMETZ, 0, 0, NULL},
    {"interval", LW_K_INTERVAL, LW_TYPE_FIELDS, 0, NULL},
    /* 'public'::regnamespace, as catalog queries compare pg_class.relnamespace. */
    {"regnamespace", LW_K_REGNAMESPACE, LW_TYPE_NO_MODIFIER, 0, "a regnamespace modifier"},
    {0},
};

/* name, cast, cast with a length, integer range check, cast of a quoted operand, equality
 * (jsonb compares as jsonb: [1.0] = [1]; the stored normal forms could differ in their
 * digits), the collation of its values (intervals compare with months of 30 days),
 * unary minus, the cast of a quoted string it is compared with, the rank of the
 * date/time kinds that convert into each other (date < timestamp < timestamptz). The
 * date/time kinds travel as PostgreSQL's text (pgtime.h): the cast functions read any
 * of them as the target type, which converts between them the way PostgreSQL does,
 * except where conversions (below) say otherwise. */
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
    [LW_K_DATE] = {"date", "date", NULL, NULL, 1, NULL, NULL, NULL, 1, 1},
    [LW_K_TIMESTAMP] = {"timestamp without time zone", "timestamp", "timestamp", NULL, 1, NULL,
                        NULL, NULL, 1, 2, LW_K_INTERVAL},
    [LW_K_TIMESTAMPTZ] = {"timestamp with time zone", "timestamptz", "timestamptz", NULL, 1, NULL,
                          NULL, NULL, 1, 3, LW_K_INTERVAL},
    [LW_K_TIME] = {"time without time zone", "time", "time", NULL, 1, NULL, NULL, NULL, 1, 0,
                   LW_K_INTERVAL},
    [LW_K_TIMETZ] = {"time with time zone", "timetz", "timetz", NULL, 1, NULL, "PG_TIMETZ", NULL, 1,
                     0},
    [LW_K_INTERVAL] = {"interval", "interval", "interval", NULL, 1, NULL, "PG_INTERVAL",
                       "pg_iv_neg", 1, 0, LW_K_INTERVAL},
    [LW_K_REGNAMESPACE] = {"regnamespace", "regnamespace", NULL, NULL, 0, NULL},
};

/* Conversions that are more than reading the text as the target type: a timestamptz
 * is stored as its UTC text, so its date, time and local timestamp are those of the
 * session's TimeZone, and its text is shown there; an interval's text follows
 * IntervalStyle. */
const lw_conversion pg_conversions[] = {
    {LW_K_TIMESTAMPTZ, LW_K_DATE, "pg_tz_to_date"},
    {LW_K_TIMESTAMPTZ, LW_K_TIMESTAMP, "pg_tz_to_ts"},
    {LW_K_TIMESTAMPTZ, LW_K_TIME, "pg_tz_to_time"},
    {LW_K_TIMESTAMPTZ, LW_K_TIMETZ, "pg_tz_to_timetz"},
    {LW_K_TIMESTAMPTZ, LW_K_TEXT, "pg_tz_text"},
    {LW_K_TIMESTAMPTZ, LW_K_VARCHAR, "pg_tz_text"},
    {LW_K_TIMESTAMP, LW_K_TIMESTAMPTZ, "pg_ts_to_tz"},
    {LW_K_DATE, LW_K_TIMESTAMPTZ, "pg_d_to_tz"},
    {LW_K_INTERVAL, LW_K_TEXT, "pg_iv_text"},
    {LW_K_INTERVAL, LW_K_VARCHAR, "pg_iv_text"},
    {LW_K_INTERVAL, LW_K_TIME, "pg_iv_to_time"},
    {0, 0, NULL},
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
    {"TIME", LW_K_TIME},
    {"TIMETZ", LW_K_TIMETZ},
    {"INTERVAL", LW_K_INTERVAL},
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
#define K(k) LW_KIND_BIT(LW_K_##k)
#define FLOATS (NUMBERS | K(FLOAT))

/* A date/time rule: fn(L, R [, sign]) of kind result. */
#define TIME_CALL(ops, l, r, flags, fn, result)                                                    \
    {                                                                                              \
        ops, l, r, flags, LW_ARITH_CALL, fn, result                                                \
    }
#define SIGNED (LW_ARITHF_SIGN)
#define SWAPPED (LW_ARITHF_SWAP | LW_ARITHF_SIGN)

/* PostgreSQL's operator resolution for the kinds the rewriter knows; operands it
 * cannot type (a parameter, a view's expression column) go to pg_arith, which decides
 * at run time. Dates, timestamps and times (runtime_datetime.c): date +/- integer is a
 * date, date - date an integer; +/- interval keeps the kind (a date becomes a
 * timestamp); the difference of two timestamps or times is an interval; a date and a
 * timestamp meet as timestamps (arith.h: ranks). */
const lw_arith_rule pg_arith[] = {
    {"+-*/%", LW_KINDS_INT, LW_KINDS_INT, 0, LW_ARITH_CHECKED, "pg_arith", LW_K_UNKNOWN},
    {"+-*/%", LW_KIND_BIT(LW_K_NUMERIC), NUMBERS | UNKNOWN, LW_ARITHF_EITHER, LW_ARITH_EXACT, NULL,
     LW_K_UNKNOWN},
    {"%", LW_KIND_BIT(LW_K_FLOAT), NUMBERS | LW_KIND_BIT(LW_K_FLOAT) | UNKNOWN, LW_ARITHF_EITHER,
     LW_ARITH_NO_OPERATOR, NULL, LW_K_UNKNOWN},
    {"+-*/", LW_KIND_BIT(LW_K_FLOAT), NUMBERS | LW_KIND_BIT(LW_K_FLOAT) | UNKNOWN, LW_ARITHF_EITHER,
     LW_ARITH_INFIX, "pg_farith", LW_K_FLOAT},
    TIME_CALL("+-", K(DATE), LW_KINDS_INT | UNKNOWN, SIGNED, "pg_date_add", LW_K_DATE),
    TIME_CALL("+", LW_KINDS_INT | UNKNOWN, K(DATE), SWAPPED, "pg_date_add", LW_K_DATE),
    TIME_CALL("-", K(DATE), K(DATE), 0, "pg_date_diff", LW_K_INT4),
    TIME_CALL("+-", K(DATE), K(INTERVAL), SIGNED, "pg_d_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+", K(INTERVAL), K(DATE), SWAPPED, "pg_d_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+-", K(TIMESTAMP), K(INTERVAL), SIGNED, "pg_ts_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+", K(INTERVAL), K(TIMESTAMP), SWAPPED, "pg_ts_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+-", K(TIMESTAMPTZ), K(INTERVAL), SIGNED, "pg_tz_add_iv", LW_K_TIMESTAMPTZ),
    TIME_CALL("+", K(INTERVAL), K(TIMESTAMPTZ), SWAPPED, "pg_tz_add_iv", LW_K_TIMESTAMPTZ),
    TIME_CALL("+-", K(TIME), K(INTERVAL), SIGNED, "pg_t_add_iv", LW_K_TIME),
    TIME_CALL("+", K(INTERVAL), K(TIME), SWAPPED, "pg_t_add_iv", LW_K_TIME),
    TIME_CALL("+-", K(TIMETZ), K(INTERVAL), SIGNED, "pg_ttz_add_iv", LW_K_TIMETZ),
    TIME_CALL("+", K(INTERVAL), K(TIMETZ), SWAPPED, "pg_ttz_add_iv", LW_K_TIMETZ),
    /* a time meets a timestamp as an interval (PostgreSQL's implicit time -> interval) */
    TIME_CALL("+-", K(TIMESTAMP), K(TIME), SIGNED, "pg_ts_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+", K(TIME), K(TIMESTAMP), SWAPPED, "pg_ts_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+-", K(TIMESTAMPTZ), K(TIME), SIGNED, "pg_tz_add_iv", LW_K_TIMESTAMPTZ),
    TIME_CALL("+", K(TIME), K(TIMESTAMPTZ), SWAPPED, "pg_tz_add_iv", LW_K_TIMESTAMPTZ),
    TIME_CALL("+", K(DATE), K(TIME), 0, "pg_d_add_t", LW_K_TIMESTAMP),
    TIME_CALL("-", K(DATE), K(TIME), SIGNED, "pg_d_add_iv", LW_K_TIMESTAMP),
    TIME_CALL("+", K(TIME), K(DATE), LW_ARITHF_SWAP, "pg_d_add_t", LW_K_TIMESTAMP),
    TIME_CALL("+", K(DATE), K(TIMETZ), 0, "pg_d_add_ttz", LW_K_TIMESTAMPTZ),
    TIME_CALL("+", K(TIMETZ), K(DATE), LW_ARITHF_SWAP, "pg_d_add_ttz", LW_K_TIMESTAMPTZ),
    TIME_CALL("-", K(TIMESTAMP), K(TIMESTAMP), 0, "pg_ts_diff", LW_K_INTERVAL),
    TIME_CALL("-", K(TIMESTAMPTZ), K(TIMESTAMPTZ), 0, "pg_tz_diff", LW_K_INTERVAL),
    TIME_CALL("-", K(TIME), K(TIME), 0, "pg_t_diff", LW_K_INTERVAL),
    {"+", K(TIME), K(TIME), 0, LW_ARITH_NOT_UNIQUE, NULL, LW_K_UNKNOWN},
    TIME_CALL("+-", K(INTERVAL), K(INTERVAL), SIGNED, "pg_iv_add", LW_K_INTERVAL),
    TIME_CALL("*", K(INTERVAL), FLOATS | UNKNOWN, 0, "pg_iv_mul", LW_K_INTERVAL),
    TIME_CALL("*", FLOATS | UNKNOWN, K(INTERVAL), LW_ARITHF_SWAP, "pg_iv_mul", LW_K_INTERVAL),
    TIME_CALL("/", K(INTERVAL), FLOATS | UNKNOWN, 0, "pg_iv_div", LW_K_INTERVAL),
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
    /* Times keep PostgreSQL's text; a precision rounds the stored value. A timestamptz
     * is stored as its UTC text ('2024-03-10 02:00:00+00'), which sorts as the instants
     * do; interval and timetz columns compare with the PG_INTERVAL and PG_TIMETZ
     * collations (PostgreSQL's order: months of 30 days; the UTC time, then the offset). */
    {LW_K_TIMESTAMP, "TIMESTAMP", "TIMESTAMP(%lld)", "timestamp", NULL, ASSIGN_CHECK, NULL},
    {LW_K_TIMESTAMPTZ, "TIMESTAMPTZ", "TIMESTAMPTZ(%lld)", "timestamptz", NULL, ASSIGN_CHECK, NULL},
    {LW_K_TIME, "TIME", "TIME(%lld)", "time", NULL, ASSIGN_CHECK, NULL},
    {LW_K_TIMETZ, "TIMETZ COLLATE PG_TIMETZ", "TIMETZ(%lld) COLLATE PG_TIMETZ", "timetz", NULL,
     ASSIGN_CHECK, NULL},
    {LW_K_INTERVAL, "INTERVAL COLLATE PG_INTERVAL", "INTERVAL(%lld,%lld) COLLATE PG_INTERVAL",
     "interval", NULL, ASSIGN_CHECK | LW_COL_FIELDS, NULL},
    {0},
};
