/* Writes a large CSV in the samples/invoices.csv layout for the validate benchmark.
 *
 *   gen_rows [-n ROWS] [-s SEED] [-o FILE]     (defaults: 1000000 rows, seed 1, standard output)
 *
 * Deterministic: the same seed gives the same bytes (a 64-bit LCG, no libc rand).  Each invoice has
 * 1 to 8 rows; about one invoice in ten has its rows after the first delayed by a few hundred rows,
 * so grouping must work across the file as it does for real exports.  Every row is valid for
 * samples/invoices.map.json.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t lcg_state;

/* Knuth's MMIX constants; the high bits are the well-mixed ones. */
static uint32_t next_u32(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

static uint32_t below(uint32_t n)
{
    return next_u32() % n;
}

struct city {
    const char *name, *country, *currency;
    int tax_bp; /* sales tax in basis points */
};

static const struct city cities[] = {
    {"Austin", "US", "USD", 825},   {"Denver", "US", "USD", 881},  {"Chicago", "US", "USD", 1025},
    {"Portland", "US", "USD", 0},   {"Raleigh", "US", "USD", 725}, {"Madison", "US", "USD", 550},
    {"Toronto", "CA", "CAD", 1300}, {"Phoenix", "US", "USD", 860}, {"Boston", "US", "USD", 625},
};

/* Descriptions as they appear in the file (quotes already doubled); a model number goes between the
 * two parts when the second is not NULL. */
static const struct product {
    const char *before, *after;
} products[] = {
    {"Widget, model ", " \"\"pro\"\""},     {"Mounting bracket, steel", NULL},
    {"Safety gloves (box of 100)", NULL},   {"Cable ties 300mm, black", NULL},
    {"Thermal labels 4\"\" x 6\"\"", NULL}, {"Replacement filter, HVAC 20x25x1", NULL},
    {"Packing tape 48mm x 100m", NULL},     {"Stretch wrap dispenser", NULL},
    {"Shelf bin ", "\"\", blue"},           {"Battery watering kit", NULL},
};

/* A row waiting to be written later (scattered invoices). */
struct pending {
    uint64_t release_at;
    char *text;
};

static struct pending *queue;
static size_t nqueue, capqueue;
static uint64_t written;

static void put_row(FILE *out, const char *row)
{
    if (fputs(row, out) == EOF) {
        fprintf(stderr, "gen_rows: write error: %s\n", strerror(errno));
        exit(3);
    }
    written++;
}

/* Writes the delayed rows whose time has come, oldest first (the queue is ordered by release time).
 */
static void release(FILE *out, uint64_t limit, int all)
{
    size_t k = 0;
    while (k < nqueue && (all || queue[k].release_at <= written) && written < limit) {
        put_row(out, queue[k].text);
        free(queue[k].text);
        k++;
    }
    memmove(queue, queue + k, (nqueue - k) * sizeof *queue);
    nqueue -= k;
}

static void enqueue(uint64_t at, const char *row)
{
    if (nqueue == capqueue) {
        capqueue = capqueue ? capqueue * 2 : 1024;
        queue = realloc(queue, capqueue * sizeof *queue);
        if (!queue) {
            fputs("gen_rows: out of memory\n", stderr);
            exit(5);
        }
    }
    /* Keep the queue sorted by release time; delays are similar, so this is near the end. */
    size_t i = nqueue;
    while (i > 0 && queue[i - 1].release_at > at)
        i--;
    memmove(queue + i + 1, queue + i, (nqueue - i) * sizeof *queue);
    queue[i].release_at = at;
    queue[i].text = strdup(row);
    nqueue++;
}

static void days_to_ymd(int day_of_oct2026, char *buf, size_t n)
{
    /* Day 0 is 2026-10-01; October has 31 days, November 30, December 31. */
    static const int mdays[] = {31, 30, 31, 31};
    int m = 10, d = day_of_oct2026, y = 2026;
    for (int i = 0; d >= mdays[i]; i++) {
        d -= mdays[i];
        if (++m == 13) {
            m = 1;
            y++;
        }
    }
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d + 1);
}

int main(int argc, char **argv)
{
    uint64_t rows = 1000000, seed = 1;
    const char *path = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "n:s:o:")) != -1) {
        switch (opt) {
        case 'n':
            rows = strtoull(optarg, NULL, 10);
            break;
        case 's':
            seed = strtoull(optarg, NULL, 10);
            break;
        case 'o':
            path = optarg;
            break;
        default:
            fputs("usage: gen_rows [-n ROWS] [-s SEED] [-o FILE]\n", stderr);
            return 2;
        }
    }
    FILE *out = path ? fopen(path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "gen_rows: cannot open '%s': %s\n", path, strerror(errno));
        return 3;
    }
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);
    lcg_state = seed * 0x9E3779B97F4A7C15ULL + 1;

    fputs("Invoice Number,Company ID,Invoice Date,Due Date,Currency,PO Number,SKU,Description,"
          "Quantity,Unit Price,Freight,Sales Tax,Bill To City,Bill To Country\n",
          out);
    uint64_t invno = 0;
    char row[512], desc[128], issued[40], due[40], po[24];
    while (written < rows) {
        /* Delayed rows go in between whole invoices, so only the scattered ones are split. */
        release(out, rows, 0);
        if (written >= rows)
            break;
        invno++;
        const struct city *c = &cities[below(sizeof cities / sizeof cities[0])];
        unsigned company = 1200 + below(400);
        int day = (int)below(61); /* 2026-10-01 .. 2026-11-30 */
        days_to_ymd(day, issued, sizeof issued);
        days_to_ymd(day + 30, due, sizeof due);
        if (below(4) == 0)
            po[0] = '\0';
        else
            snprintf(po, sizeof po, "PO-%u", 1000 + below(9000));
        unsigned nlines = 1 + below(8);
        int scatter = below(10) == 0;
        unsigned freight = below(12000);                                        /* cents */
        unsigned tax = (unsigned)(below(500000) * (uint64_t)c->tax_bp / 10000); /* cents */
        for (unsigned k = 0; k < nlines; k++) {
            unsigned p = below(sizeof products / sizeof products[0]);
            if (products[p].after)
                snprintf(desc, sizeof desc, "%s%u%s", products[p].before, 10 * (1 + below(9)),
                         products[p].after);
            else
                snprintf(desc, sizeof desc, "%s", products[p].before);
            unsigned qty = 1 + below(50);
            unsigned price = 25 + below(250000); /* cents */
            int quoted = strchr(desc, ',') || strchr(desc, '"');
            snprintf(row, sizeof row,
                     "INV-%07" PRIu64
                     ",%u,%s,%s,%s,%s,SKU-%05u,%s%s%s,%u,%u.%02u,%u.%02u,%u.%02u,%s,%s\n",
                     invno, company, issued, due, c->currency, po, 10000 + below(90000),
                     quoted ? "\"" : "", desc, quoted ? "\"" : "", qty, price / 100, price % 100,
                     freight / 100, freight % 100, tax / 100, tax % 100, c->name, c->country);
            if (scatter && k > 0)
                enqueue(written + 200 + below(400), row);
            else
                put_row(out, row);
            if (written >= rows)
                break;
        }
    }
    release(out, rows, 0);
    for (size_t i = 0; i < nqueue; i++)
        free(queue[i].text);
    free(queue);
    if (fflush(out) != 0 || (path && fclose(out) != 0)) {
        fprintf(stderr, "gen_rows: write error: %s\n", strerror(errno));
        return 3;
    }
    return 0;
}
