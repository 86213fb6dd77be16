/* SQL glue of the regexp module: REGEXP and PostgreSQL's regexp_* functions. */
#ifndef LW_REGEXP_SQL_H
#define LW_REGEXP_SQL_H

#include "common/lw_sqlite.h"

/* Registers the module's functions on db; on failure sets *pzErr (sqlite3_free). */
int lw_regexp_register(sqlite3 *db, char **pzErr);

#endif
