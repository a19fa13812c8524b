/* mdsync face, JSON answers as PHP values: the scanner's tokens built into zvals, memory_limit checked as they grow. */
#include "private.h"
#include "src/jscan.h"
#include "src/mem.h"
#include "zend_strtod.h"

typedef struct {
	mdsync_jscan s;
	char *why;
	size_t why_len;
	bool failed;
} builder;

static bool bfail(builder *b, const char *what)
{
	if (!b->failed) {
		snprintf(b->why, b->why_len, "%s", what);
		b->failed = true;
	}
	return false;
}

static bool scan_failed(builder *b)
{
	char what[160];
	snprintf(what, sizeof(what), "invalid JSON: %s", b->s.error);
	return bfail(b, what);
}

/* Room for about bytes more, or a refusal naming memory_limit. */
static bool room(builder *b, size_t bytes)
{
	if (mdsync_mem_room(bytes)) {
		return true;
	}
	return bfail(b, "the answer would pass memory_limit as PHP values");
}

/* Room for ht's next insertion: a full table doubles (Bucket size bounds packed arrays too). */
static bool table_room(builder *b, const HashTable *ht)
{
	if (ht->nNumUsed < ht->nTableSize) {
		return room(b, 64);
	}
	return room(b, (size_t) ht->nTableSize * 2 * (sizeof(Bucket) + 2 * sizeof(uint32_t)) + 64);
}

/* A string token as a zend_string (decoded in place in a fresh string: never longer than raw). */
static zend_string *token_string(builder *b)
{
	zend_string *str;
	if (!room(b, b->s.str_len + 32)) {
		return NULL;
	}
	str = zend_string_alloc(b->s.str_len, 0);
	if (b->s.flags & MDSYNC_JF_ESCAPED) {
		ZSTR_LEN(str) = mdsync_json_unescape(b->s.str, b->s.str_len, ZSTR_VAL(str));
	} else {
		memcpy(ZSTR_VAL(str), b->s.str, b->s.str_len);
	}
	ZSTR_VAL(str)[ZSTR_LEN(str)] = '\0';
	return str;
}

/* Integers that fit a PHP int become one; larger ones keep their exact digits as a string (as
 * json_decode's JSON_BIGINT_AS_STRING does); others are floats, and one out of range (1e400)
 * is refused rather than turned into INF. */
static bool number(builder *b, zval *out)
{
	const char *p = b->s.str;
	size_t len = b->s.str_len;
	if (b->s.flags & MDSYNC_JF_INT) {
		zend_long l;
		double d;
		char digits[24];
		/* is_numeric_string wants a NUL after the digits; no integer of more digits fits */
		if (len < sizeof(digits)) {
			memcpy(digits, p, len);
			digits[len] = '\0';
			if (is_numeric_string(digits, len, &l, &d, false) == IS_LONG) {
				ZVAL_LONG(out, l);
				return true;
			}
		}
		if (!room(b, len + 32)) {
			return false;
		}
		ZVAL_STRINGL(out, p, len);
		return true;
	}
	{
		char buf[64], *copy = len < sizeof(buf) ? buf : NULL;
		double d;
		if (!copy) {
			if (!room(b, len + 1)) {
				return false;
			}
			copy = emalloc(len + 1);
		}
		memcpy(copy, p, len);
		copy[len] = '\0';
		d = zend_strtod(copy, NULL);
		if (copy != buf) {
			efree(copy);
		}
		if (!zend_finite(d)) {
			return bfail(b, "a number beyond the range of a float");
		}
		ZVAL_DOUBLE(out, d);
		return true;
	}
}

static bool value(builder *b, mdsync_jtok t, zval *out);

static bool array_of(builder *b, zval *out)
{
	if (!room(b, 512)) {
		return false;
	}
	array_init(out);
	for (;;) {
		zval v;
		mdsync_jtok t = mdsync_jscan_next(&b->s);
		if (t == MDSYNC_JT_ARRAY_END) {
			return true;
		}
		if (!value(b, t, &v)) {
			return false;
		}
		if (!table_room(b, Z_ARRVAL_P(out))) {
			zval_ptr_dtor(&v);
			return false;
		}
		zend_hash_next_index_insert_new(Z_ARRVAL_P(out), &v);
	}
}

static bool object_of(builder *b, zval *out)
{
	if (!room(b, 512)) {
		return false;
	}
	array_init(out);
	for (;;) {
		zval v;
		zend_string *key;
		mdsync_jtok t = mdsync_jscan_next(&b->s);
		if (t == MDSYNC_JT_OBJECT_END) {
			return true;
		}
		if (t != MDSYNC_JT_KEY) {
			return scan_failed(b);
		}
		if (!(key = token_string(b))) {
			return false;
		}
		if (!value(b, mdsync_jscan_next(&b->s), &v)) {
			zend_string_release(key);
			return false;
		}
		if (!table_room(b, Z_ARRVAL_P(out))) {
			zval_ptr_dtor(&v);
			zend_string_release(key);
			return false;
		}
		/* "12" becomes the int key 12, as json_decode($json, true) does; the last of twin keys wins */
		zend_symtable_update(Z_ARRVAL_P(out), key, &v);
		zend_string_release(key);
	}
}

static bool value(builder *b, mdsync_jtok t, zval *out)
{
	bool ok;
	ZVAL_NULL(out);
	switch (t) {
		case MDSYNC_JT_NULL:
			return true;
		case MDSYNC_JT_TRUE:
			ZVAL_TRUE(out);
			return true;
		case MDSYNC_JT_FALSE:
			ZVAL_FALSE(out);
			return true;
		case MDSYNC_JT_NUMBER:
			return number(b, out);
		case MDSYNC_JT_STRING: {
			zend_string *str = token_string(b);
			if (!str) {
				return false;
			}
			ZVAL_STR(out, str);
			return true;
		}
		case MDSYNC_JT_ARRAY:
			ok = array_of(b, out);
			break;
		case MDSYNC_JT_OBJECT:
			ok = object_of(b, out);
			break;
		default:
			return scan_failed(b);
	}
	if (!ok) {
		zval_ptr_dtor(out);
		ZVAL_NULL(out);
	}
	return ok;
}

bool mdsync_json_to_zval(zval *out, const char *buf, size_t len, char *why, size_t why_len)
{
	builder b;
	memset(&b, 0, sizeof(b));
	mdsync_jscan_init(&b.s, buf, len);
	b.why = why;
	b.why_len = why_len;
	if (!value(&b, mdsync_jscan_next(&b.s), out)) {
		return false;
	}
	if (mdsync_jscan_next(&b.s) != MDSYNC_JT_END) {
		zval_ptr_dtor(out);
		ZVAL_NULL(out);
		return scan_failed(&b);
	}
	return true;
}
