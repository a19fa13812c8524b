/* mdsync grade events on the wire: body (json-c), stable idempotency key, URL from a template. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"
#include "ext/standard/url.h"
#include "grades.h"
#include "url.h"
#include <inttypes.h>
#include <json-c/json.h>

const mdsync_grade_field_def mdsync_grade_fields[MDSYNC_G_COUNT] = {
	{ "userid", MDSYNC_G_INT, true }, { "djangoid", MDSYNC_G_STR, false }, { "email", MDSYNC_G_STR, false },
	{ "courseid", MDSYNC_G_INT, true }, { "courseshortname", MDSYNC_G_STR, false },
	{ "courseidnumber", MDSYNC_G_STR, false }, { "itemid", MDSYNC_G_INT, true }, { "itemtype", MDSYNC_G_STR, false },
	{ "itemmodule", MDSYNC_G_STR, false }, { "itemname", MDSYNC_G_STR, false }, { "grademax", MDSYNC_G_NUM, false },
	{ "finalgrade", MDSYNC_G_NUM, false }, { "timemodified", MDSYNC_G_INT, true }, { "gradeid", MDSYNC_G_INT, false },
};

/* A placeholder's value, percent-encoded as one path segment. '.' is encoded too: a value of
 * ".." (or two placeholders of ".") would otherwise be a dot segment that URL normalisation
 * squashes, posting to another resource. */
static bool placeholder_value(const mdsync_grade *g, const char *name, size_t name_len, smart_str *out)
{
	int f;
	char num[32];
	const char *text;
	size_t len, i;

	for (f = 0; f < MDSYNC_G_COUNT; f++) {
		const mdsync_grade_field_def *d = &mdsync_grade_fields[f];
		if (strlen(d->name) == name_len && memcmp(d->name, name, name_len) == 0) {
			break;
		}
	}
	if (f == MDSYNC_G_COUNT || !g->v[f].present || mdsync_grade_fields[f].kind == MDSYNC_G_NUM) {
		return false;
	}
	if (mdsync_grade_fields[f].kind == MDSYNC_G_INT) {
		len = (size_t) snprintf(num, sizeof(num), "%" PRId64, g->v[f].i);
		text = num;
	} else {
		text = g->v[f].s;
		len = g->v[f].s_len;
	}
	if (len == 0) {
		return false;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) text[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
			smart_str_appendc(out, (char) c);
		} else {
			static const char hex[] = "0123456789ABCDEF";
			smart_str_appendc(out, '%');
			smart_str_appendc(out, hex[c >> 4]);
			smart_str_appendc(out, hex[c & 15]);
		}
	}
	return true;
}

/* Expands {name} placeholders of the template with the grade's values. */
static bool expand_template(const char *tpl, const mdsync_grade *g, smart_str *out, char *why, size_t why_len)
{
	const char *p = tpl;
	while (*p) {
		const char *open = strchr(p, '{'), *close;
		if (!open) {
			smart_str_appends(out, p);
			break;
		}
		smart_str_appendl(out, p, (size_t) (open - p));
		close = strchr(open, '}');
		if (!close || close - open - 1 > 64) {
			snprintf(why, why_len, "grades_url_template has an unclosed or overlong placeholder");
			return false;
		}
		if (!placeholder_value(g, open + 1, (size_t) (close - open - 1), out)) {
			snprintf(why, why_len, "grades_url_template needs {%.*s}, which this grade does not have",
				(int) (close - open - 1), open + 1);
			return false;
		}
		p = close + 1;
	}
	smart_str_0(out);
	return true;
}

static json_object *value_json(const mdsync_grade_field_def *d, const mdsync_grade_value *v)
{
	if (!v->present) {
		return NULL; /* JSON null */
	}
	switch (d->kind) {
		case MDSYNC_G_INT:
			return json_object_new_int64(v->i);
		case MDSYNC_G_NUM:
			return json_object_new_double(v->d);
		case MDSYNC_G_STR:
			return json_object_new_string_len(v->s, (int) v->s_len);
	}
	return NULL;
}

bool mdsync_grade_request(const mdsync_grades_config *gc, const mdsync_grade *g, mdsync_push_item *it,
	char *why, size_t why_len)
{
	json_object *body;
	const char *json;
	smart_str path = {0};
	int f;

	for (f = 0; f < MDSYNC_G_COUNT; f++) {
		if (mdsync_grade_fields[f].required && !g->v[f].present) {
			snprintf(why, why_len, "the grade has no \"%s\"", mdsync_grade_fields[f].name);
			return false;
		}
	}
	if (g->idempotency_key) {
		size_t k;
		for (k = 0; k < g->idempotency_key_len; k++) {
			unsigned char c = (unsigned char) g->idempotency_key[k];
			if (c < 0x20 || c == 0x7f) {
				snprintf(why, why_len, "\"idempotency_key\" must not hold control characters");
				return false;
			}
		}
		if (g->idempotency_key_len > MDSYNC_GRADE_KEY_MAX) {
			snprintf(why, why_len, "\"idempotency_key\" is longer than %d bytes", MDSYNC_GRADE_KEY_MAX);
			return false;
		}
	}
	if (gc->url_template) {
		if (!expand_template(gc->url_template, g, &path, why, why_len)) {
			smart_str_free(&path);
			return false;
		}
	}
	body = json_object_new_object();
	if (!body) {
		smart_str_free(&path);
		snprintf(why, why_len, "out of memory");
		return false;
	}
	for (f = 0; f < MDSYNC_G_COUNT; f++) {
		if (json_object_object_add(body, mdsync_grade_fields[f].name, value_json(&mdsync_grade_fields[f], &g->v[f])) != 0) {
			json_object_put(body);
			smart_str_free(&path);
			snprintf(why, why_len, "out of memory");
			return false;
		}
	}
	json = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	if (!json) {
		json_object_put(body);
		smart_str_free(&path);
		snprintf(why, why_len, "cannot encode the grade as JSON");
		return false;
	}
	it->body_len = strlen(json);
	it->body = estrndup(json, it->body_len);
	json_object_put(body);

	if (g->idempotency_key) {
		it->idempotency_key = estrndup(g->idempotency_key, g->idempotency_key_len);
	} else if (g->v[MDSYNC_G_GRADEID].present) {
		/* stable: the same change always gets the same key */
		spprintf(&it->idempotency_key, 0, "grade:%" PRId64 ":%" PRId64, g->v[MDSYNC_G_GRADEID].i, g->v[MDSYNC_G_TIMEMODIFIED].i);
	} else {
		spprintf(&it->idempotency_key, 0, "grade:%" PRId64 ":%" PRId64 ":%" PRId64,
			g->v[MDSYNC_G_USERID].i, g->v[MDSYNC_G_ITEMID].i, g->v[MDSYNC_G_TIMEMODIFIED].i);
	}
	it->url = mdsync_url_join(gc->base_url, gc->url_template ? ZSTR_VAL(path.s) : gc->path);
	smart_str_free(&path);
	return true;
}
