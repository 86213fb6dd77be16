/*
 * slt: the sqllogictest runner for likewise.
 *
 *   build/slt FILE...        run each file on a fresh in-memory database through the
 *                            shim (sqlite::memory:, the extension registered); print a
 *                            line per failure and per file, and last "N passed, N failed"
 *
 * The runner itself (and the file format) is shim/slt.c, which lwsql --slt shares.
 * Exit status: 0 when nothing failed, 1 otherwise, 2 on usage errors.
 */
#include <stdio.h>

#include "slt.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: slt FILE...\n", stderr);
        return 2;
    }
    return lw_slt_run("sqlite::memory:", argc - 1, argv + 1);
}
