/* mdsync fuzz harness: any X-Mdsync-Signature header through mdsync_verify_header (src/sign.c),
 * with an oracle: a header is accepted only if it carries the HMAC of its own timestamp, within
 * the tolerance; a fresh signature is always accepted, a stale or altered one never. */
#include "src/sign.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Input: now (8 bytes, little-endian), tolerance (2), secret length (1), header length (2),
 * then the secret, the header and, the rest, the body. */
static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;
	for (i = n - 1; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether the header has an item "v1=<hex>" (spaces around it allowed, hex in either case). */
static bool has_v1(const char *h, size_t len, const char *hex)
{
	size_t i = 0;
	while (i <= len) {
		size_t end = i, a, b, k;
		while (end < len && h[end] != ',') {
			end++;
		}
		for (a = i; a < end && h[a] == ' '; a++) {
		}
		for (b = end; b > a && h[b - 1] == ' '; b--) {
		}
		if (b - a == 67 && memcmp(h + a, "v1=", 3) == 0) {
			for (k = 0; k < 64 && lower((unsigned char) h[a + 3 + k]) == hex[k]; k++) {
			}
			if (k == 64) {
				return true;
			}
		}
		i = end + 1;
	}
	return false;
}

/* The first "t=" item's value, as the verifier reads it; false if there is none or it is not digits. */
static bool first_t(const char *h, size_t len, int64_t *t)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i, a;
		while (end < len && h[end] != ',') {
			end++;
		}
		for (a = i; a < end && h[a] == ' '; a++) {
		}
		if (end - a > 2 && h[a] == 't' && h[a + 1] == '=') {
			uint64_t v = 0;
			size_t k;
			for (k = a + 2; k < end && h[k] != ' '; k++) {
				if (h[k] < '0' || h[k] > '9' || v > (uint64_t) (INT64_MAX - (h[k] - '0')) / 10) {
					return false;
				}
				v = v * 10 + (uint64_t) (h[k] - '0');
			}
			*t = (int64_t) v;
			return k > a + 2;
		}
		i = end + 1;
	}
	return false;
}

static uint64_t distance(int64_t a, int64_t b)
{
	return a >= b ? (uint64_t) a - (uint64_t) b : (uint64_t) b - (uint64_t) a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t now, t;
	int64_t tol;
	size_t slen, hlen, blen;
	const char *secret, *header, *body;
	char sig[MDSYNC_SIGNATURE_MAX], sig2[MDSYNC_SIGNATURE_MAX + 80];

	if (size < 13) {
		return 0;
	}
	now = (int64_t) le(data, 8);
	tol = (int64_t) le(data + 8, 2) - 8; /* a few negative ones too: they accept nothing */
	slen = 1 + data[10] % 40;
	hlen = (size_t) le(data + 11, 2);
	data += 13;
	size -= 13;
	if (slen > size) {
		slen = size;
	}
	if (slen == 0) {
		return 0;
	}
	secret = (const char *) data;
	if (hlen > size - slen) {
		hlen = size - slen;
	}
	header = secret + slen;
	body = header + hlen;
	blen = size - slen - hlen;

	/* 1. Whatever the header, an acceptance is earned: its t is near now and its v1 is the MAC. */
	if (mdsync_verify_header(body, blen, header, hlen, secret, slen, tol, now)) {
		if (tol < 0 || !first_t(header, hlen, &t) || distance(now, t) > (uint64_t) tol) {
			__builtin_trap();
		}
		mdsync_sign_header(body, blen, secret, slen, t, sig);
		if (!has_v1(header, hlen, strstr(sig, ",v1=") + 4)) {
			__builtin_trap();
		}
	}

	/* 2. A signature made now is accepted now, among other entries and spaces; altered, it is not. */
	t = now < 0 ? -(now + 1) : now; /* a Unix time is not negative */
	mdsync_sign_header(body, blen, secret, slen, t, sig);
	if (tol >= 0) {
		if (!mdsync_verify_header(body, blen, sig, strlen(sig), secret, slen, tol, t)) {
			__builtin_trap();
		}
		snprintf(sig2, sizeof(sig2), " v1=%064d , %s ", 0, sig);
		if (!mdsync_verify_header(body, blen, sig2, strlen(sig2), secret, slen, tol, t)) {
			__builtin_trap();
		}
		if (blen > 0 && mdsync_verify_header(body, blen - 1, sig, strlen(sig), secret, slen, tol, t)) {
			__builtin_trap(); /* the body cut by a byte */
		}
		if (t <= INT64_MAX - tol - 1 && mdsync_verify_header(body, blen, sig, strlen(sig), secret, slen, tol, t + tol + 1)) {
			__builtin_trap(); /* stale */
		}
		if (t >= tol + 1 && mdsync_verify_header(body, blen, sig, strlen(sig), secret, slen, tol, t - tol - 1)) {
			__builtin_trap(); /* from the future */
		}
	} else if (mdsync_verify_header(body, blen, sig, strlen(sig), secret, slen, tol, t)) {
		__builtin_trap();
	}
	return 0;
}
