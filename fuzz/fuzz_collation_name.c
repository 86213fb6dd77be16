/*
 * libFuzzer target: the collation-name resolver. Any byte string is a name; it must
 * resolve or be refused without crashing, leaking or reading out of bounds, and a
 * collation it yields must compare a few strings antisymmetrically.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collation/collation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[LW_COLLATION_NAME_MAX * 2];
    if (size >= sizeof name)
        size = sizeof name - 1;
    memcpy(name, data, size);
    name[size] = 0;
    lw_collation *coll = NULL;
    if (lw_collation_open(name, &coll) != LW_COLLATION_OK)
        return 0;
    static const char *const samples[] = {"", "a", "A", "a ", "ß", "ss", "\xff", "é", "x10"};
    for (size_t i = 0; i < 9; i++)
        for (size_t j = 0; j < 9; j++) {
            const char *a = samples[i], *b = samples[j];
            int ab = lw_collation_compare(coll, (int)strlen(a), a, (int)strlen(b), b);
            int ba = lw_collation_compare(coll, (int)strlen(b), b, (int)strlen(a), a);
            if ((ab > 0) - (ab < 0) != -((ba > 0) - (ba < 0)))
                abort();
        }
    if (lw_collation_version(coll)[0] == 0)
        abort();
    lw_collation_close(coll);
    return 0;
}
