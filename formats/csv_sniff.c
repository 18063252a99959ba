/* Delimiter detection: the most frequent candidate that every sampled line
 * agrees on. */
#include "formats/csv_sniff.h"

#include <stdbool.h>
#include <string.h>

static const char candidates[] = {',', ';', '\t', '|'};
#define NCAND (sizeof candidates)
#define SAMPLE_LINES 20

/* Counts the candidates on one line starting at *pos, outside quotes; a quoted
 * field may span lines. Returns false when the line is not complete within the
 * buffer. */
static bool count_line(const char *buf, size_t n, size_t *pos, size_t counts[NCAND])
{
    bool quoted = false;
    size_t i = *pos;
    memset(counts, 0, NCAND * sizeof counts[0]);
    for (; i < n; i++) {
        char c = buf[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (c == '\r' && i + 1 < n && buf[i + 1] == '\n')
                i++;
            *pos = i + 1;
            return true;
        } else if (!quoted) {
            for (size_t k = 0; k < NCAND; k++)
                if (c == candidates[k])
                    counts[k]++;
        }
    }
    *pos = n;
    return false;
}

static bool blank_line(const char *buf, size_t n, size_t pos)
{
    return pos < n && (buf[pos] == '\n' || buf[pos] == '\r');
}

/* The candidate with the strictly highest score above zero, or ',' on a tie or
 * when none scores. */
static char best_of(const size_t score[NCAND], const bool allowed[NCAND])
{
    size_t best = 0;
    int who = -1;
    bool tie = false;
    for (size_t k = 0; k < NCAND; k++) {
        if (!allowed[k] || score[k] == 0)
            continue;
        if (score[k] > best) {
            best = score[k];
            who = (int)k;
            tie = false;
        } else if (score[k] == best) {
            tie = true;
        }
    }
    return (who < 0 || tie) ? ',' : candidates[who];
}

char csv_sniff_delimiter(const char *buf, size_t n)
{
    size_t pos = 0;
    while (blank_line(buf, n, pos))
        pos++;
    size_t head[NCAND];
    count_line(buf, n, &pos, head); /* an incomplete header is still the best evidence there is */

    bool consistent[NCAND] = {true, true, true, true};
    size_t counts[NCAND];
    for (int line = 0; line < SAMPLE_LINES && pos < n; line++) {
        if (blank_line(buf, n, pos)) {
            pos++;
            line--;
            continue;
        }
        if (!count_line(buf, n, &pos, counts))
            break; /* cut off by the end of the sample: not evidence */
        for (size_t k = 0; k < NCAND; k++)
            if (counts[k] != head[k])
                consistent[k] = false;
    }
    bool any_consistent = false;
    for (size_t k = 0; k < NCAND; k++)
        if (consistent[k] && head[k] > 0)
            any_consistent = true;
    if (any_consistent)
        return best_of(head, consistent);
    const bool all[NCAND] = {true, true, true, true};
    return best_of(head, all);
}
