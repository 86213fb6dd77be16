/*
 * SQL glue of the collations module: registers UNOCASE, resolves every other
 * likewise collation name on first use, and provides lw_collation_check(),
 * lw_collation_record() and lw_collation_reindex(). See collation_sql.c.
 */
#ifndef LW_COLLATION_SQL_H
#define LW_COLLATION_SQL_H

#include "common/lw_sqlite.h"

int lw_collation_register(sqlite3 *db, char **pzErr);

/*
 * SQLite keeps one collation-needed callback per connection and has no getter, so
 * likewise cannot find a callback installed before it. An application linking
 * liblikewise.a that wants its own callback calls this instead of
 * sqlite3_collation_needed() after likewise is registered on db: likewise resolves
 * its own names first and passes every other name to callback (with arg). Passing a
 * NULL callback removes it. Returns SQLITE_OK, or SQLITE_MISUSE when likewise is not
 * registered on db.
 */
int lw_collation_needed_chain(sqlite3 *db, void *arg,
                              void (*callback)(void *, sqlite3 *, int, const char *));

#endif
