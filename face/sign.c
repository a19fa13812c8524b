/* mdsync face, signing: mdsync_sign and mdsync_verify. */
#include "private.h"
#include "src/sign.h"

/* {{{ mdsync_sign(string $body, string $secret, ?int $timestamp = null): string */
PHP_FUNCTION(mdsync_sign)
{
	zend_string *body, *secret;
	zend_long t = 0;
	bool t_null = true;
	char out[MDSYNC_SIGNATURE_MAX];

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(body)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(t, t_null)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(secret) == 0) {
		zend_argument_value_error(2, "must not be empty");
		RETURN_THROWS();
	}
	if (t_null) {
		t = (zend_long) time(NULL);
	} else if (t < 0) {
		zend_argument_value_error(3, "must be a Unix time (0 or more)");
		RETURN_THROWS();
	}
	mdsync_sign_header(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(secret), ZSTR_LEN(secret), (int64_t) t, out);
	RETURN_STRING(out);
}
/* }}} */

/* {{{ mdsync_verify(string $body, string $signature_header, string $secret, int $tolerance_s = 300): bool */
PHP_FUNCTION(mdsync_verify)
{
	zend_string *body, *header, *secret;
	zend_long tolerance = 300;

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(body)
		Z_PARAM_STR(header)
		Z_PARAM_STR(secret)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(tolerance)
	ZEND_PARSE_PARAMETERS_END();

	if (ZSTR_LEN(secret) == 0) {
		zend_argument_value_error(3, "must not be empty");
		RETURN_THROWS();
	}
	if (tolerance < 0) {
		zend_argument_value_error(4, "must be 0 or more");
		RETURN_THROWS();
	}
	RETURN_BOOL(mdsync_verify_header(ZSTR_VAL(body), ZSTR_LEN(body), ZSTR_VAL(header), ZSTR_LEN(header),
		ZSTR_VAL(secret), ZSTR_LEN(secret), (int64_t) tolerance, (int64_t) time(NULL)));
}
/* }}} */

