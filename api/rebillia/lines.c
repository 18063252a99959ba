/* What of a canonical invoice becomes which Rebillia field: shared by the body and the check. */
#include "api/rebillia/rebillia_internal.h"

#include "util/sbuf.h"

#include <ctype.h>
#include <string.h>

static bool contains_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; s && *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == w[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

long rebillia_shipping_cost_line(const ic_invoice *inv)
{
    static const char *const words[] = {"ship", "freight", "deliver", "postage"};
    for (size_t i = 0; i < inv->n_cost_lines; i++)
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            if (contains_word(inv->cost_lines[i].description, words[w]))
                return (long)i;
    return -1;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

char *rebillia_contact_name(const ic_address *a)
{
    sbuf b = SBUF_INIT;
    if (!blank(a->first_name))
        sbuf_adds(&b, a->first_name);
    if (!blank(a->last_name)) {
        if (b.len)
            sbuf_adds(&b, " ");
        sbuf_adds(&b, a->last_name);
    }
    return sbuf_take(&b, NULL);
}

bool rebillia_address_given(const ic_address *a)
{
    if (!a->present)
        return false;
    const char *f[] = {a->first_name, a->last_name, a->street1,  a->street2,
                       a->city,       a->state,     a->zip_code, a->country};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!blank(f[i]))
            return true;
    return false;
}
