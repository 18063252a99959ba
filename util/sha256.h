/* SHA-256 (FIPS 180-4), for recognising inputs again: the journal records the hashes of the CSV and
 * the mapping so that a resumed run knows it is reading the same files.  Not used for anything
 * secret.
 *
 * Ownership: plain structs and caller buffers; nothing allocated.
 */
#ifndef INVOICECTL_UTIL_SHA256_H
#define INVOICECTL_UTIL_SHA256_H

#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64 /* hex digits, without the NUL */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t used;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* Writes 64 lowercase hex digits and a NUL into hex (at least SHA256_HEX_LEN + 1 bytes). */
void sha256_final_hex(sha256_ctx *c, char *hex);
/* The hash of a string, as hex. */
void sha256_hex(const void *data, size_t len, char *hex);
/* The hash of a file's content, as hex.  Returns 0 or IC_EXIT_IO with err naming the file. */
int sha256_file_hex(const char *path, char *hex, ic_err *err);

#endif
