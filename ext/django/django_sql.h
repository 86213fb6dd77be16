#ifndef LW_DJANGO_SQL_H
#define LW_DJANGO_SQL_H
#include "common/lw_sqlite.h"

/* Registers the django_* date and time functions (always: Django's namespace). */
int lw_django_register(sqlite3 *db, char **pzErr);

/* Registers the generic names Django registers (ACOS ... VAR_SAMP, RAND), which
 * replace SQLite's own math functions of those names on this connection: only for
 * the Django entry point, sqlite3_likewisedjango_init (docs/django.md). */
int lw_django_register_generic(sqlite3 *db, char **pzErr);
#endif
