/* Streaming CSV reading on top of libcsv.
 *
 * How the pieces fit:
 * - Input is read in 64 KiB chunks and handed to csv_parse one physical line at
 * a time (a range ending at a line end, or the rest of the chunk).  libcsv
 * calls the record callback while parsing the byte that ends the record, so at
 * that moment r->line is the record's last physical line; the first line is
 * noted when a range with content is fed while no record is open.  That keeps
 * line numbers exact across quoted newlines and CRLF without scanning fields
 * for newlines.
 * - The field callback copies (or converts to UTF-8) each field into one
 * per-record buffer that is reused and grows only to the longest record; the
 * limit max_record_bytes is checked against that buffer plus libcsv's own
 * partial field, so an unclosed quote cannot eat memory.
 * - Options: libcsv's default space function trims unquoted fields, which
 * csv_read.h promises not to do, so a space function that accepts nothing is
 * installed.  Not CSV_STRICT: real exports hold stray quotes (5" screen) that
 * strict mode rejects, and CSV_STRICT_FINI acts only together with CSV_STRICT;
 * an unclosed quote at the end is found by feeding a final line end and seeing
 * the record still open. Not CSV_APPEND_NULL: fields are copied anyway, and the
 * copy is NUL-terminated.
 * - Exit classes: malformed input (structure, encoding, header, limits) is
 * IC_EXIT_USAGE, because the user must fix the file or the options; read
 * failures are IC_EXIT_IO; libcsv running out of memory is IC_EXIT_INTERNAL.
 * - A UTF-8 byte-order mark is removed, and wins over a windows-1252/latin-1
 * option: such a file is UTF-8.
 * - A regular file that is replaced (renamed over, rewritten, appended to)
 * while it is read would give records from two versions of it: its identity,
 * size and mtime are noted at open and compared at the end of input and every
 * CHECK_EVERY bytes, against both the open descriptor and the path.  Pipes and
 * standard input have no such identity and are not checked.
 */
#include "formats/csv_read.h"

#include "formats/csv_sniff.h"
#include "util/utf8.h"
#include "util/common.h"
#include "util/strmap.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CHUNK_SIZE (64 * 1024)
#define DEFAULT_MAX_RECORD ((size_t)1 << 20)
#define CHECK_EVERY ((size_t)4 << 20)

struct csv_reader {
    FILE *fp;
    bool own_fp;
    char *path; /* the name used in messages ("<stdin>" for "-") */
    struct csv_parser parser;
    bool parser_ready;
    char delim;
    enum csv_encoding enc;
    size_t max_record;
    char eol; /* the byte that ends a physical line: '\n', or '\r' for old Mac
                 files */

    char *chunk;
    size_t chunk_len, chunk_pos;
    bool eof;
    size_t bytes_read, size;

    bool watch;         /* a regular file: check it is not replaced while read */
    struct stat opened; /* what it was at open */
    size_t checked_at;  /* bytes_read at the last check */

    long line;       /* physical line of the bytes being fed */
    bool rec_open;   /* a record has begun and not yet ended */
    long rec_start;  /* its first physical line */
    long field_line; /* line where the record's latest field ended (where the next
                        one begins) */

    /* The record being built: fields back to back, each NUL-terminated, found by
     * offset. */
    char *buf;
    size_t used, cap;
    size_t *off, *lens;
    const char **ptrs;
    size_t nf, fcap;

    char **header;
    size_t ncols;
    bool header_done;

    csv_record_fn fn;
    void *ctx;
    size_t nrec;
    ic_err *err;
    bool halted; /* stop feeding: an error was set or the callback asked to stop */
    int rc;      /* what csv_reader_run returns once halted */
};

__attribute__((format(printf, 3, 4))) static void halt(csv_reader *r, int code, const char *fmt,
                                                       ...)
{
    char msg[IC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ic_err_set(r->err, code, "%s", msg);
    r->halted = true;
    r->rc = code;
}

/* Fields are given to the caller exactly as written: nothing counts as padding.
 */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* "'SKU'" for a data column, "3" while the header itself is being read or past
 * its end. */
static void column_label(const csv_reader *r, size_t i, char *out, size_t size)
{
    if (r->header_done && i < r->ncols)
        snprintf(out, size, "'%s'", r->header[i]);
    else
        snprintf(out, size, "%zu", i + 1);
}

static long count_byte(const char *s, size_t n, char c)
{
    long k = 0;
    for (const char *e = s + n; (s = memchr(s, c, (size_t)(e - s))) != NULL; s++)
        k++;
    return k;
}

static void bad_text(csv_reader *r, const unsigned char *field, size_t at)
{
    char col[300];
    column_label(r, r->nf, col, sizeof col);
    if (field[at] == 0)
        halt(r, IC_EXIT_USAGE, "%s:%ld: column %s: NUL byte at byte %zu (is the file UTF-16?)",
             r->path, r->rec_start, col, at + 1);
    else if (r->enc == CSV_ENC_WINDOWS_1252)
        halt(r, IC_EXIT_USAGE,
             "%s:%ld: column %s: byte 0x%02X at byte %zu is not defined in "
             "windows-1252",
             r->path, r->rec_start, col, field[at], at + 1);
    else
        halt(r, IC_EXIT_USAGE, "%s:%ld: column %s: invalid UTF-8 at byte %zu", r->path,
             r->rec_start, col, at + 1);
}

static void on_field(void *data, size_t len, void *vr)
{
    csv_reader *r = vr;
    if (r->halted)
        return;
    if (!r->rec_open) {
        /* A record that began in the middle of a fed range (after a lone CR): its
         * first field ends here. */
        r->rec_open = true;
        r->rec_start = r->line - count_byte(data, len, r->eol);
    }
    if (r->nf == r->fcap) {
        r->fcap = r->fcap ? 2 * r->fcap : 64;
        r->off = xrealloc(r->off, r->fcap * sizeof *r->off);
        r->lens = xrealloc(r->lens, r->fcap * sizeof *r->lens);
        r->ptrs = xrealloc(r->ptrs, r->fcap * sizeof *r->ptrs);
    }
    size_t room = (r->enc == CSV_ENC_UTF8 ? len : 3 * len) + 1;
    if (room > r->cap - r->used) {
        size_t want = r->used + room;
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < want)
            cap *= 2;
        r->buf = xrealloc(r->buf, cap);
        r->cap = cap;
    }
    char *dst = r->buf + r->used;
    size_t out;
    if (r->enc == CSV_ENC_UTF8) {
        if (len)
            memcpy(dst, data, len);
        size_t bad = utf8_invalid_at(dst, len);
        if (bad != len) {
            bad_text(r, data, bad);
            return;
        }
        out = len;
    } else {
        size_t bad = 0;
        out = utf8_from_8bit(dst, data, len, r->enc == CSV_ENC_WINDOWS_1252, &bad);
        if (out == (size_t)-1) {
            bad_text(r, data, bad);
            return;
        }
    }
    dst[out] = '\0';
    r->off[r->nf] = r->used;
    r->lens[r->nf] = out;
    r->nf++;
    r->used += out + 1;
    r->field_line = r->line;
    if (r->used > r->max_record)
        halt(r, IC_EXIT_USAGE, "%s:%ld: record is larger than the limit of %zu bytes", r->path,
             r->rec_start, r->max_record);
}

static size_t trimmed(const char **s, size_t n)
{
    const char *p = *s;
    while (n && (p[0] == ' ' || p[0] == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *s = p;
    return n;
}

static void take_header(csv_reader *r, size_t nf, long line)
{
    r->header = xcalloc(nf, sizeof *r->header);
    r->ncols = nf;
    for (size_t i = 0; i < nf; i++) {
        const char *name = r->buf + r->off[i];
        size_t n = trimmed(&name, r->lens[i]);
        if (n == 0) {
            halt(r, IC_EXIT_USAGE, "%s:%ld: column %zu of the header has no name", r->path, line,
                 i + 1);
            return;
        }
        r->header[i] = xstrndup(name, n);
    }
    /* Repeated names through a hash, not every pair: a header of 200,000 columns is checked in
     * linear time. */
    strmap seen;
    strmap_init(&seen);
    for (size_t j = 0; j < nf; j++) {
        size_t i;
        if (strmap_get(&seen, r->header[j], &i)) {
            halt(r, IC_EXIT_USAGE, "%s:%ld: columns %zu and %zu are both named '%s'", r->path, line,
                 i + 1, j + 1, r->header[i]);
            strmap_release(&seen);
            return;
        }
        strmap_put(&seen, r->header[j], j);
    }
    strmap_release(&seen);
    r->header_done = true;
}

static bool blank_record(const csv_reader *r, size_t nf)
{
    if (nf != 1)
        return false;
    const char *s = r->buf;
    return trimmed(&s, r->lens[0]) == 0;
}

static void on_record(int c, void *vr)
{
    (void)c;
    csv_reader *r = vr;
    size_t nf = r->nf;
    long start = r->rec_start;
    r->nf = 0;
    r->used = 0;
    r->rec_open = false;
    if (r->halted || nf == 0)
        return;
    if (!r->header_done) {
        take_header(r, nf, start);
        return;
    }
    if (blank_record(r, nf))
        return;
    if (nf != r->ncols) {
        halt(r, IC_EXIT_USAGE, "%s:%ld: %zu field%s, the header has %zu", r->path, start, nf,
             nf == 1 ? "" : "s", r->ncols);
        return;
    }
    if (!r->fn) {
        halt(r, IC_EXIT_INTERNAL, "%s:%ld: record read before csv_reader_run", r->path, start);
        return;
    }
    for (size_t i = 0; i < nf; i++)
        r->ptrs[i] = r->buf + r->off[i];
    csv_record rec = {
        .nfields = nf,
        .fields = r->ptrs,
        .lens = r->lens,
        .line = start,
        .end_line = r->line,
        .index = r->nrec++,
    };
    int rc = r->fn(r->ctx, &rec);
    if (rc) {
        r->halted = true;
        r->rc = rc;
    }
}

static bool same_version(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The file under the descriptor and the file at the path must both still be the
 * one opened; at the end, exactly its size must have been read. */
static void check_unchanged(csv_reader *r, bool at_end)
{
    struct stat now, at_path;
    r->checked_at = r->bytes_read;
    if (fstat(fileno(r->fp), &now) != 0 || stat(r->path, &at_path) != 0 ||
        !same_version(&r->opened, &now) || !same_version(&r->opened, &at_path) ||
        (at_end && r->bytes_read != (size_t)r->opened.st_size))
        halt(r, IC_EXIT_IO, "'%s' changed while it was being read", r->path);
}

static int refill(csv_reader *r)
{
    r->chunk_pos = 0;
    errno = 0;
    r->chunk_len = fread(r->chunk, 1, CHUNK_SIZE, r->fp);
    r->bytes_read += r->chunk_len;
    if (r->chunk_len == 0 && ferror(r->fp))
        halt(r, IC_EXIT_IO, "cannot read '%s': %s", r->path, strerror(errno ? errno : EIO));
    else if (r->watch && (r->chunk_len == 0 || r->bytes_read - r->checked_at >= CHECK_EVERY))
        check_unchanged(r, r->chunk_len == 0);
    return r->halted ? r->rc : 0;
}

/* Input has ended: a final line end completes a last record that lacks one; if
 * the record is still open, its last field is a quoted one that never closed.
 */
static void finish(csv_reader *r)
{
    r->eof = true;
    if (r->halted)
        return;
    if (csv_parse(&r->parser, "\n", 1, on_field, on_record, r) != 1) {
        halt(r, IC_EXIT_INTERNAL, "cannot read '%s': %s", r->path,
             csv_strerror(csv_error(&r->parser)));
        return;
    }
    if (!r->halted && r->rec_open)
        halt(r, IC_EXIT_USAGE, "%s:%ld: quoted field is not closed (a '\"' is missing)", r->path,
             r->nf ? r->field_line : r->rec_start);
}

/* The end of the current line within p[0..n): the first line-end byte, or NULL.
 * While the header is being read both CR and LF end a range, so no data record
 * can complete before csv_reader_run. */
static const char *line_end(const csv_reader *r, const char *p, size_t n)
{
    if (r->header_done)
        return memchr(p, r->eol, n);
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\n' || p[i] == '\r')
            return p + i;
    return NULL;
}

/* Feeds input to libcsv until the header is complete (until_header) or the
 * input ends. Returns 0, or the halting code (err set, or the callback's
 * value). */
static int pump(csv_reader *r, bool until_header)
{
    for (;;) {
        if (r->halted)
            return r->rc;
        if (until_header && r->header_done)
            return 0;
        if (r->chunk_pos == r->chunk_len) {
            if (r->eof)
                return 0;
            if (refill(r))
                return r->rc;
            if (r->chunk_len == 0) {
                finish(r);
                continue;
            }
        }
        const char *p = r->chunk + r->chunk_pos;
        size_t n = r->chunk_len - r->chunk_pos;
        const char *e = line_end(r, p, n);
        size_t len = e ? (size_t)(e - p) + 1 : n;
        if (!r->rec_open) {
            for (size_t i = 0; i < len; i++)
                if (p[i] != '\n' && p[i] != '\r') {
                    r->rec_open = true;
                    r->rec_start = r->line;
                    break;
                }
        }
        if (csv_parse(&r->parser, p, len, on_field, on_record, r) != len && !r->halted)
            halt(r, IC_EXIT_INTERNAL, "cannot read '%s': %s", r->path,
                 csv_strerror(csv_error(&r->parser)));
        r->chunk_pos += len;
        if (e && *e == r->eol)
            r->line++;
        if (!r->halted && r->rec_open && r->parser.entry_pos + r->used > r->max_record)
            halt(r, IC_EXIT_USAGE,
                 "%s:%ld: record is larger than the limit of %zu bytes (is a closing "
                 "'\"' missing?)",
                 r->path, r->rec_start, r->max_record);
    }
}

/* The line-end byte of the file: CR only when the first line ends with a CR
 * that no LF follows. */
static char detect_eol(const char *p, size_t n)
{
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"')
            quoted = !quoted;
        else if (!quoted && p[i] == '\n')
            return '\n';
        else if (!quoted && p[i] == '\r')
            return (i + 1 < n && p[i + 1] != '\n') ? '\r' : '\n';
    }
    return '\n';
}

csv_reader *csv_reader_open(const char *path, const csv_options *opt, ic_err *err)
{
    csv_options none = {0};
    if (!opt)
        opt = &none;
    csv_reader *r = xcalloc(1, sizeof *r);
    r->err = err;
    r->line = 1;
    r->enc = opt->encoding;
    r->max_record = opt->max_record_bytes ? opt->max_record_bytes : DEFAULT_MAX_RECORD;
    bool is_stdin = strcmp(path, "-") == 0;
    r->path = xstrdup(is_stdin ? "<stdin>" : path);
    if (is_stdin) {
        r->fp = stdin;
    } else {
        r->fp = fopen(path, "rb");
        if (!r->fp) {
            halt(r, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
            goto fail;
        }
        r->own_fp = true;
    }
    struct stat st;
    if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode)) {
        r->size = (size_t)st.st_size;
        r->watch = !is_stdin;
        r->opened = st;
    }
    r->chunk = xmalloc(CHUNK_SIZE);
    if (refill(r))
        goto fail;

    const unsigned char *u = (const unsigned char *)r->chunk;
    if (r->chunk_len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        r->chunk_pos = 3;
        r->enc = CSV_ENC_UTF8;
    } else if (r->chunk_len >= 2 &&
               ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        halt(r, IC_EXIT_USAGE, "'%s' is UTF-16 text; save it as CSV in UTF-8", r->path);
        goto fail;
    }
    const char *p = r->chunk + r->chunk_pos;
    size_t n = r->chunk_len - r->chunk_pos;
    r->delim = opt->delimiter ? opt->delimiter : csv_sniff_delimiter(p, n);
    if (r->delim == '"' || r->delim == '\r' || r->delim == '\n') {
        halt(r, IC_EXIT_USAGE, "cannot read '%s': '%c' cannot be the delimiter", r->path,
             r->delim == '"' ? '"' : ' ');
        goto fail;
    }
    r->eol = detect_eol(p, n);

    if (csv_init(&r->parser, 0) != 0) {
        halt(r, IC_EXIT_INTERNAL, "cannot read '%s': parser setup failed", r->path);
        goto fail;
    }
    r->parser_ready = true;
    csv_set_delim(&r->parser, (unsigned char)r->delim);
    csv_set_space_func(&r->parser, no_space);
    csv_set_blk_size(&r->parser, 4096);

    if (pump(r, true))
        goto fail;
    if (!r->header_done) {
        halt(r, IC_EXIT_USAGE, "'%s' is empty", r->path);
        goto fail;
    }
    r->err = NULL;
    return r;
fail:
    csv_reader_free(r);
    return NULL;
}

int csv_reader_run(csv_reader *r, csv_record_fn fn, void *ctx, ic_err *err)
{
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    int rc = pump(r, false);
    r->err = NULL;
    return rc;
}

size_t csv_reader_ncols(const csv_reader *r)
{
    return r->ncols;
}

const char *const *csv_reader_header(const csv_reader *r)
{
    return (const char *const *)r->header;
}

int csv_reader_col(const csv_reader *r, const char *name)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (strcmp(r->header[i], name) == 0)
            return (int)i;
    return -1;
}

char csv_reader_delimiter(const csv_reader *r)
{
    return r->delim;
}

const char *csv_reader_path(const csv_reader *r)
{
    return r->path;
}

size_t csv_reader_bytes_read(const csv_reader *r)
{
    return r->bytes_read;
}

size_t csv_reader_size(const csv_reader *r)
{
    return r->size;
}

void csv_reader_free(csv_reader *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->own_fp)
        fclose(r->fp);
    else if (r->fp)
        clearerr(r->fp);
    if (r->header)
        for (size_t i = 0; i < r->ncols; i++)
            free(r->header[i]);
    free(r->header);
    free(r->chunk);
    free(r->buf);
    free(r->off);
    free(r->lens);
    free(r->ptrs);
    free(r->path);
    free(r);
}

int csv_encoding_from_name(const char *name)
{
    static const struct {
        const char *name;
        enum csv_encoding enc;
    } names[] = {
        {"utf-8", CSV_ENC_UTF8},
        {"utf8", CSV_ENC_UTF8},
        {"windows-1252", CSV_ENC_WINDOWS_1252},
        {"cp1252", CSV_ENC_WINDOWS_1252},
        {"latin-1", CSV_ENC_LATIN1},
        {"iso-8859-1", CSV_ENC_LATIN1},
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < IC_ARRAY_LEN(names); i++)
        if (strcasecmp(name, names[i].name) == 0)
            return (int)names[i].enc;
    return -1;
}
