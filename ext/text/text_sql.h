#ifndef LW_TEXT_SQL_H
#define LW_TEXT_SQL_H
#include "common/lw_sqlite.h"
int lw_text_register(sqlite3 *db, char **pzErr);
#endif
