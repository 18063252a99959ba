/* Before the first request of an import: the input read once, the results folder checked. */
#include "import/prep.h"

#include "formats/results_write.h"
#include "util/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int interrupted(const import_input *in, ic_err *err)
{
    return ic_err_set(err, IC_EXIT_INTERRUPTED,
                      "interrupted while waiting for input on '%s'; nothing was sent", in->shown);
}

/* Copies fd into the spool, once. */
static int spool_copy(import_input *in, int fd, volatile sig_atomic_t *stop, ic_err *err)
{
    char buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR && !(stop && *stop))
            continue;
        if (r < 0 && errno == EINTR)
            return interrupted(in, err);
        if (r < 0)
            return ic_err_set(err, IC_EXIT_IO, "cannot read '%s': %s", in->shown, strerror(errno));
        if (r == 0)
            return 0;
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(in->spool_fd, buf + off, (size_t)(r - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return ic_err_set(err, IC_EXIT_IO,
                                  "cannot keep a copy of '%s' to read it again: %s", in->shown,
                                  strerror(errno));
            off += w;
        }
        in->size += (size_t)r;
    }
}

int import_input_open(const char *arg, volatile sig_atomic_t *stop, import_input *in, ic_err *err)
{
    memset(in, 0, sizeof *in);
    in->spool_fd = -1;
    bool is_stdin = strcmp(arg, "-") == 0;
    in->shown = xstrdup(is_stdin ? "<stdin>" : arg);
    struct stat st;
    if (!is_stdin && stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
        in->path = xstrdup(arg);
        in->size = (size_t)st.st_size;
        return 0;
    }
    if (!is_stdin && stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return ic_err_set(err, IC_EXIT_IO, "cannot read '%s': Is a directory", arg);

    /* A FIFO blocks here until a writer opens it; a signal ends the wait (no SA_RESTART). */
    int fd = STDIN_FILENO;
    if (!is_stdin) {
        do
            fd = open(arg, O_RDONLY | O_CLOEXEC);
        while (fd < 0 && errno == EINTR && !(stop && *stop));
        if (fd < 0 && errno == EINTR)
            return interrupted(in, err);
        if (fd < 0)
            return ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", arg, strerror(errno));
    }
    /* The spool has no name once made: nothing is left behind, even after a kill -9; the passes
     * read it through /proc/self/fd. */
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    size_t n = strlen(tmpdir) + 32;
    char *tmpl = xmalloc(n);
    snprintf(tmpl, n, "%s/invoicectl-input.XXXXXX", tmpdir);
    int rc = 0;
    in->spool_fd = mkostemp(tmpl, O_CLOEXEC);
    if (in->spool_fd < 0) {
        rc = ic_err_set(err, IC_EXIT_IO, "cannot keep a copy of '%s' to read it again: %s: %s",
                        in->shown, tmpl, strerror(errno));
    } else {
        unlink(tmpl);
        rc = spool_copy(in, fd, stop, err);
    }
    free(tmpl);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc != 0)
        return rc;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", in->spool_fd);
    in->path = xstrdup(path);
    return 0;
}

void import_input_release(import_input *in)
{
    if (in->spool_fd >= 0)
        close(in->spool_fd);
    free(in->path);
    free(in->shown);
    memset(in, 0, sizeof *in);
    in->spool_fd = -1;
}

void import_input_fix_message(const import_input *in, ic_err *err)
{
    if (in->spool_fd < 0 || !in->path)
        return;
    char out[sizeof err->msg];
    size_t o = 0, plen = strlen(in->path), slen = strlen(in->shown);
    for (const char *p = err->msg; *p && o + 1 < sizeof out;) {
        if (strncmp(p, in->path, plen) == 0 && o + slen + 1 < sizeof out) {
            memcpy(out + o, in->shown, slen);
            o += slen;
            p += plen;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    memcpy(err->msg, out, o + 1);
}

size_t import_results_need(size_t size, size_t rows, size_t invoices)
{
    /* success.csv and errors.csv hold every input row once, each with two more cells (an id and
     * an action, or an error of up to a few hundred bytes and its place); summary.json a few
     * hundred bytes an invoice. */
    return size + rows * 384 + invoices * 320 + 65536;
}

/* Writes, syncs and removes a probe file: the folder takes files, and syncs them. */
static int probe(const char *dir, ic_err *err)
{
    size_t n = strlen(dir) + 48;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/.invoicectl-probe.%ld", dir, (long)getpid());
    int rc = 0;
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc =
            ic_err_set(err, IC_EXIT_IO, "cannot write in results folder '%s': %s; nothing was sent",
                       dir, strerror(errno));
        free(p);
        return rc;
    }
    ssize_t w;
    do
        w = write(fd, "\n", 1);
    while (w < 0 && errno == EINTR);
    if (w != 1 || fsync(fd) != 0)
        rc =
            ic_err_set(err, IC_EXIT_IO, "cannot write in results folder '%s': %s; nothing was sent",
                       dir, strerror(w == 0 ? EIO : errno));
    close(fd);
    unlink(p);
    free(p);
    return rc;
}

static int room(const char *dir, size_t need, ic_err *err)
{
    struct statvfs vs;
    if (statvfs(dir, &vs) != 0)
        return 0; /* cannot tell: the writes themselves will say */
    unsigned long long avail = (unsigned long long)vs.f_bavail * vs.f_frsize;
    if (avail >= need)
        return 0;
    return ic_err_set(err, IC_EXIT_IO,
                      "cannot write in results folder '%s': %s (its files need about %llu KiB, "
                      "%llu KiB are free); nothing was sent",
                      dir, strerror(ENOSPC), ((unsigned long long)need + 1023) / 1024,
                      avail / 1024);
}

int import_results_prepare(const char *arg, const char *input_name, size_t need, char **dir,
                           bool *created, ic_err *err)
{
    *created = false;
    int rc;
    if (arg) {
        struct stat st;
        *created = stat(arg, &st) != 0;
        *dir = xstrdup(arg);
        rc = results_make_dir(*dir, err);
    } else {
        *dir = results_default_dir(input_name, err);
        *created = *dir != NULL;
        rc = *dir ? 0 : err->code;
    }
    if (rc == 0)
        rc = probe(*dir, err);
    if (rc == 0)
        rc = room(*dir, need, err);
    return rc;
}
