/*
 * Internals of the mysql and mariadb dialects shared by their files (dialect.h's
 * lw_dialect_mysql and lw_dialect_mariadb are what the shim sees). MariaDB 10.11's
 * defaults are the reference; mysql differs where MySQL 8 does (its default collation
 * utf8mb4_0900_ai_ci, the -> and ->> operators, its name in messages).
 *
 *   mysql.c        the two dialects: their rules (the tables below) and hooks
 *   lexical.c      string escapes, introducers (_utf8mb4'x'), hexadecimal and bit
 *                  constants, variables (@x, @@x), the dialect's own primaries
 *   expressions.c  operators (|| OR, && AND, <=>, DIV, MOD, XOR, REGEXP, SOUNDS LIKE),
 *                  prefix operators, keyword expressions
 *   types.c        type names, kinds, declared types, numeric constants, arithmetic
 *   collations.c   collations of expressions: derivation, COLLATE, comparisons
 *   columns.c      CREATE TABLE: column types, keys, checks, foreign keys, table
 *                  options, the catalog rows (catalog.h)
 *   assign.c       values stored into columns (the assign hook)
 *   functions.c    the function table
 *   statements.c   the statement table: CREATE, DROP, SET, SHOW WARNINGS...
 *   ctas.c         CREATE TABLE ... SELECT: the columns MariaDB gives the table
 *   diagnostics.c  GET DIAGNOSTICS
 *   having.c       HAVING without GROUP BY or an aggregate (into the WHERE)
 *   subqueries.c   1242 for a scalar subquery of several rows, 4078 for a row
 *                  compared with a scalar
 *   passes.c       rewrites before the walk (passes.h): rollup.c GROUP BY ... WITH
 *                  ROLLUP, union.c UNION keeping the first of equal rows
 *   errors.c       SQLite's and the runtime's errors in MariaDB's words (map_error)
 *   output.c       values as the mariadb client prints them (format_value)
 *   session.c      on_open/on_close, before_statement, the warnings hooks
 *   row_count.c    ROW_COUNT(): the changes counted in SQLite's pre-update hook
 *   runtime*.c     the SQL functions registered on every connection (runtime.h)
 *
 * What other engineers add, where: a function -> functions.c (the table) and, when
 * SQLite lacks it, a runtime_*.c file; a statement -> statements.c's table; an error
 * text -> errors.c (my_errors: errno -> SQLSTATE and format); a warning -> the runtime
 * function raising it calls my_warn(); a type -> types.c (names, kinds, declared
 * types) and columns.c / assign.c (storage rules).
 */
#ifndef LW_SHIM_MYSQL_H
#define LW_SHIM_MYSQL_H

#include "dialect/arith.h"
#include "dialect/ddl.h"
#include "dialect/mysql/runtime.h"
#include "likewise.h"

/* The server versions executable comments compare with. */
#define MY_MARIADB_VERSION 101100
#define MY_MYSQL_VERSION 80036

/* The lexer's rules for MySQL text: # comments, "-- " comments, executable comments,
 * backslash escapes, "..." strings, @variables, identifiers that start with digits. */
#define MY_LEX_FLAGS                                                                               \
    (LW_LEX_HASH_COMMENTS | LW_LEX_BACKSLASH_STRINGS | LW_LEX_DQ_STRINGS | LW_LEX_DASH_SPACE |     \
     LW_LEX_EXEC_COMMENTS | LW_LEX_VARIABLES | LW_LEX_DIGIT_IDENTS)

/* The state of one connection of the dialect. */
typedef struct my_state {
    sqlite3 *db;
    lw_schema schema;     /* declared column types, which typing reads */
    my_session *session;  /* the session (runtime.h), one reference held */
    const char *last_sql; /* the statement running (its translation) */
    const char *source;   /* its original text, for messages (the cached text's) */
    size_t source_len;
    struct lw_bind_scratch *bind_scratch; /* converted parameter values (bind.c), owned */
    /* The aliases of the select list of the statement being translated (assign.c):
     * their token positions and the kinds of their items, which HAVING, GROUP BY and
     * ORDER BY read when they name an alias. */
    struct my_alias {
        size_t tok;
        lw_kind kind;
        int decimals, is_bool;
    } aliases[LW_WALK_RESULT_KINDS];
    int n_aliases;
} my_state;

/* A parameter stored into a column, checked when it is bound (bind.c). */
enum { MY_RULE_INT = 1, MY_RULE_CHARS, MY_RULE_BYTES };

typedef struct my_param_rule {
    int param; /* SQLite's parameter number (1-based) */
    int kind;  /* MY_RULE_*: an integer, CHAR/VARCHAR characters, TEXT bytes */
    long long a, b;
    int row;
    char *table, *column; /* owned */
} my_param_rule;

/* A translation's rules for its parameters (lw_translation.stmt_data). */
typedef struct my_stmt_data {
    my_param_rule *rules;
    int n, cap;
} my_stmt_data;

/* Binding powers, MariaDB 10.11's precedence from loosest to tightest. */
enum {
    BP_ASSIGN = 5, /* := */
    BP_OR = 10,    /* OR || */
    BP_XOR = 15,
    BP_AND = 20, /* AND && */
    BP_NOT = 30,
    BP_IS = 35,  /* IS, and = <=> >= > <= < <> != LIKE REGEXP IN between here and BP_CMP */
    BP_CMP = 40, /* comparisons, LIKE, REGEXP, IN, BETWEEN */
    BP_BITOR = 50,
    BP_BITAND = 55,
    BP_SHIFT = 60,
    BP_ADD = 70,
    BP_MUL = 80, /* * / DIV % MOD */
    BP_BITXOR = 90,
    BP_UNARY = 100, /* - ~ ! BINARY */
    BP_COLLATE = LW_BP_ALWAYS,
};

/* ---- The session seen from translation (mysql.c) ---------------------------------- */

/* The connection's session while translating, or the dialect's defaults outside a
 * connection (tests, fuzzers). */
my_session *my_session_of(const lw_walker *w);

/* ---- Lexical (lexical.c) ----------------------------------------------------------- */

extern const lw_escape_rules my_escapes;
/* MariaDB's syntax error 1064 at token k ahead: "... near '<the text from there>' at
 * line N". Returns the walker's failure. */
int my_syntax_error(lw_walker *w, size_t k);
/* The same error near the text from byte offset `from` of the statement. */
int my_syntax_error_near(lw_walker *w, size_t from);
/* The name (a word or a `quoted` identifier) at the current token, unquoted
 * (sqlite3_free), the cursor moved past it; NULL, with the walker failed, when there is
 * none there (syntax error 1064) or out of memory. */
char *my_name(lw_walker *w);
/* The dialect's own primaries (the rules' primary hook): string constants (adjacent
 * ones joined, their collation), introducers, hexadecimal and bit constants, variables,
 * !x, BINARY x. */
int my_primary(lw_walker *w, lw_expr *e);

/* ---- Expressions (expressions.c) ------------------------------------------------------ */

extern const lw_operator my_mariadb_operators[];
extern const lw_operator my_mysql_operators[];
extern const lw_prefix_operator my_prefix_operators[];
extern const lw_keyword_expr my_keywords[];
/* The server's print form of tokens [from, to) (the rules' expression_text). */
char *my_expression_text(lw_walker *w, size_t from, size_t to);
/* The class letter runtime_numeric.c reads an operand with (i u d f s h ?). */
char my_type_letter(const lw_walker *w, const lw_expr *e);
/* An operand of NOT, AND, OR, XOR written from e->start: a string becomes a number
 * (my_num), with MariaDB's warning when it is not one. */
void my_truth_operand(lw_walker *w, const lw_expr *e);
/* The interval unit at the current word (an index for my_interval_unit_name), its
 * *timely whether it has a time of day; -1 when the word is none. */
int my_interval_unit(lw_walker *w, int *timely);
const char *my_interval_unit_name(int unit);
/* Gives e the type of date arithmetic on a value of kind date (timely: the unit has a
 * time of day). */
void my_date_result(lw_walker *w, lw_expr *e, lw_kind date, int timely);
/* CAST(x AS type) and CONVERT(x, type | USING charset) at the current word. */
int my_cast_expression(lw_walker *w, lw_expr *e);

/* ---- Types (types.c) ------------------------------------------------------------------ */

extern const lw_type_name my_type_names[];
extern const lw_kind_def my_kinds[LW_K_COUNT];
extern const lw_declared_type my_declared[];
extern const lw_number_rules my_numbers;
extern const lw_arith_rule my_arith[];
/* Exact numerics: the static scale of an expression (lw_expr.decimals) from its
 * kind, for operands that have none (integers: 0). */
int my_decimals_of(const lw_expr *e);
/* The rules' column hook: a DECIMAL column's scale from its declared type. */
void my_column(lw_walker *w, lw_expr *e, const char *declared);
/* A comparison of a DATE, DATETIME or TIME with a string reads the string as that
 * temporal type, as MariaDB compares (DATE '2024-01-02' = '2024-1-2'): the string
 * operand is wrapped in my_temporal_as. Returns 1 when it rewrote the comparison. */
int my_temporal_comparison(lw_walker *w, lw_expr *left, size_t left_end, lw_expr *right);
/* The same for one operand of BETWEEN or IN after a temporal: the string operand
 * written from start to the output's end is wrapped. Returns 1 when it wrapped it. */
int my_temporal_operand(lw_walker *w, const lw_expr *temporal, const lw_expr *operand,
                        size_t start);
/* The common kind of n expressions (COALESCE's): their kind when they share one (NULL
 * aside), a DECIMAL when they mix integers and DECIMALs (*decimals then the most an
 * argument has, -1 when one is not known), else LW_K_UNKNOWN. */
lw_kind my_common_kind(const lw_expr *e, int n, int *decimals);
/* Sets e's decimals after L op R (+ - * / DIV MOD) as MariaDB types the result. */
void my_arith_decimals(lw_walker *w, lw_expr *e, char op, int left, int right);

/* ---- Collations (collations.c) ----------------------------------------------------------- */

/* A collation of the dialect: its name, character set, and whether it is binary. */
typedef struct my_collation {
    const char *name;
    const char *charset;
    int id;         /* MariaDB's id (information_schema.COLLATIONS) */
    int is_default; /* the character set's default */
    int sortlen;    /* SHOW COLLATION's Sortlen (0: a name the dialect does not emulate) */
} my_collation;

/* The collation named name (any case, with a utf8mb4_ or utf8mb3_ or utf8_ prefix),
 * or NULL. */
const my_collation *my_find_collation(const char *name, size_t n);
/* The default collation of a character set the dialect stores (utf8mb4, its aliases
 * utf8 and utf8mb3, latin1), or NULL for another. Static storage. */
const char *my_charset_collation(const lw_walker *w, const char *charset);
/* SHOW COLLATION and SHOW CHARACTER SET (charsets = 1): a query whose rows are the
 * collations or character sets the dialect emulates, in MariaDB's columns and order,
 * followed by "WHERE 1 " for the caller's filter. */
void my_write_collation_list(lw_walker *w, int charsets);
/* The rules' intern_collation hook: the static name of a collation SQLite reports. */
const char *my_intern_collation(const char *name);
/* The collation string constants get (collation_connection), static storage. */
const char *my_connection_collation(const lw_walker *w);
/* The rules' comparison hook: numbers and strings, collations (1267 for a mix of two
 * explicit ones). */
void my_comparison(lw_walker *w, lw_expr *left, size_t left_end, lw_expr *right);
/* The rules' order_item hook. */
void my_order_item(lw_walker *w, lw_expr *e);
/* The collation two string operands compare with, as MariaDB derives it; NULL after
 * raising 1267 (an illegal mix) or when neither has one. *coercibility gets the
 * result's. op names the operation for the message. */
const char *my_common_collation(lw_walker *w, const lw_expr *a, const lw_expr *b, const char *op,
                                int *coercibility);
/* The CASE hooks (rules.h): WHEN values compared under the collation, the result's
 * collation from its branches. */
void my_case_when(lw_walker *w, const lw_expr *base, lw_expr *value);
void my_case_result(lw_walker *w, lw_expr *e, const lw_expr *branch);
/* Writes " COLLATE name " unless SQLite would apply that collation itself. */
void my_write_collate(lw_walker *w, const char *collation);
/* Whether the expression's value is a string (and not a number or temporal value). */
int my_is_string(const lw_expr *e);
/* Gives e a string constant's collation: the connection's, coercible. */
void my_literal_collation(lw_walker *w, lw_expr *e);
/* x COLLATE name (the operator's hook). */
void my_collate_operator(lw_walker *w, lw_expr *e, const lw_operator *op);

/* ---- Functions (functions.c) -------------------------------------------------------------- */

extern const lw_function my_functions[];

/* ---- JSON functions (json.c) ------------------------------------------------------------- */

/* A call's arguments up to its ')' (consumed), each parsed: their kinds in e, their
 * texts (owned by the caller: my_call_args_free) taken out of the output with what
 * the call wrote since call->start. Returns their count (at most MY_CALL_ARGS_MAX;
 * more is refused). */
#define MY_CALL_ARGS_MAX 64
int my_call_args_read(lw_walker *w, lw_call *call, lw_expr *e, char **texts);
void my_call_args_free(char **texts, int n);
/* JSON_EXTRACT, JSON_SET... written my_json_x('<classes>', args) (runtime_json.c). */
lw_kind my_json_call(lw_walker *w, lw_call *call);
/* JSON_ARRAYAGG and JSON_OBJECTAGG over my_group_concat. */
lw_kind my_json_aggregate_call(lw_walker *w, lw_call *call);
/* The range of the integer type named word (TINYINT ... BIGINT, INTEGER; any case),
 * signed and the unsigned maximum (assign.c). Returns 0 for another word. */
int my_int_type_range(const char *word, long long *lo, long long *hi, long long *uhi);
/* JSON_TABLE(...) AS alias in a FROM clause (json_table_sql.c). */
void my_json_table_from(lw_walker *w);
/* JSON_TABLE anywhere else: refused (0A000, 1235). */
lw_kind my_json_table_call(lw_walker *w, lw_call *call);
/* When e (tokens e->tok up to end_tok) is an ENUM or SET column, rewrites what it wrote
 * as my_enum_number(...) (its index or bits, runtime_enum.c), makes e an integer and
 * returns 1; else 0 (enums.c). */
int my_enum_operand(lw_walker *w, lw_expr *e, size_t end_tok);
/* The same for an operand written up to output offset end_out (what follows stays). */
int my_enum_operand_at(lw_walker *w, lw_expr *e, size_t end_tok, size_t end_out);
/* REGEXP_REPLACE, REGEXP_SUBSTR, REGEXP_INSTR on PCRE2 (regexp.c). */
lw_kind my_regexp_call(lw_walker *w, lw_call *call);

/* ---- Statements (statements.c, columns.c) -------------------------------------------------- */

extern const lw_statement my_statements[];
/* The system variables SHOW VARIABLES lists, sorted, NULL-terminated (statements.c). */
extern const char *const my_variable_names[];
extern const lw_clause my_clauses[];
/* CREATE [TEMPORARY] TABLE (columns.c); the walker is on CREATE. */
int my_create_table(lw_walker *w, int temporary, int or_replace);
/* One element of ALTER TABLE table (columns.c), the walker on it: a column definition
 * (is_column) or a key, foreign key or check. *sql gets its SQLite text (a column
 * definition or a table constraint; "" for an index), *catalog its catalog rows, *post
 * the statements after it (CREATE INDEX); all sqlite3_free'd by the caller. Writes
 * nothing. Returns w->rc. */
int my_alter_element(lw_walker *w, const char *table, int is_column, char **sql, char **catalog,
                     char **post);
/* A table's name at the walker, with an optional "main." before it (another database is
 * refused); NULL after an error (alter.c). */
char *my_table_name(lw_walker *w);
/* ALTER TABLE, RENAME TABLE, CREATE INDEX and DROP INDEX (alter.c): the walker is on the
 * statement's first word. */
int my_alter_statement(lw_walker *w);
int my_rename_statement(lw_walker *w);
/* CREATE TABLE table LIKE source: the walker is on LIKE (or the '(' before it). */
int my_create_like_statement(lw_walker *w, const char *table, int if_not_exists);
int my_create_index_statement(lw_walker *w, size_t k);
int my_drop_index_statement(lw_walker *w, size_t k);
/* SHOW CREATE TABLE t, SHOW INDEX FROM t (introspection.c): the walker is on SHOW. */
int my_show_create_statement(lw_walker *w);
int my_show_index_statement(lw_walker *w);
/* Records that parameter `param` is stored into target with spec (bind.c). Returns 0,
 * or -1 when out of memory. */
int my_bind_rule(lw_walker *w, int param, const my_assign_spec *spec, const lw_assign_target *t);
/* The lw_dialect hooks of bind.c, and the scratch values' release (on close). */
int my_check_values(void *state, const void *stmt_data, const lw_param_map *map,
                    const lw_value **values, int n, lw_dialect_error *err);
void my_stmt_data_free(void *data);
void my_bind_scratch_free(my_state *st);
/* The rules' scalar_subquery hook: the subquery written from output offset start
 * raises 1242 when it returns several rows (subqueries.c). */
void my_scalar_subquery(lw_walker *w, size_t start);
/* A comparison of a row with a scalar: error 4078 naming both types and the operator
 * (right's token before it); returns the walker's failure, 0 when it is no such
 * comparison or a type has no name here (subqueries.c). */
int my_row_comparison(lw_walker *w, const lw_expr *left, const lw_expr *right);
/* DEFAULT(col) at the current word: the column's default stored as the column stores
 * it, NULL for a nullable column without one, 1364 for a NOT NULL one (assign.c). */
int my_default_function(lw_walker *w, lw_expr *e);
/* The index of the statement's first word `word` at parenthesis depth 0, or 0
 * (select_into.c). */
size_t my_top_level_word(const lw_walker *w, const char *word);
/* A top-level SELECT with HAVING but neither GROUP BY nor an aggregate, written with
 * the HAVING condition in its WHERE (having.c); 0 when the SELECT is no such one (nothing
 * written). The walker is on SELECT. */
int my_having_without_grouping(lw_walker *w);
/* CREATE TABLE t [AS] SELECT ... typed as MariaDB types it, the walker past the name
 * (ctas.c); plain: no IF NOT EXISTS, OR REPLACE or TEMPORARY. Returns 1 when it wrote
 * the statement (or failed), 0 when the query is no shape it types (nothing written). */
int my_create_as_select(lw_walker *w, const char *table, int plain);
/* GET [CURRENT] DIAGNOSTICS (diagnostics.c): the walker is on GET. */
int my_get_diagnostics(lw_walker *w);
/* The rules' assign hook (assign.c). */
void my_assign(lw_walker *w, const lw_expr *e, const lw_assign_target *target);
/* The implicit default of target's type outside strict mode, written as the column
 * stores it (a my_assign call; sqlite3_free), NULL when out of memory (assign.c). */
char *my_implicit_default(lw_walker *w, const lw_assign_target *target);
/* The rules' insert_row hook, and its column list's part: an INSERT whose column list
 * (its '(' at output offset list) leaves out NOT NULL columns without a default gets
 * them, with their implicit defaults, outside strict mode; my_implicit_column_names
 * returns the MY_NO_DEFAULT mark naming them (sqlite3_free), or NULL (assign.c). */
void my_insert_row(lw_walker *w, int row);
char *my_implicit_column_names(lw_walker *w, size_t list);
/* The rules' result_item hook: an exact numeric shown at its static scale. */
void my_result_item(lw_walker *w, lw_expr *e);

/* Marks at the start of a translation: a statement that reads the diagnostics area
 * (SHOW WARNINGS: it never clears it), and one that uses no table (it clears the area
 * only when it raises a condition itself). */
#define MY_KEEP_WARNINGS "/*my:keep*/ "
#define MY_NO_TABLES "/*my:notab*/ "
/* A statement written with IGNORE (INSERT IGNORE): strict mode's errors are warnings. */
#define MY_IGNORE "/*my:ignore*/ "
/* An INSERT whose column list leaves out NOT NULL columns without a default, outside
 * strict mode: MY_NO_DEFAULT, their names joined by commas, then the comment's end;
 * warning 1364 for each before it runs (assign.c writes it, session.c reads it). */
#define MY_NO_DEFAULT "/*my:nodefault:"
/* An INSERT with an ON CONFLICT clause (ON DUPLICATE KEY UPDATE, INSERT IGNORE): its
 * updates count for ROW_COUNT() (row_count.c). */
#define MY_UPSERT "/*my:upsert*/ "
/* SET autocommit = ON (it commits the open transaction), START TRANSACTION WITH
 * CONSISTENT SNAPSHOT [, READ ONLY] (transactions.c). */
#define MY_AUTOCOMMIT_ON "/*my:autocommit-on*/ "
#define MY_SNAPSHOT "/*my:snapshot*/ "
#define MY_SNAPSHOT_READ_ONLY "/*my:snapshot-ro*/ "
/* LOCK TABLES and UNLOCK TABLES (transactions.c). */
#define MY_LOCK_TABLES "/*my:lock-tables*/ "
#define MY_UNLOCK_TABLES "/*my:unlock-tables*/ "
/* A DELETE or UPDATE of several tables (multi_table.c): the mark, <16 hex>:<the DDL of
 * its view and trigger, hex>, the comment's end, then the statement on
 * temp._lw_mw_<16 hex>; session.c makes the view and trigger first. */
#define MY_MULTI_WRITE "/*my:mwrite:"

/* What before_statement needs of a statement (session.c): the marks its translation
 * starts with and what its first words are, read once when it is compiled
 * (my_statement_facts, the lw_dialect's statement_facts, kept in desc->facts). */
enum {
    MY_FACT_READ = 1u << 0, /* the facts were read (a desc without them is read then) */
    MY_FACT_KEEP = 1u << 1, /* the marks, one bit each */
    MY_FACT_NO_TABLES = 1u << 2,
    MY_FACT_IGNORE = 1u << 3,
    MY_FACT_UPSERT = 1u << 4,
    MY_FACT_AUTOCOMMIT_ON = 1u << 5,
    MY_FACT_SNAPSHOT = 1u << 6,
    MY_FACT_SNAPSHOT_READ_ONLY = 1u << 7,
    MY_FACT_LOCK_TABLES = 1u << 8,
    MY_FACT_UNLOCK_TABLES = 1u << 9,
    MY_FACT_MULTI_WRITE = 1u << 10, /* MY_MULTI_WRITE follows the marks */
    MY_FACT_WRITE = 1u << 11,       /* INSERT, UPDATE, DELETE, REPLACE, multi-table */
    MY_FACT_INSERT = 1u << 12,      /* the translation is an INSERT */
    MY_FACT_DELETE = 1u << 13,      /* ... a DELETE */
    MY_FACT_READS_ROWS = 1u << 14,  /* the original is a SELECT, WITH, SHOW, VALUES, TABLE */
    MY_FACT_COMMITS = 1u << 15,     /* DDL that commits the open transaction first */
    MY_FACT_NO_DEFAULT = 1u << 16   /* MY_NO_DEFAULT is among the marks (assign.c) */
};
unsigned my_statement_facts(const lw_stmt_desc *desc, const char *sql);
/* Whether the statement (its original text, n bytes) commits the open transaction
 * before it runs: DDL, except on temporary tables (transactions.c). */
int my_commits_implicitly(const char *s, size_t n);

/* ---- SELECT ... INTO, sql_select_limit (select_into.c) ------------------------------------ */

/* SELECT (the statement table's "select"): INTO @vars, otherwise the clause walk. */
int my_select(lw_walker *w);
/* Appends LIMIT n to a top-level SELECT without one when sql_select_limit is set
 * (called by the finish hook). Returns 0 or LW_ENOMEM. */
int my_select_limit(lw_walker *w);
/* SELECT SQL_CALC_FOUND_ROWS (found_rows.c): 1 when it wrote the statement, 0 when the
 * SELECT has no SQL_CALC_FOUND_ROWS, or the walker's failure. */
int my_calc_found_rows(lw_walker *w);

/* ---- Multi-table UPDATE and DELETE (multi_table.c) ----------------------------------------- */

/* DELETE (the statement table's "delete"): the multi-table forms, else the clause walk. */
int my_delete(lw_walker *w);
/* UPDATE over a join: 1 when it wrote the statement, 0 when the UPDATE names one table,
 * or the walker's failure. */
int my_multi_update(lw_walker *w);
/* Before a DELETE or UPDATE of several tables runs (sql starts with MY_MULTI_WRITE): its
 * temporary view and trigger, made when the connection does not have them (a rolled
 * back transaction or another connection's cached text). Returns 0 or an LW_E* code
 * with err filled. */
int my_multi_write_prepare(my_state *st, const char *sql, lw_dialect_error *err);

/* ---- Checks of a statement's shape (statement_checks.c) --------------------------------- */

/* INSERT's VALUES rows against the column list (1136 at row N); name is the table's
 * token. Returns 0 or the walker's failure. */
int my_check_value_counts(lw_walker *w, size_t name);
/* The FROM items in [from, to) have different names (1066). Returns 0 or the walker's
 * failure. */
int my_check_unique_aliases(lw_walker *w, size_t from, size_t to);

/* A select-list alias named after the select list (HAVING total > 13): written as it
 * is, typed as its item (assign.c records them). Returns 1 when it was one. */
int my_select_alias(lw_walker *w, lw_expr *e);

/* passes.c: translates t, rewritten first by the passes before the walk (passes.h:
 * GROUP BY ... WITH ROLLUP, UNION) where they apply. Returns 0 or a negative LW_E*
 * code with t->err filled. */
int my_passes_translate(const lw_dialect *dialect, lw_translation *t, lw_schema *schema);
/* Whether the INSERT or REPLACE source[0..len) has a column list that leaves out
 * column (its name, column_len bytes). */
int my_insert_leaves_out(const char *source, size_t len, const char *column, size_t column_len);

/* ---- Transactions (transactions.c) --------------------------------------------------------- */

/* SET [SESSION] TRANSACTION ...; the walker is on TRANSACTION. */
int my_set_transaction(lw_walker *w, int session);
/* SET [SESSION] autocommit = constant alone, with the walker past SET: 1 when it wrote
 * the statement, 0 when the SET is another (nothing consumed), or the walker's failure. */
int my_set_autocommit(lw_walker *w);
/* START TRANSACTION WITH CONSISTENT SNAPSHOT (the statement table's "start"). */
int my_start(lw_walker *w);
/* What the statement about to run does to the transaction (before_statement's answer,
 * dialect.h's LW_RUN_*), or a negative LW_E* code with err filled (1792). */
int my_transaction_verdict(my_state *st, const lw_stmt_desc *desc, unsigned facts,
                           lw_dialect_error *err);
/* LOCK TABLE[S] and UNLOCK TABLE[S] (the statement table's "lock" and "unlock"). */
int my_lock(lw_walker *w);
int my_unlock(lw_walker *w);
/* While the session has tables locked: the statement uses only those, and writes only
 * those locked WRITE (1100, 1099). Returns 0 or the walker's failure (the finish hook). */
int my_check_table_locks(lw_walker *w);

/* ---- The lw_dialect hooks (errors.c, output.c, session.c) ---------------------------------- */

void my_map_error(void *state, int code, const char *msg, lw_dialect_error *err);
void my_lex_error(void *state, const char *text, size_t len, size_t offset, const char *message,
                  lw_dialect_error *err);
int my_format_value(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *out);
int my_open_mariadb(sqlite3 *db, void **state, lw_dialect_error *err);
int my_open_mysql(sqlite3 *db, void **state, lw_dialect_error *err);
void my_close(void *state);
int my_before_statement(void *state, const lw_stmt_desc *desc, const char *sql,
                        lw_dialect_error *err);
unsigned my_translation_epoch(void *state);
/* LAST_INSERT_ID(): lw_last_insert_id() (the last_insert_id hook). */
int64_t my_last_insert_id(void *state);
int my_warning_count(void *state);
const lw_warning_item *my_warning_at(void *state, int i);

#endif
