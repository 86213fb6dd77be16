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
#include "decimal/decimal_sql.h"
#include "info/info_sql.h"
#include "regexp/regexp_sql.h"
#include "text/text_sql.h"
#include "collation/collation_sql.h"
#include "json/json_sql.h"

typedef struct module {
    const char *name;
    int (*register_fn)(sqlite3 *db, char **pzErr);
} module;

/* Registration order matters only where a module overrides a built-in function:
 * later registrations win. */
static const module modules[] = {
    {"info", lw_info_register},       {"regexp", lw_regexp_register},
    {"text", lw_text_register},       {"collation", lw_collation_register},
    {"decimal", lw_decimal_register}, {"json", lw_json_register},
};

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
    int sqlite3_likewise_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
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
