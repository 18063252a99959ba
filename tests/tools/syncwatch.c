/* An LD_PRELOAD shim for the import's journal tests: it watches what is on disk in the journal and
 * what leaves on the network, and records every POST that left before its intent was on disk.
 *
 *   SYNCWATCH_JOURNAL=path   the journal file (required)
 *   SYNCWATCH_LOG=path       one line per POST checked: "ok NUMBER" or "EARLY NUMBER" (required)
 *   SYNCWATCH_SLOW_MS=N      each fdatasync of the journal takes N ms more (widens the window a
 * POST sent before its sync would fall into)
 *
 * fdatasync of the journal: the file's size when the call began is on disk once it returns.
 * send(2) of a buffer starting "POST ": its "invoiceNumber" (in that buffer, or in the socket's
 * next send when the body leaves apart) must have an intent line within the prefix of the journal
 * that was durable when the request line left.
 *
 * Built by the tests themselves: cc -shared -fPIC -o syncwatch.so tests/tools/syncwatch.c -ldl
 * -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long long durable = 0; /* bytes of the journal known to be on disk */

static int is_journal(int fd)
{
    const char *want = getenv("SYNCWATCH_JOURNAL");
    if (!want || !*want || fd < 0)
        return 0;
    char link[64], path[PATH_MAX], real[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    if (!realpath(want, real))
        return 0;
    return strcmp(path, real) == 0;
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (!is_journal(fd))
        return real(fd);
    struct stat st;
    long long size = fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
    const char *slow = getenv("SYNCWATCH_SLOW_MS");
    long ms = slow ? strtol(slow, NULL, 10) : 0;
    if (ms > 0) {
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    int rc = real(fd);
    if (rc == 0 && size >= 0) {
        pthread_mutex_lock(&mu);
        if (size > durable)
            durable = size;
        pthread_mutex_unlock(&mu);
    }
    return rc;
}

static void note(const char *verdict, const char *number, size_t len)
{
    const char *path = getenv("SYNCWATCH_LOG");
    if (!path)
        return;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    char line[256];
    int n = snprintf(line, sizeof line, "%s %.*s\n", verdict, (int)(len > 200 ? 200 : len), number);
    if (n > 0) {
        ssize_t w = write(fd, line, (size_t)n);
        (void)w;
    }
    close(fd);
}

/* Is there an intent for number within the first `upto` bytes of the journal? */
static int intent_durable(const char *number, size_t len, long long upto)
{
    const char *jp = getenv("SYNCWATCH_JOURNAL");
    int fd = jp ? open(jp, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0 || upto <= 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char *buf = malloc((size_t)upto + 1);
    ssize_t got = buf ? pread(fd, buf, (size_t)upto, 0) : -1;
    close(fd);
    if (got <= 0) {
        free(buf);
        return 0;
    }
    buf[got] = '\0';
    char want[300];
    snprintf(want, sizeof want, "{\"op\":\"intent\",\"key\":\"%.*s\"", (int)(len > 200 ? 200 : len),
             number);
    int found = strstr(buf, want) != NULL;
    free(buf);
    return found;
}

/* A POST whose body leaves in a later send(2) than its request line (the engine sends a POST's body
 * through a read callback: api/http.c): the durable size when the request line left, per socket, is
 * what the body's invoice number is checked against. */
#define MAX_FDS 1024
static long long pending_at[MAX_FDS]; /* durable size + 1 when a POST's body is awaited; 0 none */

static void check(int fd, const void *buf, size_t n)
{
    bool post = n >= 5 && memcmp(buf, "POST ", 5) == 0;
    long long upto;
    pthread_mutex_lock(&mu);
    upto = durable;
    if (!post && fd >= 0 && fd < MAX_FDS && pending_at[fd]) {
        upto = pending_at[fd] - 1; /* the body of the POST whose request line left earlier */
        pending_at[fd] = 0;
    } else if (!post) {
        pthread_mutex_unlock(&mu);
        return;
    }
    pthread_mutex_unlock(&mu);
    const char *b = memmem(buf, n, "\"invoiceNumber\":\"", 17);
    if (!b) {
        if (post && fd >= 0 && fd < MAX_FDS) { /* headers sent apart from the body */
            pthread_mutex_lock(&mu);
            pending_at[fd] = upto + 1;
            pthread_mutex_unlock(&mu);
        }
        return;
    }
    b += 17;
    const char *e = memchr(b, '"', n - (size_t)(b - (const char *)buf));
    if (!e)
        return;
    note(intent_durable(b, (size_t)(e - b), upto) ? "ok" : "EARLY", b, (size_t)(e - b));
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    static ssize_t (*real)(int, const void *, size_t, int);
    if (!real)
        real = (ssize_t(*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
    check(fd, buf, n);
    return real(fd, buf, n, flags);
}
