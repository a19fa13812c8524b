/* mdsync: keeps a Moodle site and a Django application in step. */
#ifndef PHP_MDSYNC_H
#define PHP_MDSYNC_H

extern zend_module_entry mdsync_module_entry;
#define phpext_mdsync_ptr &mdsync_module_entry

#define PHP_MDSYNC_VERSION "0.1.0"

ZEND_BEGIN_MODULE_GLOBALS(mdsync)
	char *django_url;
	char *users_path;
	char *ca_info;
	zend_long timeout_ms;
	zend_long connect_timeout_ms;
	zend_long concurrency;
	zend_long max_retries;
	zend_long page_size;
	zend_long deadline_ms;
ZEND_END_MODULE_GLOBALS(mdsync)

ZEND_EXTERN_MODULE_GLOBALS(mdsync)

#define MDSYNC_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(mdsync, v)

#if defined(ZTS) && defined(COMPILE_DL_MDSYNC)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif
