/* mdsync JSON layer over json-c. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "json.h"
#include <inttypes.h>

json_object *mdsync_json_parse(const char *buf, size_t len, char *why, size_t why_len)
{
	struct json_tokener *tok;
	json_object *obj;
	enum json_tokener_error jerr;

	if (len > INT_MAX) {
		snprintf(why, why_len, "the body is too large to parse");
		return NULL;
	}
	tok = json_tokener_new_ex(MDSYNC_JSON_MAX_DEPTH);
	if (!tok) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, buf, (int) len);
	jerr = json_tokener_get_error(tok);
	if (obj == NULL || jerr != json_tokener_success) {
		snprintf(why, why_len, "invalid JSON (%s)",
			jerr == json_tokener_continue ? "truncated" : json_tokener_error_desc(jerr));
		if (obj) {
			json_object_put(obj);
		}
		obj = NULL;
	} else if ((size_t) json_tokener_get_parse_end(tok) < len) {
		/* trailing bytes: only white space may follow the value */
		size_t i;
		for (i = json_tokener_get_parse_end(tok); i < len; i++) {
			if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') {
				snprintf(why, why_len, "invalid JSON (trailing data)");
				json_object_put(obj);
				obj = NULL;
				break;
			}
		}
	}
	json_tokener_free(tok);
	return obj;
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
