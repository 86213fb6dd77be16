#include "common/icu_util.h"
#include "common/lw_sqlite.h"

char *lw_icu_errmsg(const char *fn, const char *what, UErrorCode status)
{
    return sqlite3_mprintf("%s(): %s: %s", fn, what, u_errorName(status));
}
