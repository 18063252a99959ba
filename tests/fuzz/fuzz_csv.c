/* Fuzz target: the CSV reader on arbitrary bytes, with the first byte choosing delimiter and
 * encoding. */
#include "formats/csv_read.h"
#include "tests/fuzz/fuzz.h"

#include <unistd.h>

static int count_fields(void *ctx, const csv_record *rec)
{
    size_t *n = ctx;
    for (size_t i = 0; i < rec->nfields; i++)
        *n += rec->lens[i];
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char delims[] = {0, ',', ';', '\t'};
    csv_options opt = {.delimiter = delims[data[0] & 3],
                       .encoding = (enum csv_encoding)((data[0] >> 2) % 3),
                       .max_record_bytes = 4096};
    char path[64];
    int fd = -1;
    if (!fuzz_memfile(data + 1, size - 1, &fd, path, sizeof path))
        return 0;
    ic_err err = {0};
    csv_reader *r = csv_reader_open(path, &opt, &err);
    if (r) {
        size_t n = 0;
        (void)csv_reader_run(r, count_fields, &n, &err);
        csv_reader_free(r);
    }
    close(fd);
    return 0;
}
