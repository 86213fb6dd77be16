/*
 * likewise: the extension's only entry point.
 *
 * Loadable:  .load ./build/likewise          (sqlite3 shell)
 *            conn.load_extension("build/likewise")   (Python)
 * Static:    link build/liblikewise.a and call
 *            sqlite3_auto_extension((void (*)(void))sqlite3_likewise_init);
 *
 * Each module registers its SQL functions and collations through one
 * lw_<module>_register(db, &err). The first failure stops the load and is reported
 * as "likewise: module <name>: <reason>"; SQLite then unloads the library.
 * The modules and their SQL are documented in docs/<module>.md.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stddef.h>

#include "likewise_ext.h"
#include "busy/busy_sql.h"
#include "collation/collation_sql.h"
#include "decimal/decimal_sql.h"
#include "django/django_sql.h"
#include "info/info_sql.h"
#include "json/json_sql.h"
#include "regexp/regexp_sql.h"
#include "text/text_sql.h"

typedef struct module {
    const char *name;
    int (*register_fn)(sqlite3 *db, char **pzErr);
} module;

/* Registration order matters only where a module overrides a built-in function
 * (text replaces lower, upper and like): later registrations win. */
static const module modules[] = {
    {"info", lw_info_register},           /* likewise_version, likewise_build_info */
    {"text", lw_text_register},           /* Unicode case mapping, LIKE, contains... */
    {"regexp", lw_regexp_register},       /* REGEXP and PostgreSQL's regexp_* */
    {"collation", lw_collation_register}, /* UNOCASE, MySQL and ICU collations */
    {"decimal", lw_decimal_register},     /* exact decimals, DECIMAL collation */
    {"json", lw_json_register},           /* jsonb containment and key tests */
    {"busy", lw_busy_register},           /* lw_busy_timeout: the busy policy */
    {"django", lw_django_register},       /* django_date_extract ... in C */
};

#ifdef _WIN32
#define LW_EXPORT __declspec(dllexport)
#else
#define LW_EXPORT __attribute__((visibility("default")))
#endif

/* Registers every module. Static, so that each entry point below calls its own copy's
 * registration: were sqlite3_likewisedjango_init to call the exported
 * sqlite3_likewise_init, the dynamic linker could bind that call to another copy of
 * the library already loaded in the process, whose sqlite3_api this copy never set. */
static int register_modules(sqlite3 *db, char **pzErrMsg)
{
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        char *err = NULL;
        int rc = modules[i].register_fn(db, &err);
        if (rc != SQLITE_OK) {
            if (pzErrMsg)
                *pzErrMsg = sqlite3_mprintf("likewise: module %s: %s", modules[i].name,
                                            err ? err : sqlite3_errstr(rc));
            sqlite3_free(err);
            return rc;
        }
    }
    return SQLITE_OK;
}

LW_EXPORT int sqlite3_likewise_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    return register_modules(db, pzErrMsg);
}

/*
 * The entry point for Django connections: everything sqlite3_likewise_init registers,
 * plus the generic names Django 3.2's SQLite backend registers (ACOS ... VAR_SAMP,
 * RAND), which replace SQLite's own math functions of those names with Python's
 * types and errors. A separate entry point rather than an SQL function, because
 * SQLite refuses to replace a built-in function while a statement runs (docs/django.md).
 *   sqlite3 shell:  .load ./build/likewise sqlite3_likewisedjango_init
 *   Python 3.11:    conn.load_extension("build/likewise_django")   (the name selects it)
 */
LW_EXPORT int sqlite3_likewisedjango_init(sqlite3 *db, char **pzErrMsg,
                                          const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    int rc = register_modules(db, pzErrMsg);
    if (rc != SQLITE_OK)
        return rc;
    char *err = NULL;
    rc = lw_django_register_generic(db, &err);
    if (rc != SQLITE_OK && pzErrMsg)
        *pzErrMsg = sqlite3_mprintf("likewise: module django: %s", err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return rc;
}
