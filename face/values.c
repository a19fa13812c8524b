/* mdsync face, values: records and answers to PHP values, and PHP records to C. */
#include "private.h"
#include "ext/spl/spl_iterators.h"

/* Record keys, interned once. */
static zend_string *key_source, *key_fields[MDSYNC_F_COUNT + 1];

void mdsync_values_minit(void)
{
	int f;
	key_source = zend_string_init_interned("source", sizeof("source") - 1, 1);
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		key_fields[f] = zend_string_init_interned(mdsync_field_names[f], strlen(mdsync_field_names[f]), 1);
	}
}

/* {{{ C to PHP */
void mdsync_moodle_id_zval(zval *z, const char *s)
{
	ZVAL_LONG(z, s ? ZEND_STRTOL(s, NULL, 10) : 0);
}

void mdsync_django_id_zval(zval *z, const char *s)
{
	if (s) {
		ZVAL_STRING(z, s);
	} else {
		ZVAL_NULL(z);
	}
}

void mdsync_user_to_zval(zval *out, const mdsync_userset *s, const mdsync_user *u, const char *source)
{
	zval v;
	int f;
	bool django = source[0] == 'd';
	array_init_size(out, MDSYNC_F_COUNT + 2);
	ZVAL_STRING(&v, source);
	zend_hash_add_new(Z_ARRVAL_P(out), key_source, &v);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *val = mdsync_user_get(s, u, (mdsync_field) f);
		if (f == MDSYNC_F_ID && !django) {
			mdsync_moodle_id_zval(&v, val);
		} else if (val) {
			ZVAL_STRING(&v, val);
		} else {
			ZVAL_NULL(&v);
		}
		zend_hash_add_new(Z_ARRVAL_P(out), key_fields[f], &v);
	}
	ZVAL_BOOL(&v, u->suspended);
	zend_hash_add_new(Z_ARRVAL_P(out), key_fields[MDSYNC_F_SUSPENDED], &v);
}

void mdsync_users_to_array(zval *out, const mdsync_userset *s, const char *source)
{
	size_t i;
	array_init_size(out, (uint32_t) s->count);
	for (i = 0; i < s->count; i++) {
		zval rec;
		mdsync_user_to_zval(&rec, s, &s->users[i], source);
		zend_hash_next_index_insert_new(Z_ARRVAL_P(out), &rec);
	}
}

/* Objects become arrays. Depth is already bounded by the parser. */
void mdsync_json_to_zval(zval *out, json_object *j)
{
	switch (json_object_get_type(j)) {
		case json_type_null:
			ZVAL_NULL(out);
			break;
		case json_type_boolean:
			ZVAL_BOOL(out, json_object_get_boolean(j));
			break;
		case json_type_int:
			ZVAL_LONG(out, (zend_long) json_object_get_int64(j));
			break;
		case json_type_double:
			ZVAL_DOUBLE(out, json_object_get_double(j));
			break;
		case json_type_string:
			ZVAL_STRINGL(out, json_object_get_string(j), (size_t) json_object_get_string_len(j));
			break;
		case json_type_array: {
			size_t i, n = json_object_array_length(j);
			array_init_size(out, (uint32_t) n);
			for (i = 0; i < n; i++) {
				zval v;
				mdsync_json_to_zval(&v, json_object_array_get_idx(j, i));
				zend_hash_next_index_insert_new(Z_ARRVAL_P(out), &v);
			}
			break;
		}
		case json_type_object: {
			array_init(out);
			json_object_object_foreach(j, key, val) {
				zval v;
				mdsync_json_to_zval(&v, val);
				zend_symtable_str_update(Z_ARRVAL_P(out), key, strlen(key), &v);
			}
			break;
		}
	}
}

void mdsync_batch_put(zval *rv, zend_string *key, zend_ulong idx, zval *res)
{
	if (key) {
		zend_hash_update(Z_ARRVAL_P(rv), key, res);
	} else {
		zend_hash_index_update(Z_ARRVAL_P(rv), idx, res);
	}
}

void mdsync_local_failure(zval *res, const char *status, const char *message, const char *detail_key)
{
	array_init_size(res, 4);
	add_assoc_string(res, "status", (char *) status);
	add_assoc_long(res, "http_status", 0);
	add_assoc_string(res, "message", (char *) message);
	add_assoc_null(res, detail_key);
}
/* }}} */

/* {{{ PHP to C */
HashTable *mdsync_rec_table(zval *rec)
{
	ZVAL_DEREF(rec);
	if (Z_TYPE_P(rec) == IS_ARRAY) {
		return Z_ARRVAL_P(rec);
	}
	return Z_TYPE_P(rec) == IS_OBJECT ? Z_OBJ_HT_P(rec)->get_properties(Z_OBJ_P(rec)) : NULL;
}

/* Objects' declared properties are IS_INDIRECT slots (an unset typed property is IS_UNDEF: absent). */
zval *mdsync_rec_field(HashTable *ht, const char *name, size_t len)
{
	zval *z = zend_hash_str_find_ind(ht, name, len);
	if (z) {
		ZVAL_DEREF(z);
	}
	return z;
}

static bool scalar_text(zval *z, char *buf, size_t len, const char **out, size_t *out_len)
{
	switch (Z_TYPE_P(z)) {
		case IS_STRING:
			*out = Z_STRVAL_P(z);
			*out_len = Z_STRLEN_P(z);
			return true;
		case IS_LONG:
			*out_len = (size_t) snprintf(buf, len, ZEND_LONG_FMT, Z_LVAL_P(z));
			*out = buf;
			return true;
		default:
			return false;
	}
}

mdsync_read_status mdsync_read_user(zval *rec, mdsync_userset *set, int flags, char *why, size_t why_len)
{
	HashTable *ht;
	mdsync_user *u;
	int f;
	char buf[32];
	zval *z;

	if (!(ht = mdsync_rec_table(rec))) {
		ZVAL_DEREF(rec);
		snprintf(why, why_len, "a user record must be an array or object, %s given", zend_zval_type_name(rec));
		return MDSYNC_READ_TYPE;
	}
	mdsync_userset_add(set);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *name = mdsync_field_names[f], *text;
		size_t len;
		z = mdsync_rec_field(ht, name, strlen(name));
		if ((flags & MDSYNC_READ_MOODLE) && (!z || Z_TYPE_P(z) == IS_NULL)
			&& (f == MDSYNC_F_EDEBOID || f == MDSYNC_F_IASID || f == MDSYNC_F_DJANGOID)) {
			/* Moodle's own spelling of a custom profile field */
			char alias[64];
			snprintf(alias, sizeof(alias), "profile_field_%s", name);
			z = mdsync_rec_field(ht, alias, strlen(alias));
		}
		if (!z || Z_TYPE_P(z) == IS_NULL) {
			continue;
		}
		if (!scalar_text(z, buf, sizeof(buf), &text, &len)) {
			snprintf(why, why_len, "\"%s\" must be a string or int, %s given", name, zend_zval_type_name(z));
			return MDSYNC_READ_TYPE;
		}
		mdsync_userset_set(set, (mdsync_field) f, text, len);
	}
	u = &set->users[set->count - 1];
	if (flags & MDSYNC_READ_MOODLE) {
		const char *id = mdsync_user_get(set, u, MDSYNC_F_ID);
		zend_long l;
		double d;
		if (!id || is_numeric_string(id, strlen(id), &l, &d, false) != IS_LONG || l <= 0) {
			snprintf(why, why_len, "must have a positive integer \"id\"");
			return MDSYNC_READ_VALUE;
		}
	}
	z = mdsync_rec_field(ht, "suspended", sizeof("suspended") - 1);
	u->suspended = z && zend_is_true(z);
	z = mdsync_rec_field(ht, "suspended_at", sizeof("suspended_at") - 1);
	if ((flags & MDSYNC_READ_MOODLE) && z && Z_TYPE_P(z) != IS_NULL && !(Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) == 0)) {
		zend_long l;
		double d;
		if (Z_TYPE_P(z) == IS_LONG) {
			l = Z_LVAL_P(z);
		} else if (Z_TYPE_P(z) != IS_STRING || is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false) != IS_LONG) {
			snprintf(why, why_len, "\"suspended_at\" must be a Unix time");
			return MDSYNC_READ_TYPE;
		}
		u->suspended_at = l > 0 ? (int64_t) l : 0;
	}
	if (set->too_big) {
		snprintf(why, why_len, "holds more user data than mdsync can hold");
		return MDSYNC_READ_VALUE;
	}
	return MDSYNC_READ_OK;
}

typedef struct {
	mdsync_userset *set;
	uint32_t arg;
	size_t n;
	bool failed;
} read_ctx;

/* Reads one Moodle user; throws (TypeError or ValueError naming its position) on a bad one. */
static bool read_moodle_user(read_ctx *c, zval *rec)
{
	char why[256];
	if (!mdsync_rec_table(rec)) {
		ZVAL_DEREF(rec);
		zend_argument_type_error(c->arg, "must hold arrays or objects (user records), %s given at position %zu",
			zend_zval_type_name(rec), c->n);
		return false;
	}
	switch (mdsync_read_user(rec, c->set, MDSYNC_READ_MOODLE, why, sizeof(why))) {
		case MDSYNC_READ_OK:
			c->n++;
			return true;
		case MDSYNC_READ_TYPE:
			zend_argument_type_error(c->arg, "user at position %zu: %s", c->n, why);
			return false;
		default:
			zend_argument_value_error(c->arg, "user at position %zu %s", c->n, why);
			return false;
	}
}

static int read_moodle_iter(zend_object_iterator *iter, void *puser)
{
	read_ctx *c = puser;
	zval *rec = iter->funcs->get_current_data(iter);
	if (EG(exception) || !rec || !read_moodle_user(c, rec)) {
		c->failed = true;
		return ZEND_HASH_APPLY_STOP;
	}
	return ZEND_HASH_APPLY_KEEP;
}

bool mdsync_read_moodle_users(zval *input, mdsync_userset *set, uint32_t arg)
{
	read_ctx c = { set, arg, 0, false };
	zval *rec;
	if (Z_TYPE_P(input) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(input), rec) {
			if (!read_moodle_user(&c, rec)) {
				return false;
			}
		} ZEND_HASH_FOREACH_END();
		return true;
	}
	if (spl_iterator_apply(input, read_moodle_iter, &c) == FAILURE || c.failed || EG(exception)) {
		return false;
	}
	return true;
}
/* }}} */
