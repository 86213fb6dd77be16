/*
 * Version and build information.
 *
 * The ICU and Unicode versions are the ones of the ICU library loaded at run time,
 * which may differ from the headers the build saw; collations record them (an index
 * built under one ICU must be rebuilt under another), so they must be the real ones.
 */
#include "info/info.h"
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#ifndef LW_VERSION
#error "LW_VERSION must be defined by the build"
#endif
#ifndef LW_BUILD_FLAGS
#define LW_BUILD_FLAGS "unknown"
#endif

const char *lw_version(void)
{
    return LW_VERSION;
}

int lw_build_info(char *buf, int size, const char *sqlite_version)
{
    UVersionInfo icu, unicode;
    char icu_text[U_MAX_VERSION_STRING_LENGTH], unicode_text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(icu);
    u_versionToString(icu, icu_text);
    u_getUnicodeVersion(unicode);
    u_versionToString(unicode, unicode_text);
    return snprintf(buf, (size_t)size, "likewise %s; ICU %s; Unicode %s; SQLite %s; flags: %s",
                    LW_VERSION, icu_text, unicode_text, sqlite_version, LW_BUILD_FLAGS);
}
