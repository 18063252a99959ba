/* An LD_PRELOAD shim that makes file writes fail on purpose, for the local-fault tests.
 *
 *   FAULTFS_MATCH=substring   only paths containing it are affected (required)
 *   FAULTFS_MODE=enospc       write(2) fails with ENOSPC once FAULTFS_AFTER bytes were written to
 *                             matching files (default 0: the first write fails); stdio writes,
 * which glibc does not route through the interposable write(), fail at their fflush/fclose once the
 * stream has passed FAULTFS_AFTER bytes FAULTFS_MODE=eacces       open/creat/mkstemp of matching
 * paths fail with EACCES FAULTFS_MODE=fsync        fsync/fdatasync of matching files fail with EIO
 *
 * In enospc mode statvfs of a matching path also reports only the bytes left before FAULTFS_AFTER
 * as free, as a nearly full file system would.
 *
 * Built by the tests themselves: cc -shared -fPIC -o faultfs.so tests/tools/faultfs.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <unistd.h>

static long long written;

static int fd_matches(int fd)
{
    const char *m = getenv("FAULTFS_MATCH");
    if (!m || !*m || fd < 0)
        return 0;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    return strstr(path, m) != NULL;
}

static int path_matches(const char *p)
{
    const char *m = getenv("FAULTFS_MATCH");
    return m && *m && p && strstr(p, m) != NULL;
}

static int mode_is(const char *w)
{
    const char *m = getenv("FAULTFS_MODE");
    return m && strcmp(m, w) == 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (mode_is("enospc") && fd_matches(fd)) {
        const char *a = getenv("FAULTFS_AFTER");
        long long after = a ? atoll(a) : 0;
        if (written + (long long)n > after) {
            errno = ENOSPC;
            return -1;
        }
        written += (long long)n;
    }
    return real(fd, buf, n);
}

int statvfs(const char *p, struct statvfs *buf)
{
    static int (*real)(const char *, struct statvfs *);
    if (!real)
        real = (int (*)(const char *, struct statvfs *))dlsym(RTLD_NEXT, "statvfs");
    int rc = real(p, buf);
    if (rc == 0 && mode_is("enospc") && path_matches(p) && buf->f_frsize > 0) {
        const char *a = getenv("FAULTFS_AFTER");
        long long left = (a ? atoll(a) : 0) - written;
        if (left < 0)
            left = 0;
        buf->f_bavail = buf->f_bfree = (fsblkcnt_t)(left / (long long)buf->f_frsize);
    }
    return rc;
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (mode_is("fsync") && fd_matches(fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (mode_is("fsync") && fd_matches(fd)) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

#define OPEN_SHIM(name)                                                                            \
    int name(const char *p, int flags, ...)                                                        \
    {                                                                                              \
        static int (*real)(const char *, int, ...);                                                \
        if (!real)                                                                                 \
            real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #name);                       \
        mode_t mode = 0;                                                                           \
        if (flags & (O_CREAT | O_TMPFILE)) {                                                       \
            va_list ap;                                                                            \
            va_start(ap, flags);                                                                   \
            mode = (mode_t)va_arg(ap, int);                                                        \
            va_end(ap);                                                                            \
        }                                                                                          \
        if (mode_is("eacces") && (flags & (O_WRONLY | O_RDWR | O_CREAT)) && path_matches(p)) {     \
            errno = EACCES;                                                                        \
            return -1;                                                                             \
        }                                                                                          \
        return real(p, flags, mode);                                                               \
    }
OPEN_SHIM(open)
OPEN_SHIM(open64)

int mkostemps(char *tmpl, int suffixlen, int flags)
{
    static int (*real)(char *, int, int);
    if (!real)
        real = (int (*)(char *, int, int))dlsym(RTLD_NEXT, "mkostemps");
    if (mode_is("eacces") && path_matches(tmpl)) {
        errno = EACCES;
        return -1;
    }
    return real(tmpl, suffixlen, flags);
}

int mkstemp(char *tmpl)
{
    static int (*real)(char *);
    if (!real)
        real = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    if (mode_is("eacces") && path_matches(tmpl)) {
        errno = EACCES;
        return -1;
    }
    return real(tmpl);
}

int mkstemps(char *tmpl, int suffixlen)
{
    static int (*real)(char *, int);
    if (!real)
        real = (int (*)(char *, int))dlsym(RTLD_NEXT, "mkstemps");
    if (mode_is("eacces") && path_matches(tmpl)) {
        errno = EACCES;
        return -1;
    }
    return real(tmpl, suffixlen);
}

/* glibc's stdio writes through an internal write that LD_PRELOAD cannot reach, so a full disk is
 * shown to stdio users where they must look for it anyway: fflush and fclose. */
static int stream_full(FILE *f)
{
    if (!f || !mode_is("enospc") || !fd_matches(fileno(f)))
        return 0;
    const char *a = getenv("FAULTFS_AFTER");
    long long after = a ? atoll(a) : 0;
    return ftello(f) > after;
}

int fflush(FILE *f)
{
    static int (*real)(FILE *);
    if (!real)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
    if (stream_full(f)) {
        errno = ENOSPC;
        return EOF;
    }
    return real(f);
}

int fclose(FILE *f)
{
    static int (*real)(FILE *);
    if (!real)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
    if (stream_full(f)) {
        real(f);
        errno = ENOSPC;
        return EOF;
    }
    return real(f);
}
