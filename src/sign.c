/* mdsync signer: HMAC-SHA256 (RFC 2104) over PHP's own SHA-256. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
#include "sign.h"
#include <inttypes.h>

#define BLOCK 64

static void hmac_sha256(const char *key, size_t key_len, const char *prefix, size_t prefix_len,
	const char *body, size_t body_len, unsigned char out[32])
{
	unsigned char k[BLOCK], pad[BLOCK], inner[32];
	PHP_SHA256_CTX ctx;
	size_t i;

	memset(k, 0, sizeof(k));
	if (key_len > BLOCK) {
		PHP_SHA256Init(&ctx);
		PHP_SHA256Update(&ctx, (const unsigned char *) key, key_len);
		PHP_SHA256Final(k, &ctx);
	} else {
		memcpy(k, key, key_len);
	}
	for (i = 0; i < BLOCK; i++) {
		pad[i] = k[i] ^ 0x36;
	}
	PHP_SHA256Init(&ctx);
	PHP_SHA256Update(&ctx, pad, BLOCK);
	PHP_SHA256Update(&ctx, (const unsigned char *) prefix, prefix_len);
	PHP_SHA256Update(&ctx, (const unsigned char *) body, body_len);
	PHP_SHA256Final(inner, &ctx);
	for (i = 0; i < BLOCK; i++) {
		pad[i] = k[i] ^ 0x5c;
	}
	PHP_SHA256Init(&ctx);
	PHP_SHA256Update(&ctx, pad, BLOCK);
	PHP_SHA256Update(&ctx, inner, sizeof(inner));
	PHP_SHA256Final(out, &ctx);
	explicit_bzero(k, sizeof(k));
	explicit_bzero(pad, sizeof(pad));
	explicit_bzero(&ctx, sizeof(ctx));
}

static void v1_hex(const char *body, size_t body_len, const char *secret, size_t secret_len, int64_t t, char hex[65])
{
	char prefix[32];
	unsigned char mac[32];
	int n = snprintf(prefix, sizeof(prefix), "%" PRId64 ".", t);
	hmac_sha256(secret, secret_len, prefix, (size_t) n, body, body_len, mac);
	php_hash_bin2hex(hex, mac, sizeof(mac));
	hex[64] = '\0';
}

void mdsync_sign_header(const char *body, size_t body_len, const char *secret, size_t secret_len,
	int64_t t, char out[MDSYNC_SIGNATURE_MAX])
{
	char hex[65];
	v1_hex(body, body_len, secret, secret_len, t, hex);
	snprintf(out, MDSYNC_SIGNATURE_MAX, "t=%" PRId64 ",v1=%s", t, hex);
}

/* Compares 64 hex digits without an early exit; case-insensitive. */
static bool hex_equal(const char *expected, const char *given, size_t given_len)
{
	unsigned char diff = 0;
	size_t i;
	if (given_len != 64) {
		return false;
	}
	for (i = 0; i < 64; i++) {
		unsigned char c = (unsigned char) given[i];
		c |= (unsigned char) ((c >= 'A' && c <= 'F') ? 0x20 : 0);
		diff |= (unsigned char) (c ^ (unsigned char) expected[i]);
	}
	return diff == 0;
}

bool mdsync_verify_header(const char *body, size_t body_len, const char *header, size_t header_len,
	const char *secret, size_t secret_len, int64_t tolerance_s, int64_t now)
{
	const char *p = header, *end = header + header_len;
	int64_t t = -1;
	bool have_t = false, match = false;
	char expected[65];

	/* First pass: the timestamp. */
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t) (end - p));
		const char *item_end = comma ? comma : end;
		while (p < item_end && *p == ' ') {
			p++;
		}
		if (item_end - p > 2 && p[0] == 't' && p[1] == '=') {
			const char *q = p + 2;
			int64_t v = 0;
			if (have_t || q == item_end) {
				return false; /* two timestamps, or an empty one */
			}
			for (; q < item_end && *q != ' '; q++) {
				if (*q < '0' || *q > '9' || v > (INT64_MAX - (*q - '0')) / 10) {
					return false; /* not a number, or beyond 64 bits (INT64_MAX itself is read) */
				}
				v = v * 10 + (*q - '0');
			}
			if (q == p + 2) {
				return false; /* "t= 5": no digits */
			}
			t = v;
			have_t = true;
		}
		p = comma ? comma + 1 : end;
	}
	/* |now - t| <= tolerance_s, for any now and tolerance (no signed overflow: t >= 0) */
	if (!have_t || t < 0 || tolerance_s < 0
		|| (now >= t ? (uint64_t) now - (uint64_t) t : (uint64_t) t - (uint64_t) now) > (uint64_t) tolerance_s) {
		return false;
	}
	v1_hex(body, body_len, secret, secret_len, t, expected);

	/* Second pass: every v1 (a sender rotating secrets may send several); check them all. */
	for (p = header; p < end; ) {
		const char *comma = memchr(p, ',', (size_t) (end - p));
		const char *item_end = comma ? comma : end;
		while (p < item_end && *p == ' ') {
			p++;
		}
		while (item_end > p && item_end[-1] == ' ') {
			item_end--;
		}
		if (item_end - p > 3 && p[0] == 'v' && p[1] == '1' && p[2] == '=') {
			match |= hex_equal(expected, p + 3, (size_t) (item_end - p - 3));
		}
		p = comma ? comma + 1 : end;
	}
	explicit_bzero(expected, sizeof(expected));
	return match;
}
