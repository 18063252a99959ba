/* Plain http only to this machine: see loopback.h. */
#include "api/loopback.h"

#include "util/log.h"

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

bool api_host_is_loopback(const char *host)
{
    /* Only the exact name: "localhost." or "localhost.example.com" are looked up in DNS. */
    if (strcasecmp(host, "localhost") == 0)
        return true;
    char buf[64];
    size_t n = strlen(host);
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof buf) {
        memcpy(buf, host + 1, n - 2);
        buf[n - 2] = 0;
        host = buf;
    }
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, host, &a6) == 1)
        return memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
    return false;
}

bool api_addr_is_loopback(const char *ip)
{
    struct in_addr a4;
    struct in6_addr a6;
    if (!ip)
        return false;
    if (inet_pton(AF_INET, ip, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, ip, &a6) != 1)
        return false;
    if (IN6_IS_ADDR_LOOPBACK(&a6))
        return true;
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}

/* Called by libcurl once connected (a reused connection too), before the request is sent. */
static int check_peer(void *ctx, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    (void)ctx;
    (void)local_ip;
    (void)local_port;
    if (api_addr_is_loopback(primary_ip))
        return CURL_PREREQFUNC_OK;
    ic_error("plain http connected to %s port %d, which is not a loopback address: nothing was "
             "sent (the token would travel unencrypted); use https",
             primary_ip ? primary_ip : "?", primary_port);
    return CURL_PREREQFUNC_ABORT;
}

int api_loopback_guard(CURL *h, const char *url)
{
    if (strncasecmp(url, "http:", 5) != 0)
        return 0;
    if (curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, check_peer) != CURLE_OK ||
        curl_easy_setopt(h, CURLOPT_PREREQDATA, NULL) != CURLE_OK)
        return -1;
    return 0;
}
