/* mdsync face, grades: mdsync_push_grade and mdsync_push_grades. */
#include "private.h"

/* Moodle's records hold numbers as strings ("87.50000"): both are taken. The value borrows
 * from z, which outlives the call. */
static bool grade_value(zval *z, mdsync_grade_kind kind, mdsync_grade_value *out)
{
	zend_long l;
	double d;
	zend_uchar t;
	out->present = true;
	switch (Z_TYPE_P(z)) {
		case IS_LONG:
			if (kind == MDSYNC_G_STR) {
				return false; /* the caller converts ints for string fields */
			}
			out->i = Z_LVAL_P(z);
			out->d = (double) Z_LVAL_P(z);
			return true;
		case IS_DOUBLE:
			out->d = Z_DVAL_P(z);
			return kind == MDSYNC_G_NUM && zend_finite(out->d);
		case IS_STRING:
			if (kind == MDSYNC_G_STR) {
				out->s = Z_STRVAL_P(z);
				out->s_len = Z_STRLEN_P(z);
				return true;
			}
			t = is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false);
			if (kind == MDSYNC_G_INT && t == IS_LONG) {
				out->i = l;
				return true;
			}
			if (kind == MDSYNC_G_NUM && (t == IS_LONG || t == IS_DOUBLE)) {
				out->d = t == IS_LONG ? (double) l : d;
				return zend_finite(out->d);
			}
			return false;
		default:
			return false;
	}
}

/* Reads a grade record (its strings borrowed: g is used before the next one is read). */
static bool read_grade(zval *rec, mdsync_grade *g, char *why, size_t why_len)
{
	static const char *const kinds[] = { "an integer", "a number", "a string" };
	HashTable *ht;
	zval *z;
	int f;

	memset(g, 0, sizeof(*g));
	if (!(ht = mdsync_rec_table(rec))) {
		ZVAL_DEREF(rec);
		snprintf(why, why_len, "a grade must be an array or object, %s given", zend_zval_type_name(rec));
		return false;
	}
	for (f = 0; f < MDSYNC_G_COUNT; f++) {
		const mdsync_grade_field_def *d = &mdsync_grade_fields[f];
		z = mdsync_rec_field(ht, d->name, strlen(d->name));
		if (!z || Z_TYPE_P(z) == IS_NULL) {
			continue;
		}
		if (d->kind == MDSYNC_G_STR && Z_TYPE_P(z) == IS_LONG) {
			g->v[f].present = true;
			g->v[f].s_len = (size_t) snprintf(g->v[f].num, sizeof(g->v[f].num), ZEND_LONG_FMT, Z_LVAL_P(z));
			g->v[f].s = g->v[f].num;
		} else if (!grade_value(z, d->kind, &g->v[f])) {
			snprintf(why, why_len, "\"%s\" must be %s, %s given", d->name, kinds[d->kind], zend_zval_type_name(z));
			return false;
		}
	}
	z = mdsync_rec_field(ht, "idempotency_key", sizeof("idempotency_key") - 1);
	if (z && Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) > 0) {
		g->idempotency_key = Z_STRVAL_P(z);
		g->idempotency_key_len = Z_STRLEN_P(z);
	} else if (z && Z_TYPE_P(z) != IS_NULL) {
		snprintf(why, why_len, "\"idempotency_key\" must be a non-empty string");
		return false;
	}
	return true;
}

static void push_result(zval *res, const mdsync_push_item *it)
{
	zval answer;
	char why[160];
	array_init_size(res, 5);
	switch (it->outcome) {
		case MDSYNC_PUSH_DELIVERED:
			add_assoc_string(res, "status", "delivered");
			add_assoc_long(res, "http_status", it->status);
			break;
		case MDSYNC_PUSH_RETRY:
			add_assoc_string(res, "status", "retry");
			add_assoc_long(res, "http_status", it->status);
			add_assoc_long(res, "retry_after", it->retry_after);
			add_assoc_string(res, "message", (char *) it->message);
			break;
		case MDSYNC_PUSH_REJECTED:
			add_assoc_string(res, "status", "rejected");
			add_assoc_long(res, "http_status", it->status);
			add_assoc_string(res, "message", (char *) it->message);
			if (it->answer && mdsync_json_to_zval(&answer, it->answer, it->answer_len, why, sizeof(why))) {
				add_assoc_zval(res, "answer", &answer);
			} else if (it->answer_text[0]) {
				add_assoc_string(res, "answer", (char *) it->answer_text);
			} else {
				add_assoc_null(res, "answer");
			}
			break;
	}
}

static void push_grades(INTERNAL_FUNCTION_PARAMETERS, bool one)
{
	HashTable *grades, *options = NULL, single;
	zval *rec, *grade = NULL;
	mdsync_opts mo;
	mdsync_push_item *items;
	mdsync_push_config pc;
	mdsync_grade g;
	mdsync_error err;
	char (*why)[200];
	bool *sendable;
	uint32_t n, i = 0, k = 0;
	zend_string *key;
	zend_ulong idx;

	if (one) {
		ZEND_PARSE_PARAMETERS_START(1, 2)
			Z_PARAM_ARRAY(grade)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(options)
		ZEND_PARSE_PARAMETERS_END();
		zend_hash_init(&single, 1, NULL, NULL, 0);
		zend_hash_next_index_insert(&single, grade); /* borrowed: no destructor */
		grades = &single;
	} else {
		ZEND_PARSE_PARAMETERS_START(1, 2)
			Z_PARAM_ARRAY_HT(grades)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(options)
		ZEND_PARSE_PARAMETERS_END();
	}
	if (!mdsync_opts_parse(&mo, options, 2, MDSYNC_NEED_GRADES)) {
		if (one) {
			zend_hash_destroy(&single);
		}
		RETURN_THROWS();
	}
	n = zend_hash_num_elements(grades);
	items = ecalloc(n ? n : 1, sizeof(*items));
	sendable = ecalloc(n ? n : 1, sizeof(bool));
	why = ecalloc(n ? n : 1, sizeof(*why));
	ZEND_HASH_FOREACH_VAL(grades, rec) {
		sendable[i] = read_grade(rec, &g, why[i], sizeof(why[i])) && mdsync_grade_request(&mo.grades, &g, &items[k], why[i], sizeof(why[i]));
		if (sendable[i]) {
			k++;
		}
		i++;
	} ZEND_HASH_FOREACH_END();

	pc.method = mo.grades_method;
	pc.secret = mo.signing_secret;
	pc.secret_len = strlen(mo.signing_secret);
	pc.auth_header = mo.grades_auth;
	pc.default_retry_after = 60;
	memset(&err, 0, sizeof(err));
	if (!mdsync_push_events(&pc, &mo.http, items, k, &err)) {
		mdsync_throw(&err);
	} else if (one) {
		if (sendable[0]) {
			push_result(return_value, &items[0]);
		} else {
			mdsync_local_failure(return_value, "rejected", why[0], "answer");
		}
	} else {
		array_init_size(return_value, n);
		i = 0;
		k = 0;
		ZEND_HASH_FOREACH_KEY(grades, idx, key) {
			zval res;
			if (sendable[i]) {
				push_result(&res, &items[k++]);
			} else {
				/* a grade that cannot be sent as it is: retrying the same data will not help */
				mdsync_local_failure(&res, "rejected", why[i], "answer");
			}
			mdsync_batch_put(return_value, key, idx, &res);
			i++;
		} ZEND_HASH_FOREACH_END();
	}
	for (i = 0; i < n; i++) {
		if (items[i].url) {
			efree(items[i].url);
		}
		if (items[i].body) {
			efree(items[i].body);
		}
		if (items[i].idempotency_key) {
			efree(items[i].idempotency_key);
		}
		if (items[i].answer) {
			efree(items[i].answer);
		}
	}
	efree(items);
	efree(sendable);
	efree(why);
	if (one) {
		zend_hash_destroy(&single);
	}
	mdsync_opts_release(&mo);
}

/* {{{ mdsync_push_grade(array $grade, array $options = []): array */
PHP_FUNCTION(mdsync_push_grade)
{
	push_grades(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}
/* }}} */

/* {{{ mdsync_push_grades(array $grades, array $options = []): array */
PHP_FUNCTION(mdsync_push_grades)
{
	push_grades(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}
/* }}} */

