/* Nearest-name suggestions for unknown keys and columns ("did you mean 'dueDate'?"). */
#include "mapping/mapping_internal.h"
#include "util/common.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t str_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = xmalloc((lb + 1) * sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/* Lower-case letters and digits only: "Due date" and "due_date" both become "duedate". */
void mapping_squash(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

static int cmp_word(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words of s, lower-cased and sorted, joined by spaces: "Date Due" and "due date" both give
 * "date due". */
static void word_set(const char *s, char *out, size_t size)
{
    char buf[256];
    char *words[32];
    size_t n = 0, len = 0;
    for (const char *p = s; *p && len + 1 < sizeof buf; p++)
        buf[len++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : ' ';
    buf[len] = '\0';
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w && n < 32; w = strtok_r(NULL, " ", &save))
        words[n++] = w;
    qsort(words, n, sizeof *words, cmp_word);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "", words[i]);
}

/* A score (lower is better) or SIZE_MAX when the candidate is not close enough to suggest. */
static size_t score(const char *s, const char *cand)
{
    char a[256], b[256];
    mapping_squash(s, a, sizeof a);
    mapping_squash(cand, b, sizeof b);
    if (a[0] && strcmp(a, b) == 0)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    size_t shorter = la < lb ? la : lb;
    bool prefix = shorter >= 3 && strncmp(a, b, shorter) == 0; /* "Cust" and "Customer" */
    word_set(s, a, sizeof a);
    word_set(cand, b, sizeof b);
    if (a[0] && strcmp(a, b) == 0)
        return 1;
    if (prefix)
        return 2;
    size_t d = str_distance(s, cand);
    size_t ls = strlen(s), lc = strlen(cand);
    size_t longer = ls > lc ? ls : lc;
    size_t limit = longer / 3 > 2 ? longer / 3 : 2;
    if (d > limit)
        return (size_t)-1;
    return d + 2;
}

size_t nearest_names(const char *s, const char *const *cands, size_t n, const char **out,
                     size_t max)
{
    size_t got = 0;
    size_t scores[8];
    if (max > 8)
        max = 8;
    for (size_t i = 0; i < n; i++) {
        size_t sc = score(s, cands[i]);
        if (sc == (size_t)-1)
            continue;
        /* insertion into the best-first list */
        size_t pos = got;
        while (pos > 0 && scores[pos - 1] > sc)
            pos--;
        if (pos >= max)
            continue;
        size_t last = got < max ? got : max - 1;
        for (size_t k = last; k > pos; k--) {
            scores[k] = scores[k - 1];
            out[k] = out[k - 1];
        }
        scores[pos] = sc;
        out[pos] = cands[i];
        if (got < max)
            got++;
    }
    return got;
}

const char *nearest_name(const char *s, const char *const *cands, size_t n)
{
    const char *best = NULL;
    return nearest_names(s, cands, n, &best, 1) ? best : NULL;
}
