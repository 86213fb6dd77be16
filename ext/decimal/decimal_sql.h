/* SQL glue of the decimal module (ext/decimal/decimal_sql.c). */
#ifndef LW_DECIMAL_SQL_H
#define LW_DECIMAL_SQL_H

#include "common/lw_sqlite.h"

/* Registers the decimal functions, aggregates and the DECIMAL collation on db. */
int lw_decimal_register(sqlite3 *db, char **pzErr);

#endif
