/* mdsync progress: how far a long call has got, told to whoever asked (the face turns it into
 * a call of the PHP callable given as the "progress" option). No PHP values here. */
#ifndef MDSYNC_PROGRESS_H
#define MDSYNC_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	MDSYNC_PROGRESS_PAGE = 0,  /* a users page read: done of total pages (total -1 while unknown) */
	MDSYNC_PROGRESS_RETRY,     /* a request will be sent again: attempt, status (0: no answer), wait_ms, reason */
} mdsync_progress_kind;

typedef struct {
	mdsync_progress_kind kind;
	long done, total;
	long attempt, status, wait_ms;
	const char *reason;        /* for a retry: "HTTP 503", or the connection failure (no secret) */
} mdsync_progress_event;

/* Returns false to stop the call: nothing more is started, what runs finishes, and the call
 * ends as cancelled. */
typedef bool (*mdsync_progress_fn)(void *arg, const mdsync_progress_event *ev);

typedef struct {
	mdsync_progress_fn fn;     /* NULL: nobody asked */
	void *arg;
} mdsync_progress;

/* Tells p about ev; false if the listener asked to stop. */
static inline bool mdsync_progress_tell(const mdsync_progress *p, const mdsync_progress_event *ev)
{
	return !p || !p->fn || p->fn(p->arg, ev);
}

#endif
