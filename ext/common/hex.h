/*
 * The value of one hexadecimal digit, for every parser that reads them (JSON \u
 * escapes, regular expression escapes, URL percent-escapes, SQL string escapes).
 */
#ifndef LW_COMMON_HEX_H
#define LW_COMMON_HEX_H

#include <stdint.h>

/* The value 0-15 of the ASCII hexadecimal digit c (either case), or -1 when c is not
 * one. c is a byte or a code point: anything outside ASCII is not a digit. */
static inline int lw_hex_value(int32_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
