/* Which cell styles show a date.  Excel stores a date as a day number; only the number format of
 * the cell's style (xl/styles.xml: cellXfs -> numFmtId -> a built-in id or a numFmt's code) says
 * it is one. */
#include "formats/xlsx_internal.h"
#include "util/common.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FORMATS 65536

typedef struct styles {
    xlsx_book *b;
    long *fmt_ids; /* custom formats that show a date */
    size_t nfmt;
    bool in_xfs;
} styles;

bool xlsx_builtin_is_date(long id)
{
    /* ECMA-376 18.8.30: 14-22 dates and times; 27-36 and 50-58 the East Asian date formats;
     * 45-47 times. */
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

bool xlsx_format_is_date(const char *code)
{
    bool in_quote = false;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (in_quote) {
            in_quote = c != '"';
            continue;
        }
        switch (c) {
        case '"':
            in_quote = true;
            break;
        case '\\':
        case '_':
        case '*':
            /* an escaped, padding or fill character: not a code */
            if (p[1])
                p++;
            break;
        case '[': {
            /* [Red], [$€-407], [<100]: not date codes; [h], [mm], [ss] (elapsed time) are */
            const char *e = strchr(p, ']');
            if (!e)
                return false;
            if (strchr("hHmMsS", p[1]))
                return true;
            p = e;
            break;
        }
        case ';':
            return false; /* the first section decides */
        case 'd':
        case 'D':
        case 'm':
        case 'M':
        case 'y':
        case 'Y':
        case 'h':
        case 'H':
        case 's':
        case 'S':
            return true;
        default:
            break;
        }
    }
    return false;
}

static void XMLCALL styles_start(void *ud, const char *name, const char **atts)
{
    styles *st = ud;
    const char *n = xlsx_local(name);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = xlsx_attr(atts, "numFmtId"), *code = xlsx_attr(atts, "formatCode");
        if (id && code && st->nfmt < MAX_FORMATS && xlsx_format_is_date(code)) {
            st->fmt_ids = xrealloc(st->fmt_ids, (st->nfmt + 1) * sizeof *st->fmt_ids);
            st->fmt_ids[st->nfmt++] = strtol(id, NULL, 10);
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        st->in_xfs = true;
    } else if (st->in_xfs && strcmp(n, "xf") == 0 && st->b->nxf < MAX_FORMATS) {
        const char *id = xlsx_attr(atts, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        bool date = xlsx_builtin_is_date(fid);
        for (size_t i = 0; !date && i < st->nfmt; i++)
            date = st->fmt_ids[i] == fid;
        xlsx_book *b = st->b;
        b->xf_date = xrealloc(b->xf_date, b->nxf + 1);
        b->xf_date[b->nxf++] = date;
    }
}

static void XMLCALL styles_end(void *ud, const char *name)
{
    styles *st = ud;
    if (strcmp(xlsx_local(name), "cellXfs") == 0)
        st->in_xfs = false;
}

int xlsx_styles_load(xlsx_book *b, const char *entry, ic_err *err)
{
    styles st = {b, NULL, 0, false};
    xlsx_xml x = {.ud = &st, .start = styles_start, .end = styles_end};
    int rc = xlsx_xml_parse(b->z, b->shown, entry, &x, err);
    free(st.fmt_ids);
    return rc;
}
