/*
 * Version and build information.
 *
 * The ICU, Unicode and PCRE2 versions are the ones of the libraries loaded at run time,
 * which may differ from the headers the build saw; collations record them (an index
 * built under one ICU must be rebuilt under another), so they must be the real ones.
 */
#include "info/info.h"
#include <stdio.h>
#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
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
    /* PCRE2's version string is "10.42 2022-12-11": the number is enough. Its JIT
     * compiler is what the regexp fast path needs, so whether it is built in is named
     * too. */
    char pcre2_text[64] = "unknown";
    uint32_t jit = 0;
    if (pcre2_config(PCRE2_CONFIG_VERSION, pcre2_text) > 0)
        pcre2_text[strcspn(pcre2_text, " ")] = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    return snprintf(buf, (size_t)size,
                    "likewise %s; ICU %s; Unicode %s; SQLite %s; PCRE2 %s%s; flags: %s", LW_VERSION,
                    icu_text, unicode_text, sqlite_version, pcre2_text,
                    jit ? " JIT" : " without JIT", LW_BUILD_FLAGS);
}
