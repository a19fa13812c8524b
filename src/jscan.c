/* mdsync JSON scanner: RFC 8259 grammar, UTF-8 and escapes checked byte by byte, tokens without a tree. */
#include <string.h>
#include <stdio.h>
#include "jscan.h"

enum {
	ST_VALUE = 0,     /* a value (top level, after ':' or after ',' in an array) */
	ST_ARRAY_FIRST,   /* after '[': a value or ']' */
	ST_OBJECT_FIRST,  /* after '{': a member name or '}' */
	ST_KEY,           /* after ',' in an object: a member name */
	ST_COLON,         /* after a member name */
	ST_AFTER,         /* after a value */
	ST_DONE,
	ST_FAILED,
};

void mdsync_jscan_init(mdsync_jscan *s, const char *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->len = buf ? len : 0;
	s->state = ST_VALUE;
}

static mdsync_jtok fail(mdsync_jscan *s, size_t at, const char *what)
{
	snprintf(s->error, sizeof(s->error), "%s at byte %zu", what, at);
	s->state = ST_FAILED;
	return MDSYNC_JT_ERROR;
}

/* An unexpected byte, named so that a person can find it. */
static mdsync_jtok unexpected(mdsync_jscan *s, size_t at, const char *wanted)
{
	unsigned char c = (unsigned char) s->buf[at];
	if (c == 0) {
		snprintf(s->error, sizeof(s->error), "a raw NUL byte at byte %zu (%s)", at, wanted);
	} else if (c < 0x20 || c >= 0x7f) {
		snprintf(s->error, sizeof(s->error), "unexpected byte 0x%02x at byte %zu (%s)", c, at, wanted);
	} else {
		snprintf(s->error, sizeof(s->error), "unexpected '%c' at byte %zu (%s)", c, at, wanted);
	}
	s->state = ST_FAILED;
	return MDSYNC_JT_ERROR;
}

static inline bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_letter(unsigned char c)
{
	c |= 0x20;
	return c >= 'a' && c <= 'z';
}

static inline int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Four hex digits at p (bounds checked by the caller), or -1. */
static inline long hex4(const unsigned char *p)
{
	int a = hex_value(p[0]), b = hex_value(p[1]), c = hex_value(p[2]), d = hex_value(p[3]);
	if ((a | b | c | d) < 0) {
		return -1;
	}
	return (long) ((a << 12) | (b << 8) | (c << 4) | d);
}

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* A mask with the high bit set in each of 8 bytes that needs a closer look: below 0x20, from
 * 0x80, '"' or '\\'. Borrows can only mark bytes above a marked one, so the lowest mark is exact. */
static inline uint64_t special8(const unsigned char *p)
{
	uint64_t x, q, b;
	memcpy(&x, p, 8);
	q = x ^ (ONES * '"');
	b = x ^ (ONES * '\\');
	return (x | ((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
}

static inline bool plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Length of a valid UTF-8 sequence at p (n bytes available; lead >= 0x80), or 0
 * (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0) {
			lo = 0xa0;
		} else if (c == 0xed) {
			hi = 0x9f;
		}
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0) {
			lo = 0x90;
		} else if (c == 0xf4) {
			hi = 0x8f;
		}
	} else {
		return 0;
	}
	if (n < need || p[1] < lo || p[1] > hi) {
		return 0;
	}
	for (i = 2; i < need; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf) {
			return 0;
		}
	}
	return need;
}

/* A string from the opening quote at s->pos; sets str, str_len and flags. */
static bool scan_string(mdsync_jscan *s)
{
	const unsigned char *b = (const unsigned char *) s->buf;
	size_t p = s->pos + 1, n = s->len;
	unsigned flags = 0;

	for (;;) {
		unsigned char c;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* eight bytes at a time to the first one that needs a look */
		while (p + 8 <= n) {
			uint64_t m = special8(b + p);
			if (m) {
				p += (size_t) __builtin_ctzll(m) >> 3;
				goto look;
			}
			p += 8;
		}
#endif
		while (p < n && plain_byte(b[p])) {
			p++;
		}
		if (p >= n) {
			fail(s, s->pos, "the body ends inside the string that starts");
			return false;
		}
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
look:
#endif
		c = b[p];
		if (c == '"') {
			break;
		}
		if (c == '\\') {
			long u, lo;
			if (p + 1 >= n) {
				fail(s, p, "the body ends inside an escape");
				return false;
			}
			flags |= MDSYNC_JF_ESCAPED;
			switch (b[p + 1]) {
				case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
					p += 2;
					continue;
				case 'u':
					break;
				default:
					fail(s, p, "an invalid escape");
					return false;
			}
			if (p + 6 > n || (u = hex4(b + p + 2)) < 0) {
				fail(s, p, "an invalid \\u escape");
				return false;
			}
			if (u == 0) {
				flags |= MDSYNC_JF_NUL;
			}
			if (u >= 0xdc00 && u <= 0xdfff) {
				fail(s, p, "an unpaired UTF-16 surrogate");
				return false;
			}
			if (u >= 0xd800 && u <= 0xdbff) {
				if (p + 12 > n || b[p + 6] != '\\' || b[p + 7] != 'u' || (lo = hex4(b + p + 8)) < 0xdc00 || lo > 0xdfff) {
					fail(s, p, "an unpaired UTF-16 surrogate");
					return false;
				}
				p += 12;
				continue;
			}
			p += 6;
			continue;
		}
		if (c < 0x20) {
			if (c == 0) {
				fail(s, p, "a raw NUL byte inside a string");
			} else {
				char what[64];
				snprintf(what, sizeof(what), "an unescaped control character (0x%02x) inside a string", c);
				fail(s, p, what);
			}
			return false;
		}
		{
			size_t k = utf8_seq(b + p, n - p);
			if (!k) {
				fail(s, p, "invalid UTF-8");
				return false;
			}
			p += k;
		}
	}
	s->str = s->buf + s->pos + 1;
	s->str_len = p - s->pos - 1;
	s->flags = flags;
	s->pos = p + 1;
	return true;
}

static bool scan_number(mdsync_jscan *s)
{
	const unsigned char *b = (const unsigned char *) s->buf;
	size_t p = s->pos, n = s->len;
	unsigned flags = MDSYNC_JF_INT;

	if (b[p] == '-') {
		p++;
	}
	if (p < n && b[p] == '0') {
		p++;
	} else if (p < n && b[p] >= '1' && b[p] <= '9') {
		while (p < n && is_digit(b[p])) {
			p++;
		}
	} else {
		fail(s, s->pos, "an invalid number");
		return false;
	}
	if (p < n && b[p] == '.') {
		flags = 0;
		if (++p >= n || !is_digit(b[p])) {
			fail(s, s->pos, "an invalid number (no digit after '.')");
			return false;
		}
		while (p < n && is_digit(b[p])) {
			p++;
		}
	}
	if (p < n && (b[p] == 'e' || b[p] == 'E')) {
		flags = 0;
		if (++p < n && (b[p] == '+' || b[p] == '-')) {
			p++;
		}
		if (p >= n || !is_digit(b[p])) {
			fail(s, s->pos, "an invalid number (no digit in the exponent)");
			return false;
		}
		while (p < n && is_digit(b[p])) {
			p++;
		}
	}
	if (p < n && (is_digit(b[p]) || b[p] == '.' || b[p] == '+' || b[p] == '-' || is_letter(b[p]))) {
		fail(s, s->pos, "an invalid number");
		return false;
	}
	s->str = s->buf + s->pos;
	s->str_len = p - s->pos;
	s->flags = flags;
	s->pos = p;
	return true;
}

static mdsync_jtok literal(mdsync_jscan *s, const char *lit, size_t len, mdsync_jtok tok)
{
	size_t p = s->pos;
	if (s->len - p < len || memcmp(s->buf + p, lit, len) != 0
		|| (s->len - p > len && is_letter((unsigned char) s->buf[p + len]))) {
		return unexpected(s, p, "not a JSON value");
	}
	s->pos = p + len;
	s->state = ST_AFTER;
	return tok;
}

static mdsync_jtok open_container(mdsync_jscan *s, bool object)
{
	if (s->depth >= MDSYNC_JSON_MAX_DEPTH) {
		return fail(s, s->pos, "nesting deeper than 64 levels");
	}
	if (object) {
		s->objects |= (uint64_t) 1 << s->depth;
	} else {
		s->objects &= ~((uint64_t) 1 << s->depth);
	}
	s->depth++;
	s->pos++;
	s->state = object ? ST_OBJECT_FIRST : ST_ARRAY_FIRST;
	return object ? MDSYNC_JT_OBJECT : MDSYNC_JT_ARRAY;
}

static mdsync_jtok close_container(mdsync_jscan *s)
{
	bool object = (s->objects >> (s->depth - 1)) & 1;
	s->depth--;
	s->pos++;
	s->state = ST_AFTER;
	return object ? MDSYNC_JT_OBJECT_END : MDSYNC_JT_ARRAY_END;
}

static mdsync_jtok value(mdsync_jscan *s)
{
	unsigned char c = (unsigned char) s->buf[s->pos];
	switch (c) {
		case '{':
			return open_container(s, true);
		case '[':
			return open_container(s, false);
		case '"':
			if (!scan_string(s)) {
				return MDSYNC_JT_ERROR;
			}
			s->state = ST_AFTER;
			return MDSYNC_JT_STRING;
		case 't':
			return literal(s, "true", 4, MDSYNC_JT_TRUE);
		case 'f':
			return literal(s, "false", 5, MDSYNC_JT_FALSE);
		case 'n':
			return literal(s, "null", 4, MDSYNC_JT_NULL);
		default:
			if (c == '-' || is_digit(c)) {
				if (!scan_number(s)) {
					return MDSYNC_JT_ERROR;
				}
				s->state = ST_AFTER;
				return MDSYNC_JT_NUMBER;
			}
			return unexpected(s, s->pos, "not a JSON value");
	}
}

mdsync_jtok mdsync_jscan_next(mdsync_jscan *s)
{
	for (;;) {
		bool in_object;
		unsigned char c;

		if (s->state == ST_FAILED) {
			return MDSYNC_JT_ERROR;
		}
		if (s->state == ST_DONE) {
			return MDSYNC_JT_END;
		}
		while (s->pos < s->len && is_ws((unsigned char) s->buf[s->pos])) {
			s->pos++;
		}
		s->at = s->pos;
		if (s->pos >= s->len) {
			if (s->state == ST_AFTER && s->depth == 0) {
				s->state = ST_DONE;
				return MDSYNC_JT_END;
			}
			if (s->len == 0) {
				return fail(s, 0, "an empty body");
			}
			return fail(s, s->pos, s->depth == 0 && s->state == ST_VALUE ? "no JSON value (only white space)"
				: "the body ends inside a value (truncated)");
		}
		c = (unsigned char) s->buf[s->pos];
		in_object = s->depth > 0 && ((s->objects >> (s->depth - 1)) & 1);
		switch (s->state) {
			case ST_VALUE:
				return value(s);
			case ST_ARRAY_FIRST:
				return c == ']' ? close_container(s) : value(s);
			case ST_OBJECT_FIRST:
			case ST_KEY:
				if (c == '}' && s->state == ST_OBJECT_FIRST) {
					return close_container(s);
				}
				if (c != '"') {
					return unexpected(s, s->pos, s->state == ST_KEY ? "expected a member name" : "expected a member name or '}'");
				}
				if (!scan_string(s)) {
					return MDSYNC_JT_ERROR;
				}
				s->state = ST_COLON;
				return MDSYNC_JT_KEY;
			case ST_COLON:
				if (c != ':') {
					return unexpected(s, s->pos, "expected ':' after a member name");
				}
				s->pos++;
				s->state = ST_VALUE;
				continue;
			case ST_AFTER:
				if (s->depth == 0) {
					return unexpected(s, s->pos, "data after the JSON value");
				}
				if (c == ',') {
					s->pos++;
					s->state = in_object ? ST_KEY : ST_VALUE;
					continue;
				}
				if (c == (in_object ? '}' : ']')) {
					return close_container(s);
				}
				return unexpected(s, s->pos, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
			default:
				return fail(s, s->pos, "scanner state lost");
		}
	}
}

bool mdsync_jscan_skip(mdsync_jscan *s, mdsync_jtok opened)
{
	unsigned target;
	if (opened != MDSYNC_JT_OBJECT && opened != MDSYNC_JT_ARRAY) {
		return opened != MDSYNC_JT_ERROR;
	}
	target = s->depth - 1;
	for (;;) {
		mdsync_jtok t = mdsync_jscan_next(s);
		if (t == MDSYNC_JT_ERROR || t == MDSYNC_JT_END) {
			return t != MDSYNC_JT_ERROR && s->depth == target;
		}
		if ((t == MDSYNC_JT_OBJECT_END || t == MDSYNC_JT_ARRAY_END) && s->depth == target) {
			return true;
		}
	}
}

static size_t put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char) (0xc0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char) (0xe0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char) (0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char) (0xf0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char) (0x80 | (cp & 0x3f));
	return 4;
}

size_t mdsync_json_unescape(const char *str, size_t str_len, char *out)
{
	const unsigned char *p = (const unsigned char *) str, *end = p + str_len;
	size_t o = 0;
	while (p < end) {
		const unsigned char *bs = memchr(p, '\\', (size_t) (end - p));
		size_t run = bs ? (size_t) (bs - p) : (size_t) (end - p);
		memmove(out + o, p, run);
		o += run;
		p += run;
		if (p >= end) {
			break;
		}
		/* validated by the scanner: a complete escape follows */
		switch (p[1]) {
			case 'b': out[o++] = '\b'; p += 2; break;
			case 'f': out[o++] = '\f'; p += 2; break;
			case 'n': out[o++] = '\n'; p += 2; break;
			case 'r': out[o++] = '\r'; p += 2; break;
			case 't': out[o++] = '\t'; p += 2; break;
			case 'u': {
				unsigned long cp = (unsigned long) hex4(p + 2);
				p += 6;
				if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6) {
					unsigned long lo = (unsigned long) hex4(p + 2);
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
				o += put_utf8(out + o, cp);
				break;
			}
			default: out[o++] = (char) p[1]; p += 2; break; /* " \ / */
		}
	}
	return o;
}

bool mdsync_jscan_str_is(const mdsync_jscan *s, const char *lit, size_t lit_len)
{
	char tmp[256];
	if (!(s->flags & MDSYNC_JF_ESCAPED)) {
		return s->str_len == lit_len && memcmp(s->str, lit, lit_len) == 0;
	}
	/* an escape is at least two bytes for one, at most six: too long a string cannot match */
	if (s->str_len > sizeof(tmp) || s->str_len > 6 * lit_len) {
		return false;
	}
	return mdsync_json_unescape(s->str, s->str_len, tmp) == lit_len && memcmp(tmp, lit, lit_len) == 0;
}
