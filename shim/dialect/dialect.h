/*
 * The dialect hook: how a dialect translator slots into the shim's statement path.
 *
 *   SQL text --lw_lex--> tokens --split at ';'--> one statement's tokens
 *     --lw_describe (core/describe.h): kind, locking clause removed, BEGIN, builds-->
 *     --dialect->translate--> rewritten SQLite SQL + parameter map
 *     --> cached per connection, keyed by the original text
 *
 * A dialect never sees SQL as a string to search: it gets the statement's tokens
 * (lexed with its lex_flags) and writes the SQLite statement through the emit
 * helpers below. lw_emit_token() copies a token, and for a parameter placeholder
 * writes SQLite's "?NNN" and records in the parameter map which caller value binds
 * to it, so every dialect gets every parameter style for free.
 *
 * A dialect's translate is the shared rewriter driven by its rules (dialect/rules.h:
 * lw_walk_translate walks the statement, lw_translate_tokens only looks at tokens),
 * so this is the whole interface between the core and the dialects: the core knows a
 * dialect by this struct and nothing else, and a dialect never reaches into the core
 * beyond the translation it is handed.
 *
 * Errors: translate returns 0, or a negative LW_E* code (likewise.h) after filling
 * t->err with the SQLSTATE, MySQL errno and the message. SQL that SQLite would run
 * with another meaning must be refused: LW_ENOTSUP with SQLSTATE 0A000
 * (lw_translation_refuse does both).
 *
 * Ownership: everything in lw_translation belongs to the core; the dialect writes
 * into out, params (through the emit helpers) and err, and may keep per-connection
 * state created by on_open (freed by on_close).
 */
#ifndef LW_SHIM_DIALECT_H
#define LW_SHIM_DIALECT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/describe.h"
#include "core/lexer.h"
#include "core/sqlbuf.h"

/* Where one SQLite parameter ?NNN takes its value from. */
typedef struct lw_param_ref {
    int position;     /* 1-based index into the caller's values, or 0: by name */
    const char *name; /* named styles: the name inside the original text */
    int name_len;
} lw_param_ref;

/*
 * A statement's parameters: refs[k] feeds SQLite's ?k+1. style is the one parameter
 * style family the statement uses (mixing families is an error: "?" with ":name").
 */
typedef struct lw_param_map {
    lw_param_ref *refs; /* owned, sqlite3_malloc64 */
    int n, cap;
    int family;         /* 0 none yet, else LW_PARAM_QMARK (anonymous: ? and %s),
                           LW_PARAM_NUMBERED or LW_PARAM_NAMED */
    int anonymous_seen; /* anonymous placeholders counted so far (shared across
                           the statements of one text) */
    int max_number;     /* highest $N / ?N / :N */
} lw_param_map;

/* An error a dialect (or the core) reports. message is owned (sqlite3_malloc). */
typedef struct lw_dialect_error {
    char sqlstate[6];
    int mysql_errno;
    char *message;
    int vendor_code; /* the dialect's own error number (Oracle's ORA number), 0: none */
} lw_dialect_error;

/* Sets err (replacing an earlier message); the message is printf-formatted with
 * sqlite3_mprintf's formats (%q, %.*s...). */
void lw_dialect_error_set(lw_dialect_error *err, const char *sqlstate, int mysql_errno,
                          const char *fmt, ...);
void lw_dialect_error_clear(lw_dialect_error *err);

typedef struct lw_translation {
    const char *sql;        /* the whole original text */
    const lw_token *tokens; /* this statement's tokens (no ';'), locking clause removed */
    size_t n_tokens;
    lw_sqlbuf *out;       /* the SQLite statement being written */
    lw_param_map *params; /* written by lw_emit_token */
    lw_dialect_error *err;
    const lw_stmt_desc *desc; /* what the core read of the statement (NULL outside the
                                 statement path, e.g. in tests and fuzzers) */
    void *state;              /* the dialect's per-connection state (on_open) */
    /* What the dialect keeps about the translated statement for its check_values hook
     * (where each parameter goes), set by translate; the core owns it from then on and
     * frees it with the dialect's free_stmt_data. NULL: nothing. */
    void *stmt_data;
} lw_translation;

/* One warning of a statement, as MySQL's SHOW WARNINGS lists it. */
typedef enum lw_warning_severity {
    LW_LEVEL_NOTE = 1,
    LW_LEVEL_WARNING,
    LW_LEVEL_ERROR
} lw_warning_severity;

typedef struct lw_warning_item {
    lw_warning_severity level;
    int code;      /* MySQL's error number (1265, 1292...) */
    char *message; /* owned by the list that holds it */
} lw_warning_item;

struct lw_value; /* likewise.h */

typedef struct lw_dialect {
    const char *name;
    unsigned lex_flags; /* LW_LEX_* for this dialect's SQL */
    /* The tables the shared rewriter reads (dialect/rules.h); the core never looks
     * inside. NULL for the sqlite dialect. */
    const struct lw_dialect_rules *rules;
    /* Called once per connection after the extension is registered; may create
     * *state. May be NULL. Returns 0 or a negative LW_E* code (err filled). */
    int (*on_open)(sqlite3 *db, void **state, lw_dialect_error *err);
    void (*on_close)(void *state);
    /* Translates one statement (see above) with this dialect (its rules). Required. */
    int (*translate)(const struct lw_dialect *dialect, lw_translation *t);
    /* Formats a result value as the dialect's client prints it, into out; returns 1
     * when it wrote the value, 0 to let the core print SQLite's text. May be NULL. */
    int (*format_value)(void *state, sqlite3_stmt *stmt, int col, lw_sqlbuf *out);
    /* Fills err->message with the dialect's wording of a SQLite error (the core has
     * set sqlstate and mysql_errno already and may pass them through). May be NULL:
     * SQLite's message is used. */
    void (*map_error)(void *state, int sqlite_code, const char *sqlite_message,
                      lw_dialect_error *err);
    /* Called before each statement runs, cached or not: what is about to run (its
     * description: transaction control, a savepoint command or a plain statement) and
     * the SQLite text translate wrote. Returns LW_RUN_GO to run it, LW_RUN_AS_ROLLBACK
     * to roll the transaction back instead (PostgreSQL's COMMIT of a failed
     * transaction), LW_RUN_SKIP to succeed without running it (a COMMIT outside a
     * transaction, which PostgreSQL only warns about), or a negative LW_E* code after
     * filling err to refuse it (25P02 in a failed transaction). May be NULL:
     * everything runs. */
    int (*before_statement)(void *state, const lw_stmt_desc *desc, const char *sql,
                            lw_dialect_error *err);
    /* What before_statement needs to know of a statement that its description and
     * translation decide (marks the translation wrote, its first word): the dialect's
     * own bits, worked out once when the statement is compiled and handed back in
     * desc->facts on every run, so that a cached statement is not read again. Must
     * depend on nothing but desc and sql. May be NULL: desc->facts stays 0. */
    unsigned (*statement_facts)(const lw_stmt_desc *desc, const char *sql);
    /* 1 when SET TRANSACTION {READ ONLY | READ WRITE | ISOLATION LEVEL ...} changes
     * the open transaction, as in PostgreSQL and standard SQL: the core runs it
     * (LW_KIND_SET_TXN) instead of translate. 0: it is an ordinary statement. */
    int set_transaction;
    /* 1 when a text parameter bound as the empty string is NULL (Oracle's '' is NULL). */
    int empty_text_is_null;
    /* 1 when the dialect's error numbers are MySQL's: lw_error_vendor_code() is then
     * the MySQL errno (mysql, mariadb). A dialect with numbers of its own sets
     * lw_dialect_error.vendor_code instead (oracle). */
    int vendor_code_is_mysql_errno;
    /* Checks, before they are bound, the values of a statement's parameters as the
     * server takes them where the statement stores them (stmt_data, from translate:
     * MySQL's range and length rules of the columns an INSERT writes), and may convert
     * them: *values then points to the converted array (n values, owned by the
     * dialect's state and valid until the next call). Returns 0, or a negative LW_E*
     * code with err filled. May be NULL, and is only called for statements with data. */
    int (*check_values)(void *state, const void *stmt_data, const lw_param_map *map,
                        const struct lw_value **values, int n, lw_dialect_error *err);
    void (*free_stmt_data)(void *stmt_data);
    /* Words a lexing error (an unterminated string, quoted name or comment that began
     * at byte offset of text, message the lexer's) as the dialect's server does; err's
     * SQLSTATE and errno are set to the core's first. May be NULL: "<message> at
     * character N". */
    void (*lex_error)(void *state, const char *text, size_t len, size_t offset, const char *message,
                      lw_dialect_error *err);
    /* Translations that depend on session settings the dialect read while translating
     * (MySQL's div_precision_increment, collation_connection): a number that changes
     * whenever such a setting does; a cached text translated under another number is
     * translated again before it runs. May be NULL: translations never go stale. */
    unsigned (*translation_epoch)(void *state);
    /* The id lw_last_insert_id() reports: the server's (MySQL's LAST_INSERT_ID(), the
     * first AUTO_INCREMENT value the last INSERT generated). May be NULL: SQLite's last
     * rowid. */
    int64_t (*last_insert_id)(void *state);
    /* The warnings of the last statement the dialect keeps (MySQL's diagnostics area:
     * SHOW WARNINGS), read by lw_warning_count() and friends. May be NULL: the dialect
     * keeps none, and those functions report the warnings found at open. */
    int (*warning_count)(void *state);
    const lw_warning_item *(*warning_at)(void *state, int i);
} lw_dialect;

/* What before_statement answers (besides a negative error code): run the statement,
 * roll the transaction back instead, succeed without running it, begin a transaction
 * (the connection's mode) and then run it (a dialect whose transactions begin with
 * their first statement, as Oracle's), or commit the open transaction and then run it
 * outside one (Oracle's DDL commits before and after itself). */
enum {
    LW_RUN_GO = 0,
    LW_RUN_AS_ROLLBACK,
    LW_RUN_SKIP,
    LW_RUN_BEGIN_FIRST,
    LW_RUN_COMMIT_FIRST,
    /* Commit the open transaction if there is one, begin a new one (the connection's
     * mode), then run it (MySQL's START TRANSACTION WITH CONSISTENT SNAPSHOT). */
    LW_RUN_RESTART
};
/* Or'd into LW_RUN_BEGIN_FIRST or LW_RUN_RESTART: the transaction begins IMMEDIATE (it
 * takes the write lock at once: MySQL's LOCK TABLES). */
#define LW_RUN_IMMEDIATE 0x100

/* The dialect registered under name, or NULL. The table is static and read-only. */
const lw_dialect *lw_dialect_find(const char *name, size_t len);
/* The names accepted by the URL option dialect=, comma-separated (for messages). */
const char *lw_dialect_names(void);

/* ---- Helpers for on_open ---------------------------------------------------------- */

/* A dialect's zeroed per-connection state of size bytes, or NULL with err set (53200,
 * out of memory). */
void *lw_dialect_state_new(size_t size, lw_dialect_error *err);
/* What a dialect other than SQLite's own asks of a new connection once its functions
 * are registered: double-quoted text is only ever an identifier (SQLite's
 * double-quoted strings off, in DML and DDL), then setup_sql runs (its PRAGMAs and
 * objects; NULL: none). Returns SQLite's result code, with SQLite's message in *msg
 * (sqlite3_free it). */
int lw_dialect_configure(sqlite3 *db, const char *setup_sql, char **msg);
/* An on_open that failed with SQLite's rc and message msg (freed here): err says so,
 * naming the dialect (58000, "<dialect> dialect: <reason>"). Returns LW_ESQL. */
int lw_dialect_open_failed(lw_dialect_error *err, const char *dialect, int rc, char *msg);

/* ---- Emit helpers for translate ----------------------------------------------- */

/* Copies token i of t: a parameter becomes ?NNN and is recorded in t->params; %%
 * becomes %; a comment a space; dollar-quoted, E'' and U&'' strings become the standard 'literal'
 * of their value. Returns 0 or a negative LW_E* code with t->err filled. */
int lw_emit_token(lw_translation *t, size_t i);
/* Writes a string token's value as a standard SQL literal 'value' that SQLite reads:
 * dollar-quoted bodies verbatim, U&'' with \XXXX and \+XXXXXX, escape strings with
 * escapes (NULL: none; literals.h). An escape that cannot be decoded is 22025.
 * Returns 0 or a negative LW_E* code with t->err filled. */
struct lw_escape_rules;
int lw_emit_string(lw_translation *t, const lw_token *tok, const struct lw_escape_rules *escapes);
/* Copies tokens [from, to). */
int lw_emit_tokens(lw_translation *t, size_t from, size_t to);
/* Appends text as it is. */
void lw_emit_text(lw_translation *t, const char *text);
/* The identity translation: every token as it is (parameters mapped). */
int lw_translate_identity(const struct lw_dialect *dialect, lw_translation *t);
/* Refuses the statement: SQLSTATE 0A000 (MySQL 1235, "not supported yet"), message
 * formatted as lw_dialect_error_set. Returns LW_ENOTSUP. */
int lw_translation_refuse(lw_translation *t, const char *fmt, ...);

/* The dialect translators (dialect/<name>/). */
extern const lw_dialect lw_dialect_sqlite;
extern const lw_dialect lw_dialect_postgresql;
extern const lw_dialect lw_dialect_mysql;
extern const lw_dialect lw_dialect_mariadb;
extern const lw_dialect lw_dialect_oracle;

#endif
