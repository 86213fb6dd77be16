/*
 * libFuzzer target: the postgresql dialect's rewriter on arbitrary text. Every
 * statement is lexed with PostgreSQL's rules and translated; a translation must
 * either fail with a SQLSTATE and a message or produce SQL that SQLite prepares as
 * exactly one statement (nothing after it but blanks: the rewriter never lets a
 * second statement through) or rejects with a clean error; the identifier-case
 * check (dialect/postgresql/identifiers.h) then reads every translation against a schema with
 * mixed-case names and either passes it or fails cleanly. ALTER TABLE, ALTER SEQUENCE,
 * ALTER INDEX and DROP TABLE, which the rewriter turns into calls applied when they run
 * (dialect/postgresql/alter.h), are run too, inside a savepoint rolled back after, so
 * their reading against the schema, the rebuild and the catalog are fuzzed; the catalog
 * relations (information_schema) are read after each. Never a crash, a leak or undefined
 * behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect/dialect.h"
#include "core/lexer.h"
#include "likewise.h"
#include "likewise_ext.h"
#include "dialect/postgresql/runtime.h"
#include "dialect/postgresql/identifiers.h"
#include "fuzz_rewriter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static lw_pg_names *names; /* the check's cache, kept for the run like db */
static void *dialect_state;

/* One connection for the whole run, with the extension, the dialect's state (its
 * functions; the rewriter reads column types through it) and a few tables with the
 * declared types the dialect's CREATE TABLE writes, so that column references can
 * prepare and typed arithmetic is exercised. */
static sqlite3 *database(void)
{
    if (!db)
        db = fuzz_open_dialect(
            &lw_dialect_postgresql, &dialect_state,
            "CREATE TABLE t(a, b, c, id INTEGER PRIMARY KEY, j JSONB, s TEXT);"
            "CREATE TABLE accounts(id INT, owner TEXT, balance INT);"
            "CREATE TABLE \"Mixed\"(\"Id\" INT, name TEXT);"
            "CREATE TABLE o(id INTEGER, q SMALLINT, big BIGINT, "
            "total NUMERIC_TEXT(10,2) COLLATE DECIMAL, r DOUBLE PRECISION, d DATE, "
            "ts TIMESTAMP, tz TIMESTAMPTZ, flag BOOLEAN, u UUID);"
            "CREATE TABLE p(id INT CONSTRAINT p_pkey PRIMARY KEY NOT NULL, v TEXT "
            "CONSTRAINT p_v_key UNIQUE);"
            "CREATE TABLE c(id INT, pid INT CONSTRAINT c_pid_fkey REFERENCES p (id) "
            "DEFERRABLE INITIALLY DEFERRED, CONSTRAINT c_id_check CHECK (id > 0));"
            "CREATE INDEX c_pid ON c (pid); CREATE VIEW cv AS SELECT id, pid FROM c;"
            "INSERT INTO p VALUES (1, 'a'), (2, 'b'); INSERT INTO c VALUES (1, 1), (2, 2);");
    return db;
}

/* Runs a statement's translation when it is one of the schema changes the dialect
 * applies at run time, inside a savepoint rolled back after (the schema stays the
 * one above), and reads the catalog the change would have shown. */
static int bounded(void *arg)
{
    int *steps = arg;
    return ++*steps > 2000; /* a runaway statement stops */
}

static void run_schema_change(const char *sql)
{
    static const char *const calls[] = {"typeof(pg_alter_table(", "typeof(pg_drop_table(",
                                        "typeof(pg_alter_index(", "typeof(pg_alter_sequence(",
                                        "typeof(pg_set_constraints("};
    int found = 0;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        found |= strstr(sql, calls[i]) != NULL;
    if (!found)
        return;
    sqlite3 *d = database();
    int steps = 0;
    sqlite3_progress_handler(d, 1000, bounded, &steps);
    if (sqlite3_exec(d, "SAVEPOINT fuzz", NULL, NULL, NULL) == SQLITE_OK) {
        sqlite3_exec(d, sql, NULL, NULL, NULL);
        sqlite3_exec(d,
                     "SELECT * FROM \"information_schema.columns\"; SELECT * FROM "
                     "\"information_schema.key_column_usage\"; SELECT * FROM "
                     "\"pg_catalog.pg_indexes\"",
                     NULL, NULL, NULL);
        sqlite3_exec(d, "ROLLBACK TO fuzz; RELEASE fuzz", NULL, NULL, NULL);
    }
    sqlite3_progress_handler(d, 0, NULL, NULL);
}

static void check(int rc, const lw_dialect_error *err, const lw_sqlbuf *out)
{
    if (!fuzz_check_translation(database(), rc, err, out))
        return;
    lw_dialect_error ierr = {{0}, 0, NULL, 0};
    rc = lw_pg_check_identifiers(database(), &names, out->s, 1, &ierr);
    if (rc != 0 && rc != LW_ENOMEM && (strlen(ierr.sqlstate) != 5 || !ierr.message))
        abort();
    lw_dialect_error_clear(&ierr);
    run_schema_change(out->s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    database();
    fuzz_translate_each(&lw_dialect_postgresql, dialect_state, (const char *)data, size, 0, check);
    return 0;
}
