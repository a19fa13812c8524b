/* mdsync face, exceptions: the Mdsync\ classes, throwing from an mdsync_error, their accessors. */
#include "private.h"
#include "zend_exceptions.h"

zend_class_entry *mdsync_ce_exception;
zend_class_entry *mdsync_ce_http_exception;
zend_class_entry *mdsync_ce_connection_exception;
zend_class_entry *mdsync_ce_protocol_exception;
zend_class_entry *mdsync_ce_moodle_exception;
zend_class_entry *mdsync_ce_config_exception;

void mdsync_throw(const mdsync_error *err)
{
	zend_class_entry *ce;
	zend_object *ex;
	switch (err->kind) {
		case MDSYNC_E_HTTP: ce = mdsync_ce_http_exception; break;
		case MDSYNC_E_CONNECTION: ce = mdsync_ce_connection_exception; break;
		case MDSYNC_E_PROTOCOL: ce = mdsync_ce_protocol_exception; break;
		case MDSYNC_E_MOODLE: ce = mdsync_ce_moodle_exception; break;
		case MDSYNC_E_CONFIG: ce = mdsync_ce_config_exception; break;
		default: ce = mdsync_ce_exception; break;
	}
	ex = zend_throw_exception(ce, err->message, 0);
	if (ce == mdsync_ce_http_exception) {
		zend_update_property_long(ce, ex, "statusCode", sizeof("statusCode") - 1, err->status);
	}
	if (ce == mdsync_ce_moodle_exception) {
		zend_update_property_string(ce, ex, "errorCode", sizeof("errorCode") - 1, err->code);
	}
	if (ce == mdsync_ce_http_exception || ce == mdsync_ce_connection_exception) {
		zend_update_property_string(ce, ex, "url", sizeof("url") - 1, err->url);
	}
}

ZEND_METHOD(Mdsync_MoodleException, getErrorCode)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_moodle_exception, Z_OBJ_P(ZEND_THIS), "errorCode", sizeof("errorCode") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_HttpException, getStatusCode)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_http_exception, Z_OBJ_P(ZEND_THIS), "statusCode", sizeof("statusCode") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_HttpException, getUrl)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_http_exception, Z_OBJ_P(ZEND_THIS), "url", sizeof("url") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}

ZEND_METHOD(Mdsync_ConnectionException, getUrl)
{
	zval rv, *prop;
	ZEND_PARSE_PARAMETERS_NONE();
	prop = zend_read_property(mdsync_ce_connection_exception, Z_OBJ_P(ZEND_THIS), "url", sizeof("url") - 1, 1, &rv);
	RETURN_COPY_DEREF(prop);
}
