/* mdsync face: what the PHP-facing files share (options, exceptions, values). Not installed. */
#ifndef MDSYNC_FACE_PRIVATE_H
#define MDSYNC_FACE_PRIVATE_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_smart_str.h"

#include "php_mdsync.h"
#include "src/error.h"
#include "src/http.h"
#include "src/users.h"
#include "src/django.h"
#include "src/plan.h"
#include "src/normalize.h"
#include "src/moodle.h"
#include "src/grades.h"

/* {{{ exceptions (exceptions.c; the classes are registered by the module's MINIT) */
extern zend_class_entry *mdsync_ce_exception;
extern zend_class_entry *mdsync_ce_http_exception;
extern zend_class_entry *mdsync_ce_connection_exception;
extern zend_class_entry *mdsync_ce_protocol_exception;
extern zend_class_entry *mdsync_ce_moodle_exception;
extern zend_class_entry *mdsync_ce_config_exception;

/* Throws the Mdsync\ exception that matches err. */
void mdsync_throw(const mdsync_error *err);
/* }}} */

/* {{{ options (options.c): one array of option keys serves every function */
#define MDSYNC_NEED_DJANGO 1
#define MDSYNC_NEED_MOODLE 2
#define MDSYNC_NEED_GRADES 4
#define MDSYNC_NEED_PLAN   8
#define MDSYNC_TAKE_PROGRESS 16  /* the call takes the "progress" option (reading the users list) */

typedef struct {
	mdsync_http_config http;
	mdsync_django_config django;
	mdsync_moodle_config moodle;
	mdsync_grades_config grades;
	mdsync_plan_opts plan;
	zend_long suspend_max_percent;
	bool generate_password;
	const char *grades_method;
	char *token;             /* a copy, wiped on release */
	char *moodle_token;      /* likewise */
	char *signing_secret;    /* likewise */
	char *grades_auth;       /* "Authorization: …" for grade requests, or NULL; likewise */
	char *field_paths_owned[MDSYNC_F_COUNT + 1];
	char *users_path_owned;  /* users_path with django_filter's parameters */
	mdsync_secrets secrets;  /* every secret above, for redaction (mo->http.secrets points here) */
	zend_fcall_info progress_fci;      /* the "progress" callable, if given (mo->http.progress calls it) */
	zend_fcall_info_cache progress_fcc;
	bool progress_bailout;   /* the callable ended the request (a fatal error, exit): bail out once released */
} mdsync_opts;

/* Merges INI defaults, the environment and the options array (argument number arg). On
 * failure a TypeError or ValueError is thrown and nothing needs releasing. */
bool mdsync_opts_parse(mdsync_opts *mo, HashTable *o, uint32_t arg, int need);
/* Releases what parsing took; if the progress callable ended the request, bails out now. */
void mdsync_opts_release(mdsync_opts *mo);
/* Sets mo->http.progress to call the PHP callable z (progress.c); false, with a TypeError, if z is
 * not callable. */
bool mdsync_progress_option(mdsync_opts *mo, zval *z, uint32_t arg);

/* Scope options (scope.c) into po->scope; on failure an error is thrown and nothing is held. */
bool mdsync_scope_parse(mdsync_plan_opts *po, HashTable *o, uint32_t arg);
/* users_path with django_filter's parameters appended (array, or "k=v&k2=v2"); NULL after an error. */
char *mdsync_filter_path(const char *users_path, zval *filter, uint32_t arg);
/* }}} */

/* {{{ values (values.c): C to PHP, and a record's fields */
/* Interns the record keys (from MINIT). */
void mdsync_values_minit(void);

/* A Moodle id is always an int; a Django id always a string, exactly as Django sent it. */
void mdsync_moodle_id_zval(zval *z, const char *s);
void mdsync_django_id_zval(zval *z, const char *s);
void mdsync_user_to_zval(zval *out, const mdsync_userset *s, const mdsync_user *u, const char *source);
void mdsync_users_to_array(zval *out, const mdsync_userset *s, const char *source);
/* A JSON answer (len bytes) as PHP values, objects as arrays (json.c): validated as it is read,
 * integers beyond PHP's range as their exact digits, memory_limit checked as it grows; every
 * string and key redacted of secrets (may be NULL). False, with why and out null, on a body
 * that is not JSON, 1e400, or too much for memory_limit. */
bool mdsync_json_to_zval(zval *out, const char *buf, size_t len, const mdsync_secrets *secrets, char *why, size_t why_len);

/* A record's fields: an array's table, or an object's properties; NULL for anything else. */
HashTable *mdsync_rec_table(zval *rec);
/* A record's field (declared properties included, references followed), or NULL. */
zval *mdsync_rec_field(HashTable *ht, const char *name, size_t len);
/* }}} */

/* {{{ records (records.c): user records into the compact store */
void mdsync_records_minit(void);

typedef enum { MDSYNC_READ_OK = 0, MDSYNC_READ_TYPE, MDSYNC_READ_VALUE } mdsync_read_status;
/* Reads one user record into a new last record of set. MDSYNC_READ_MOODLE: a Moodle user (a
 * positive integer id, kept as one canonical text; profile_field_* aliases; suspended_at; the
 * scope facts siteadmin, roles, cohorts). MDSYNC_READ_DJANGO: a Django user (an id; djangoid
 * resolved). On a bad record, why says what is wrong and the status whether that is a type or
 * a value error. */
#define MDSYNC_READ_MOODLE 1
#define MDSYNC_READ_DJANGO 2
mdsync_read_status mdsync_read_user(zval *rec, mdsync_userset *set, int flags, char *why, size_t why_len);
/* The same, remembering where each key sat in the last record (records of one source share
 * their layout): zero it before the first record. */
typedef struct mdsync_shape mdsync_shape;
mdsync_read_status mdsync_read_user_shaped(zval *rec, mdsync_userset *set, int flags, mdsync_shape *sh, char *why, size_t why_len);
/* Reads users (an array or Traversable) for argument arg; throws on a bad record or an id
 * given twice. */
bool mdsync_read_users(zval *input, mdsync_userset *set, uint32_t arg, int flags);
bool mdsync_read_moodle_users(zval *input, mdsync_userset *set, uint32_t arg);
/* }}} */

/* {{{ batches */
/* One batch result, under its input's own key. */
void mdsync_batch_put(zval *rv, zend_string *key, zend_ulong idx, zval *res);
/* The result of a record that could not be sent as it is (no request was made). */
void mdsync_local_failure(zval *res, const char *status, const char *message, const char *detail_key);
/* }}} */

#endif
