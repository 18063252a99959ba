/* Dates: the strptime-style formats, "iso", "excel", zones, DST in both directions, skipped
 * midnights, impossible dates, ranges.  Expected instants were computed independently (Python's
 * zoneinfo). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void expect_ok(const char *s, const char *fmt, const char *zone, int64_t want)
{
    int64_t got = -777;
    enum date_status st = date_parse(s, strlen(s), fmt, zone, &got);
    if (st != DATE_OK || got != want)
        fail_msg("'%s' with '%s' in %s: status %d value %lld, want %lld", s, fmt,
                 zone ? zone : "(utc)", (int)st, (long long)got, (long long)want);
}

static void expect_st(const char *s, const char *fmt, enum date_status want)
{
    int64_t got = -777;
    enum date_status st = date_parse(s, strlen(s), fmt, "UTC", &got);
    if (st != want)
        fail_msg("'%s' with '%s': status %d, want %d", s, fmt, (int)st, (int)want);
    assert_int_equal(got, -777);
}

/* Unix seconds of UTC midnight of a civil date. */
static int64_t utc(int y, int m, int d)
{
    return date_days_from_civil(y, m, d) * 86400;
}

static void test_civil_days(void **state)
{
    (void)state;
    assert_int_equal(date_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(date_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(date_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(date_days_from_civil(9999, 12, 31), 2932896);
    for (int64_t d = -800000; d < 3000000; d += 97) {
        int y, m, dd;
        date_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(date_days_from_civil(y, m, dd), d);
    }
}

static void test_formats(void **state)
{
    (void)state;
    int64_t d = utc(2026, 3, 5);
    expect_ok("2026-03-05", "%Y-%m-%d", "UTC", d);
    expect_ok("05.03.2026", "%d.%m.%Y", "UTC", d);
    expect_ok("5.3.2026", "%d.%m.%Y", "UTC", d);
    expect_ok("03/05/2026", "%m/%d/%Y", "UTC", d);
    expect_ok("3/5/26", "%m/%d/%y", "UTC", d);
    expect_ok("05 Mar 2026", "%d %b %Y", "UTC", d);
    expect_ok("5 march 2026", "%e %B %Y", "UTC", d);
    expect_ok("March  5, 2026", "%B %e, %Y", "UTC", d);
    expect_ok("MAR 05 2026", "%b %d %Y", "UTC", d);
    expect_ok("2026-064", "%Y-%j", "UTC", d);
    expect_ok("2026-03-05 14:30:59", "%Y-%m-%d %H:%M:%S", "UTC", d); /* time validated, day kept */
    expect_ok("100% 2026/03/05", "100%% %Y/%m/%d", "UTC", d);
    expect_ok(" 2026-03-05 \r\n", "%Y-%m-%d", "UTC", d);
    expect_ok("5 Sept 2026", "%d %b %Y", "UTC", utc(2026, 9, 5));
    expect_ok("2026-12-31", "%Y-%m-%d", NULL, utc(2026, 12, 31));
    expect_ok("2026-12-31", "%Y-%m-%d", "", utc(2026, 12, 31));
}

static void test_two_digit_years(void **state)
{
    (void)state;
    expect_ok("01/02/68", "%d/%m/%y", "UTC", utc(2068, 2, 1));
    expect_ok("01/02/69", "%d/%m/%y", "UTC", utc(1969, 2, 1));
    expect_ok("01/02/00", "%d/%m/%y", "UTC", utc(2000, 2, 1));
    expect_ok("01/02/99", "%d/%m/%y", "UTC", utc(1999, 2, 1));
    expect_st("01/02/2026", "%d/%m/%y", DATE_SYNTAX);
    expect_st("01/02/6", "%d/%m/%y", DATE_SYNTAX);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_st("", "%Y-%m-%d", DATE_EMPTY);
    expect_st("   ", "iso", DATE_EMPTY);
    expect_st("2026-03-05x", "%Y-%m-%d", DATE_SYNTAX); /* trailing garbage */
    expect_st("2026-03-05 ", "%Y-%m-%d %H", DATE_SYNTAX);
    expect_st("2026/03/05", "%Y-%m-%d", DATE_SYNTAX);
    expect_st("26-03-05", "%Y-%m-%d", DATE_SYNTAX);
    expect_st("02026-03-05", "%Y-%m-%d", DATE_SYNTAX);
    expect_st("2026-003-05", "%Y-%m-%d", DATE_SYNTAX);
    expect_st("5 Foo 2026", "%d %b %Y", DATE_SYNTAX);
    expect_st("5 Marc 2026", "%d %b %Y", DATE_SYNTAX);
    expect_st("5 Marchy 2026", "%d %B %Y", DATE_SYNTAX);
    expect_st("03-2026", "%m-%Y", DATE_SYNTAX); /* no day: not a date */
    expect_st("05.03", "%d.%m", DATE_SYNTAX);   /* no year */
    expect_st("2026-03-05", "%Y-%m-%Q", DATE_SYNTAX);
    expect_st("2026-03-05", "%Y-%m-%", DATE_SYNTAX);
    expect_st("-2026-03-05", "%Y-%m-%d", DATE_SYNTAX);
    expect_st("2026-03-05", "%Y %m %d", DATE_SYNTAX);
}

static void test_impossible(void **state)
{
    (void)state;
    expect_st("31/02/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("30/02/2024", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("29/02/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("29/02/1900", "%d/%m/%Y", DATE_IMPOSSIBLE); /* century, not leap */
    expect_st("31/04/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("01/13/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("01/00/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("00/01/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("32/01/2026", "%d/%m/%Y", DATE_IMPOSSIBLE);
    expect_st("2026-02-31", "iso", DATE_IMPOSSIBLE);
    expect_st("2026-13-01", "iso", DATE_IMPOSSIBLE);
    expect_st("2026-00-10", "iso", DATE_IMPOSSIBLE);
    expect_st("2026-366", "%Y-%j", DATE_IMPOSSIBLE);
    expect_st("2026-000", "%Y-%j", DATE_IMPOSSIBLE);
    expect_st("2026-03-05 24:00", "%Y-%m-%d %H:%M", DATE_IMPOSSIBLE);
    expect_st("2026-03-05 23:60", "%Y-%m-%d %H:%M", DATE_IMPOSSIBLE);
    expect_st("2026-03-05T10:00+25:00", "iso", DATE_IMPOSSIBLE);
    expect_ok("29/02/2024", "%d/%m/%Y", "UTC", utc(2024, 2, 29));
    expect_ok("29/02/2000", "%d/%m/%Y", "UTC", utc(2000, 2, 29));
    expect_ok("2024-366", "%Y-%j", "UTC", utc(2024, 12, 31));
}

static void test_range(void **state)
{
    (void)state;
    expect_st("1899-12-31", "iso", DATE_RANGE);
    expect_st("0000-01-01", "%Y-%m-%d", DATE_RANGE);
    expect_ok("1900-01-01", "iso", "UTC", utc(1900, 1, 1));
    expect_ok("9999-12-31", "iso", "UTC", utc(9999, 12, 31));
    expect_ok("1900-01-01", "iso", "Europe/Berlin", -2208992400);
    expect_ok("9999-12-31", "iso", "America/New_York", 253402232400);
}

static void test_iso(void **state)
{
    (void)state;
    expect_ok("2026-03-05", "iso", "UTC", utc(2026, 3, 5));
    expect_ok("2026-03-05", "iso", "Europe/Berlin", utc(2026, 3, 5) - 3600);
    expect_ok("2026-03-05T10:20:30Z", "iso", "Europe/Berlin", utc(2026, 3, 5) + 37230);
    expect_ok("2026-03-05T10:20Z", "iso", "UTC", utc(2026, 3, 5) + 37200);
    expect_ok("2026-03-05T10:20:30+02:00", "iso", "UTC", utc(2026, 3, 5) + 37230 - 7200);
    expect_ok("2026-03-05T10:20:30-05:30", "iso", "UTC", utc(2026, 3, 5) + 37230 + 19800);
    expect_ok("2026-03-05T10:20:30+0200", "iso", "UTC", utc(2026, 3, 5) + 37230 - 7200);
    expect_ok("2026-03-05T10:20:30+02", "iso", "UTC", utc(2026, 3, 5) + 37230 - 7200);
    expect_ok("2026-03-05T10:20:30.123Z", "iso", "UTC", utc(2026, 3, 5) + 37230);
    expect_ok("2026-03-05 10:20:30z", "iso", "UTC", utc(2026, 3, 5) + 37230);
    expect_ok("2026-03-05T23:30:00-05:00", "iso", "UTC", utc(2026, 3, 6) + 16200);
    /* Without an offset the time is checked but the day's start in the zone is the answer. */
    expect_ok("2026-03-05T10:20", "iso", "Europe/Berlin", utc(2026, 3, 5) - 3600);
    expect_st("2026-03-05T10", "iso", DATE_SYNTAX);
    expect_st("2026-03-05T1:20", "iso", DATE_SYNTAX);
    expect_st("2026-3-5", "iso", DATE_SYNTAX);
    expect_st("20260305", "iso", DATE_SYNTAX);
    expect_st("2026-03-05T10:20:30+", "iso", DATE_SYNTAX);
    expect_st("2026-03-05T10:20:30Zjunk", "iso", DATE_SYNTAX);
    expect_st("2026-03-05T10:20:30.Z", "iso", DATE_SYNTAX);
    expect_st("2026-03-05X", "iso", DATE_SYNTAX);
    expect_ok("2026-03-05", NULL, "UTC", utc(2026, 3, 5)); /* no format means iso */
}

static void test_excel(void **state)
{
    (void)state;
    expect_ok("1", "excel", "UTC", utc(1900, 1, 1));
    expect_ok("59", "excel", "UTC", utc(1900, 2, 28));
    expect_st("60", "excel", DATE_IMPOSSIBLE); /* Lotus's 1900-02-29 */
    expect_ok("61", "excel", "UTC", utc(1900, 3, 1));
    expect_ok("25569", "excel", "UTC", 0);
    expect_ok("44927", "excel", "UTC", utc(2023, 1, 1));
    expect_ok("45000", "excel", "UTC", utc(2023, 3, 15));
    expect_ok("45000.75", "excel", "UTC", utc(2023, 3, 15));
    expect_ok("45000", "excel", "Europe/Berlin", utc(2023, 3, 15) - 3600);
    expect_ok("2958465", "excel", "UTC", utc(9999, 12, 31));
    expect_st("2958466", "excel", DATE_RANGE);
    expect_st("99999999999999999999", "excel", DATE_RANGE);
    expect_st("0", "excel", DATE_IMPOSSIBLE);
    expect_st("-5", "excel", DATE_SYNTAX);
    expect_st("45000x", "excel", DATE_SYNTAX);
    expect_st("4.5e4", "excel", DATE_SYNTAX);
    expect_st("2026-03-05", "excel", DATE_SYNTAX);
}

/* The other direction, as the workbook and `export --map` write it: every day Excel can number
 * gives back the serial that reads as that day, including the first two months of 1900 (before
 * Excel's phantom 1900-02-29), which a plain count from 1899-12-30 gets one too high. */
static void test_excel_serial(void **state)
{
    (void)state;
    int64_t s = -1;
    assert_true(date_excel_serial(date_days_from_civil(1900, 1, 1), &s));
    assert_int_equal(s, 1);
    assert_true(date_excel_serial(date_days_from_civil(1900, 2, 28), &s));
    assert_int_equal(s, 59);
    assert_true(date_excel_serial(date_days_from_civil(1900, 3, 1), &s));
    assert_int_equal(s, 61);
    assert_true(date_excel_serial(0, &s));
    assert_int_equal(s, 25569);
    assert_true(date_excel_serial(date_days_from_civil(9999, 12, 31), &s));
    assert_int_equal(s, 2958465);
    assert_false(date_excel_serial(date_days_from_civil(1899, 12, 31), &s));
    assert_false(date_excel_serial(date_days_from_civil(10000, 1, 1), &s));
    /* Round trip through the "excel" format over 1900 and around 1970. */
    for (int64_t d = date_days_from_civil(1900, 1, 1); d < date_days_from_civil(1901, 1, 1); d++) {
        char text[32];
        assert_true(date_excel_serial(d, &s));
        assert_int_not_equal(s, 60);
        snprintf(text, sizeof text, "%lld", (long long)s);
        expect_ok(text, "excel", "UTC", d * 86400);
    }
    for (int64_t d = -400; d < 400; d++) {
        char text[32];
        assert_true(date_excel_serial(d, &s));
        snprintf(text, sizeof text, "%lld", (long long)s);
        expect_ok(text, "excel", "UTC", d * 86400);
    }
}

static void test_zones_and_dst(void **state)
{
    (void)state;
    /* Berlin: a winter day, the spring-forward day (02:00), the day after, the fall-back day
     * (03:00). */
    expect_ok("2026-01-15", "iso", "Europe/Berlin", 1768431600);
    expect_ok("2026-03-29", "iso", "Europe/Berlin", 1774738800);
    expect_ok("2026-03-30", "iso", "Europe/Berlin", 1774821600);
    expect_ok("2026-10-25", "iso", "Europe/Berlin", 1792879200);
    expect_ok("2026-10-26", "iso", "Europe/Berlin", 1792879200 + 25 * 3600);
    expect_ok("2026-03-08", "iso", "America/New_York", 1772946000);
    expect_ok("2026-11-01", "iso", "America/New_York", 1793505600);
    expect_ok("2026-01-01", "iso", "Asia/Kolkata", 1767205800);
    expect_ok("2026-01-01", "iso", "Pacific/Kiritimati", 1767175200);
    expect_ok("2026-10-04", "iso", "Australia/Lord_Howe", 1791034200);
    /* Switching zones back and forth gives the same answers (the per-day cache follows the zone).
     */
    expect_ok("2026-01-15", "iso", "America/New_York", utc(2026, 1, 15) + 5 * 3600);
    expect_ok("2026-01-15", "iso", "Europe/Berlin", 1768431600);
    expect_ok("2026-01-15", "iso", "UTC", utc(2026, 1, 15));
    expect_ok("2026-01-15", "iso", "Europe/Berlin", 1768431600);
}

static void test_skipped_midnight(void **state)
{
    (void)state;
    /* DST starts at 00:00: the day begins at 01:00 local. */
    expect_ok("2024-09-08", "iso", "America/Santiago", 1725768000);
    expect_ok("2024-03-10", "iso", "America/Havana", 1710046800);
    expect_ok("2022-03-27", "iso", "Asia/Beirut", 1648332000);
    /* DST ends at 00:00 (Santiago, Beirut: back to 23:00 the day before): midnight is plain. */
    expect_ok("2024-04-07", "iso", "America/Santiago", 1712462400);
    expect_ok("2022-10-30", "iso", "Asia/Beirut", 1667080800);
    /* Havana ends DST at 01:00 back to 00:00: midnight happens twice, the first one counts. */
    expect_ok("2024-11-03", "iso", "America/Havana", 1730606400);
    /* Samoa skipped 2011-12-30 entirely: its "start" is the start of the next day. */
    expect_ok("2011-12-30", "iso", "Pacific/Apia", 1325239200);
    expect_ok("2011-12-31", "iso", "Pacific/Apia", 1325239200);
    /* The answer is the same from the cache as fresh. */
    expect_ok("2024-09-08", "%Y-%m-%d", "America/Santiago", 1725768000);
}

static void test_civil_and_format(void **state)
{
    (void)state;
    char buf[16];
    date_format_ymd(1774738800, "Europe/Berlin", buf, sizeof buf);
    assert_string_equal(buf, "2026-03-29");
    date_format_ymd(1774738800, "UTC", buf, sizeof buf);
    assert_string_equal(buf, "2026-03-28");
    date_format_ymd(1725768000, "America/Santiago", buf, sizeof buf);
    assert_string_equal(buf, "2024-09-08");
    date_format_ymd(-1, NULL, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31");
    int y, m, d;
    date_civil(1730606400 + 3600, "America/Havana", &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 20241103);
    date_civil(utc(9999, 12, 31), "UTC", &y, &m, &d);
    assert_int_equal(y * 10000 + m * 100 + d, 99991231);
    /* Every day of a year round-trips through the zone: parse gives its start, format gives it
     * back. */
    const char *zones[] = {"Europe/Berlin", "America/Santiago", "Asia/Beirut", "Pacific/Auckland"};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        for (int64_t day = date_days_from_civil(2022, 1, 1); day < date_days_from_civil(2025, 1, 1);
             day++) {
            int yy, mm, dd;
            char in[16];
            int64_t t;
            date_civil_from_days(day, &yy, &mm, &dd);
            snprintf(in, sizeof in, "%04d-%02d-%02d", yy, mm, dd);
            assert_int_equal(date_parse(in, strlen(in), "iso", zones[z], &t), DATE_OK);
            date_format_ymd(t, zones[z], buf, sizeof buf);
            if (strcmp(buf, in) != 0)
                fail_msg("%s in %s came back as %s", in, zones[z], buf);
            date_format_ymd(t - 1, zones[z], buf, sizeof buf);
            if (strcmp(buf, in) >= 0)
                fail_msg("%s in %s: the second before its start is %s", in, zones[z], buf);
        }
    }
}

static void test_zone_valid(void **state)
{
    (void)state;
    assert_true(date_zone_valid("UTC"));
    assert_true(date_zone_valid("Europe/Berlin"));
    assert_true(date_zone_valid("America/Argentina/Buenos_Aires"));
    assert_true(date_zone_valid("Etc/GMT+5"));
    assert_false(date_zone_valid(NULL));
    assert_false(date_zone_valid(""));
    assert_false(date_zone_valid("Mars/Olympus"));
    assert_false(date_zone_valid("Europe")); /* a directory */
    assert_false(date_zone_valid("/etc/passwd"));
    assert_false(date_zone_valid("../../../etc/passwd"));
    assert_false(date_zone_valid("Europe/../Europe/Berlin"));
    assert_false(date_zone_valid("Europe//Berlin"));
    assert_false(date_zone_valid("Europe/Berlin/"));
    assert_false(date_zone_valid(".hidden"));
    assert_false(date_zone_valid("Europe/Berlin\n"));
    assert_false(date_zone_valid("tzdata.zi")); /* a regular file, not TZif */
}

/* The machine's zone as export's default: TZ first, then /etc/localtime (read here independently).
 */
static void test_local_zone(void **state)
{
    (void)state;
    char buf[256];
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", "Australia/Sydney", 1);
    assert_true(date_local_zone(buf, sizeof buf));
    assert_string_equal(buf, "Australia/Sydney");
    setenv("TZ", ":Europe/Berlin", 1);
    assert_true(date_local_zone(buf, sizeof buf));
    assert_string_equal(buf, "Europe/Berlin");
    setenv("TZ", "/usr/share/zoneinfo/America/New_York", 1);
    assert_true(date_local_zone(buf, sizeof buf));
    assert_string_equal(buf, "America/New_York");
    /* A POSIX rule or an unknown name cannot be stated as a zone: false, with the text. */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    assert_false(date_local_zone(buf, sizeof buf));
    assert_string_equal(buf, "EST5EDT,M3.2.0,M11.1.0");
    setenv("TZ", "Mars/Olympus", 1);
    assert_false(date_local_zone(buf, sizeof buf));
    /* Without TZ: the zone /etc/localtime links to. */
    unsetenv("TZ");
    char link[512];
    ssize_t n = readlink("/etc/localtime", link, sizeof link - 1);
    if (n > 0) {
        link[n] = '\0';
        const char *z = strstr(link, "zoneinfo/");
        assert_non_null(z);
        assert_true(date_local_zone(buf, sizeof buf));
        assert_string_equal(buf, z + strlen("zoneinfo/"));
    }
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    }
}

static void test_strerror(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(date_strerror(DATE_SYNTAX, "%d.%m.%Y", buf, sizeof buf),
                        "does not match '%d.%m.%Y'");
    assert_non_null(strstr(date_strerror(DATE_IMPOSSIBLE, "iso", buf, sizeof buf), "no real day"));
    assert_non_null(strstr(date_strerror(DATE_RANGE, "iso", buf, sizeof buf), "1900"));
    assert_string_equal(date_strerror(DATE_EMPTY, NULL, buf, sizeof buf), "empty date");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_days),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_two_digit_years),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_impossible),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_excel),
        cmocka_unit_test(test_excel_serial),
        cmocka_unit_test(test_zones_and_dst),
        cmocka_unit_test(test_skipped_midnight),
        cmocka_unit_test(test_civil_and_format),
        cmocka_unit_test(test_zone_valid),
        cmocka_unit_test(test_local_zone),
        cmocka_unit_test(test_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
