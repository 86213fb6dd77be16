#ifndef LW_BUSY_SQL_H
#define LW_BUSY_SQL_H
#include "busy/busy.h"
#include "common/lw_sqlite.h"

/* Registers lw_busy_timeout() over a policy of the connection's own. */
int lw_busy_register(sqlite3 *db, char **pzErr);

/*
 * For programs that own a policy per connection (the shim): registers
 * lw_busy_timeout() on db over policy, replacing the module's own, and installs
 * policy as db's busy handler, so that SQL and C change one policy. The caller keeps
 * policy alive until the connection is closed. Returns SQLITE_OK or an error code
 * with *pzErr set (sqlite3_free).
 */
int lw_busy_attach(sqlite3 *db, lw_busy *policy, char **pzErr);
#endif
