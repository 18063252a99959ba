/* Calendar dates: a strict strptime-style parser, ISO 8601, Excel serial days,
 * and the start of a day in an IANA zone.
 *
 * The parser is our own because glibc's strptime accepts 31/02 and ignores
 * trailing text.  Zone arithmetic goes through the C library (TZ + tzset +
 * mktime/localtime_r) so that the system zone database decides every DST rule;
 * the results are cached per day because an import repeats the same few hundred
 * dates millions of times. */
#include "model/date.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ZONEINFO_DIR "/usr/share/zoneinfo"
#define YEAR_MIN 1900
#define YEAR_MAX 9999

/* ---- civil calendar (Howard Hinnant's algorithms, proleptic Gregorian) ----
 */

int64_t date_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_civil_from_days(int64_t days, int *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

/* Days from 1970-01-01 of 1899-12-31 (Excel's serial 0) and of 1900-03-01 (serial 61). */
#define EXCEL_DAY0 (-25568)
#define EXCEL_MARCH_1900 (-25508)
#define EXCEL_SERIAL_MAX 2958465 /* 9999-12-31 */

bool date_excel_serial(int64_t days, int64_t *serial)
{
    if (days < EXCEL_DAY0 + 1)
        return false;
    /* From 1900-03-01 on, one more for the 1900-02-29 Excel counts. */
    int64_t s = days - EXCEL_DAY0 + (days >= EXCEL_MARCH_1900 ? 1 : 0);
    if (s > EXCEL_SERIAL_MAX)
        return false;
    *serial = s;
    return true;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_len(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* ---- zones ---- */

static bool zone_is_utc(const char *zone)
{
    return !zone || !*zone || strcmp(zone, "UTC") == 0 || strcmp(zone, "Etc/UTC") == 0;
}

bool date_zone_valid(const char *zone)
{
    if (!zone || !*zone || zone[0] == '/' || strlen(zone) > 200)
        return false;
    /* Only the characters of IANA names, and no "." or ".." component that could
     * leave the database. */
    for (const char *p = zone; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+' || c == '.'))
            return false;
        if (c == '.' && (p == zone || p[-1] == '/'))
            return false;
        if (c == '/' && (p[1] == '/' || p[1] == '\0'))
            return false;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/%s", ZONEINFO_DIR, zone);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char magic[4];
    bool ok =
        read(fd, magic, sizeof magic) == (ssize_t)sizeof magic && memcmp(magic, "TZif", 4) == 0;
    close(fd);
    return ok;
}

/* The part of a zoneinfo path after ".../zoneinfo/" ("/usr/share/zoneinfo/Europe/Berlin" gives
 * "Europe/Berlin"; "posix/" and "right/" trees name the same zones), or NULL. */
static const char *zoneinfo_name(const char *path)
{
    const char *z = strstr(path, "zoneinfo/");
    if (!z)
        return NULL;
    z += strlen("zoneinfo/");
    if (strncmp(z, "posix/", 6) == 0)
        z += 6;
    return *z ? z : NULL;
}

bool date_local_zone(char *buf, size_t bufsize)
{
    const char *tz = getenv("TZ");
    if (tz && *tz) {
        if (*tz == ':')
            tz++;
        const char *name = tz[0] == '/' ? zoneinfo_name(tz) : tz;
        snprintf(buf, bufsize, "%s", name ? name : tz);
        return name && date_zone_valid(name);
    }
    char link[512];
    ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
    if (n > 0) {
        link[n] = '\0';
        const char *name = zoneinfo_name(link);
        snprintf(buf, bufsize, "%s", name ? name : link);
        if (name && date_zone_valid(name))
            return true;
    }
    /* A copied /etc/localtime (no link): Debian keeps its name in /etc/timezone. */
    FILE *fp = fopen("/etc/timezone", "r");
    if (fp) {
        char line[256];
        bool got = fgets(line, sizeof line, fp) != NULL;
        fclose(fp);
        if (got) {
            line[strcspn(line, " \t\r\n")] = '\0';
            if (date_zone_valid(line)) {
                snprintf(buf, bufsize, "%s", line);
                return true;
            }
        }
    }
    struct stat st;
    if (n <= 0 && stat("/etc/localtime", &st) != 0) {
        /* No local zone at all: the C library then uses UTC, and so do we. */
        snprintf(buf, bufsize, "UTC");
        return true;
    }
    if (n <= 0)
        snprintf(buf, bufsize, "/etc/localtime");
    return false;
}

/* The zone currently in TZ; switching costs a tzset, so it happens only when
 * the zone changes. */
static char cur_zone[256];
static bool cur_zone_set;

/* A direct-mapped cache of day → first instant of that day in cur_zone. */
#define DAY_CACHE 4096
static struct {
    int64_t day;
    int64_t start;
    bool used;
} day_cache[DAY_CACHE];

/* TZ as the process started with it (saved at the first switch). */
static char *machine_tz;
static bool machine_tz_saved;

static void use_zone(const char *zone)
{
    if (cur_zone_set && strcmp(cur_zone, zone) == 0)
        return;
    if (!machine_tz_saved) {
        const char *tz = getenv("TZ");
        machine_tz = tz ? strdup(tz) : NULL;
        machine_tz_saved = true;
    }
    snprintf(cur_zone, sizeof cur_zone, "%s", zone);
    cur_zone_set = true;
    setenv("TZ", zone, 1);
    tzset();
    memset(day_cache, 0, sizeof day_cache);
}

void date_use_machine_zone(void)
{
    if (!machine_tz_saved || !cur_zone_set)
        return;
    if (machine_tz)
        setenv("TZ", machine_tz, 1);
    else
        unsetenv("TZ");
    tzset();
    cur_zone_set = false;
    memset(day_cache, 0, sizeof day_cache);
}

/* Days since the epoch of the local civil date of t in the current TZ. */
static int64_t local_day(int64_t t, int *secs_of_day)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return INT64_MIN;
    if (secs_of_day)
        *secs_of_day = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return date_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* First instant of civil day `days` in the current TZ.  mktime finds local
 * midnight; when midnight does not exist (DST starting at 00:00) or the C
 * library resolves it oddly, a bisection over the 52 hours around the day finds
 * the first second whose local date is that day.  The local date never
 * decreases with time in any real zone (no transition jumps back across
 * midnight from after it), which makes the bisection sound. */
static int64_t zone_day_start(int64_t days)
{
    struct tm tm = {0};
    int y, m, d, sod = -1;
    date_civil_from_days(days, &y, &m, &d);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t != (time_t)-1 && local_day((int64_t)t, &sod) == days && sod == 0 &&
        local_day((int64_t)t - 1, NULL) < days)
        return (int64_t)t;
    int64_t lo =
        days * 86400 - 27 * 3600; /* before the day begins anywhere (offsets reach -12h, +14h) */
    int64_t hi = days * 86400 + 27 * 3600; /* after it has begun everywhere */
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (local_day(mid, NULL) >= days)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

static int64_t day_start(int64_t days, const char *zone)
{
    if (zone_is_utc(zone))
        return days * 86400;
    use_zone(zone);
    size_t slot = (size_t)((uint64_t)days % DAY_CACHE);
    if (day_cache[slot].used && day_cache[slot].day == days)
        return day_cache[slot].start;
    int64_t s = zone_day_start(days);
    day_cache[slot].day = days;
    day_cache[slot].start = s;
    day_cache[slot].used = true;
    return s;
}

void date_civil(int64_t unix_seconds, const char *zone, int *year, int *month, int *day)
{
    if (zone_is_utc(zone)) {
        int64_t days =
            unix_seconds >= 0 ? unix_seconds / 86400 : -((-unix_seconds + 86399) / 86400);
        date_civil_from_days(days, year, month, day);
        return;
    }
    use_zone(zone);
    time_t tt = (time_t)unix_seconds;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        *year = 1970;
        *month = 1;
        *day = 1;
        return;
    }
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
    *day = tm.tm_mday;
}

void date_format_ymd(int64_t unix_seconds, const char *zone, char *buf, size_t bufsize)
{
    int y, m, d;
    date_civil(unix_seconds, zone, &y, &m, &d);
    snprintf(buf, bufsize, "%04d-%02d-%02d", y, m, d);
}

/* ---- parsing ---- */

struct cursor {
    const char *p, *end;
};

/* Reads between min and max digits; false when fewer than min are there. */
static bool read_num(struct cursor *c, int min, int max, int *out)
{
    int v = 0, n = 0;
    while (n < max && c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        v = v * 10 + (*c->p - '0');
        c->p++;
        n++;
    }
    *out = v;
    return n >= min;
}

static const char *const month_names[12] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* Matches an English month name, full or abbreviated to three letters ("Sept"
 * too), case-insensitively. */
static bool read_month_name(struct cursor *c, int *month)
{
    size_t avail = (size_t)(c->end - c->p);
    for (int i = 0; i < 12; i++) {
        const char *name = month_names[i];
        size_t full = strlen(name), n = 0;
        while (n < full && n < avail && lower((unsigned char)c->p[n]) == name[n])
            n++;
        bool next_alpha = n < avail && lower((unsigned char)c->p[n]) >= 'a' &&
                          lower((unsigned char)c->p[n]) <= 'z';
        if ((n == full || (n == 3 || (i == 8 && n == 4))) && !next_alpha) {
            *month = i + 1;
            c->p += n;
            return true;
        }
    }
    return false;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

struct fields {
    int year, month, day, yday;
    int hour, min, sec;
    bool has_year, has_month, has_day, has_yday, has_offset;
    int offset; /* seconds east of UTC */
};

/* Time of day and optional offset of an ISO 8601 date-time, after the 'T' or
 * space. */
static enum date_status parse_iso_time(struct cursor *c, struct fields *f)
{
    if (!read_num(c, 2, 2, &f->hour) || c->p >= c->end || *c->p != ':')
        return DATE_SYNTAX;
    c->p++;
    if (!read_num(c, 2, 2, &f->min))
        return DATE_SYNTAX;
    if (c->p < c->end && *c->p == ':') {
        c->p++;
        if (!read_num(c, 2, 2, &f->sec))
            return DATE_SYNTAX;
        if (c->p < c->end && (*c->p == '.' || *c->p == ',')) {
            int ignored;
            c->p++;
            if (!read_num(c, 1, 9, &ignored))
                return DATE_SYNTAX;
            while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
                c->p++;
        }
    }
    if (c->p < c->end && (*c->p == 'Z' || *c->p == 'z')) {
        c->p++;
        f->has_offset = true;
        f->offset = 0;
    } else if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
        int sign = *c->p == '-' ? -1 : 1, oh, om = 0;
        c->p++;
        if (!read_num(c, 2, 2, &oh))
            return DATE_SYNTAX;
        if (c->p < c->end && *c->p == ':') {
            c->p++;
            if (!read_num(c, 2, 2, &om))
                return DATE_SYNTAX;
        } else if (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (!read_num(c, 2, 2, &om))
                return DATE_SYNTAX;
        }
        if (oh > 23 || om > 59)
            return DATE_IMPOSSIBLE;
        f->has_offset = true;
        f->offset = sign * (oh * 3600 + om * 60);
    }
    return c->p == c->end ? DATE_OK : DATE_SYNTAX;
}

static enum date_status parse_iso(struct cursor *c, struct fields *f)
{
    if (!read_num(c, 4, 4, &f->year) || c->p >= c->end || *c->p != '-')
        return DATE_SYNTAX;
    c->p++;
    if (!read_num(c, 2, 2, &f->month) || c->p >= c->end || *c->p != '-')
        return DATE_SYNTAX;
    c->p++;
    if (!read_num(c, 2, 2, &f->day))
        return DATE_SYNTAX;
    f->has_year = f->has_month = f->has_day = true;
    if (c->p == c->end)
        return DATE_OK;
    if (*c->p != 'T' && *c->p != 't' && *c->p != ' ')
        return DATE_SYNTAX;
    c->p++;
    return parse_iso_time(c, f);
}

/* Excel serial day numbers, 1900 date system.  Excel counts 1900-02-29, which
 * never existed (a bug kept from Lotus 1-2-3): serial 60 names it, so it is
 * impossible; serials from 61 on are one day "late" relative to a plain count
 * from 1899-12-31.  A fraction (time of day) is allowed and ignored. */
static enum date_status parse_excel(struct cursor *c, int64_t *days)
{
    int64_t serial = 0;
    int n = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        if (serial > 100000000)
            return DATE_RANGE;
        serial = serial * 10 + (*c->p - '0');
        c->p++;
        n++;
    }
    if (n == 0)
        return DATE_SYNTAX;
    if (c->p < c->end && *c->p == '.') {
        c->p++;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
            c->p++;
    }
    if (c->p != c->end)
        return DATE_SYNTAX;
    if (serial == 0 || serial == 60)
        return DATE_IMPOSSIBLE;
    if (serial > 2958465) /* 9999-12-31 */
        return DATE_RANGE;
    *days = EXCEL_DAY0 + serial - (serial > 60 ? 1 : 0);
    return DATE_OK;
}

static enum date_status parse_format(struct cursor *c, const char *fmt, struct fields *f)
{
    for (const char *q = fmt; *q; q++) {
        if (*q != '%') {
            if (is_space(*q)) {
                /* A blank in the format matches one or more blanks in the text. */
                if (c->p >= c->end || !is_space(*c->p))
                    return DATE_SYNTAX;
                while (c->p < c->end && is_space(*c->p))
                    c->p++;
                while (is_space(q[1]))
                    q++;
                continue;
            }
            if (c->p >= c->end || *c->p != *q)
                return DATE_SYNTAX;
            c->p++;
            continue;
        }
        q++;
        bool ok;
        switch (*q) {
        case 'Y':
            ok = read_num(c, 4, 4, &f->year);
            f->has_year = true;
            break;
        case 'y':
            /* POSIX pivot: 69-99 are 1969-1999, 00-68 are 2000-2068. */
            ok = read_num(c, 2, 2, &f->year);
            f->year += f->year >= 69 ? 1900 : 2000;
            f->has_year = true;
            break;
        case 'm':
            ok = read_num(c, 1, 2, &f->month);
            f->has_month = true;
            break;
        case 'e':
            if (c->p < c->end && *c->p == ' ')
                c->p++;
            /* fall through */
        case 'd':
            ok = read_num(c, 1, 2, &f->day);
            f->has_day = true;
            break;
        case 'b':
        case 'B':
        case 'h':
            ok = read_month_name(c, &f->month);
            f->has_month = true;
            break;
        case 'j':
            ok = read_num(c, 1, 3, &f->yday);
            f->has_yday = true;
            break;
        case 'H':
            ok = read_num(c, 1, 2, &f->hour);
            break;
        case 'M':
            ok = read_num(c, 2, 2, &f->min);
            break;
        case 'S':
            ok = read_num(c, 2, 2, &f->sec);
            break;
        case '%':
            ok = c->p < c->end && *c->p == '%';
            if (ok)
                c->p++;
            break;
        default:
            return DATE_SYNTAX; /* an unsupported conversion never matches */
        }
        if (!ok)
            return DATE_SYNTAX;
    }
    if (c->p != c->end)
        return DATE_SYNTAX;
    if (!f->has_year || !((f->has_month && f->has_day) || f->has_yday))
        return DATE_SYNTAX;
    return DATE_OK;
}

/* Checks the fields and gives the day number; a day-of-year must agree with
 * month and day when both come. */
static enum date_status check_fields(struct fields *f, int64_t *days)
{
    if (f->year < YEAR_MIN || f->year > YEAR_MAX)
        return DATE_RANGE;
    if (f->hour > 23 || f->min > 59 || f->sec > 60)
        return DATE_IMPOSSIBLE;
    if (f->has_yday) {
        if (f->yday < 1 || f->yday > (is_leap(f->year) ? 366 : 365))
            return DATE_IMPOSSIBLE;
        int64_t d = date_days_from_civil(f->year, 1, 1) + f->yday - 1;
        if (f->has_month || f->has_day) {
            int y, m, dd;
            date_civil_from_days(d, &y, &m, &dd);
            if ((f->has_month && m != f->month) || (f->has_day && dd != f->day))
                return DATE_IMPOSSIBLE;
        }
        *days = d;
        return DATE_OK;
    }
    if (f->month < 1 || f->month > 12 || f->day < 1 || f->day > month_len(f->year, f->month))
        return DATE_IMPOSSIBLE;
    *days = date_days_from_civil(f->year, f->month, f->day);
    return DATE_OK;
}

enum date_status date_parse(const char *s, size_t len, const char *format, const char *zone,
                            int64_t *out)
{
    struct cursor c = {s, s + len};
    while (c.p < c.end && (is_space(*c.p) || *c.p == '\r' || *c.p == '\n'))
        c.p++;
    while (c.end > c.p && (is_space(c.end[-1]) || c.end[-1] == '\r' || c.end[-1] == '\n'))
        c.end--;
    if (c.p == c.end)
        return DATE_EMPTY;
    if (!format)
        format = "iso";

    int64_t days;
    enum date_status st;
    if (strcmp(format, "excel") == 0) {
        st = parse_excel(&c, &days);
        if (st != DATE_OK)
            return st;
        *out = day_start(days, zone);
        return DATE_OK;
    }

    struct fields f;
    memset(&f, 0, sizeof f);
    st = strcmp(format, "iso") == 0 ? parse_iso(&c, &f) : parse_format(&c, format, &f);
    if (st != DATE_OK)
        return st;
    st = check_fields(&f, &days);
    if (st != DATE_OK)
        return st;
    if (f.has_offset)
        *out = days * 86400 + f.hour * 3600 + f.min * 60 + f.sec - f.offset;
    else
        *out = day_start(days, zone);
    return DATE_OK;
}

const char *date_strerror(enum date_status st, const char *format, char *buf, size_t bufsize)
{
    const char *fmt = format ? format : "iso";
    switch (st) {
    case DATE_OK:
        snprintf(buf, bufsize, "no error");
        break;
    case DATE_EMPTY:
        snprintf(buf, bufsize, "empty date");
        break;
    case DATE_SYNTAX:
        snprintf(buf, bufsize, "does not match '%s'", fmt);
        break;
    case DATE_IMPOSSIBLE:
        snprintf(buf, bufsize, "matches '%s' but names no real day", fmt);
        break;
    case DATE_RANGE:
        snprintf(buf, bufsize, "outside the years %d to %d", YEAR_MIN, YEAR_MAX);
        break;
    default:
        snprintf(buf, bufsize, "unknown date error");
        break;
    }
    return buf;
}
