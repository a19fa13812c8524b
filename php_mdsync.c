/* mdsync: the PHP module. Entry, INI, MINIT/MSHUTDOWN/MINFO; the functions live in face/,
 * one file per API family, and everything below the face in src/ (no PHP values there). */
#include "face/private.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_interfaces.h"
#include "zend_attributes.h"

#include <curl/curl.h>
#include <json-c/json_c_version.h>

#include "mdsync_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(mdsync)

/* {{{ INI: validated, bound to globals. Secrets never live here (phpinfo shows INI). */
static ZEND_INI_MH(OnUpdateMdsyncPositive)
{
	zend_long v = ZEND_ATOL(ZSTR_VAL(new_value));
	zend_long max = (zend_long) (uintptr_t) mh_arg3;
	if (v < 1 || (max && v > max)) {
		return FAILURE;
	}
	return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateMdsyncRetries)
{
	zend_long v = ZEND_ATOL(ZSTR_VAL(new_value));
	if (v < 0 || v > 20) {
		return FAILURE;
	}
	return OnUpdateLong(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateMdsyncPath)
{
	if (ZSTR_LEN(new_value) == 0 || ZSTR_VAL(new_value)[0] != '/') {
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

#define MDSYNC_INI_POSITIVE(name, def, field, max) \
	STD_PHP_INI_ENTRY(name, def, PHP_INI_ALL, OnUpdateMdsyncPositive, field, zend_mdsync_globals, mdsync_globals)
PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("mdsync.django_url", "", PHP_INI_ALL, OnUpdateString, django_url, zend_mdsync_globals, mdsync_globals)
	STD_PHP_INI_ENTRY("mdsync.users_path", "/api/user/", PHP_INI_ALL, OnUpdateMdsyncPath, users_path, zend_mdsync_globals, mdsync_globals)
	STD_PHP_INI_ENTRY("mdsync.ca_info", "", PHP_INI_ALL, OnUpdateString, ca_info, zend_mdsync_globals, mdsync_globals)
	ZEND_INI_ENTRY3_EX("mdsync.timeout_ms", "30000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, timeout_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.connect_timeout_ms", "5000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, connect_timeout_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.concurrency", "8", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, concurrency), (void *) &mdsync_globals, (void *) 256, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.page_size", "1000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, page_size), (void *) &mdsync_globals, (void *) 100000, NULL)
	ZEND_INI_ENTRY3_EX("mdsync.deadline_ms", "300000", PHP_INI_ALL, OnUpdateMdsyncPositive,
		(void *) XtOffsetOf(zend_mdsync_globals, deadline_ms), (void *) &mdsync_globals, (void *) 0, NULL)
	STD_PHP_INI_ENTRY("mdsync.max_retries", "3", PHP_INI_ALL, OnUpdateMdsyncRetries, max_retries, zend_mdsync_globals, mdsync_globals)
PHP_INI_END()
/* }}} */

static PHP_GINIT_FUNCTION(mdsync)
{
#if defined(COMPILE_DL_MDSYNC) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(mdsync_globals, 0, sizeof(*mdsync_globals));
}

PHP_MINIT_FUNCTION(mdsync)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		return FAILURE;
	}
	REGISTER_INI_ENTRIES();
	register_mdsync_symbols(module_number);
	mdsync_ce_exception = register_class_Mdsync_Exception(spl_ce_RuntimeException);
	mdsync_ce_http_exception = register_class_Mdsync_HttpException(mdsync_ce_exception);
	mdsync_ce_connection_exception = register_class_Mdsync_ConnectionException(mdsync_ce_exception);
	mdsync_ce_protocol_exception = register_class_Mdsync_ProtocolException(mdsync_ce_exception);
	mdsync_ce_moodle_exception = register_class_Mdsync_MoodleException(mdsync_ce_exception);
	mdsync_ce_config_exception = register_class_Mdsync_ConfigException(mdsync_ce_exception);
	mdsync_values_minit();
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(mdsync)
{
	UNREGISTER_INI_ENTRIES();
	curl_global_cleanup();
	return SUCCESS;
}

PHP_RINIT_FUNCTION(mdsync)
{
#if defined(ZTS) && defined(COMPILE_DL_MDSYNC)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	return SUCCESS;
}

PHP_MINFO_FUNCTION(mdsync)
{
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	php_info_print_table_start();
	php_info_print_table_row(2, "mdsync support", "enabled");
	php_info_print_table_row(2, "mdsync version", PHP_MDSYNC_VERSION);
	php_info_print_table_end();
	php_info_print_table_start();
	php_info_print_table_header(3, "library", "compiled", "linked");
	php_info_print_table_row(3, "libcurl", LIBCURL_VERSION, cv ? cv->version : "unknown");
	php_info_print_table_row(3, "json-c", JSON_C_VERSION, json_c_version());
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

static const zend_module_dep mdsync_deps[] = {
	ZEND_MOD_REQUIRED("hash")
	ZEND_MOD_REQUIRED("random")
	ZEND_MOD_REQUIRED("spl")
	ZEND_MOD_END
};

zend_module_entry mdsync_module_entry = {
	STANDARD_MODULE_HEADER_EX, NULL,
	mdsync_deps,
	"mdsync",
	ext_functions,
	PHP_MINIT(mdsync),
	PHP_MSHUTDOWN(mdsync),
	PHP_RINIT(mdsync),
	NULL,
	PHP_MINFO(mdsync),
	PHP_MDSYNC_VERSION,
	PHP_MODULE_GLOBALS(mdsync),
	PHP_GINIT(mdsync),
	NULL,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_MDSYNC
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(mdsync)
#endif
