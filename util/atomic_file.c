/* Whole-or-nothing files: write to ".NAME.XXXXXX.tmp" beside the target, fsync,
 * rename, fsync the folder.
 *
 * Open temporary names are also kept in a small fixed registry of static
 * buffers, so a signal handler can unlink them with nothing but
 * async-signal-safe calls (atomic_file_cleanup_on_signal).
 */
#include "util/atomic_file.h"

#include "util/common.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REGISTRY_SLOTS 16

static struct {
    volatile sig_atomic_t used;
    char path[PATH_MAX];
} registry[REGISTRY_SLOTS];

/* Returns the slot, or -1 when the registry is full or the name too long (the
 * file still works; only the signal-time cleanup misses it). */
static int registry_add(const char *path)
{
    size_t n = strlen(path);
    if (n >= PATH_MAX)
        return -1;
    for (int i = 0; i < REGISTRY_SLOTS; i++) {
        if (!registry[i].used) {
            memcpy(registry[i].path, path, n + 1);
            registry[i].used = 1; /* set last: a handler never sees a half-written name */
            return i;
        }
    }
    return -1;
}

static void registry_remove(const char *path)
{
    for (int i = 0; i < REGISTRY_SLOTS; i++)
        if (registry[i].used && strcmp(registry[i].path, path) == 0) {
            registry[i].used = 0;
            return;
        }
}

void atomic_file_cleanup_on_signal(void)
{
    for (int i = 0; i < REGISTRY_SLOTS; i++)
        if (registry[i].used) {
            unlink(registry[i].path);
            registry[i].used = 0;
        }
}

/* The folder part of path ("." when there is none); the caller frees it. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

atomic_file *atomic_file_open(const char *path, ic_err *err)
{
    atomic_file *af = xcalloc(1, sizeof *af);
    af->path = xstrdup(path);
    if (strcmp(path, "-") == 0) {
        af->fp = stdout;
        return af;
    }
    /* A device or a pipe (/dev/null, a FIFO) is written in place: renaming a temporary file over it
     * would replace the device with a plain file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            ic_err_set(err, IC_EXIT_IO, "cannot create '%s': it is a folder", path);
            free(af->path);
            free(af);
            return NULL;
        }
        af->fp = fopen(path, "w");
        if (!af->fp) {
            ic_err_set(err, IC_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
            free(af->path);
            free(af);
            return NULL;
        }
        return af;
    }
    char *dir = folder_of(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        ic_err_set(err, IC_EXIT_IO, "cannot create '%s': not a file name", path);
        goto fail;
    }
    size_t n = strlen(dir) + strlen(base) + 16;
    af->tmp_path = xmalloc(n);
    snprintf(af->tmp_path, n, "%s/.%s.XXXXXX.tmp", dir, base);
    int fd = mkstemps(af->tmp_path, 4);
    if (fd < 0) {
        ic_err_set(err, IC_EXIT_IO, "cannot create '%s' in folder '%s': %s", path, dir,
                   strerror(errno));
        free(af->tmp_path);
        af->tmp_path = NULL;
        goto fail;
    }
    /* mkstemp makes the file private (0600); the finished file gets the usual
     * mode the umask allows. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    af->fp = fdopen(fd, "w");
    if (!af->fp) {
        ic_err_set(err, IC_EXIT_IO, "cannot create '%s': %s", path, strerror(errno));
        close(fd);
        unlink(af->tmp_path);
        goto fail;
    }
    registry_add(af->tmp_path);
    free(dir);
    return af;
fail:
    free(dir);
    free(af->tmp_path);
    free(af->path);
    free(af);
    return NULL;
}

const char *atomic_file_tmp_path(const atomic_file *af)
{
    if (!af->tmp_path && af->fp != stdout)
        return af->path; /* a device or pipe written in place */
    return af->tmp_path;
}

/* Makes the rename itself durable; file systems that cannot fsync a folder are
 * not an error. */
static int sync_folder(const char *path)
{
    char *dir = folder_of(path);
    int rc = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
            rc = errno;
        close(fd);
    }
    free(dir);
    return rc;
}

static void release(atomic_file *af)
{
    free(af->tmp_path);
    free(af->path);
    free(af);
}

int atomic_file_commit(atomic_file *af, ic_err *err)
{
    int rc = 0;
    if (!af->tmp_path) {
        bool std = af->fp == stdout;
        errno = 0;
        if (fflush(af->fp) != 0 || ferror(af->fp) || (!std && fclose(af->fp) != 0)) {
            if (std)
                rc = ic_err_set(err, IC_EXIT_IO, "cannot write to standard output: %s",
                                strerror(errno ? errno : EIO));
            else
                rc = ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", af->path,
                                strerror(errno ? errno : EIO));
        }
        release(af);
        return rc;
    }
    int e = 0;
    errno = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp))
        e = errno ? errno : EIO;
    if (!e && fsync(fileno(af->fp)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(af->fp) != 0 && !e)
        e = errno ? errno : EIO;
    af->fp = NULL;
    if (!e && rename(af->tmp_path, af->path) != 0)
        e = errno;
    if (e) {
        unlink(af->tmp_path);
        registry_remove(af->tmp_path);
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", af->path, strerror(e));
        goto out;
    }
    registry_remove(af->tmp_path);
    e = sync_folder(af->path);
    if (e)
        rc = ic_err_set(err, IC_EXIT_IO, "cannot write '%s': %s", af->path, strerror(e));
out:
    release(af);
    return rc;
}

void atomic_file_abort(atomic_file *af)
{
    if (!af)
        return;
    if (af->tmp_path) {
        if (af->fp)
            fclose(af->fp);
        unlink(af->tmp_path);
        registry_remove(af->tmp_path);
    } else if (af->fp == stdout) {
        fflush(af->fp);
    } else if (af->fp) {
        fclose(af->fp);
    }
    release(af);
}
