/* Plain http only to this machine.  The token travels in a header, so an http:// API URL is allowed
 * only when its host names loopback literally (api_host_is_loopback), and every plain-http request
 * is checked again once connected: it is sent only when the address curl actually connected to is
 * a loopback address (api_loopback_guard), so no resolver, hosts file or proxy can carry the token
 * off this machine unencrypted.
 */
#ifndef INVOICECTL_API_LOOPBACK_H
#define INVOICECTL_API_LOOPBACK_H

#include <curl/curl.h>
#include <stdbool.h>

/* A URL host (as curl's URL parser gives it) plain http may go to: "localhost" (any case, no
 * trailing dot), a dotted IPv4 address in 127.0.0.0/8, or ::1 ("[::1]").  Any other name is
 * refused, since where it leads is up to DNS. */
bool api_host_is_loopback(const char *host);

/* A numeric address (as CURLINFO_PRIMARY_IP gives it) on the loopback interface: 127.0.0.0/8,
 * ::1 or ::ffff:127.0.0.0/104. */
bool api_addr_is_loopback(const char *ip);

/* For an http:// url, makes handle h check, after connecting and before sending anything, that
 * the peer is a loopback address, and abort the request otherwise (CURLE_ABORTED_BY_CALLBACK, with
 * an error message on stderr).  Does nothing for https.  Call after every curl_easy_reset: a reset
 * clears it.  Returns 0, or -1 when libcurl cannot install the check (the caller must not send). */
int api_loopback_guard(CURL *h, const char *url);

#endif
