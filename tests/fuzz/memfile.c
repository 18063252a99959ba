#include "tests/fuzz/fuzz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

const char *fuzz_memfile(const uint8_t *data, size_t size, int *fd_out, char *path, size_t pathlen)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return NULL;
    size_t off = 0;
    while (off < size) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) {
            close(fd);
            return NULL;
        }
        off += (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    snprintf(path, pathlen, "/proc/self/fd/%d", fd);
    *fd_out = fd;
    return path;
}
