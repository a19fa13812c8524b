/* mdsync Moodle web services client (REST protocol, JSON format). No PHP values. */
#ifndef MDSYNC_MOODLE_H
#define MDSYNC_MOODLE_H

#include "http.h"
#include "error.h"
#include <json-c/json.h>

typedef struct {
	const char *base_url;   /* the site's wwwroot */
	const char *token;      /* secret: only ever in the POST body */
} mdsync_moodle_config;

/* POSTs wsfunction with the form-encoded params (already encoded, without the token) to
 * /webservice/rest/server.php. On success *out holds the decoded answer (json_object_put
 * it; NULL is JSON null). Moodle's {"exception","errorcode","message"} becomes an
 * MDSYNC_E_MOODLE error with the errorcode. */
bool mdsync_moodle_call(const mdsync_moodle_config *mc, const mdsync_http_config *hc, const char *wsfunction,
	const char *params, size_t params_len, json_object **out, mdsync_error *err);

#endif
