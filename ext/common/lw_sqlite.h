/*
 * The one way a likewise source file reaches the SQLite API.
 *
 * In the loadable build every sqlite3_* call goes through the routine table that
 * SQLite hands to sqlite3_likewise_init(); in the static build (SQLITE_CORE) the same
 * names are the library's own functions. Including this header instead of <sqlite3.h>
 * keeps both builds on one source.
 */
#ifndef LW_COMMON_SQLITE_H
#define LW_COMMON_SQLITE_H

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#endif
