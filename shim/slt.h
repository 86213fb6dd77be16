/*
 * The sqllogictest runner (format: shim/slt.c), shared by build/slt and lwsql --slt.
 */
#ifndef LW_SHIM_SLT_H
#define LW_SHIM_SLT_H

/* Runs each file on a fresh connection opened from url; prints a line per failure
 * (standard error) and per file, and last "N passed, N failed" (standard output).
 * Returns 0 when nothing failed, 1 otherwise; exits with status 2 when a connection
 * cannot be opened. */
int lw_slt_run(const char *url, int n_files, char **files);

#endif
