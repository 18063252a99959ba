/* The floor for validate's speed: only tokenises a CSV file with libcsv, counting records and
 * fields.
 *
 *   csv_tokenize FILE
 *
 * Uses the same libcsv options as formats/csv_read.c (strict quoting, NUL-terminated fields), so
 * the difference between this and `invoicectl validate` is the cost of mapping, checking and
 * grouping.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct counts {
    unsigned long long fields, records, bytes;
};

static void on_field(void *s, size_t len, void *ctx)
{
    struct counts *c = ctx;
    (void)s;
    c->fields++;
    c->bytes += len;
}

static void on_record(int term, void *ctx)
{
    struct counts *c = ctx;
    (void)term;
    c->records++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: csv_tokenize FILE\n", stderr);
        return 2;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        fprintf(stderr, "csv_tokenize: cannot open '%s': %s\n", argv[1], strerror(errno));
        return 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
        fclose(fp);
        return 5;
    }
    struct counts c = {0, 0, 0};
    static char buf[1 << 16];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n) {
            fprintf(stderr, "csv_tokenize: %s\n", csv_strerror(csv_error(&p)));
            rc = 1;
            break;
        }
    }
    if (rc == 0 && ferror(fp)) {
        fprintf(stderr, "csv_tokenize: read error: %s\n", strerror(errno));
        rc = 3;
    }
    if (rc == 0)
        csv_fini(&p, on_field, on_record, &c);
    csv_free(&p);
    fclose(fp);
    if (rc == 0)
        printf("%llu records, %llu fields, %llu field bytes\n", c.records, c.fields, c.bytes);
    return rc;
}
