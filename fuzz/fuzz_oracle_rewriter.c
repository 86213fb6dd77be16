/*
 * libFuzzer target: the oracle dialect's rewriter on arbitrary text. Every statement is
 * lexed with Oracle's rules and translated; a translation must either fail with a
 * SQLSTATE and a message (Oracle's "ORA-NNNNN: text" or a 0A000 refusal) or produce SQL
 * that SQLite prepares as exactly one statement (nothing after it but blanks: the
 * rewriter never lets a second statement through) or rejects with a clean error, and
 * every translation starts with the dialect's mark (oracle.h), which the runtime hooks
 * read back. The tables have the declared types the dialect's CREATE TABLE writes, with
 * a mixed-case name for the identifier-case check; what the translation keeps for
 * checking bound values (bind.c) is freed with the dialect's hook. The same text is
 * also read as an interval value (runtime_interval.c, the form interval columns store
 * and TO_DSINTERVAL/TO_YMINTERVAL read): what parses prints in a form that parses back
 * to the same length of time. Never a crash, a leak or undefined behaviour.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lexer.h"
#include "dialect/dialect.h"
#include "dialect/oracle/oracle.h"
#include "fuzz_rewriter.h"
#include "likewise.h"
#include "likewise_ext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static void *dialect_state;

/* One connection for the whole run, with the extension and the dialect's state (its
 * functions, the DUAL view, the schema the rewriter reads column types from). */
static sqlite3 *database(void)
{
    if (!db)
        db = fuzz_open_dialect(
            &lw_dialect_oracle, &dialect_state,
            "CREATE TABLE T(A, B, C, ID NUMERIC_TEXT(6,0) COLLATE DECIMAL, S VARCHAR2(10));"
            "CREATE TABLE EMP(EMP_ID NUMERIC_TEXT COLLATE DECIMAL CONSTRAINT EMP_PK "
            "PRIMARY KEY, NAME VARCHAR2 CHAR(20), HIRED DATE, TS TIMESTAMP(6), "
            "TZ TIMESTAMP_TZ(6), CH CHAR(5) COLLATE RTRIM, R RAW(4), F BINARY_DOUBLE, "
            "FLAG BOOLEAN, DUR INTERVAL_DS(3,4) COLLATE ORA_INTERVAL, "
            "TERM INTERVAL_YM(2) COLLATE ORA_INTERVAL);"
            "CREATE TABLE \"Mixed\"(\"Id\" NUMERIC_TEXT COLLATE DECIMAL, NAME CLOB);");
    return db;
}

static void check(int rc, const lw_dialect_error *err, const lw_sqlbuf *out)
{
    if (fuzz_check_translation(database(), rc, err, out) &&
        strncmp(out->s, ORA_MARK, strlen(ORA_MARK)) != 0)
        abort(); /* the runtime hooks read the mark */
}

/* The interval core: parse, print, parse again, compare. */
static void interval_round_trip(const char *text, size_t size)
{
    static const char wants[] = {0, 'Y', 'D'};
    for (size_t k = 0; k < sizeof wants; k++) {
        ora_iv iv, back;
        if (ora_iv_parse(text, size, wants[k], &iv) != 0)
            continue;
        char *printed = ora_iv_text(&iv, 2, -1);
        if (!printed)
            continue;
        if (ora_iv_parse(printed, strlen(printed), iv.year_month ? 'Y' : 'D', &back) != 0 ||
            back.year_month != iv.year_month || back.months != iv.months || back.secs != iv.secs ||
            back.nanos != iv.nanos ||
            ora_iv_collate(NULL, (int)strlen(printed), printed, (int)strlen(printed), printed))
            abort(); /* the stored form must read back as the value */
        sqlite3_free(printed);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    interval_round_trip((const char *)data, size);
    database();
    /* With a plain statement's description, the walk also records which bound values
     * are checked in C (bind.c). */
    fuzz_translate_each(&lw_dialect_oracle, dialect_state, (const char *)data, size, 1, check);
    return 0;
}
