/* mdsync face, records: user records (arrays, objects, iterators) into the compact user store, each key found once. */
#include "private.h"
#include "ext/spl/spl_iterators.h"

/* Every key a user record may have, interned once (so their hashes are computed once). */
enum {
	K_SUSPENDED = MDSYNC_F_COUNT, K_SUSPENDED_AT, K_PF_EDEBOID, K_PF_IASID, K_PF_DJANGOID,
	K_SITEADMIN, K_ROLES, K_COHORTS, K_COUNT
};
static const char *const key_names[K_COUNT] = {
	"id", "username", "email", "firstname", "lastname", "edeboid", "iasid", "djangoid", "auth",
	"suspended", "suspended_at", "profile_field_edeboid", "profile_field_iasid", "profile_field_djangoid",
	"siteadmin", "roles", "cohorts",
};
static zend_string *keys[K_COUNT];

void mdsync_records_minit(void)
{
	int k;
	for (k = 0; k < K_COUNT; k++) {
		keys[k] = zend_string_init_interned(key_names[k], strlen(key_names[k]), 1);
	}
}

/* Where each key was found in the last record: records from one source (a query's rows, one
 * PHP literal) share their layout, so the next record's key is usually in the same bucket and
 * found without hashing. 0: not yet seen. */
struct mdsync_shape {
	uint32_t pos[K_COUNT];
};

static zval *field(HashTable *ht, int k, mdsync_shape *sh)
{
	zend_string *key = keys[k];
	uint32_t p = sh->pos[k];
	zval *z;

	if (HT_IS_PACKED(ht)) {
		return NULL; /* a list has no names */
	}
	if (p && p <= ht->nNumUsed) {
		Bucket *b = ht->arData + p - 1;
		/* a deleted bucket has an undefined value: look at the key only after that */
		if (Z_TYPE(b->val) != IS_UNDEF && (b->key == key
			|| (b->key && ZSTR_H(b->key) == ZSTR_H(key) && zend_string_equal_content(b->key, key)))) {
			z = &b->val;
			goto found;
		}
	}
	z = zend_hash_find_known_hash(ht, key);
	if (!z) {
		return NULL;
	}
	sh->pos[k] = (uint32_t) ((Bucket *) z - ht->arData) + 1;
found:
	if (Z_TYPE_P(z) == IS_INDIRECT) {
		/* an object's declared property; unset (IS_UNDEF) is absent */
		z = Z_INDIRECT_P(z);
		if (Z_TYPE_P(z) == IS_UNDEF) {
			return NULL;
		}
	}
	ZVAL_DEREF(z);
	return Z_TYPE_P(z) == IS_NULL ? NULL : z;
}

static bool scalar_text(zval *z, char *buf, size_t len, const char **out, size_t *out_len)
{
	switch (Z_TYPE_P(z)) {
		case IS_STRING:
			*out = Z_STRVAL_P(z);
			*out_len = Z_STRLEN_P(z);
			return true;
		case IS_LONG:
			*out_len = (size_t) snprintf(buf, len, ZEND_LONG_FMT, Z_LVAL_P(z));
			*out = buf;
			return true;
		default:
			return false;
	}
}

/* A list fact (roles, cohorts): an array of names, or one comma-separated string. */
static mdsync_read_status read_list(zval *z, mdsync_userset *set, mdsync_list which, const char *name, char *why, size_t why_len)
{
	smart_str joined = { 0 };
	char buf[32];
	const char *text;
	size_t len;
	zval *item;
	bool first = true;

#define ADD(s, n) do { \
		const char *s_ = (s); \
		size_t n_ = (n), i_; \
		mdsync_norm_trim(&s_, &n_); \
		for (i_ = 0; i_ < n_; i_++) { \
			if ((unsigned char) s_[i_] < 0x20) { \
				smart_str_free(&joined); \
				snprintf(why, why_len, "has a control character in \"%s\"", name); \
				return MDSYNC_READ_VALUE; \
			} \
		} \
		if (n_) { \
			if (!first) { \
				smart_str_appendc(&joined, MDSYNC_LIST_SEP); \
			} \
			smart_str_appendl(&joined, s_, n_); \
			first = false; \
		} \
	} while (0)

	if (Z_TYPE_P(z) == IS_STRING) {
		const char *p = Z_STRVAL_P(z), *end = p + Z_STRLEN_P(z);
		while (p <= end) {
			const char *comma = memchr(p, ',', (size_t) (end - p)), *stop = comma ? comma : end;
			ADD(p, (size_t) (stop - p));
			p = stop + 1;
		}
	} else if (Z_TYPE_P(z) == IS_ARRAY) {
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(z), item) {
			ZVAL_DEREF(item);
			if (!scalar_text(item, buf, sizeof(buf), &text, &len)) {
				smart_str_free(&joined);
				snprintf(why, why_len, "\"%s\" must list strings, %s given", name, zend_zval_type_name(item));
				return MDSYNC_READ_TYPE;
			}
			ADD(text, len);
		} ZEND_HASH_FOREACH_END();
	} else {
		snprintf(why, why_len, "\"%s\" must be an array or a comma-separated string, %s given", name, zend_zval_type_name(z));
		return MDSYNC_READ_TYPE;
	}
#undef ADD
	smart_str_0(&joined);
	mdsync_userset_set_list(set, which, joined.s ? ZSTR_VAL(joined.s) : "", joined.s ? ZSTR_LEN(joined.s) : 0);
	smart_str_free(&joined);
	return MDSYNC_READ_OK;
}

/* A Moodle id as one text for one number: ' 12', '12' and 12 are the same id. */
static bool moodle_id(zval *z, char *buf, size_t len)
{
	zend_long l;
	double d;
	if (Z_TYPE_P(z) == IS_LONG) {
		l = Z_LVAL_P(z);
	} else if (Z_TYPE_P(z) != IS_STRING || is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false) != IS_LONG) {
		return false;
	}
	if (l <= 0) {
		return false;
	}
	snprintf(buf, len, ZEND_LONG_FMT, l);
	return true;
}

mdsync_read_status mdsync_read_user_shaped(zval *rec, mdsync_userset *set, int flags, mdsync_shape *sh, char *why, size_t why_len)
{
	HashTable *ht;
	mdsync_user *u;
	mdsync_read_status st;
	int f;
	char buf[32];
	zval *z;
	bool moodle = (flags & MDSYNC_READ_MOODLE) != 0;

	if (!(ht = mdsync_rec_table(rec))) {
		ZVAL_DEREF(rec);
		snprintf(why, why_len, "a user record must be an array or object, %s given", zend_zval_type_name(rec));
		return MDSYNC_READ_TYPE;
	}
	mdsync_userset_add(set);
	for (f = 0; f < MDSYNC_F_COUNT; f++) {
		const char *text;
		size_t len;
		z = field(ht, f, sh);
		if (!z && moodle && (f == MDSYNC_F_EDEBOID || f == MDSYNC_F_IASID || f == MDSYNC_F_DJANGOID)) {
			/* Moodle's own spelling of a custom profile field */
			z = field(ht, K_PF_EDEBOID + (f - MDSYNC_F_EDEBOID), sh);
		}
		if (!z) {
			continue;
		}
		if (f == MDSYNC_F_ID && moodle) {
			if (!moodle_id(z, buf, sizeof(buf))) {
				snprintf(why, why_len, "must have a positive integer \"id\"");
				return MDSYNC_READ_VALUE;
			}
			mdsync_userset_set(set, MDSYNC_F_ID, buf, strlen(buf));
			continue;
		}
		if (!scalar_text(z, buf, sizeof(buf), &text, &len)) {
			snprintf(why, why_len, "\"%s\" must be a string or int, %s given", mdsync_field_names[f], zend_zval_type_name(z));
			return MDSYNC_READ_TYPE;
		}
		mdsync_userset_set(set, (mdsync_field) f, text, len);
	}
	u = &set->users[set->count - 1];
	if (moodle && !u->off[MDSYNC_F_ID]) {
		snprintf(why, why_len, "must have a positive integer \"id\"");
		return MDSYNC_READ_VALUE;
	}
	if ((flags & MDSYNC_READ_DJANGO) && (!u->off[MDSYNC_F_ID] || !*mdsync_user_get(set, u, MDSYNC_F_ID))) {
		snprintf(why, why_len, "must have an \"id\"");
		return MDSYNC_READ_VALUE;
	}
	if (flags & MDSYNC_READ_DJANGO) {
		mdsync_userset_resolve_djangoid(set);
	}
	z = field(ht, K_SUSPENDED, sh);
	u->suspended = z && zend_is_true(z);
	if (moodle && (z = field(ht, K_SUSPENDED_AT, sh)) && !(Z_TYPE_P(z) == IS_STRING && Z_STRLEN_P(z) == 0)) {
		zend_long l;
		double d;
		if (Z_TYPE_P(z) == IS_LONG) {
			l = Z_LVAL_P(z);
		} else if (Z_TYPE_P(z) != IS_STRING || is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, &d, false) != IS_LONG) {
			snprintf(why, why_len, "\"suspended_at\" must be a Unix time");
			return MDSYNC_READ_TYPE;
		}
		u->suspended_at = l > 0 ? (int64_t) l : 0;
	}
	if (moodle) {
		/* the facts scope rules read; absent means unknown, not false */
		if ((z = field(ht, K_SITEADMIN, sh)) != NULL) {
			u->facts |= MDSYNC_FACT_SITEADMIN_KNOWN | (zend_is_true(z) ? MDSYNC_FACT_SITEADMIN : 0);
		}
		if ((z = field(ht, K_ROLES, sh)) && (st = read_list(z, set, MDSYNC_LIST_ROLES, "roles", why, why_len)) != MDSYNC_READ_OK) {
			return st;
		}
		if ((z = field(ht, K_COHORTS, sh)) && (st = read_list(z, set, MDSYNC_LIST_COHORTS, "cohorts", why, why_len)) != MDSYNC_READ_OK) {
			return st;
		}
	}
	if (set->too_big) {
		snprintf(why, why_len, "holds more user data than mdsync can hold");
		return MDSYNC_READ_VALUE;
	}
	return MDSYNC_READ_OK;
}

mdsync_read_status mdsync_read_user(zval *rec, mdsync_userset *set, int flags, char *why, size_t why_len)
{
	mdsync_shape sh;
	memset(&sh, 0, sizeof(sh));
	return mdsync_read_user_shaped(rec, set, flags, &sh, why, why_len);
}

typedef struct {
	mdsync_userset *set;
	uint32_t arg;
	int flags;
	size_t n;
	bool failed;
	mdsync_shape shape;
} read_ctx;

/* Reads one user; throws (TypeError or ValueError naming its position) on a bad one. */
static bool read_one(read_ctx *c, zval *rec)
{
	char why[256];
	if (!mdsync_rec_table(rec)) {
		ZVAL_DEREF(rec);
		zend_argument_type_error(c->arg, "must hold arrays or objects (user records), %s given at position %zu",
			zend_zval_type_name(rec), c->n);
		return false;
	}
	switch (mdsync_read_user_shaped(rec, c->set, c->flags, &c->shape, why, sizeof(why))) {
		case MDSYNC_READ_OK:
			c->n++;
			return true;
		case MDSYNC_READ_TYPE:
			zend_argument_type_error(c->arg, "user at position %zu: %s", c->n, why);
			return false;
		default:
			zend_argument_value_error(c->arg, "user at position %zu %s", c->n, why);
			return false;
	}
}

static int read_iter(zend_object_iterator *iter, void *puser)
{
	read_ctx *c = puser;
	zval *rec = iter->funcs->get_current_data(iter);
	if (EG(exception) || !rec || !read_one(c, rec)) {
		c->failed = true;
		return ZEND_HASH_APPLY_STOP;
	}
	return ZEND_HASH_APPLY_KEEP;
}

bool mdsync_read_users(zval *input, mdsync_userset *set, uint32_t arg, int flags)
{
	read_ctx c;
	zval *rec;
	uint32_t dup, first = 0;

	memset(&c, 0, sizeof(c));
	c.set = set;
	c.arg = arg;
	c.flags = flags;
	if (Z_TYPE_P(input) == IS_ARRAY) {
		mdsync_userset_reserve(set, zend_hash_num_elements(Z_ARRVAL_P(input)));
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(input), rec) {
			if (!read_one(&c, rec)) {
				return false;
			}
		} ZEND_HASH_FOREACH_END();
	} else if (spl_iterator_apply(input, read_iter, &c) == FAILURE || c.failed || EG(exception)) {
		return false;
	}
	/* One id, one user: a second record with it would be matched, created or changed twice. */
	if ((dup = mdsync_userset_duplicate_id(set, &first)) != UINT32_MAX) {
		zend_argument_value_error(arg, "has the id %.100s twice (users at positions %u and %u)",
			mdsync_user_get(set, &set->users[dup], MDSYNC_F_ID), first, dup);
		return false;
	}
	return true;
}

bool mdsync_read_moodle_users(zval *input, mdsync_userset *set, uint32_t arg)
{
	return mdsync_read_users(input, set, arg, MDSYNC_READ_MOODLE);
}
