/* mdsync grade events on the wire: the JSON body, the idempotency key and the URL of one grade.
 * No PHP values: the face reads a grade into an mdsync_grade first. */
#ifndef MDSYNC_GRADES_H
#define MDSYNC_GRADES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "events.h"

typedef enum { MDSYNC_G_INT, MDSYNC_G_NUM, MDSYNC_G_STR } mdsync_grade_kind;

/* The fields of a grade event, in the order they go on the wire. */
typedef enum {
	MDSYNC_G_USERID = 0, MDSYNC_G_DJANGOID, MDSYNC_G_EMAIL, MDSYNC_G_COURSEID, MDSYNC_G_COURSESHORTNAME,
	MDSYNC_G_COURSEIDNUMBER, MDSYNC_G_ITEMID, MDSYNC_G_ITEMTYPE, MDSYNC_G_ITEMMODULE, MDSYNC_G_ITEMNAME,
	MDSYNC_G_GRADEMAX, MDSYNC_G_FINALGRADE, MDSYNC_G_TIMEMODIFIED, MDSYNC_G_GRADEID,
	MDSYNC_G_COUNT
} mdsync_grade_field;

typedef struct {
	const char *name;
	mdsync_grade_kind kind;
	bool required;
} mdsync_grade_field_def;

extern const mdsync_grade_field_def mdsync_grade_fields[MDSYNC_G_COUNT];

typedef struct {
	bool present;
	int64_t i;          /* MDSYNC_G_INT */
	double d;           /* MDSYNC_G_NUM (finite) */
	const char *s;      /* MDSYNC_G_STR (borrowed, or num), s_len bytes */
	size_t s_len;
	char num[24];       /* an integer given for a string field, as text */
} mdsync_grade_value;

typedef struct {
	mdsync_grade_value v[MDSYNC_G_COUNT];
	const char *idempotency_key;  /* the caller's own key (borrowed), or NULL for the stable default */
	size_t idempotency_key_len;
} mdsync_grade;

typedef struct {
	const char *base_url;         /* django_url */
	const char *path;             /* grades_path, used when there is no template */
	const char *url_template;     /* grades_url_template ("/api/cell/{djangoid}/{itemid}/"), or NULL */
} mdsync_grades_config;

/* Longest idempotency key a caller may give. */
#define MDSYNC_GRADE_KEY_MAX 200

/* Fills it->url, it->body and it->idempotency_key (emalloc'd) from g. On a grade that cannot be
 * sent as it is, writes why and returns false (nothing allocated). */
bool mdsync_grade_request(const mdsync_grades_config *gc, const mdsync_grade *g, mdsync_push_item *it,
	char *why, size_t why_len);

#endif
