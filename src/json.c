/* mdsync JSON layer over json-c. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "json.h"
#include <inttypes.h>

bool mdsync_json_parse(const char *buf, size_t len, json_object **out, char *why, size_t why_len)
{
	struct json_tokener *tok;
	json_object *obj;
	enum json_tokener_error jerr;
	size_t end;

	*out = NULL;
	if (len >= INT_MAX) {
		snprintf(why, why_len, "the body is too large to parse");
		return false;
	}
	tok = json_tokener_new_ex(MDSYNC_JSON_MAX_DEPTH);
	if (!tok) {
		snprintf(why, why_len, "out of memory");
		return false;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	/* The terminating NUL goes in too: it ends a bare literal or number ("null", "42"),
	 * which json-c would otherwise wait on. */
	obj = json_tokener_parse_ex(tok, buf, (int) len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr != json_tokener_success) {
		snprintf(why, why_len, "invalid JSON (%s)",
			jerr == json_tokener_continue || len == 0 ? "truncated" : json_tokener_error_desc(jerr));
		if (obj) {
			json_object_put(obj);
		}
		return false;
	}
	/* Only white space may follow the value. */
	for (; end < len; end++) {
		if (buf[end] != ' ' && buf[end] != '\n' && buf[end] != '\r' && buf[end] != '\t' && buf[end] != '\0') {
			snprintf(why, why_len, "invalid JSON (trailing data)");
			if (obj) {
				json_object_put(obj);
			}
			return false;
		}
	}
	*out = obj;
	return true;
}

json_object *mdsync_json_path(json_object *obj, const char *path)
{
	const char *p = path;
	while (obj && *p) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t) (dot - p) : strlen(p);
		char key[128];
		json_object *next = NULL;

		if (!json_object_is_type(obj, json_type_object) || len >= sizeof(key)) {
			return NULL;
		}
		memcpy(key, p, len);
		key[len] = '\0';
		if (!json_object_object_get_ex(obj, key, &next)) {
			return NULL;
		}
		obj = next;
		p += len + (dot ? 1 : 0);
	}
	return obj;
}

bool mdsync_json_text(json_object *v, const char **out, size_t *out_len, char *buf, size_t buf_len)
{
	int n;
	switch (json_object_get_type(v)) {
		case json_type_string:
			*out = json_object_get_string(v);
			*out_len = (size_t) json_object_get_string_len(v);
			return true;
		case json_type_int:
			n = snprintf(buf, buf_len, "%" PRId64, json_object_get_int64(v));
			break;
		case json_type_double:
			n = snprintf(buf, buf_len, "%.17g", json_object_get_double(v));
			break;
		case json_type_boolean:
			n = snprintf(buf, buf_len, "%d", json_object_get_boolean(v) ? 1 : 0);
			break;
		default:
			return false;
	}
	if (n < 0 || (size_t) n >= buf_len) {
		return false;
	}
	*out = buf;
	*out_len = (size_t) n;
	return true;
}

bool mdsync_json_truthy(json_object *v)
{
	switch (json_object_get_type(v)) {
		case json_type_boolean:
			return json_object_get_boolean(v);
		case json_type_int:
			return json_object_get_int64(v) != 0;
		case json_type_double:
			return json_object_get_double(v) != 0;
		case json_type_string:
			return strcmp(json_object_get_string(v), "true") == 0 || strcmp(json_object_get_string(v), "1") == 0;
		default:
			return false;
	}
}
