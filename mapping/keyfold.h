/* Folding invoice keys for "these two would be one number in the store" warnings.
 *
 * Most stores compare invoice numbers the way their database collates text: without regard to case
 * or accents (MySQL's default collation does both), and a user typing a number cannot tell a
 * hyphen from U+2010 or a decomposed "É" (E + U+0301) from the precomposed one.  Two keys whose
 * folds are equal but whose bytes differ are likely one invoice written two ways.
 *
 * The fold, applied character by character to UTF-8 text:
 * - Latin letters lose case and accents: ASCII A-Z, the letters of Latin-1 (U+00C0-U+00FF) and
 *   Latin Extended-A (U+0100-U+017F) become their base letter in lower case ("É" and "é" give
 *   "e", "Ł" gives "l"); "Æ"/"æ" give "ae", "Œ"/"œ" "oe", "Ĳ"/"ĳ" "ij", "ß" "ss", "ſ" "s";
 *   the Kelvin sign U+212A gives "k", the Ångström sign U+212B "a".
 * - Combining marks (U+0300-U+036F, U+1AB0-U+1AFF, U+1DC0-U+1DFF, U+20D0-U+20FF, U+FE20-U+FE2F)
 *   are dropped, so a decomposed letter folds like the precomposed one.
 * - Dashes U+2010-U+2015, U+2212 (minus), U+FE58, U+FE63 and U+FF0D become "-".
 * - Fullwidth ASCII (U+FF01-U+FF5E) becomes ASCII ("ＩＮＶ" gives "inv").
 * - Spaces U+00A0, U+2000-U+200A, U+202F, U+205F and U+3000 become " "; invisible U+00AD (soft
 *   hyphen), U+200B-U+200D, U+2060 and U+FEFF are dropped.
 * Everything else (other scripts, Latin letters beyond Extended-A, invalid UTF-8 bytes) is kept as
 * it is: Cyrillic "А" and Latin "A" stay different.
 */
#ifndef INVOICECTL_MAPPING_KEYFOLD_H
#define INVOICECTL_MAPPING_KEYFOLD_H

#include <stddef.h>

/* Writes the fold of s (len bytes, need not be NUL-terminated) to out and NUL-terminates it; the
 * fold is never longer than its input, so out needs len + 1 bytes.  Returns the folded length. */
size_t keyfold(const char *s, size_t len, char *out);

#endif
