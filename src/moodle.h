/* mdsync Moodle web services client (REST protocol, JSON format): form encoding, the call,
 * Moodle's exceptions. No PHP values. */
#ifndef MDSYNC_MOODLE_H
#define MDSYNC_MOODLE_H

#include "http.h"
#include "error.h"

typedef struct {
	const char *base_url;   /* the site's wwwroot */
	const char *token;      /* secret: only ever in the POST body */
} mdsync_moodle_config;

/* One form parameter: name as PHP's parser reads it ("users[0][customfields][0][type]"),
 * value as text. Both are percent-encoded here (the name's brackets kept). */
typedef struct {
	const char *name;
	size_t name_len;
	const char *value;
	size_t value_len;
} mdsync_form_field;

/* POSTs wsfunction with params to /webservice/rest/server.php. On success *out holds Moodle's
 * answer, validated JSON text (*out_len bytes, emalloc'd: the caller frees it). Moodle's
 * {"exception","errorcode","message"} becomes an MDSYNC_E_MOODLE error with the errorcode; an
 * empty body or one that is not JSON, an MDSYNC_E_PROTOCOL error. */
bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const mdsync_form_field *params, size_t n_params, char **out, size_t *out_len, mdsync_error *err);

#endif
