/* mdsync JSON reading: one pass of the scanner validates a whole body and picks members out of it. */
#ifndef MDSYNC_JSON_H
#define MDSYNC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include "jscan.h"

/* The most mdsync reads of an answer that carries little (a created user, a grade's receipt). */
#define MDSYNC_SMALL_ANSWER_MAX ((size_t) 1024 * 1024)
/* An error answer handed back to the caller (create errors, grade answers) is kept when it is
 * JSON of at most MDSYNC_ANSWER_KEEP_MAX bytes, while a call's kept answers stay under
 * MDSYNC_ANSWERS_KEEP_TOTAL: a hostile peer cannot make a batch's results huge. */
#define MDSYNC_ANSWER_KEEP_MAX ((size_t) 16 * 1024)
#define MDSYNC_ANSWERS_KEEP_TOTAL ((size_t) 16 * 1024 * 1024)

/* A value picked out of a body: a scalar's token (str, str_len and flags as the scanner gave
 * them, pointing into the body), MDSYNC_JT_OBJECT or MDSYNC_JT_ARRAY for a container, and
 * MDSYNC_JT_END when the member is absent. */
typedef struct {
	mdsync_jtok tok;
	const char *str;
	size_t str_len;
	unsigned flags;
} mdsync_jvalue;

/* Validates that buf (len bytes; NULL and 0 are refused) is exactly one JSON value, and picks
 * the members at paths (dotted, through objects from the top level: "detail", "profile.id") into
 * out[0..n). *root, if given, gets the top-level token. False, with why, if it is not JSON. */
bool mdsync_json_pick(const char *buf, size_t len, const char *const *paths, mdsync_jvalue *out, size_t n,
	mdsync_jtok *root, char *why, size_t why_len);

/* The decoded text of a picked string (emalloc'd, NUL-terminated, *len bytes: a \u0000 inside
 * stays, so check flags & MDSYNC_JF_NUL), or NULL if it is not a string or would pass memory_limit. */
char *mdsync_jvalue_dup(const mdsync_jvalue *v, size_t *len);

#endif
