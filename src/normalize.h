/* mdsync text judgments: emails and usernames as a person reads them, and what Moodle accepts. No PHP values. */
#ifndef MDSYNC_NORMALIZE_H
#define MDSYNC_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer (emalloc'd); keys are built in it. */
typedef struct {
	char *v;
	size_t len, cap;
} mdsync_sbuf;

void mdsync_sbuf_free(mdsync_sbuf *b);

/* The key an email is compared by, into out (NUL-terminated; out->len 0: no email).
 * Invisible characters (Unicode Default_Ignorable_Code_Point: zero-width spaces, joiners,
 * byte order marks, soft hyphens) are dropped, Unicode White_Space (NBSP and tabs included)
 * is trimmed from both ends, the local part is Unicode case-folded into NFC (libunistring),
 * and an international domain takes one form whether written in Unicode or as xn-- labels
 * (libidn2, UTS #46 non-transitional), shown in Unicode. Text that is not UTF-8, or longer
 * than MDSYNC_NORM_MAX bytes, is trimmed of ASCII white space and ASCII-lower-cased only. */
#define MDSYNC_NORM_MAX 1024
void mdsync_norm_email(const char *s, size_t len, mdsync_sbuf *out);

/* The key a username is compared by: trimmed as above and Unicode lower-cased, the way
 * Moodle stores a username (core_text::strtolower). */
void mdsync_norm_username(const char *s, size_t len, mdsync_sbuf *out);

/* Narrows [*s, *s + *len) to its text without Unicode White_Space or invisible characters at
 * either end (ASCII white space only, if it is not UTF-8). */
void mdsync_norm_trim(const char **s, size_t *len);

/* Why Moodle 4.5 would refuse this email for a new account, or NULL if it accepts it. The
 * email is taken as mdsync's apply sends it (PHP's trim()); Moodle's validate_email() is
 * PHP's FILTER_VALIDATE_EMAIL (ASCII only: an international domain must be written as
 * xn-- labels) without line breaks or angle brackets, in a column of 100 characters. */
const char *mdsync_moodle_email_problem(const char *s, size_t len);

/* Why Moodle 4.5 would refuse this username for a new account, or NULL. As mdsync's apply
 * sends it (trimmed, lower-cased), it must equal its PARAM_USERNAME cleaning: only a-z, 0-9
 * and - . _ @ unless the site allows extended characters (extendedusernamechars), at most 100
 * characters, and not "guest", which every site holds. bad, if not NULL, gets the first
 * refused character (a code point). */
const char *mdsync_moodle_username_problem(const char *s, size_t len, bool extended, uint32_t *bad);

/* Whether a first or last name would be refused (empty after PHP's trim(), or over Moodle's
 * 100 characters); NULL if not. */
const char *mdsync_moodle_name_problem(const char *s, size_t len);

/* Glob match of a pattern (already folded) against text: '*' any run, '?' one character
 * (one code point). Byte-wise otherwise; no backtracking blow-up (linear in practice). */
bool mdsync_glob(const char *pat, size_t plen, const char *s, size_t len);

/* Whether s is pure ASCII. */
bool mdsync_is_ascii(const char *s, size_t len);

#endif
