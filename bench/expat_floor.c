/* The least a workbook read can cost with expat: one sheet's XML, already inflated, parsed with no
 * handlers at all.  Prints the CPU seconds of the parse alone (the file is read into memory first).
 *
 *   unzip -p book.xlsx xl/worksheets/sheet1.xml > sheet.xml && expat_floor sheet.xml
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: expat_floor FILE.xml\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0) {
        perror(argv[1]);
        return 1;
    }
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        perror(argv[1]);
        return 1;
    }
    fclose(f);
    clock_t t0 = clock();
    XML_Parser p = XML_ParserCreate(NULL);
    const long chunk = 1 << 18; /* as the reader hands inflated bytes to expat */
    for (long off = 0; off < size; off += chunk) {
        long n = size - off < chunk ? size - off : chunk;
        if (XML_Parse(p, buf + off, (int)n, 0) == XML_STATUS_ERROR) {
            fprintf(stderr, "%s: %s\n", argv[1], XML_ErrorString(XML_GetErrorCode(p)));
            return 1;
        }
    }
    if (XML_Parse(p, "", 0, 1) == XML_STATUS_ERROR) {
        fprintf(stderr, "%s: %s\n", argv[1], XML_ErrorString(XML_GetErrorCode(p)));
        return 1;
    }
    XML_ParserFree(p);
    printf("%.2f\n", (double)(clock() - t0) / CLOCKS_PER_SEC);
    free(buf);
    return 0;
}
