/* mdsync face, values: records and answers to PHP values, and a record's fields (records.c reads whole user records). */
#include "private.h"

/* Record keys, interned once. */
static zend_string *key_source, *key_fields[MDSYNC_F_COUNT + 1];

void mdsync_values_minit(void)
{
	int f;
	key_source = zend_string_init_interned("source", sizeof("source") - 1, 1);
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		key_fields[f] = zend_string_init_interned(mdsync_field_names[f], strlen(mdsync_field_names[f]), 1);
	}
	mdsync_records_minit();
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
/* }}} */
