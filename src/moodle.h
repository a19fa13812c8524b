/* mdsync Moodle web services client (REST protocol, JSON format): form encoding, the call,
 * Moodle's exceptions. No PHP values. */
#ifndef MDSYNC_MOODLE_H
#define MDSYNC_MOODLE_H

#include "http.h"
#include "error.h"
#include <json-c/json.h>

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

/* POSTs wsfunction with params to /webservice/rest/server.php. On success *out holds the
 * decoded answer (json_object_put it; NULL is JSON null). Moodle's {"exception","errorcode",
 * "message"} becomes an MDSYNC_E_MOODLE error with the errorcode. */
bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const mdsync_form_field *params, size_t n_params, json_object **out, mdsync_error *err);

#endif
