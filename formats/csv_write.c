/* RFC 4180 CSV writing with formula neutralisation (see csv_write.h). */
#include "formats/csv_write.h"

#include <string.h>

void csv_writer_init(csv_writer *w, FILE *fp, char delimiter)
{
    w->fp = fp;
    w->delimiter = delimiter ? delimiter : ',';
    w->neutralise = true;
    w->col = 0;
}

bool csv_text_is_formula_like(const char *s)
{
    if (!s)
        return false;
    switch (s[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

static bool needs_quotes(const csv_writer *w, const char *s)
{
    for (; *s; s++)
        if (*s == w->delimiter || *s == '"' || *s == '\r' || *s == '\n')
            return true;
    return false;
}

/* Writes one field; `prefix` (the neutralising apostrophe) goes inside the
 * quotes when there are any. Write errors stick to the stream and are reported
 * when it is flushed and closed. */
static void put_field(csv_writer *w, const char *prefix, const char *s)
{
    if (w->col++)
        putc(w->delimiter, w->fp);
    if (!s)
        return;
    if (!needs_quotes(w, s)) {
        fputs(prefix, w->fp);
        fputs(s, w->fp);
        return;
    }
    putc('"', w->fp);
    fputs(prefix, w->fp);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        fwrite(s, 1, (size_t)(q - s) + 1, w->fp);
        putc('"', w->fp);
    }
    fputs(s, w->fp);
    putc('"', w->fp);
}

void csv_put_text(csv_writer *w, const char *s)
{
    put_field(w, (w->neutralise && csv_text_is_formula_like(s)) ? "'" : "", s);
}

void csv_put_raw(csv_writer *w, const char *s)
{
    put_field(w, "", s);
}

void csv_put_number(csv_writer *w, const char *s)
{
    put_field(w, "", s);
}

void csv_end_row(csv_writer *w)
{
    fputs("\r\n", w->fp);
    w->col = 0;
}

void csv_put_row(csv_writer *w, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_put_text(w, fields[i]);
    csv_end_row(w);
}
