/* Expat over one zip entry.  A workbook part never needs a DOCTYPE, so one is refused outright:
 * no entity can be declared, let alone expanded (the "billion laughs"). */
#include "formats/xlsx_internal.h"

#include <string.h>

/* Until the root element starts the parser's user data is the xlsx_xml itself. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xlsx_xml_stop(ud, -1);
}

/* The root element's start: a DOCTYPE can only come before it, so from here on the caller's
 * handlers take the events directly, with no call through this file for each of the millions of
 * elements a large sheet holds. */
static void XMLCALL on_start(void *ud, const XML_Char *n, const XML_Char **a)
{
    xlsx_xml *x = ud;
    XML_SetStartDoctypeDeclHandler(x->p, NULL); /* expat refuses one past here anyway */
    XML_SetUserData(x->p, x->ud);
    XML_SetElementHandler(x->p, x->start, x->end);
    XML_SetCharacterDataHandler(x->p, x->text);
    if (x->start)
        x->start(x->ud, n, a);
}

static int feed_chunk(void *ctx, const char *buf, size_t len)
{
    xlsx_xml *x = ctx;
    if (XML_Parse(x->p, buf, (int)len, 0) == XML_STATUS_ERROR)
        return x->stop ? x->stop : -2;
    return 0;
}

int xlsx_xml_parse(xlsx_zip *z, const char *shown, const char *entry, xlsx_xml *x, ic_err *err)
{
    x->p = XML_ParserCreate(NULL);
    x->stop = 0;
    XML_SetUserData(x->p, x);
    XML_SetStartElementHandler(x->p, on_start);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    int rc = xlsx_zip_stream(z, entry, feed_chunk, x, err);
    if (rc == 0 && XML_Parse(x->p, "", 0, 1) == XML_STATUS_ERROR)
        rc = x->stop ? x->stop : -2;
    if (rc == -1)
        rc = ic_err_set(err, IC_EXIT_USAGE,
                        "'%s' is refused: '%s' declares a DOCTYPE (entity declarations are not "
                        "allowed in a workbook)",
                        shown, entry);
    else if (rc == -2)
        rc = ic_err_set(err, IC_EXIT_USAGE, "'%s' is a damaged workbook: '%s' line %lu: %s", shown,
                        entry, (unsigned long)XML_GetCurrentLineNumber(x->p),
                        XML_ErrorString(XML_GetErrorCode(x->p)));
    XML_ParserFree(x->p);
    x->p = NULL;
    return rc;
}

void xlsx_xml_stop(xlsx_xml *x, int rc)
{
    x->stop = rc;
    XML_StopParser(x->p, XML_FALSE);
}

const char *xlsx_local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

const char *xlsx_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(xlsx_local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}
