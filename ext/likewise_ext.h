/*
 * Public header of the static library liblikewise.a.
 *
 *   #include <likewise_ext.h>
 *   sqlite3_auto_extension((void (*)(void))sqlite3_likewise_init);
 *
 * registers every likewise function and collation on each connection opened after.
 */
#ifndef LIKEWISE_EXT_H
#define LIKEWISE_EXT_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

int sqlite3_likewise_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);
/* sqlite3_likewise_init plus the generic names Django registers (ACOS ... VAR_SAMP),
 * which replace SQLite's math functions of those names: for Django connections. */
int sqlite3_likewisedjango_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

#ifdef __cplusplus
}
#endif

#endif
