/* mdsync Django users page: each record walked once against the compiled field_map, values into the store. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "django_page.h"
#include "jscan.h"
#include "mem.h"
#include "error.h"

#if defined(__GNUC__)
# define lowest_bit(m) __builtin_ctz(m)
#else
static int lowest_bit(unsigned m)
{
	int i = 0;
	while (!(m & 1u)) {
		m >>= 1;
		i++;
	}
	return i;
}
#endif


/* find_child from where the last match of this node left off: an API sends its members in the
 * same order in every record, so a page's lookups mostly hit on the first comparison. */
static int find_child_hinted(const mdsync_fieldmap *fm, uint8_t *hint, int node, const char *key, size_t len)
{
	int start = hint[node] ? hint[node] : fm->nodes[node].first_child, c = start;
	while (c) {
		if (mdsync_fmap_key_is(&fm->nodes[c], key, len)) {
			hint[node] = fm->nodes[c].next_sibling ? fm->nodes[c].next_sibling : fm->nodes[node].first_child;
			return c;
		}
		c = fm->nodes[c].next_sibling ? fm->nodes[c].next_sibling : fm->nodes[node].first_child;
		if (c == start) {
			break;
		}
	}
	return 0;
}

/* len bytes at s (not NUL-terminated) as a C string in buf, cut to fit. PHP's snprintf runs
 * strlen over a "%.*s" argument before it applies the precision, so a slice of a body never
 * goes to it raw. */
static const char *slice(const char *s, size_t len, char *buf, size_t buf_len)
{
	size_t n = len < buf_len - 1 ? len : buf_len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* {{{ reading a page */
typedef struct {
	mdsync_jscan s;
	const mdsync_fieldmap *fm;
	mdsync_page *pg;
	mdsync_userset *set;
	char *scratch;          /* decoded text of escaped strings */
	size_t scratch_cap;
	char *why;
	size_t why_len;
	uint16_t seen, got;     /* the current user's fields: member present; value taken */
	bool failed;
	uint8_t hint[MDSYNC_FMAP_MAX_NODES]; /* per node: the child to try first */
} reader;

static bool rfail(reader *rd, const char *fmt, ...) MDSYNC_PRINTF(2, 3);

static bool rfail(reader *rd, const char *fmt, ...)
{
	va_list ap;
	if (!rd->failed) {
		va_start(ap, fmt);
		vsnprintf(rd->why, rd->why_len, fmt, ap);
		va_end(ap);
		rd->failed = true;
	}
	return false;
}

static bool scan_failed(reader *rd)
{
	return rfail(rd, "invalid JSON: %s", rd->s.error);
}

/* 'email' or 'email' ("mail"): the canonical name and, when it differs, Django's. */
static const char *field_label(const reader *rd, int f, char *buf, size_t len)
{
	const char *path = rd->fm->paths[f] ? rd->fm->paths[f] : mdsync_field_names[f];
	if (strcmp(path, mdsync_field_names[f]) == 0) {
		snprintf(buf, len, "'%s'", path);
	} else {
		snprintf(buf, len, "'%s' (Django's \"%.*s\")", mdsync_field_names[f], 100, path);
	}
	return buf;
}

static bool user_fail(reader *rd, int f, const char *what)
{
	char label[160];
	return rfail(rd, "user #%zu on the page: %s %s", rd->pg->records + 1, field_label(rd, f, label, sizeof(label)), what);
}

/* The text of the current string token: as it is, or decoded into the scratch buffer. */
static bool string_text(reader *rd, const char **text, size_t *len)
{
	if (!(rd->s.flags & MDSYNC_JF_ESCAPED)) {
		*text = rd->s.str;
		*len = rd->s.str_len;
		return true;
	}
	if (rd->s.str_len > rd->scratch_cap) {
		if (!mdsync_mem_room(rd->s.str_len)) {
			return rfail(rd, "a string of %zu bytes would pass memory_limit", rd->s.str_len);
		}
		if (rd->scratch) {
			efree(rd->scratch);
		}
		rd->scratch = emalloc(rd->s.str_len);
		rd->scratch_cap = rd->s.str_len;
	}
	*len = mdsync_json_unescape(rd->s.str, rd->s.str_len, rd->scratch);
	*text = rd->scratch;
	return true;
}

static bool take_flag(reader *rd, int f, mdsync_jtok t)
{
	bool v;
	const mdsync_jscan *s = &rd->s;
	if (t == MDSYNC_JT_TRUE || t == MDSYNC_JT_FALSE) {
		v = t == MDSYNC_JT_TRUE;
	} else if (t == MDSYNC_JT_NUMBER && s->str_len == 1 && (s->str[0] == '0' || s->str[0] == '1')) {
		v = s->str[0] == '1';
	} else if (t == MDSYNC_JT_STRING && (mdsync_jscan_str_is(s, "true", 4) || mdsync_jscan_str_is(s, "1", 1))) {
		v = true;
	} else if (t == MDSYNC_JT_STRING && (mdsync_jscan_str_is(s, "false", 5) || mdsync_jscan_str_is(s, "0", 1))) {
		v = false;
	} else {
		return user_fail(rd, f, "must be true or false (or 1, 0, \"true\", \"false\")");
	}
	if (rd->set) {
		rd->set->users[rd->set->count - 1].suspended = rd->fm->invert_suspended ? !v : v;
	}
	return true;
}

/* A scalar for the fields in mask. null is absence; other values are kept exactly as sent or
 * refused: nothing is changed silently. */
static bool take(reader *rd, uint16_t mask, mdsync_jtok t)
{
	int f;
	const char *text = NULL;
	size_t len = 0;

	if (rd->seen & mask) {
		for (f = 0; !(mask & rd->seen & (1u << f)); f++) {
		}
		return user_fail(rd, f, "appears twice in the record");
	}
	rd->seen |= mask;
	if (t == MDSYNC_JT_NULL) {
		return true;
	}
	rd->got |= mask;
	for (; mask; mask &= (uint16_t) (mask - 1)) {
		f = lowest_bit(mask);
		if (f == MDSYNC_F_SUSPENDED) {
			if (!take_flag(rd, f, t)) {
				return false;
			}
			continue;
		}
		if (t == MDSYNC_JT_TRUE || t == MDSYNC_JT_FALSE) {
			return user_fail(rd, f, "is a boolean, not text");
		}
		if (t == MDSYNC_JT_STRING) {
			if (rd->s.flags & MDSYNC_JF_NUL) {
				return user_fail(rd, f, "holds \\u0000, which would cut the text short");
			}
			if (f == MDSYNC_F_ID && rd->s.str_len == 0) {
				return user_fail(rd, f, "is an empty string");
			}
		} else if (f == MDSYNC_F_ID && !(rd->s.flags & MDSYNC_JF_INT)) {
			char what[96], lit[41];
			snprintf(what, sizeof(what), "is not an integer or a string: %s%s", slice(rd->s.str, rd->s.str_len, lit, sizeof(lit)),
				rd->s.str_len > 40 ? "…" : "");
			return user_fail(rd, f, what);
		}
		if (!rd->set) {
			continue;
		}
		if (!text) {
			if (t == MDSYNC_JT_STRING) {
				if (!string_text(rd, &text, &len)) {
					return false;
				}
			} else {
				text = rd->s.str; /* a number: its literal, exactly (ids beyond 64 bits included) */
				len = rd->s.str_len;
			}
		}
		/* the text, and for the email its matching key beside it */
		if (rd->set->arena_len + 2 * len + 2 > rd->set->arena_cap && !mdsync_userset_make_room(rd->set, 0, 2 * len + 2)) {
			return rfail(rd, "the users read so far need more memory than memory_limit leaves (%zu users stored)",
				rd->set->count);
		}
		mdsync_userset_set(rd->set, (mdsync_field) f, text, len);
	}
	return true;
}

static bool walk(reader *rd, int node);

/* The value of member child (its token t already read). */
static bool member_value(reader *rd, int child, mdsync_jtok t)
{
	const mdsync_fmap_node *nd = &rd->fm->nodes[child];
	if (t == MDSYNC_JT_ERROR) {
		return scan_failed(rd);
	}
	if (nd->fields) {
		if (t == MDSYNC_JT_OBJECT || t == MDSYNC_JT_ARRAY) {
			int f;
			for (f = 0; !(nd->fields & (1u << f)); f++) {
			}
			return user_fail(rd, f, t == MDSYNC_JT_OBJECT ? "is an object, not text" : "is a list, not text");
		}
		return take(rd, nd->fields, t);
	}
	if (t == MDSYNC_JT_OBJECT) {
		return walk(rd, child);
	}
	if (t == MDSYNC_JT_NULL) {
		rd->seen |= nd->below; /* "profile": null: the fields are there, empty */
	}
	return mdsync_jscan_skip(&rd->s, t) || scan_failed(rd);
}

/* An object's members (after its '{'), those under node taken, the others skipped. */
static bool walk(reader *rd, int node)
{
	for (;;) {
		mdsync_jtok t = mdsync_jscan_next(&rd->s);
		int child = 0;
		if (t == MDSYNC_JT_OBJECT_END) {
			return true;
		}
		if (t != MDSYNC_JT_KEY) {
			return scan_failed(rd);
		}
		if (!(rd->s.flags & MDSYNC_JF_ESCAPED)) {
			child = find_child_hinted(rd->fm, rd->hint, node, rd->s.str, rd->s.str_len);
		} else if (rd->s.str_len <= 6 * MDSYNC_FMAP_MAX_KEY) {
			char key[6 * MDSYNC_FMAP_MAX_KEY];
			size_t len = mdsync_json_unescape(rd->s.str, rd->s.str_len, key);
			child = find_child_hinted(rd->fm, rd->hint, node, key, len);
		}
		t = mdsync_jscan_next(&rd->s);
		if (!child) {
			if (t == MDSYNC_JT_ERROR || !mdsync_jscan_skip(&rd->s, t)) {
				return scan_failed(rd);
			}
			continue;
		}
		if (!member_value(rd, child, t)) {
			return false;
		}
	}
}

static bool read_user(reader *rd)
{
	mdsync_page *pg = rd->pg;
	int f;

	if (pg->records >= pg->max_records) {
		return rfail(rd, "the page holds more users than %s", pg->max_why ? pg->max_why : "expected");
	}
	if (rd->set) {
		if (rd->set->count == rd->set->cap && !mdsync_userset_make_room(rd->set, 1, 0)) {
			return rfail(rd, "the users read so far need more memory than memory_limit leaves (%zu users stored)",
				rd->set->count);
		}
		mdsync_userset_add(rd->set);
	}
	rd->seen = rd->got = 0;
	if (!walk(rd, 0)) {
		return false;
	}
	if (rd->fm->paths[MDSYNC_F_ID] && !(rd->got & (1u << MDSYNC_F_ID))) {
		return rfail(rd, "user #%zu on the page has no '%s' (set field_map['id'])", pg->records + 1, rd->fm->paths[MDSYNC_F_ID]);
	}
	if (rd->set) {
		mdsync_userset_resolve_djangoid(rd->set);
	}
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		pg->present[f] += (rd->got >> f) & 1;
		pg->keyed[f] += (rd->seen >> f) & 1;
	}
	/* a djangoid at the id's path was compiled away: it is the id */
	if (rd->fm->paths[MDSYNC_F_DJANGOID] && !(rd->fm->nodes[0].below & (1u << MDSYNC_F_DJANGOID))) {
		pg->present[MDSYNC_F_DJANGOID] += (rd->got >> MDSYNC_F_ID) & 1;
		pg->keyed[MDSYNC_F_DJANGOID] += (rd->seen >> MDSYNC_F_ID) & 1;
	}
	pg->records++;
	return true;
}

static bool read_results(reader *rd)
{
	for (;;) {
		mdsync_jtok t = mdsync_jscan_next(&rd->s);
		if (t == MDSYNC_JT_ARRAY_END) {
			return true;
		}
		if (t == MDSYNC_JT_OBJECT) {
			if (!read_user(rd)) {
				return false;
			}
			continue;
		}
		if (t == MDSYNC_JT_ERROR) {
			return scan_failed(rd);
		}
		return rfail(rd, "result #%zu on the page is not a JSON object", rd->pg->records + 1);
	}
}

/* 'count': a non-negative integer within 64 bits, or null (none). */
static bool read_count(reader *rd, mdsync_jtok t)
{
	int64_t v = 0;
	size_t i;
	if (t == MDSYNC_JT_NULL) {
		return true;
	}
	if (t != MDSYNC_JT_NUMBER || !(rd->s.flags & MDSYNC_JF_INT)) {
		return t == MDSYNC_JT_ERROR ? scan_failed(rd) : rfail(rd, "'count' is not an integer");
	}
	if (rd->s.str[0] == '-') {
		return rfail(rd, "'count' is negative");
	}
	for (i = 0; i < rd->s.str_len; i++) {
		int d = rd->s.str[i] - '0';
		if (v > (INT64_MAX - d) / 10) {
			char lit[31];
			return rfail(rd, "'count' is beyond any number of users (%s%s)", slice(rd->s.str, rd->s.str_len, lit, sizeof(lit)),
				rd->s.str_len > 30 ? "…" : "");
		}
		v = v * 10 + d;
	}
	rd->pg->has_count = true;
	rd->pg->count = v;
	return true;
}

static bool read_next(reader *rd, mdsync_jtok t)
{
	const char *text;
	size_t len;
	if (t == MDSYNC_JT_NULL) {
		return true;
	}
	if (t != MDSYNC_JT_STRING) {
		return t == MDSYNC_JT_ERROR ? scan_failed(rd) : rfail(rd, "'next' is not a string");
	}
	if (rd->s.flags & MDSYNC_JF_NUL) {
		return rfail(rd, "'next' holds \\u0000");
	}
	if (!string_text(rd, &text, &len)) {
		return false;
	}
	if (rd->pg->next) {
		efree(rd->pg->next);
	}
	rd->pg->next = estrndup(text, len);
	return true;
}

static bool read_page(reader *rd)
{
	mdsync_jtok t = mdsync_jscan_next(&rd->s);
	bool results = false, count = false, next = false;

	if (t == MDSYNC_JT_ARRAY) {
		rd->pg->bare = true;
		results = true;
		if (!read_results(rd)) {
			return false;
		}
	} else if (t == MDSYNC_JT_OBJECT) {
		for (;;) {
			bool *once = NULL;
			t = mdsync_jscan_next(&rd->s);
			if (t == MDSYNC_JT_OBJECT_END) {
				break;
			}
			if (t != MDSYNC_JT_KEY) {
				return scan_failed(rd);
			}
			if (mdsync_jscan_str_is(&rd->s, "results", 7)) {
				once = &results;
			} else if (mdsync_jscan_str_is(&rd->s, "count", 5)) {
				once = &count;
			} else if (mdsync_jscan_str_is(&rd->s, "next", 4)) {
				once = &next;
			}
			if (once && *once) {
				return rfail(rd, "the answer has '%s' twice", once == &results ? "results" : once == &count ? "count" : "next");
			}
			t = mdsync_jscan_next(&rd->s);
			if (once == &results) {
				if (t != MDSYNC_JT_ARRAY) {
					return t == MDSYNC_JT_ERROR ? scan_failed(rd) : rfail(rd, "the answer's 'results' is not a list");
				}
				if (!read_results(rd)) {
					return false;
				}
			} else if (once == &count) {
				if (!read_count(rd, t)) {
					return false;
				}
			} else if (once == &next) {
				if (!read_next(rd, t)) {
					return false;
				}
			} else if (t == MDSYNC_JT_ERROR || !mdsync_jscan_skip(&rd->s, t)) {
				return scan_failed(rd);
			}
			if (once) {
				*once = true;
			}
		}
	} else if (t == MDSYNC_JT_ERROR) {
		return scan_failed(rd);
	}
	/* the whole body is JSON, to its last byte */
	if (mdsync_jscan_next(&rd->s) != MDSYNC_JT_END) {
		return scan_failed(rd);
	}
	if (!results) {
		return rfail(rd, "the answer has no 'results' list");
	}
	return true;
}

bool mdsync_page_read(const char *buf, size_t len, mdsync_page *pg, mdsync_userset *set, char *why, size_t why_len)
{
	reader rd;
	size_t count0 = set ? set->count : 0, arena0 = set ? set->arena_len : 0;
	bool ok;

	memset(&rd, 0, sizeof(rd));
	mdsync_jscan_init(&rd.s, buf, len);
	rd.fm = pg->fm;
	rd.pg = pg;
	rd.set = set;
	rd.why = why;
	rd.why_len = why_len;
	ok = read_page(&rd);
	if (rd.scratch) {
		efree(rd.scratch);
	}
	if (!ok && set) {
		set->count = count0; /* a refused page leaves nothing behind */
		set->arena_len = arena0;
	}
	return ok;
}

void mdsync_page_dtor(mdsync_page *pg)
{
	if (pg->next) {
		efree(pg->next);
		pg->next = NULL;
	}
}
/* }}} */

