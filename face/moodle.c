/* mdsync face, Moodle web services: mdsync_moodle_call. */
#include "private.h"
#include "src/vec.h"
#include "zend_exceptions.h"

typedef MDSYNC_VEC(zend_string *) str_vec;

/* Flattens nested parameters into names as PHP's own parser reads them
 * (users[0][customfields][0][type]) and their values as text. */
static bool flatten_params(HashTable *ht, smart_str *prefix, int depth, str_vec *names, str_vec *values)
{
	zend_string *key;
	zend_ulong idx;
	zval *val;

	if (depth > 16) {
		zend_argument_value_error(2, "is nested too deeply");
		return false;
	}
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, val) {
		size_t mark = prefix->s ? ZSTR_LEN(prefix->s) : 0;
		ZVAL_DEREF(val);
		if (depth > 0) {
			smart_str_appendc(prefix, '[');
		}
		if (key) {
			smart_str_append(prefix, key);
		} else {
			smart_str_append_unsigned(prefix, idx);
		}
		if (depth > 0) {
			smart_str_appendc(prefix, ']');
		}
		smart_str_0(prefix);
		switch (Z_TYPE_P(val)) {
			case IS_ARRAY:
				if (!flatten_params(Z_ARRVAL_P(val), prefix, depth + 1, names, values)) {
					return false;
				}
				break;
			case IS_NULL:
				break; /* absent, as Moodle reads a missing optional parameter */
			case IS_STRING:
			case IS_LONG:
			case IS_DOUBLE:
			case IS_TRUE:
			case IS_FALSE:
				MDSYNC_VEC_PUSH(*names, zend_string_init(ZSTR_VAL(prefix->s), ZSTR_LEN(prefix->s), 0));
				MDSYNC_VEC_PUSH(*values, Z_TYPE_P(val) == IS_TRUE ? ZSTR_CHAR('1')
					: Z_TYPE_P(val) == IS_FALSE ? ZSTR_CHAR('0') : zval_get_string(val));
				break;
			default:
				zend_argument_type_error(2, "must hold only arrays and scalars, %s given at \"%s\"", zend_zval_type_name(val),
					ZSTR_VAL(prefix->s));
				return false;
		}
		ZSTR_LEN(prefix->s) = mark;
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* {{{ mdsync_moodle_call(string $wsfunction, array $params = [], array $options = []): mixed */
PHP_FUNCTION(mdsync_moodle_call)
{
	zend_string *fn;
	HashTable *params = NULL, *options = NULL;
	mdsync_opts mo;
	mdsync_error err;
	smart_str prefix = {0};
	str_vec names = {0}, values = {0};
	mdsync_form_field *fields = NULL;
	char *answer = NULL;
	size_t i, answer_len = 0;
	bool ok;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(fn)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(params)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(fn) == 0 || ZSTR_LEN(fn) > 100) {
		zend_argument_value_error(1, "must be a web service function name");
		RETURN_THROWS();
	}
	for (i = 0; i < ZSTR_LEN(fn); i++) {
		char c = ZSTR_VAL(fn)[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
			zend_argument_value_error(1, "must be a web service function name (a-z, 0-9, _)");
			RETURN_THROWS();
		}
	}
	ok = !params || flatten_params(params, &prefix, 0, &names, &values);
	smart_str_free(&prefix);
	if (ok && mdsync_opts_parse(&mo, options, 3, MDSYNC_NEED_MOODLE)) {
		fields = safe_emalloc(names.n ? names.n : 1, sizeof(*fields), 0);
		for (i = 0; i < names.n; i++) {
			fields[i].name = ZSTR_VAL(names.v[i]);
			fields[i].name_len = ZSTR_LEN(names.v[i]);
			fields[i].value = ZSTR_VAL(values.v[i]);
			fields[i].value_len = ZSTR_LEN(values.v[i]);
		}
		memset(&err, 0, sizeof(err));
		if (!mdsync_moodle_call(&mo.moodle, &mo.http, ZSTR_VAL(fn), fields, names.n, &answer, &answer_len, &err)) {
			mdsync_throw(&err);
		} else {
			char why[200];
			if (!mdsync_json_to_zval(return_value, answer, answer_len, why, sizeof(why))) {
				/* the answer is valid JSON: only memory_limit (or a number beyond a float) stops it */
				zend_throw_exception_ex(mdsync_ce_protocol_exception, 0, "Moodle's answer to %s: %s", ZSTR_VAL(fn), why);
			}
			efree(answer);
		}
		efree(fields);
		mdsync_opts_release(&mo);
	}
	for (i = 0; i < names.n; i++) {
		zend_string_release(names.v[i]);
	}
	for (i = 0; i < values.n; i++) {
		zend_string_release(values.v[i]);
	}
	MDSYNC_VEC_FREE(names);
	MDSYNC_VEC_FREE(values);
}
/* }}} */
