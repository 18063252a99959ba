/* The template language of mapping_load: "ERP-{Invoice Number}" becomes literal parts and column
 * placeholders; "{{" and "}}" are literal braces. */
#include "mapping/load_internal.h"
#include "util/common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int parse_template(lctx *c, const char *path, const char *t, fspec *f)
{
    sbuf lit = {0};
    int rc = 0;
    const char *p = t;
    while (*p) {
        if (p[0] == '{' && p[1] == '{') {
            sbuf_add(&lit, "{", 1);
            p += 2;
        } else if (p[0] == '}' && p[1] == '}') {
            sbuf_add(&lit, "}", 1);
            p += 2;
        } else if (p[0] == '}') {
            rc = load_fail(c, path, "unmatched '}' in '%s' (write '}}' for a literal brace)", t);
            goto out;
        } else if (p[0] == '{') {
            const char *end = strchr(p + 1, '}');
            if (!end) {
                rc = load_fail(c, path, "unclosed '{' in '%s' (write '{{' for a literal brace)", t);
                goto out;
            }
            size_t n = (size_t)(end - p - 1);
            const char *name = p + 1;
            while (n && isspace((unsigned char)*name)) {
                name++;
                n--;
            }
            while (n && isspace((unsigned char)name[n - 1]))
                n--;
            if (n == 0) {
                rc = load_fail(c, path, "empty placeholder '{}' in '%s'", t);
                goto out;
            }
            if (lit.len) {
                f->parts = xrealloc(f->parts, (f->nparts + 1) * sizeof *f->parts);
                f->parts[f->nparts++] = (tpl_part){xstrndup(lit.data, lit.len), lit.len, false, -1};
                sbuf_reset(&lit);
            }
            f->parts = xrealloc(f->parts, (f->nparts + 1) * sizeof *f->parts);
            f->parts[f->nparts++] = (tpl_part){xstrndup(name, n), n, true, -1};
            p = end + 1;
        } else {
            sbuf_add(&lit, p, 1);
            p++;
        }
    }
    if (lit.len) {
        f->parts = xrealloc(f->parts, (f->nparts + 1) * sizeof *f->parts);
        f->parts[f->nparts++] = (tpl_part){xstrndup(lit.data, lit.len), lit.len, false, -1};
    }
    size_t ncols = 0, text = 0;
    for (size_t i = 0; i < f->nparts; i++) {
        if (f->parts[i].is_col)
            ncols++;
        else
            text += f->parts[i].len;
    }
    if (ncols > MAPPING_MAX_TEMPLATE_PLACEHOLDERS)
        rc = load_fail(c, path, "%zu placeholders; a template may name at most %d columns", ncols,
                       MAPPING_MAX_TEMPLATE_PLACEHOLDERS);
    else if (text > MAPPING_MAX_TEMPLATE_BYTES)
        rc = load_fail(c, path, "%zu bytes of text; a template gives at most %d bytes", text,
                       MAPPING_MAX_TEMPLATE_BYTES);
out:
    sbuf_release(&lit);
    return rc;
}
