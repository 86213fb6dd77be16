/* SQL glue of the json module (ext/json/json_sql.c). */
#ifndef LW_JSON_SQL_H
#define LW_JSON_SQL_H

#include "common/lw_sqlite.h"

/* Registers json_contains, json_contained_by, json_equal, json_has_key,
 * json_has_any_keys and json_has_all_keys on db. */
int lw_json_register(sqlite3 *db, char **pzErr);

#endif
