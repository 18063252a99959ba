#include "formats/xlsx_zip.h"
#include "util/common.h"

#include <minizip/unzip.h>
#include <stdlib.h>
#include <string.h>

/* Inflated bytes handed on at a time: large enough that the per-chunk costs (a call into expat,
 * the merge scan's carried tail) vanish against the bytes themselves. */
#define ZIP_CHUNK (1 << 18)

struct xlsx_zip {
    unzFile uf;
    char *shown;
};

/* An entry name that would land outside a folder it were extracted into. */
static bool name_escapes(const char *name)
{
    if (name[0] == '/' || name[0] == '\\' || strchr(name, '\\') || strchr(name, ':'))
        return true;
    for (const char *p = name; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n + (e != NULL);
    }
    return false;
}

static int check_entries(xlsx_zip *z, ic_err *err)
{
    size_t n = 0;
    for (int rc = unzGoToFirstFile(z->uf); rc == UNZ_OK; rc = unzGoToNextFile(z->uf)) {
        unz_file_info64 info;
        char name[1024];
        if (unzGetCurrentFileInfo64(z->uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            return ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: unreadable entry",
                              z->shown);
        if (++n > XLSX_ZIP_MAX_ENTRIES)
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s' is refused: it holds more than %d entries, no workbook does",
                              z->shown, XLSX_ZIP_MAX_ENTRIES);
        if (name_escapes(name))
            return ic_err_set(err, IC_EXIT_USAGE,
                              "'%s' is refused: it holds an entry with a path outside the "
                              "workbook ('%.200s')",
                              z->shown, name);
        if (info.flag & 1)
            return ic_err_set(err, IC_EXIT_USAGE, "'%s' is refused: entry '%.200s' is encrypted",
                              z->shown, name);
    }
    return 0;
}

xlsx_zip *xlsx_zip_open(const char *path, const char *shown, ic_err *err)
{
    unzFile uf = unzOpen64(path);
    if (!uf) {
        ic_err_set(err, IC_EXIT_USAGE, "'%s' is not an xlsx workbook: it is not a zip archive",
                   shown);
        return NULL;
    }
    xlsx_zip *z = xcalloc(1, sizeof *z);
    z->uf = uf;
    z->shown = xstrdup(shown);
    if (check_entries(z, err)) {
        xlsx_zip_free(z);
        return NULL;
    }
    return z;
}

bool xlsx_zip_has(xlsx_zip *z, const char *name)
{
    return unzLocateFile(z->uf, name, 1) == UNZ_OK;
}

int xlsx_zip_stream(xlsx_zip *z, const char *name, xlsx_chunk_fn fn, void *ctx, ic_err *err)
{
    if (unzLocateFile(z->uf, name, 1) != UNZ_OK)
        return ic_err_set(err, IC_EXIT_USAGE, "'%s' is not a complete workbook: it has no '%s'",
                          z->shown, name);
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(z->uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(z->uf) != UNZ_OK)
        return ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: cannot read '%s'",
                          z->shown, name);
    /* minizip never reads past the declared compressed size, so this ratio is an upper bound. */
    uint64_t packed = info.compressed_size ? info.compressed_size : 1;
    uint64_t out = 0;
    int rc = 0;
    char *buf = xmalloc(ZIP_CHUNK);
    for (;;) {
        int n = unzReadCurrentFile(z->uf, buf, ZIP_CHUNK);
        if (n < 0) {
            rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: cannot inflate '%s'",
                            z->shown, name);
            break;
        }
        if (n == 0)
            break;
        out += (uint64_t)n;
        if (out > XLSX_ZIP_MAX_ENTRY_BYTES ||
            (out > XLSX_ZIP_RATIO_FLOOR && out / packed > XLSX_ZIP_MAX_RATIO)) {
            rc = ic_err_set(err, IC_EXIT_USAGE,
                            "'%s' is refused: '%s' inflates to more than %llu bytes from %llu "
                            "(a zip bomb?)",
                            z->shown, name, (unsigned long long)out, (unsigned long long)packed);
            break;
        }
        rc = fn(ctx, buf, (size_t)n);
        if (rc)
            break;
    }
    free(buf);
    int crc = unzCloseCurrentFile(z->uf);
    if (!rc && crc == UNZ_CRCERROR)
        rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: '%s' fails its checksum",
                        z->shown, name);
    return rc;
}

void xlsx_zip_free(xlsx_zip *z)
{
    if (!z)
        return;
    unzClose(z->uf);
    free(z->shown);
    free(z);
}
