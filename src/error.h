/* mdsync: an error as the layers below the PHP face report it, and the redaction of secrets
 * from every string that leaves mdsync. The face turns an error into the matching Mdsync\
 * exception; nothing below the face throws. */
#ifndef MDSYNC_ERROR_H
#define MDSYNC_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
	MDSYNC_OK = 0,
	MDSYNC_E_GENERAL,    /* Mdsync\Exception: a refusal (e.g. zero users) */
	MDSYNC_E_HTTP,       /* Mdsync\HttpException: the peer answered with a failure status */
	MDSYNC_E_CONNECTION, /* Mdsync\ConnectionException: no answer */
	MDSYNC_E_PROTOCOL,   /* Mdsync\ProtocolException: an answer that breaks the API's promise */
	MDSYNC_E_MOODLE,     /* Mdsync\MoodleException: Moodle's web service reported an exception */
	MDSYNC_E_CONFIG,     /* Mdsync\ConfigException: the configuration does not fit the peer (a field_map
	                      * field no user has) */
} mdsync_error_kind;

/* {{{ secrets and their redaction */
#define MDSYNC_SECRETS_MAX 6
/* What replaces a secret in a string mdsync returns or throws. */
#define MDSYNC_REDACTED "[redacted]"

/* The secrets of one call (borrowed: the Django token, the Moodle token, the signing secret). */
typedef struct {
	const char *v[MDSYNC_SECRETS_MAX];
	size_t len[MDSYNC_SECRETS_MAX];
	int n;
} mdsync_secrets;

/* Adds a secret (NULL, empty and repeated ones are ignored). */
void mdsync_secrets_add(mdsync_secrets *s, const char *secret);

/* Every secret in text[0, len) replaced by MDSYNC_REDACTED: as it is, percent-encoded (either
 * case), form-encoded ('+' for a space) or JSON-escaped, and with control characters inside it.
 * Returns NULL when there is nothing to redact (s may be NULL), else an emalloc'd,
 * NUL-terminated copy (its length in *out_len). */
char *mdsync_redact(const mdsync_secrets *s, const char *text, size_t len, size_t *out_len);
/* The same, in place in a NUL-terminated buffer of cap bytes (cut to fit, never mid-secret:
 * the whole text is redacted before it is cut). */
void mdsync_redact_buf(const mdsync_secrets *s, char *buf, size_t cap);
/* }}} */

typedef struct {
	mdsync_error_kind kind;
	long status;          /* HTTP status, for MDSYNC_E_HTTP */
	char url[512];        /* redacted: never credentials */
	char code[128];       /* Moodle's errorcode, for MDSYNC_E_MOODLE */
	char message[768];
	const mdsync_secrets *secrets; /* redacted from message, url and code; may be NULL */
} mdsync_error;

#if defined(__GNUC__)
# define MDSYNC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define MDSYNC_PRINTF(f, a)
#endif

/* An empty error whose strings will be redacted of secrets (may be NULL). */
void mdsync_error_init(mdsync_error *err, const mdsync_secrets *secrets);

/* Sets kind and message (only if no error was recorded yet: the first cause wins). The whole
 * message is redacted of err->secrets before it is cut to fit. */
void mdsync_error_set(mdsync_error *err, mdsync_error_kind kind, const char *fmt, ...) MDSYNC_PRINTF(3, 4);
/* Sets err->url (only if none is set yet) from url: without credentials, redacted. */
void mdsync_error_set_url(mdsync_error *err, const char *url);
/* Sets err->code (Moodle's errorcode), redacted. */
void mdsync_error_set_code(mdsync_error *err, const char *code, size_t len);

struct mdsync_http_req;
/* Fills err from a finished, failed request: HTTP status, connection failure or size cap.
 * peer names the other side ("Django", "Moodle"). The request's secrets (its engine's), err's
 * and secret, if any, never show. */
void mdsync_error_from_req(mdsync_error *err, const struct mdsync_http_req *r, const char *peer, const char *secret);
/* Sets err for a request that could not be built: a header refused (a control character in it)
 * or no memory. */
void mdsync_error_build(mdsync_error *err, const struct mdsync_http_req *r);

/* Wipes a NUL-terminated secret and frees it (emalloc'd). NULL is fine. */
void mdsync_secret_free(char *s);

#endif
