/* mdsync face, exceptions: the Mdsync\ classes, throwing from an mdsync_error, their accessors. */
#include "private.h"
#include "zend_exceptions.h"

zend_class_entry *mdsync_ce_exception;
zend_class_entry *mdsync_ce_http_exception;
zend_class_entry *mdsync_ce_connection_exception;
zend_class_entry *mdsync_ce_protocol_exception;
zend_class_entry *mdsync_ce_moodle_exception;
zend_class_entry *mdsync_ce_config_exception;

/* One string of an exception, redacted once more: every way into an mdsync_error redacts what
 * it writes, and this catches any that did not (call it before the options are released). */
static zend_string *exception_string(const char *text, const mdsync_secrets *secrets)
{
	size_t len = strlen(text), rn;
	char *red = mdsync_redact(secrets, text, len, &rn);
	zend_string *s = red ? zend_string_init(red, rn, 0) : zend_string_init(text, len, 0);
	if (red) {
		efree(red);
	}
	return s;
}

void mdsync_throw(const mdsync_error *err)
{
	zend_class_entry *ce;
	zend_object *ex;
	if (EG(exception)) {
		return; /* the progress callable threw, and so stopped the call: its exception is the one */
	}
	zend_string *s;
	switch (err->kind) {
		case MDSYNC_E_HTTP: ce = mdsync_ce_http_exception; break;
		case MDSYNC_E_CONNECTION: ce = mdsync_ce_connection_exception; break;
		case MDSYNC_E_PROTOCOL: ce = mdsync_ce_protocol_exception; break;
		case MDSYNC_E_MOODLE: ce = mdsync_ce_moodle_exception; break;
		case MDSYNC_E_CONFIG: ce = mdsync_ce_config_exception; break;
		default: ce = mdsync_ce_exception; break;
	}
	s = exception_string(err->message, err->secrets);
	ex = zend_throw_exception(ce, ZSTR_VAL(s), 0);
	zend_string_release(s);
	if (ce == mdsync_ce_http_exception) {
		zend_update_property_long(ce, ex, "statusCode", sizeof("statusCode") - 1, err->status);
	}
	if (ce == mdsync_ce_moodle_exception) {
		s = exception_string(err->code, err->secrets);
		zend_update_property_str(ce, ex, "errorCode", sizeof("errorCode") - 1, s);
		zend_string_release(s);
	}
	if (ce == mdsync_ce_http_exception || ce == mdsync_ce_connection_exception) {
		s = exception_string(err->url, err->secrets);
		zend_update_property_str(ce, ex, "url", sizeof("url") - 1, s);
		zend_string_release(s);
	}
}

/* An accessor's answer: the exception's property name, as stored. */
static void return_property(zend_class_entry *ce, zval *this_ptr, const char *name, zval *return_value)
{
	zval rv;
	zval *prop = zend_read_property(ce, Z_OBJ_P(this_ptr), name, strlen(name), 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_MoodleException, getErrorCode)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(mdsync_ce_moodle_exception, ZEND_THIS, "errorCode", return_value);
}

ZEND_METHOD(Mdsync_HttpException, getStatusCode)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(mdsync_ce_http_exception, ZEND_THIS, "statusCode", return_value);
}

ZEND_METHOD(Mdsync_HttpException, getUrl)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(mdsync_ce_http_exception, ZEND_THIS, "url", return_value);
}

ZEND_METHOD(Mdsync_ConnectionException, getUrl)
{
	ZEND_PARSE_PARAMETERS_NONE();
	return_property(mdsync_ce_connection_exception, ZEND_THIS, "url", return_value);
}
