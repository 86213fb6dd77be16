/*
 * Version and build information, shared by the SQL functions and the shim.
 */
#ifndef LW_INFO_H
#define LW_INFO_H

/* The likewise version, "MAJOR.MINOR.PATCH". Static storage. */
const char *lw_version(void);

/*
 * Writes "likewise V; ICU V; Unicode V; SQLite V; flags: F" into buf (always
 * NUL-terminated, truncated to size). Returns the length the full text needs.
 */
int lw_build_info(char *buf, int size, const char *sqlite_version);

#endif
