/* mdsync text judgments: email and username keys (libunistring, libidn2) and Moodle 4.5's acceptance rules. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "normalize.h"
#include "vec.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <unicase.h>
#include <uninorm.h>
#include <unictype.h>
#include <unistr.h>

void mdsync_sbuf_free(mdsync_sbuf *b)
{
	if (b->v) {
		efree(b->v);
	}
	memset(b, 0, sizeof(*b));
}

static void sb_reserve(mdsync_sbuf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		b->v = mdsync_vec_grow(b->v, &b->cap, b->len + extra + 1, 1, 64);
	}
}

static void sb_put(mdsync_sbuf *b, const void *p, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->v + b->len, p, n);
	b->len += n;
	b->v[b->len] = '\0';
}

static void sb_put_lower_ascii(mdsync_sbuf *b, const char *p, size_t n)
{
	size_t i;
	sb_reserve(b, n);
	for (i = 0; i < n; i++) {
		b->v[b->len + i] = zend_tolower_ascii(p[i]);
	}
	b->len += n;
	b->v[b->len] = '\0';
}

bool mdsync_is_ascii(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++) {
		if ((unsigned char) s[i] >= 0x80) {
			return false;
		}
	}
	return true;
}

/* ASCII's share of Unicode White_Space (PropList.txt: U+0009..U+000D, U+0020). */
static bool ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void trim_ascii(const char **s, size_t *len)
{
	while (*len > 0 && ascii_space((unsigned char) (*s)[0])) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ascii_space((unsigned char) (*s)[*len - 1])) {
		(*len)--;
	}
}

/* Invisible: trimmed at the ends and dropped inside a key. */
static bool invisible(ucs4_t c)
{
	return uc_is_property_default_ignorable_code_point(c);
}

static bool blank(ucs4_t c)
{
	return uc_is_property_white_space(c) || invisible(c);
}

/* s is valid UTF-8 here. */
static void trim_unicode(const char **s, size_t *len)
{
	const uint8_t *p = (const uint8_t *) *s, *end = p + *len, *q;
	ucs4_t c;
	int n;
	while (p < end && (n = u8_mbtouc(&c, p, (size_t) (end - p))) > 0 && blank(c)) {
		p += n;
	}
	while (end > p) {
		q = u8_prev(&c, end, p);
		if (!q || !blank(c)) {
			break;
		}
		end = q;
	}
	*s = (const char *) p;
	*len = (size_t) (end - p);
}

void mdsync_norm_trim(const char **s, size_t *len)
{
	if (mdsync_is_ascii(*s, *len) || *len > MDSYNC_NORM_MAX || u8_check((const uint8_t *) *s, *len) != NULL) {
		trim_ascii(s, len);
	} else {
		trim_unicode(s, len);
	}
}

/* libunistring's case mappings (u8_casefold, u8_tolower) share one signature. */
typedef uint8_t *(*case_map)(const uint8_t *s, size_t n, const char *iso639_language, uninorm_t nf,
	uint8_t *resultbuf, size_t *lengthp);

/* Appends map(s) in NFC (ASCII lower-cased directly); false if libunistring cannot (out of memory). */
static bool put_mapped(mdsync_sbuf *b, const char *s, size_t len, case_map map)
{
	uint8_t stack[256], *r;
	size_t n = sizeof(stack);
	if (mdsync_is_ascii(s, len)) {
		sb_put_lower_ascii(b, s, len);
		return true;
	}
	r = map((const uint8_t *) s, len, NULL, UNINORM_NFC, stack, &n);
	if (!r) {
		return false;
	}
	sb_put(b, r, n);
	if (r != stack) {
		free(r);
	}
	return true;
}

/* Whether an ASCII domain (any case) has a label starting "xn--". */
static bool has_ace_label(const char *d, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (len - i >= 4 && (d[i] | 0x20) == 'x' && (d[i + 1] | 0x20) == 'n' && d[i + 2] == '-' && d[i + 3] == '-') {
			return true;
		}
		while (i < len && d[i] != '.') {
			i++;
		}
		i++;
	}
	return false;
}

/* An international domain in one form: UTS #46 to A-labels, then back to Unicode. */
static void put_domain(mdsync_sbuf *b, const char *d, size_t len)
{
	char stack[MDSYNC_NORM_MAX + 1], *ascii = NULL, *uni = NULL;
	size_t i;
	if ((mdsync_is_ascii(d, len) && !has_ace_label(d, len)) || len > MDSYNC_NORM_MAX) {
		sb_put_lower_ascii(b, d, len);
		return;
	}
	memcpy(stack, d, len); /* len <= MDSYNC_NORM_MAX */
	stack[len] = '\0';
	if (idn2_to_ascii_8z(stack, &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) == IDN2_OK && ascii) {
		for (i = 0; ascii[i]; i++) {
			ascii[i] = zend_tolower_ascii(ascii[i]);
		}
		if (idn2_to_unicode_8z8z(ascii, &uni, 0) == IDN2_OK && uni) {
			sb_put(b, uni, strlen(uni));
		} else {
			sb_put(b, ascii, strlen(ascii));
		}
		idn2_free(uni);
		idn2_free(ascii);
		return;
	}
	idn2_free(ascii);
	/* Not a domain IDNA can map (a stray character): compare it case-folded. */
	if (!put_mapped(b, d, len, u8_casefold)) {
		sb_put_lower_ascii(b, d, len);
	}
}

/* Valid UTF-8 without its invisible characters, trimmed of white space, into b. */
static void put_visible(mdsync_sbuf *b, const char *s, size_t len)
{
	const uint8_t *p, *end;
	ucs4_t c;
	int n;
	trim_unicode(&s, &len);
	p = (const uint8_t *) s;
	end = p + len;
	sb_reserve(b, len);
	while (p < end && (n = u8_mbtouc(&c, p, (size_t) (end - p))) > 0) {
		if (!invisible(c)) {
			memcpy(b->v + b->len, p, (size_t) n);
			b->len += (size_t) n;
		}
		p += n;
	}
	b->v[b->len] = '\0';
}

/* Empties out; a text too long or not UTF-8 gets a key without Unicode work (trimmed of ASCII
 * space, ASCII lower-cased): true when that is done. */
static bool start_key(const char *s, size_t len, mdsync_sbuf *out)
{
	out->len = 0;
	sb_reserve(out, 0);
	out->v[0] = '\0';
	if (len > MDSYNC_NORM_MAX || (!mdsync_is_ascii(s, len) && u8_check((const uint8_t *) s, len) != NULL)) {
		trim_ascii(&s, &len);
		sb_put_lower_ascii(out, s, len);
		return true;
	}
	return false;
}

void mdsync_norm_email(const char *s, size_t len, mdsync_sbuf *out)
{
	mdsync_sbuf vis = { 0 };
	const char *at;
	size_t local_len, start;

	if (start_key(s, len, out)) {
		return;
	}
	if (mdsync_is_ascii(s, len)) {
		trim_ascii(&s, &len);
		at = zend_memrchr(s, '@', len);
		if (!at || !has_ace_label(at + 1, len - (size_t) (at + 1 - s))) {
			sb_put_lower_ascii(out, s, len); /* the common case: no Unicode work at all */
			return;
		}
	} else {
		put_visible(&vis, s, len);
		s = vis.v;
		len = vis.len;
	}
	at = len ? zend_memrchr(s, '@', len) : NULL;
	local_len = at ? (size_t) (at - s) : len;
	start = out->len;
	if (!put_mapped(out, s, local_len, u8_casefold)) {
		out->len = start;
		sb_put_lower_ascii(out, s, local_len);
	}
	if (at) {
		sb_put(out, "@", 1);
		put_domain(out, at + 1, len - local_len - 1);
	}
	mdsync_sbuf_free(&vis);
}

void mdsync_norm_username(const char *s, size_t len, mdsync_sbuf *out)
{
	if (start_key(s, len, out)) {
		return;
	}
	if (mdsync_is_ascii(s, len)) {
		trim_ascii(&s, &len);
		sb_put_lower_ascii(out, s, len);
		return;
	}
	trim_unicode(&s, &len);
	if (!put_mapped(out, s, len, u8_tolower)) {
		out->len = 0;
		sb_put_lower_ascii(out, s, len);
	}
}

/* {{{ what Moodle accepts */

/* PHP's trim() (" \t\n\r\0\x0B"): what mdsync's apply does before sending. */
static void php_trim(const char **s, size_t *len)
{
	static const char set[] = " \t\n\r\v";
	while (*len > 0 && ((*s)[0] == '\0' || strchr(set, (*s)[0]))) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == '\0' || strchr(set, (*s)[*len - 1]))) {
		(*len)--;
	}
}

/* Characters, counted as MySQL and PostgreSQL count them for a varchar(100). */
static size_t chars(const char *s, size_t len)
{
	if (u8_check((const uint8_t *) s, len) != NULL) {
		return len;
	}
	return u8_mbsnlen((const uint8_t *) s, len);
}

/* RFC 5322 atext, as FILTER_VALIDATE_EMAIL lists it (case-insensitively). */
static bool atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The local part: dot-separated atoms or quoted strings. Returns its end, or NULL. */
static const char *email_local(const char *p, const char *end)
{
	for (;;) {
		if (p < end && *p == '"') {
			p++;
			while (p < end && *p != '"') {
				unsigned char c = (unsigned char) *p;
				if (c == '\\') {
					if (p + 1 >= end || (unsigned char) p[1] >= 0x80) {
						return NULL;
					}
					p += 2;
					continue;
				}
				if (c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' || c >= 0x80) {
					return NULL;
				}
				p++;
			}
			if (p >= end) {
				return NULL;
			}
			p++;
		} else {
			const char *a = p;
			while (p < end && atext((unsigned char) *p)) {
				p++;
			}
			if (p == a) {
				return NULL;
			}
		}
		if (p < end && *p == '.') {
			p++;
			continue;
		}
		return p;
	}
}

/* A host name as FILTER_VALIDATE_EMAIL takes it: at least two labels of letters and digits
 * joined by hyphens, none over 63 characters, the last starting with a letter (or xn--). */
static bool email_host(const char *p, const char *end)
{
	size_t labels = 0;
	while (p < end) {
		const char *a = p;
		while (p < end && *p != '.') {
			if (!alnum((unsigned char) *p) && *p != '-') {
				return false;
			}
			p++;
		}
		if (p == a || p - a > 63 || *a == '-' || p[-1] == '-') {
			return false;
		}
		labels++;
		if (p == end) {
			bool ace = p - a > 4 && (a[0] | 0x20) == 'x' && (a[1] | 0x20) == 'n' && a[2] == '-' && a[3] == '-';
			return labels >= 2 && labels <= 127 && (ace || ((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z'));
		}
		p++; /* the dot */
		if (p == end) {
			return false;
		}
	}
	return false;
}

static bool email_literal(const char *p, const char *end)
{
	char buf[64];
	unsigned char addr[16];
	size_t n = (size_t) (end - p);
	if (n < 3 || *p != '[' || end[-1] != ']' || n - 2 >= sizeof(buf)) {
		return false;
	}
	memcpy(buf, p + 1, n - 2);
	buf[n - 2] = '\0';
	if (strncasecmp(buf, "IPv6:", 5) == 0) {
		return inet_pton(AF_INET6, buf + 5, addr) == 1;
	}
	return inet_pton(AF_INET, buf, addr) == 1;
}

const char *mdsync_moodle_email_problem(const char *s, size_t len)
{
	const char *end, *at;
	php_trim(&s, &len);
	end = s + len;
	if (len == 0) {
		return "is empty";
	}
	if (chars(s, len) > 100) {
		return "is longer than the 100 characters Moodle keeps";
	}
	if (!mdsync_is_ascii(s, len)) {
		return "has characters outside ASCII, which Moodle refuses in an email (an international domain must be written as xn-- labels)";
	}
	if (memchr(s, '\n', len) || memchr(s, '\r', len) || memchr(s, '<', len) || memchr(s, '>', len)) {
		return "has a line break or an angle bracket";
	}
	at = email_local(s, end);
	if (!at || at >= end || *at != '@') {
		return "is not an email address Moodle accepts (the part before the @)";
	}
	if (at - s > 64) {
		return "has more than 64 characters before the @";
	}
	if (!email_host(at + 1, end) && !email_literal(at + 1, end)) {
		return "is not an email address Moodle accepts (the domain)";
	}
	return NULL;
}

const char *mdsync_moodle_username_problem(const char *s, size_t len, bool extended, uint32_t *bad)
{
	size_t i;
	php_trim(&s, &len);
	if (len == 0) {
		return "is empty";
	}
	if (chars(s, len) > 100) {
		return "is longer than the 100 characters Moodle keeps";
	}
	if (len == 5 && strncasecmp(s, "guest", 5) == 0) {
		return "is reserved: every Moodle site has its guest user under that name";
	}
	if (extended) {
		return NULL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) zend_tolower_ascii(s[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '@')) {
			if (bad) {
				ucs4_t uc = c;
				if (c >= 0x80 && u8_mbtouc(&uc, (const uint8_t *) s + i, len - i) <= 0) {
					uc = 0xFFFD;
				}
				*bad = (uint32_t) uc;
			}
			return "has a character Moodle refuses in a username (it allows a-z, 0-9, - . _ and @)";
		}
	}
	return NULL;
}

const char *mdsync_moodle_name_problem(const char *s, size_t len)
{
	php_trim(&s, &len);
	if (len == 0) {
		return "is empty";
	}
	if (chars(s, len) > 100) {
		return "is longer than the 100 characters Moodle keeps";
	}
	return NULL;
}
/* }}} */

bool mdsync_glob(const char *pat, size_t plen, const char *s, size_t len)
{
	size_t p = 0, i = 0, star_p = (size_t) -1, star_i = 0;
	while (i < len) {
		if (p < plen && pat[p] == '*') {
			star_p = ++p;
			star_i = i;
		} else if (p < plen && (pat[p] == '?' || pat[p] == s[i])) {
			if (pat[p] == '?') {
				/* one code point: skip its continuation bytes */
				i++;
				while (i < len && ((unsigned char) s[i] & 0xC0) == 0x80) {
					i++;
				}
				p++;
				continue;
			}
			p++;
			i++;
		} else if (star_p != (size_t) -1) {
			p = star_p;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (p < plen && pat[p] == '*') {
		p++;
	}
	return p == plen;
}
