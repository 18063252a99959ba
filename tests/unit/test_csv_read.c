/* formats/csv_read.c: line numbers, quoting, encodings, header rules and
 * limits, on byte-exact inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "formats/csv_read.h"
#include "formats/csv_sniff.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_csv_read.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/in.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void write_bytes(const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Every record as "LINE[-END]:f1|f2|...\n", after a first line
 * "H:name|name|...\n". */
typedef struct {
    char *text;
    size_t len, cap;
    size_t calls;
    int stop_after; /* return 7 from this call on (0: never) */
} collected;

static void add(collected *c, const char *s, size_t n)
{
    if (c->len + n + 1 > c->cap) {
        c->cap = (c->len + n + 1) * 2;
        c->text = realloc(c->text, c->cap);
        assert_non_null(c->text);
    }
    memcpy(c->text + c->len, s, n);
    c->len += n;
    c->text[c->len] = '\0';
}

static int collect(void *ctx, const csv_record *rec)
{
    collected *c = ctx;
    char head[64];
    assert_int_equal(rec->index, c->calls);
    if (rec->end_line != rec->line)
        snprintf(head, sizeof head, "%ld-%ld:", rec->line, rec->end_line);
    else
        snprintf(head, sizeof head, "%ld:", rec->line);
    add(c, head, strlen(head));
    for (size_t i = 0; i < rec->nfields; i++) {
        assert_int_equal(strlen(rec->fields[i]), rec->lens[i]);
        if (i)
            add(c, "|", 1);
        add(c, rec->fields[i], rec->lens[i]);
    }
    add(c, "\n", 1);
    c->calls++;
    return (c->stop_after && c->calls >= (size_t)c->stop_after) ? 7 : 0;
}

/* Reads `path` with opt into c (header line first); returns the open or run
 * result. */
static int read_path(const char *p, const csv_options *opt, collected *c, ic_err *err)
{
    ic_err_clear(err);
    csv_reader *r = csv_reader_open(p, opt, err);
    if (!r) {
        assert_int_not_equal(err->code, 0);
        return err->code;
    }
    add(c, "H:", 2);
    for (size_t i = 0; i < csv_reader_ncols(r); i++) {
        if (i)
            add(c, "|", 1);
        add(c, csv_reader_header(r)[i], strlen(csv_reader_header(r)[i]));
    }
    add(c, "\n", 1);
    int rc = csv_reader_run(r, collect, c, err);
    csv_reader_free(r);
    return rc;
}

static int read_bytes(const char *data, size_t n, const csv_options *opt, collected *c, ic_err *err)
{
    write_bytes(data, n);
    return read_path(path, opt, c, err);
}

#define READ(lit, opt, c, err) read_bytes(lit, sizeof(lit) - 1, opt, c, err)

/* Reads a literal that must parse, and compares the whole rendering. */
static void check_ok(const char *data, size_t n, const csv_options *opt, const char *want)
{
    collected c = {0};
    ic_err err;
    int rc = read_bytes(data, n, opt, &c, &err);
    if (rc)
        fail_msg("unexpected error: %s", err.msg);
    assert_string_equal(c.text, want);
    free(c.text);
}
#define CHECK_OK(lit, opt, want) check_ok(lit, sizeof(lit) - 1, opt, want)

/* Reads a literal that must fail with code and the message "PATH" + suffix. */
static void check_err(const char *data, size_t n, const csv_options *opt, int code,
                      const char *suffix)
{
    collected c = {0};
    ic_err err;
    int rc = read_bytes(data, n, opt, &c, &err);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    char want[1024];
    snprintf(want, sizeof want, "%s%s", path, suffix);
    assert_string_equal(err.msg, want);
    free(c.text);
}
#define CHECK_ERR(lit, opt, code, suffix) check_err(lit, sizeof(lit) - 1, opt, code, suffix)

static void test_bom_removed(void **state)
{
    (void)state;
    CHECK_OK("\xEF\xBB\xBFSKU,Qty\nA,1\n", NULL, "H:SKU|Qty\n2:A|1\n");
    /* A BOM means UTF-8 even when windows-1252 was asked for. */
    csv_options o = {.encoding = CSV_ENC_WINDOWS_1252};
    CHECK_OK("\xEF\xBB\xBFN\n\xE2\x82\xAC\n", &o, "H:N\n2:\xE2\x82\xAC\n");
}

static void test_line_endings(void **state)
{
    (void)state;
    CHECK_OK("a,b\r\n1,2\r\n3,4\r\n", NULL, "H:a|b\n2:1|2\n3:3|4\n");
    CHECK_OK("a,b\n1,2\n3,4\n", NULL, "H:a|b\n2:1|2\n3:3|4\n");
    CHECK_OK("a,b\r\n1,2\n3,4\r\n5,6", NULL, "H:a|b\n2:1|2\n3:3|4\n4:5|6\n");
    /* Old Mac files end lines with CR alone. */
    CHECK_OK("a,b\r1,2\r3,4\r", NULL, "H:a|b\n2:1|2\n3:3|4\n");
}

static void test_quoting(void **state)
{
    (void)state;
    CHECK_OK("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n", NULL, "H:a|b|c\n2:x,y|say \"hi\"|\n");
    /* Untrimmed values; a stray quote inside an unquoted field is kept as
     * written. */
    CHECK_OK("a,b\n 5\" screen , x \n", NULL, "H:a|b\n2: 5\" screen | x \n");
    /* Empty fields and a trailing delimiter. */
    CHECK_OK("a,b,c\n,,\n1,,3\n", NULL, "H:a|b|c\n2:||\n3:1||3\n");
}

static void test_embedded_newlines_keep_lines(void **state)
{
    (void)state;
    CHECK_OK("a,b\n\"l1\nl2\nl3\",x\n5,6\n\"p\",\"q\r\nr\"\r\n7,8\n", NULL,
             "H:a|b\n2-4:l1\nl2\nl3|x\n5:5|6\n6-7:p|q\r\nr\n8:7|8\n");
    /* A header with a newline in a name. */
    CHECK_OK("\"Invoice\nNumber\",b\n1,2\n", NULL, "H:Invoice\nNumber|b\n3:1|2\n");
}

static void test_blank_lines_skipped(void **state)
{
    (void)state;
    CHECK_OK("\na,b\n\n1,2\n\r\n   \n\"\"\n3,4\n\n", NULL, "H:a|b\n4:1|2\n8:3|4\n");
}

static char sniff(const char *s)
{
    return csv_sniff_delimiter(s, strlen(s));
}

static void test_auto_delimiter(void **state)
{
    (void)state;
    const char delims[] = {',', ';', '\t', '|'};
    for (size_t i = 0; i < sizeof delims; i++) {
        char d = delims[i];
        char data[128];
        int n = snprintf(data, sizeof data, "a%cb%cc\n1%c\"2%c2\"%c3\n", d, d, d, d, d);
        collected c = {0};
        ic_err err;
        write_bytes(data, (size_t)n);
        csv_reader *r = csv_reader_open(path, NULL, &err);
        assert_non_null(r);
        assert_int_equal(csv_reader_delimiter(r), d);
        assert_int_equal(csv_reader_ncols(r), 3);
        assert_int_equal(csv_reader_run(r, collect, &c, &err), 0);
        char want[32];
        snprintf(want, sizeof want, "2:1|2%c2|3\n", d);
        assert_string_equal(c.text, want);
        csv_reader_free(r);
        free(c.text);
    }
    /* European export: decimal commas in the data, semicolons between fields. */
    assert_int_equal(sniff("Name;Amount\nAcme, Inc;12,50\nB;1,5\n"), ';');
    /* Quoted candidates do not count. */
    assert_int_equal(sniff("\"a;b;c\",d\n"), ',');
    /* A tie, or nothing at all, gives ','. */
    assert_int_equal(sniff("a;b|c\n"), ',');
    assert_int_equal(sniff("single\n1\n"), ',');
    /* The most frequent consistent one wins over a more frequent inconsistent
     * one. */
    const char *s = "a|b|c;d\n1|2|3;4\n5|6|7|8;9\n";
    assert_int_equal(csv_sniff_delimiter(s, strlen(s)), ';');
    /* An explicit delimiter is used as given. */
    csv_options o = {.delimiter = ';'};
    CHECK_OK("a,b;c\n1,2;3\n", &o, "H:a,b|c\n2:1,2|3\n");
}

static void test_cp1252_and_latin1(void **state)
{
    (void)state;
    csv_options w = {.encoding = CSV_ENC_WINDOWS_1252};
    /* 0x80 euro, 0x93/0x94 smart double quotes, 0x92 apostrophe, 0xE9 e-acute. */
    CHECK_OK("Name\n\x80 5 \x93ok\x94 it\x92s caf\xE9\n", &w,
             "H:Name\n2:\xE2\x82\xAC 5 \xE2\x80\x9Cok\xE2\x80\x9D "
             "it\xE2\x80\x99s caf\xC3\xA9\n");
    CHECK_ERR("Name,Code\nx,a\x81z\n", &w, IC_EXIT_USAGE,
              ":2: column 'Code': byte 0x81 at byte 2 is not defined in windows-1252");
    csv_options l = {.encoding = CSV_ENC_LATIN1};
    CHECK_OK("Name\ncaf\xE9 \x80\x81\xFF\n", &l,
             "H:Name\n2:caf\xC3\xA9 \xC2\x80\xC2\x81\xC3\xBF\n");
    assert_int_equal(csv_encoding_from_name("UTF-8"), CSV_ENC_UTF8);
    assert_int_equal(csv_encoding_from_name("utf8"), CSV_ENC_UTF8);
    assert_int_equal(csv_encoding_from_name("cp1252"), CSV_ENC_WINDOWS_1252);
    assert_int_equal(csv_encoding_from_name("Windows-1252"), CSV_ENC_WINDOWS_1252);
    assert_int_equal(csv_encoding_from_name("latin-1"), CSV_ENC_LATIN1);
    assert_int_equal(csv_encoding_from_name("ISO-8859-1"), CSV_ENC_LATIN1);
    assert_int_equal(csv_encoding_from_name("ebcdic"), -1);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    CHECK_OK("SKU,Name\nA1,caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n", NULL,
             "H:SKU|Name\n2:A1|caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n");
    CHECK_ERR("SKU,Name\nA1,ok\nA2,ab\xFFz\n", NULL, IC_EXIT_USAGE,
              ":3: column 'Name': invalid UTF-8 at byte 3");
    CHECK_ERR("SKU,Name\nA1,\"x\ny\"\ncaf\xE9,2\n", NULL, IC_EXIT_USAGE,
              ":4: column 'SKU': invalid UTF-8 at byte 4");
    CHECK_ERR("SKU,N\xE9me\n", NULL, IC_EXIT_USAGE, ":1: column 2: invalid UTF-8 at byte 2");
    CHECK_ERR("a\n1\x00"
              "2\n",
              NULL, IC_EXIT_USAGE, ":2: column 'a': NUL byte at byte 2 (is the file UTF-16?)");
    collected c = {0};
    ic_err err;
    assert_int_equal(READ("\xFF\xFE"
                          "a\x00\n\x00",
                          NULL, &c, &err),
                     IC_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof want, "'%s' is UTF-16 text; save it as CSV in UTF-8", path);
    assert_string_equal(err.msg, want);
    free(c.text);
}

static void test_utf8_validator(void **state)
{
    (void)state;
    struct {
        const char *s;
        size_t bad;
    } cases[] = {
        {"plain ascii text longer than eight", 34},
        {"\xC3\xA9", 2},
        {"abcdefgh\xC3", 8},         /* truncated */
        {"\xC0\xAF", 0},             /* overlong '/' */
        {"\xE0\x80\xAF", 0},         /* overlong */
        {"ab\xED\xA0\x80", 2},       /* surrogate */
        {"\xF4\x90\x80\x80", 0},     /* above U+10FFFF */
        {"\xF0\x9F\x98\x80x", 5},    /* emoji */
        {"12345678\x80", 8},         /* lone continuation after a fast-path word */
        {"\xE2\x82\xAC\xE2\x82", 3}, /* euro then a truncated one */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(utf8_invalid_at(cases[i].s, strlen(cases[i].s)), cases[i].bad);
}

/* The word-at-a-time paths (a whole word, and the last bytes of a field read as one padded word)
 * find what a byte-at-a-time scan finds: a NUL, a stray continuation byte, a lead byte cut short,
 * at every place of every length up to 20, after plain ASCII or after a valid two-byte letter. */
static void test_utf8_validator_tails(void **state)
{
    (void)state;
    static const char *const bad[] = {"\0", "\x80", "\xC3", "\xFF", "\xE2\x82"};
    char buf[32];
    for (size_t n = 0; n <= 20; n++) {
        memset(buf, 'a', n);
        assert_int_equal(utf8_invalid_at(buf, n), n);
        if (n >= 2) {
            memcpy(buf, "\xC3\xA9", 2); /* é first: the scan leaves the fast path early */
            assert_int_equal(utf8_invalid_at(buf, n), n);
        }
        for (size_t at = 0; at < n; at++) {
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                size_t blen = b == 0 ? 1 : strlen(bad[b]);
                if (at + blen > n)
                    continue;
                memset(buf, 'a', n);
                memcpy(buf + at, bad[b], blen);
                assert_int_equal(utf8_invalid_at(buf, n), at);
                if (at >= 2) {
                    memcpy(buf, "\xC3\xA9", 2);
                    assert_int_equal(utf8_invalid_at(buf, n), at);
                }
            }
        }
    }
}

static void test_field_count(void **state)
{
    (void)state;
    CHECK_ERR("a,b,c\n1,2,3\n1,2\n", NULL, IC_EXIT_USAGE, ":3: 2 fields, the header has 3");
    CHECK_ERR("a,b,c\n1,2,3,4\n", NULL, IC_EXIT_USAGE, ":2: 4 fields, the header has 3");
    CHECK_ERR("a,b\n\"x\ny\",1,2\n", NULL, IC_EXIT_USAGE, ":2: 3 fields, the header has 2");
    CHECK_ERR("a,b\n1,2\nlonely\n", NULL, IC_EXIT_USAGE, ":3: 1 field, the header has 2");
}

static void test_header_rules(void **state)
{
    (void)state;
    CHECK_OK(" SKU ,\tQty\n1,2\n", NULL, "H:SKU|Qty\n2:1|2\n");
    CHECK_ERR("a,,c\n1,2,3\n", NULL, IC_EXIT_USAGE, ":1: column 2 of the header has no name");
    CHECK_ERR("a,b, \n", NULL, IC_EXIT_USAGE, ":1: column 3 of the header has no name");
    CHECK_ERR("SKU,b,SKU\n", NULL, IC_EXIT_USAGE, ":1: columns 1 and 3 are both named 'SKU'");
    CHECK_ERR("\n\na,a \n", NULL, IC_EXIT_USAGE, ":3: columns 1 and 2 are both named 'a'");

    write_bytes("SKU,Qty,Price\n", 14);
    ic_err err;
    csv_reader *r = csv_reader_open(path, NULL, &err);
    assert_non_null(r);
    assert_int_equal(csv_reader_col(r, "Qty"), 1);
    assert_int_equal(csv_reader_col(r, "Price"), 2);
    assert_int_equal(csv_reader_col(r, "qty"), -1);
    assert_string_equal(csv_reader_path(r), path);
    assert_int_equal(csv_reader_size(r), 14);
    /* Header only: zero records, success. */
    collected c = {0};
    assert_int_equal(csv_reader_run(r, collect, &c, &err), 0);
    assert_int_equal(c.calls, 0);
    assert_int_equal(csv_reader_bytes_read(r), 14);
    csv_reader_free(r);
}

static void test_empty_file(void **state)
{
    (void)state;
    char want[256];
    snprintf(want, sizeof want, "'%s' is empty", path);
    const char *inputs[] = {"", "\xEF\xBB\xBF", "\n\r\n\n"};
    for (size_t i = 0; i < 3; i++) {
        collected c = {0};
        ic_err err;
        assert_int_equal(read_bytes(inputs[i], strlen(inputs[i]), NULL, &c, &err), IC_EXIT_USAGE);
        assert_string_equal(err.msg, want);
        free(c.text);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    ic_err err;
    csv_reader *r = csv_reader_open("/nonexistent/x.csv", NULL, &err);
    assert_null(r);
    assert_int_equal(err.code, IC_EXIT_IO);
    assert_string_equal(err.msg, "cannot open '/nonexistent/x.csv': No such file or directory");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    CHECK_ERR("a,b\n1,2\n3,\"open\nmore\n", NULL, IC_EXIT_USAGE,
              ":3: quoted field is not closed (a '\"' is missing)");
    CHECK_ERR("a,b\n\"open,x\n", NULL, IC_EXIT_USAGE,
              ":2: quoted field is not closed (a '\"' is missing)");
    /* The open field starts after a multi-line first field: its own line is
     * named. */
    CHECK_ERR("a,b\n\"x\ny\",\"open\n", NULL, IC_EXIT_USAGE,
              ":3: quoted field is not closed (a '\"' is missing)");
}

static void test_record_limit(void **state)
{
    (void)state;
    csv_options o = {.max_record_bytes = 64};
    char data[256];
    int n = snprintf(data, sizeof data, "a,b\n1,2\n3,%0100d\n", 7);
    collected c = {0};
    ic_err err;
    assert_int_equal(read_bytes(data, (size_t)n, &o, &c, &err), IC_EXIT_USAGE);
    assert_non_null(strstr(err.msg, ":3: record is larger than the limit of 64 bytes"));
    free(c.text);

    /* An unclosed quote early in a big file stops at the limit instead of
     * buffering the file. */
    size_t big = 3u << 20;
    char *buf = malloc(big);
    assert_non_null(buf);
    memcpy(buf, "a,b\n1,\"", 7);
    memset(buf + 7, 'x', big - 7);
    for (size_t i = 100; i < big; i += 100)
        buf[i] = '\n';
    o.max_record_bytes = 4096;
    memset(&c, 0, sizeof c);
    assert_int_equal(read_bytes(buf, big, &o, &c, &err), IC_EXIT_USAGE);
    char want[256];
    snprintf(want, sizeof want,
             "%s:2: record is larger than the limit of 4096 bytes (is a closing "
             "'\"' missing?)",
             path);
    assert_string_equal(err.msg, want);
    free(buf);
    free(c.text);
}

static void test_big_field_and_chunk_edges(void **state)
{
    (void)state;
    /* A 300 KB field, then enough rows (with CRLF and quoted newlines) to cross
     * many 64 KiB chunk boundaries at every possible offset. */
    size_t cap = 4u << 20, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    n += (size_t)snprintf(buf + n, cap - n, "id,text\r\n1,\"");
    for (int i = 0; i < 300000; i++)
        buf[n++] = (char)('a' + i % 26);
    n += (size_t)snprintf(buf + n, cap - n, "\"\r\n");
    long line = 3;
    long want_line[20001];
    for (int i = 0; i < 20000; i++) {
        want_line[i] = line;
        if (i % 7 == 0) {
            n += (size_t)snprintf(buf + n, cap - n, "%d,\"multi\r\nline %d\"\r\n", i, i);
            line += 2;
        } else {
            n += (size_t)snprintf(buf + n, cap - n, "%d,plain %d\r\n", i, i);
            line += 1;
        }
    }
    write_bytes(buf, n);
    ic_err err;
    csv_reader *r = csv_reader_open(path, NULL, &err);
    assert_non_null(r);
    collected c = {0};
    assert_int_equal(csv_reader_run(r, collect, &c, &err), 0);
    assert_int_equal(c.calls, 20001);
    assert_int_equal(csv_reader_bytes_read(r), n);
    csv_reader_free(r);
    /* First record: line 2 and the whole field. */
    assert_memory_equal(c.text, "2:1|abcdefghij", 14);
    const char *p = strchr(c.text, '\n') + 1;
    assert_int_equal(p - c.text, (long)strlen("2:1|") + 300000 + 1);
    for (int i = 0; i < 20000; i++) {
        char want[96];
        if (i % 7 == 0)
            snprintf(want, sizeof want, "%ld-%ld:%d|multi\r\nline %d\n", want_line[i],
                     want_line[i] + 1, i, i);
        else
            snprintf(want, sizeof want, "%ld:%d|plain %d\n", want_line[i], i, i);
        size_t wl = strlen(want);
        if (strncmp(p, want, wl) != 0)
            fail_msg("record %d: want '%s', got '%.*s'", i, want, (int)wl, p);
        p += wl;
    }
    free(buf);
    free(c.text);
}

static void test_callback_stops(void **state)
{
    (void)state;
    write_bytes("a\n1\n2\n3\n", 8);
    ic_err err;
    ic_err_clear(&err);
    csv_reader *r = csv_reader_open(path, NULL, &err);
    assert_non_null(r);
    collected c = {.stop_after = 2};
    assert_int_equal(csv_reader_run(r, collect, &c, &err), 7);
    assert_int_equal(c.calls, 2);
    assert_int_equal(err.code, 0);
    csv_reader_free(r);
    free(c.text);
}

static void test_stdin(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char data[] = "a;b\n1;2\n\"x\ny\";3\n";
    assert_int_equal(write(fds[1], data, sizeof data - 1), (ssize_t)(sizeof data - 1));
    close(fds[1]);
    int saved = dup(STDIN_FILENO);
    assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
    clearerr(stdin);

    ic_err err;
    csv_reader *r = csv_reader_open("-", NULL, &err);
    assert_non_null(r);
    assert_int_equal(csv_reader_size(r), 0);
    assert_string_equal(csv_reader_path(r), "<stdin>");
    collected c = {0};
    assert_int_equal(csv_reader_run(r, collect, &c, &err), 0);
    assert_string_equal(c.text, "2:1|2\n3-4:x\ny|3\n");
    csv_reader_free(r);
    free(c.text);

    dup2(saved, STDIN_FILENO);
    close(saved);
    clearerr(stdin);
}

static void test_fixture_files(void **state)
{
    (void)state;
    /* The fixtures next to this test, found relative to the source tree. */
    char p[512];
    snprintf(p, sizeof p, "%s", __FILE__);
    char *cut = strstr(p, "tests/unit/");
    assert_non_null(cut);
    snprintf(cut, sizeof p - (size_t)(cut - p), "tests/data/csv/cp1252-semicolon.csv");
    csv_options o = {.encoding = CSV_ENC_WINDOWS_1252};
    collected c = {0};
    ic_err err;
    assert_int_equal(read_path(p, &o, &c, &err), 0);
    assert_string_equal(c.text, "H:Invoice|Customer|Amount|Note\n"
                                "2:INV-1|M\xC3\xBCller; Caf\xC3\xA9|12,50|"
                                "\xE2\x82\xAC \xE2\x80\x9Cpaid\xE2\x80\x9D\n"
                                "3-4:INV-2|Acme|10,00|two\r\nlines\n");
    free(c.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_removed),
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_embedded_newlines_keep_lines),
        cmocka_unit_test(test_blank_lines_skipped),
        cmocka_unit_test(test_auto_delimiter),
        cmocka_unit_test(test_cp1252_and_latin1),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_utf8_validator),
        cmocka_unit_test(test_utf8_validator_tails),
        cmocka_unit_test(test_field_count),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_big_field_and_chunk_edges),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_fixture_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
