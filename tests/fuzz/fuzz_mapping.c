/* Fuzz target: the mapping loader on arbitrary JSON, then binding it to a fixed header. */
#include "mapping/mapping.h"
#include "tests/fuzz/fuzz.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = -1;
    if (!fuzz_memfile(data, size, &fd, path, sizeof path))
        return 0;
    ic_err err = {0};
    mapping *m = mapping_load(path, &err);
    if (m) {
        static const char *const header[] = {
            "Invoice Number", "Company ID", "Invoice Date", "Due Date", "Currency",  "SKU",
            "Description",    "Quantity",   "Unit Price",   "Freight",  "Line Type", "Amount"};
        (void)mapping_bind(m, header, sizeof header / sizeof header[0], "fuzz.csv", &err);
        mapping_free(m);
    }
    close(fd);
    return 0;
}
