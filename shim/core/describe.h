/*
 * The statement description: what the shim needs to know about one statement before
 * the dialect translates it, read from the statement's tokens once (describe.c) and
 * shared by every later step of the statement path:
 *
 *   kind       transaction control (BEGIN, COMMIT, ROLLBACK, SET TRANSACTION) runs
 *              through lw_begin and friends (stmt.c), everything else is translated
 *   BEGIN      the mode (DEFERRED / IMMEDIATE / EXCLUSIVE) and access (READ ONLY /
 *              READ WRITE) BEGIN or SET TRANSACTION asks for
 *   locking    SELECT ... FOR UPDATE / SHARE [OF ...] [NOWAIT | WAIT n | SKIP LOCKED]: the lock
 *              the statement takes (conn.c) and the tokens left once the clauses are
 *              removed (what the dialect translates)
 *   savepoint  SAVEPOINT, RELEASE and ROLLBACK TO, which a dialect's before_statement
 *              hook judges (PostgreSQL refuses them outside a transaction)
 *   build      the indexes a CREATE or REINDEX builds, whose collation versions are
 *              recorded once it succeeded (index_versions.c)
 *
 * Nothing else in the core reads a statement's words: stmt.c, conn.c and
 * index_versions.c read the description. The description is cached with the
 * statement's translation, so a cached statement is never described again.
 */
#ifndef LW_SHIM_DESCRIBE_H
#define LW_SHIM_DESCRIBE_H

#include <stddef.h>

#include "core/lexer.h"

typedef enum lw_stmt_kind {
    LW_KIND_PLAIN = 0,
    LW_KIND_BEGIN,    /* BEGIN / START TRANSACTION: run by lw_begin */
    LW_KIND_COMMIT,   /* COMMIT / END: run by lw_commit at depth 1 */
    LW_KIND_ROLLBACK, /* ROLLBACK (not ROLLBACK TO) */
    LW_KIND_EMPTY,    /* nothing but blanks and comments */
    LW_KIND_SET_TXN   /* SET TRANSACTION (dialects whose set_transaction is 1) */
} lw_stmt_kind;

/* A transaction's access mode, as BEGIN or SET TRANSACTION asks for it. */
enum { LW_ACCESS_DEFAULT = 0, LW_ACCESS_READ_ONLY, LW_ACCESS_READ_WRITE };

/* Row locking clause found (and removed) by the core before translate runs. */
typedef enum lw_row_lock {
    LW_LOCK_NONE = 0,
    LW_LOCK_UPDATE, /* FOR UPDATE, FOR NO KEY UPDATE */
    LW_LOCK_SHARE   /* FOR SHARE, FOR KEY SHARE */
} lw_row_lock;

typedef enum lw_lock_wait {
    LW_WAIT_DEFAULT = 0, /* wait up to the connection's timeout */
    LW_WAIT_NOWAIT,      /* fail at once with 55P03 */
    LW_WAIT_SKIP_LOCKED, /* no rows at once when another connection holds the lock */
    LW_WAIT_SECONDS      /* Oracle's WAIT n: wait up to wait_seconds */
} lw_lock_wait;

/* The savepoint commands, which run as plain statements. */
typedef enum lw_savepoint_cmd {
    LW_SAVEPOINT_NONE = 0,
    LW_SAVEPOINT_OPEN,       /* SAVEPOINT name */
    LW_SAVEPOINT_RELEASE,    /* RELEASE [SAVEPOINT] name */
    LW_SAVEPOINT_ROLLBACK_TO /* ROLLBACK [TRANSACTION] TO [SAVEPOINT] name */
} lw_savepoint_cmd;

/* The indexes a CREATE or REINDEX statement builds (index_versions.c). */
typedef enum lw_builds {
    LW_BUILDS_NOTHING = 0,
    LW_BUILDS_INDEX,        /* CREATE [UNIQUE] INDEX name */
    LW_BUILDS_TABLE,        /* CREATE TABLE name: its constraint indexes */
    LW_BUILDS_ALL,          /* REINDEX */
    LW_BUILDS_REINDEX_NAME, /* REINDEX name: a collation, a table or an index */
} lw_builds;

typedef struct lw_index_build {
    lw_builds what;
    int if_not_exists;
    int qualified; /* the name was written main.name */
    char *name;    /* unquoted, owned; NULL for LW_BUILDS_NOTHING and LW_BUILDS_ALL */
} lw_index_build;

typedef struct lw_stmt_desc {
    lw_stmt_kind kind;
    int begin_mode; /* LW_KIND_BEGIN: explicit LW_TXN_* or 0 */
    int begin_bare; /* LW_KIND_BEGIN: BEGIN, START TRANSACTION with nothing but
                       TRANSACTION or WORK after it (the connection's txn mode applies) */
    int access;     /* LW_KIND_BEGIN, LW_KIND_SET_TXN: LW_ACCESS_* */
    lw_row_lock lock;
    int for_share; /* a FOR [KEY] SHARE clause gave the lock (MySQL's LOCK IN SHARE MODE
                      gives LW_LOCK_SHARE without it; MariaDB has only the latter) */
    lw_lock_wait wait;
    int wait_seconds; /* LW_WAIT_SECONDS: n of WAIT n */
    lw_savepoint_cmd savepoint;
    lw_index_build build; /* the indexes it builds, whose versions are recorded */
    /* The statement's own text, from its first token through its last (not owned: the
     * cached text it came from holds it), for a dialect's messages that quote it. */
    const char *source;
    size_t source_len;
    /* What the dialect read from its own translation, once, when the statement was
     * compiled (lw_dialect.statement_facts; 0 when it has no such hook): its
     * before_statement hook reads these bits instead of the text on every run. */
    unsigned facts;
} lw_stmt_desc;

/*
 * Describes the statement toks[0..n) of sql into *d (which it zeroes first; free
 * with lw_stmt_desc_free). set_transaction says whether the dialect applies SET
 * TRANSACTION to the open transaction (lw_dialect.set_transaction). When the
 * statement has locking clauses, *kept receives the statement's tokens without them
 * (sqlite3_malloc64, the caller frees) and *n_kept their count; otherwise *kept is
 * NULL and the statement is translated as it is. Returns 0, or -2 when out of memory.
 */
int lw_describe(const char *sql, const lw_token *toks, size_t n, int set_transaction,
                lw_stmt_desc *d, lw_token **kept, size_t *n_kept);
void lw_stmt_desc_free(lw_stmt_desc *d);

int lw_index_build_copy(const lw_index_build *from, lw_index_build *to);
void lw_index_build_free(lw_index_build *b);

#endif
