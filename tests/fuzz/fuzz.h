/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput; replay_main.c runs one over
 * files. */
#ifndef INVOICECTL_TESTS_FUZZ_H
#define INVOICECTL_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data into an anonymous in-memory file and returns a path that opens it
 * ("/proc/self/fd/N"), so targets can drive the path-based readers; *fd_out must be closed by the
 * caller. NULL on failure. */
const char *fuzz_memfile(const uint8_t *data, size_t size, int *fd_out, char *path, size_t pathlen);

#endif
