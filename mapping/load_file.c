/* Reading of mapping_load: the file, at most MAPPING_MAX_FILE_BYTES, parsed as one JSON value;
 * syntax errors name the line and column. */
#include "mapping/load_internal.h"
#include "util/common.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line and column (1-based) of a byte offset, for JSON syntax errors. */
static void offset_place(const char *text, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* What cJSON would accept silently or report only as "invalid JSON", found before it parses: a
 * string holding \u0000 (cJSON decodes it into a C string that ends there, so "Invoice\u0000 No"
 * would quietly become "Invoice"), a NUL byte, and nesting deeper than MAPPING_MAX_DEPTH (cJSON's
 * own limit, 1000, gives "invalid JSON").  One pass, whatever the file holds. */
enum prescan { PRESCAN_OK = 0, PRESCAN_NUL_BYTE, PRESCAN_NUL_ESCAPE, PRESCAN_TOO_DEEP };

static enum prescan json_prescan(const char *s, size_t len, size_t *at)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        *at = i;
        if (ch == '\0')
            return PRESCAN_NUL_BYTE;
        if (in_string) {
            if (ch == '"') {
                in_string = false;
            } else if (ch == '\\' && i + 1 < len) {
                if (len - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
                    return PRESCAN_NUL_ESCAPE;
                i++; /* the escaped character, which may be a quote */
            }
            continue;
        }
        if (ch == '"') {
            in_string = true;
        } else if (ch == '{' || ch == '[') {
            if (++depth > MAPPING_MAX_DEPTH)
                return PRESCAN_TOO_DEEP;
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return PRESCAN_OK;
}

static char *read_all(const char *path, size_t *len, ic_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > MAPPING_MAX_FILE_BYTES) {
            ic_err_set(err, IC_EXIT_USAGE,
                       "'%s' is too large for a mapping file (more than %d MiB)", path,
                       MAPPING_MAX_FILE_BYTES >> 20);
            goto fail;
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        ic_err_set(err, IC_EXIT_IO, "cannot read '%s': %s", path, strerror(errno));
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

cJSON *load_json_file(const char *path, ic_err *err)
{
    cJSON *root = NULL;
    size_t len = 0;
    char *text = read_all(path, &len, err);
    if (!text)
        return NULL;
    const char *body = text;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        body += 3;
    size_t bad_at = 0;
    enum prescan bad = json_prescan(body, len - (size_t)(body - text), &bad_at);
    if (bad != PRESCAN_OK) {
        long line, col;
        offset_place(body, bad_at, &line, &col);
        if (bad == PRESCAN_NUL_BYTE)
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: a NUL byte, which JSON text cannot hold",
                       path, line, col);
        else if (bad == PRESCAN_NUL_ESCAPE)
            ic_err_set(err, IC_EXIT_USAGE,
                       "%s:%ld:%ld: a string holds \\u0000 (the NUL character), which a mapping "
                       "cannot use",
                       path, line, col);
        else
            ic_err_set(err, IC_EXIT_USAGE,
                       "%s:%ld:%ld: nested too deep (more than %d levels of [ and {)", path, line,
                       col, MAPPING_MAX_DEPTH);
        goto fail;
    }
    const char *end = NULL;
    /* The length includes the final NUL: cJSON checks for it when asked to refuse trailing text. */
    root = cJSON_ParseWithLengthOpts(body, len - (size_t)(body - text) + 1, &end, 1);
    if (!root) {
        const char *at = end ? end : cJSON_GetErrorPtr();
        size_t off = at && at >= body && at <= text + len ? (size_t)(at - body) : 0;
        /* cJSON stops just past the offending token: point at it rather than at the white space
         * after. */
        while (off > 0 && (body[off] == '\0' || isspace((unsigned char)body[off])))
            off--;
        long line, col;
        offset_place(body, off, &line, &col);
        char near[24];
        size_t k = 0;
        for (const char *q = body + off; *q && *q != '\n' && k + 1 < sizeof near; q++)
            near[k++] = *q;
        near[k] = '\0';
        if (!k)
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: invalid JSON: unexpected end of file", path,
                       line, col);
        else
            ic_err_set(err, IC_EXIT_USAGE, "%s:%ld:%ld: invalid JSON near '%s'", path, line, col,
                       near);
        goto fail;
    }
    free(text);
    return root;
fail:
    free(text);
    return NULL;
}
