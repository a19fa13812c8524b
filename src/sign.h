/* mdsync signer: X-Mdsync-Signature = "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>". */
#ifndef MDSYNC_SIGN_H
#define MDSYNC_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "t=" + 20 digits + ",v1=" + 64 hex + NUL */
#define MDSYNC_SIGNATURE_MAX 96

void mdsync_sign_header(const char *body, size_t body_len, const char *secret, size_t secret_len,
	int64_t t, char out[MDSYNC_SIGNATURE_MAX]);
/* Constant-time in the signature; false for a malformed header, a timestamp further than
 * tolerance_s from now (a negative tolerance accepts nothing), or no matching v1. Defined for
 * every input (tests/fuzz: fuzz/signature_header.c). */
bool mdsync_verify_header(const char *body, size_t body_len, const char *header, size_t header_len,
	const char *secret, size_t secret_len, int64_t tolerance_s, int64_t now);

#endif
