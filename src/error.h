/* mdsync: an error as the layers below the PHP face report it. The face turns
 * it into the matching Mdsync\ exception; nothing below the face throws. */
#ifndef MDSYNC_ERROR_H
#define MDSYNC_ERROR_H

#include <stdarg.h>

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

typedef struct {
	mdsync_error_kind kind;
	long status;          /* HTTP status, for MDSYNC_E_HTTP */
	char url[512];        /* redacted: never credentials */
	char code[128];       /* Moodle's errorcode, for MDSYNC_E_MOODLE */
	char message[768];
} mdsync_error;

#if defined(__GNUC__)
# define MDSYNC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define MDSYNC_PRINTF(f, a)
#endif

/* Sets kind and message (only if no error was recorded yet: the first cause wins). */
void mdsync_error_set(mdsync_error *err, mdsync_error_kind kind, const char *fmt, ...) MDSYNC_PRINTF(3, 4);

struct mdsync_http_req;
/* Fills err from a finished, failed request: HTTP status, connection failure or size cap.
 * peer names the other side ("Django", "Moodle"); secret, if any, never shows. */
void mdsync_error_from_req(mdsync_error *err, const struct mdsync_http_req *r, const char *peer, const char *secret);

/* Wipes a NUL-terminated secret and frees it (emalloc'd). NULL is fine. */
void mdsync_secret_free(char *s);

#endif
