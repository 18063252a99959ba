/* Calendar dates to unix seconds at midnight in an IANA time zone, and back.
 *
 * Formats are strptime-style subsets: %Y %m %d %y %b %B %e %H %M %S %j %%, plus literal characters;
 * the special formats "iso" (ISO 8601 date or date-time, with optional offset or Z) and "excel" (an
 * Excel serial day number, 1900 system, e.g. 45000 is 2023-03-15).  Impossible dates (31/02, month
 * 13, day 0) are errors, never a shift.  A day whose midnight does not exist in the zone (DST
 * starting at 00:00) maps to the first instant of that day.
 *
 * Zones are resolved through the system zone database (/usr/share/zoneinfo).  Not thread-safe: the
 * zone is process state (TZ); all parsing happens on the main thread.
 */
#ifndef INVOICECTL_MODEL_DATE_H
#define INVOICECTL_MODEL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum date_status {
    DATE_OK = 0,
    DATE_EMPTY,      /* blank text */
    DATE_SYNTAX,     /* text does not follow the format */
    DATE_IMPOSSIBLE, /* follows the format but names no real day (2026-02-31, month 13) */
    DATE_RANGE       /* before 1900 or after 9999 */
};

/* True when `zone` names an IANA zone present on this machine ("UTC", "Europe/Berlin"). */
bool date_zone_valid(const char *zone);

/* The IANA name of the machine's local zone, as the C library would pick it: TZ when set and not
 * empty (a leading ':' dropped), else the zone /etc/localtime links to (or /etc/timezone names),
 * else "UTC" when there is no /etc/localtime at all.  Writes it to buf and returns true; false (buf
 * holds the text that could not be named) when TZ is not an IANA name known here ("EST5EDT,M3.2.0")
 * or /etc/localtime is a copy whose name cannot be found.  Call it before any other function here:
 * they change TZ. */
bool date_local_zone(char *buf, size_t bufsize);

/* Parses `s` (len bytes, need not be NUL-terminated) with `format` and gives unix seconds at the
 * start of that day in `zone` (for date-times with an explicit offset, the exact instant).  Returns
 * DATE_OK or a status. */
enum date_status date_parse(const char *s, size_t len, const char *format, const char *zone,
                            int64_t *out);

/* A human explanation of a status, with the format in it: "does not match '%d.%m.%Y'".  Writes to
 * buf. */
const char *date_strerror(enum date_status st, const char *format, char *buf, size_t bufsize);

/* Civil date of a unix time in `zone`. */
void date_civil(int64_t unix_seconds, const char *zone, int *year, int *month, int *day);
/* Writes "YYYY-MM-DD" of a unix time in `zone` (buf of at least 11 bytes). */
void date_format_ymd(int64_t unix_seconds, const char *zone, char *buf, size_t bufsize);
/* The zone arithmetic above switches the process's TZ to the mapping's zone.  This gives the
 * process back the machine's own zone (TZ as it was before the first switch), for local times meant
 * for the user, such as the results folder's name; the next zone arithmetic switches again. */
void date_use_machine_zone(void);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian), and back. */
int64_t date_days_from_civil(int year, int month, int day);
void date_civil_from_days(int64_t days, int *year, int *month, int *day);
/* The Excel serial day number (1900 date system, exactly as Excel reads it) of a day counted from
 * 1970-01-01: 1900-01-01 is 1, 1900-02-28 is 59, 60 is the 1900-02-29 Excel counts although it
 * never was, 1900-03-01 is 61, 1970-01-01 is 25569.  False before 1900-01-01 and after 9999-12-31,
 * which Excel has no number for.  The inverse of the "excel" date format. */
bool date_excel_serial(int64_t days, int64_t *serial);

#endif
