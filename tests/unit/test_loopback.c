/* Plain http only to this machine: which URL hosts count as loopback, which connected addresses
 * do, and that a guarded handle whose name resolved somewhere else sends nothing at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/conn.h"
#include "api/loopback.c" /* check_peer, for a machine without a non-loopback address */

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_hosts(void **state)
{
    (void)state;
    const char *yes[] = {"localhost", "LocalHost", "127.0.0.1", "127.255.3.4", "[::1]", "::1"};
    const char *no[] = {"localhost.",
                        "localhost.localdomain",
                        "localhost.example.com",
                        "127.0.0.1.",
                        "128.0.0.1",
                        "0.0.0.0",
                        "[::ffff:127.0.0.1]",
                        "[::]",
                        "127.0.0.1.nip.io",
                        "",
                        "[::1%25lo]",
                        "LOCALHOST."};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!api_host_is_loopback(yes[i]))
            fail_msg("'%s' not taken for loopback", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (api_host_is_loopback(no[i]))
            fail_msg("'%s' taken for loopback", no[i]);
}

static void test_addresses(void **state)
{
    (void)state;
    assert_true(api_addr_is_loopback("127.0.0.1"));
    assert_true(api_addr_is_loopback("127.9.8.7"));
    assert_true(api_addr_is_loopback("::1"));
    assert_true(api_addr_is_loopback("::ffff:127.0.0.1"));
    assert_false(api_addr_is_loopback("0.0.0.0"));
    assert_false(api_addr_is_loopback("::"));
    assert_false(api_addr_is_loopback("192.0.2.1"));
    assert_false(api_addr_is_loopback("::ffff:192.0.2.1"));
    assert_false(api_addr_is_loopback(""));
    assert_false(api_addr_is_loopback(NULL));
}

/* The URL check: a name that only DNS can place (a trailing dot makes "localhost" one) is refused
 * for plain http. */
static void test_url_refused(void **state)
{
    (void)state;
    const char *bad[] = {"http://localhost.:9", "http://LOCALHOST.:9/api/v3/io/ip",
                         "http://localhost.localdomain:9", "http://0.0.0.0:9",
                         "http://[::ffff:127.0.0.1]:9"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ic_err err = {0};
        char *u = api_conn_normalize_url(bad[i], &err);
        if (u)
            fail_msg("'%s' accepted as '%s'", bad[i], u);
        assert_non_null(strstr(err.msg, "plain http is only allowed to a loopback host"));
    }
    ic_err err = {0};
    char *u = api_conn_normalize_url("https://localhost.:9", &err);
    assert_non_null(u); /* https is verified by its certificate, wherever DNS leads */
    free(u);
}

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* A listener on addr (IPv4, numeric); returns its fd and sets *port. */
static int listen_on(const char *addr, int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    assert_int_equal(inet_pton(AF_INET, addr, &a.sin_addr), 1);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 8), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* A non-loopback address to connect to, inside a network namespace of the test's own: the process
 * moves into a new, empty namespace and gives its loopback interface one address from the
 * benchmarking range (198.18.0.0/15), so the connection is real but no packet can leave the
 * namespace.  False (and a note) where namespaces cannot be made, e.g. without CAP_SYS_ADMIN. */
#define NETNS_ADDR "198.18.0.9"
static bool own_address(char *out, size_t cap)
{
    if (unshare(CLONE_NEWNET) != 0) {
        printf("# cannot make a network namespace (%s)\n", strerror(errno));
        return false;
    }
    if (system("ip link set lo up && ip addr add " NETNS_ADDR "/32 dev lo") != 0) {
        printf("# cannot set up the namespace's addresses ('ip' from iproute2 is needed)\n");
        return false;
    }
    snprintf(out, cap, "%s", NETNS_ADDR);
    return !api_addr_is_loopback(out);
}

/* What the listener received on its first connection (0 bytes when the peer sent nothing). */
static size_t received(int lfd, char *buf, size_t cap)
{
    struct pollfd p = {.fd = lfd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 2000), 1);
    int c = accept(lfd, NULL, NULL);
    assert_true(c >= 0);
    size_t len = 0;
    for (;;) {
        struct pollfd q = {.fd = c, .events = POLLIN};
        if (poll(&q, 1, 200) != 1)
            break;
        ssize_t n = recv(c, buf + len, cap - 1 - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
        if (len == cap - 1)
            break;
    }
    buf[len] = 0;
    close(c);
    return len;
}

/* One request with the token header to sandbox.test:port, a name pinned to addr (as a hostile
 * resolver or hosts file could pin "localhost."; libcurl answers "localhost" itself, so the test
 * uses another name: the guard looks at the address connected to, never at the name). */
static CURLcode fetch(const char *addr, int port, bool guard)
{
    char url[64], resolve[96];
    snprintf(url, sizeof url, "http://sandbox.test:%d/api/v3/io/ip/invoices", port);
    snprintf(resolve, sizeof resolve, "sandbox.test:%d:%s", port, addr);
    struct curl_slist *res = curl_slist_append(NULL, resolve);
    struct curl_slist *hdr = curl_slist_append(NULL, "X-Auth-Token: secret-token-value");
    CURL *h = curl_easy_init();
    assert_non_null(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_RESOLVE, res);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_PROXY, ""); /* the test's own environment must not reroute it */
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 700L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
    if (guard)
        assert_int_equal(api_loopback_guard(h, url), 0);
    CURLcode cc = curl_easy_perform(h);
    char *ip = NULL;
    curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
    assert_non_null(ip);
    assert_string_equal(ip, addr); /* the pinned address was the one connected */
    curl_easy_cleanup(h);
    curl_slist_free_all(res);
    curl_slist_free_all(hdr);
    return cc;
}

/* To a loopback peer, the guarded request goes out whole, token included. */
static void test_guard_passes_loopback(void **state)
{
    (void)state;
    char buf[4096];
    int port;
    int lfd = listen_on("127.0.0.1", &port);
    assert_int_equal(fetch("127.0.0.1", port, true), CURLE_OPERATION_TIMEDOUT); /* no answer */
    assert_true(received(lfd, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "X-Auth-Token: secret-token-value"));
    close(lfd);
}

/* To a non-loopback address (in the test's own network namespace), the connection succeeds, so only
 * the guard stands between the token and the wire: without it the same request delivers the token
 * (which shows the test reaches that point); with it nothing at all is sent. */
static void test_guard_stops_token(void **state)
{
    (void)state;
    char buf[4096], own[INET_ADDRSTRLEN];
    if (!own_address(own, sizeof own)) {
        /* Nothing to connect to that is not loopback: the decision itself is still checked. */
        printf("# checking the guard's decision only\n");
        assert_int_equal(check_peer(NULL, (char *)"192.0.2.1", (char *)"192.0.2.2", 80, 5000),
                         CURL_PREREQFUNC_ABORT);
        return;
    }
    int port;
    int lfd = listen_on(own, &port);
    assert_int_equal(fetch(own, port, false), CURLE_OPERATION_TIMEDOUT);
    assert_true(received(lfd, buf, sizeof buf) > 0);
    assert_non_null(strstr(buf, "secret-token-value"));

    assert_int_equal(fetch(own, port, true), CURLE_ABORTED_BY_CALLBACK);
    assert_int_equal(received(lfd, buf, sizeof buf), 0);
    close(lfd);
}

/* https needs no guard (its certificate decides); the guard is only installed for http. */
static void test_guard_https_untouched(void **state)
{
    (void)state;
    CURL *h = curl_easy_init();
    assert_non_null(h);
    assert_int_equal(api_loopback_guard(h, "https://api.example.com/api/v3/io/ip"), 0);
    assert_int_equal(api_loopback_guard(h, "HTTP://localhost:1/"), 0);
    curl_easy_cleanup(h);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hosts),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_url_refused),
        cmocka_unit_test(test_guard_passes_loopback),
        cmocka_unit_test(test_guard_stops_token),
        cmocka_unit_test(test_guard_https_untouched),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
