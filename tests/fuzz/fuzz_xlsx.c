/* Fuzz target: the workbook reader on arbitrary bytes (a zip archive or not), the first byte
 * choosing the header row and whether the sheet is joined to itself; every record is read through.
 * The seeds (tests/fuzz/corpus/xlsx) are small workbooks made by tests/tools/make_bad_xlsx.py, so
 * mutations reach the XML inside the zip.
 */
#include "formats/xlsx_read.h"
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
    /* bit 2: the sheet joined to itself on its first seed column, so the join code is reached */
    static const char *const self[] = {"Sheet1"};
    xlsx_options opt = {.sheet = NULL, .header_row = 1 + (data[0] & 3), .max_record_bytes = 4096};
    if (data[0] & 4) {
        opt.join_col = "Invoice Number";
        opt.join_sheets = self;
        opt.njoin = 1;
    }
    char path[64];
    int fd = -1;
    if (!fuzz_memfile(data + 1, size - 1, &fd, path, sizeof path))
        return 0;
    ic_err err = {0};
    xlsx_reader *r = xlsx_reader_open(path, &opt, &err);
    if (r) {
        size_t n = 0;
        (void)xlsx_reader_run(r, count_fields, &n, &err);
        xlsx_reader_free(r);
    }
    close(fd);
    return 0;
}
