#ifndef LW_INFO_SQL_H
#define LW_INFO_SQL_H
#include "common/lw_sqlite.h"
int lw_info_register(sqlite3 *db, char **pzErr);
#endif
