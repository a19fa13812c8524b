/* mdsync face, progress: the "progress" option's callable, told of pages, items and retries. */
#include "private.h"
#include "zend_exceptions.h"

/* Calls the callable with one array; false (stop the call) if it threw or ended the request. */
static bool tell_callable(void *arg, const mdsync_progress_event *ev)
{
	static const char *const kinds[] = { "page", "retry" };
	mdsync_opts *mo = arg;
	zval event, rv;
	volatile bool ok = true; /* set inside zend_try */

	if (EG(exception) || mo->progress_bailout) {
		return false;
	}
	array_init_size(&event, 6);
	add_assoc_string(&event, "event", (char *) kinds[ev->kind]);
	if (ev->kind == MDSYNC_PROGRESS_RETRY) {
		add_assoc_long(&event, "attempt", ev->attempt);
		add_assoc_long(&event, "http_status", ev->status);
		add_assoc_long(&event, "wait_ms", ev->wait_ms);
		add_assoc_string(&event, "reason", (char *) (ev->reason ? ev->reason : ""));
	} else {
		add_assoc_long(&event, "done", ev->done);
		if (ev->total >= 0) {
			add_assoc_long(&event, "total", ev->total);
		} else {
			add_assoc_null(&event, "total");
		}
	}
	ZVAL_UNDEF(&rv);
	mo->progress_fci.retval = &rv;
	mo->progress_fci.params = &event;
	mo->progress_fci.param_count = 1;
	zend_try {
		if (zend_call_function(&mo->progress_fci, &mo->progress_fcc) == FAILURE || EG(exception)) {
			ok = false; /* the exception goes to the caller once the call has stopped */
		}
	} zend_catch {
		/* a fatal error or exit inside the callable: stop, release, then let it go on */
		mo->progress_bailout = true;
		ok = false;
	} zend_end_try();
	zval_ptr_dtor(&rv);
	zval_ptr_dtor(&event);
	return ok;
}

bool mdsync_progress_option(mdsync_opts *mo, zval *z, uint32_t arg)
{
	char *error = NULL;
	if (zend_fcall_info_init(z, 0, &mo->progress_fci, &mo->progress_fcc, NULL, &error) == FAILURE) {
		zend_argument_type_error(arg, "option \"progress\" must be a valid callback%s%s", error ? ", " : "", error ? error : "");
		if (error) {
			efree(error);
		}
		return false;
	}
	if (error) {
		efree(error); /* a deprecation notice of the callable's form; it is callable */
	}
	mo->http.progress.fn = tell_callable;
	mo->http.progress.arg = mo;
	return true;
}
