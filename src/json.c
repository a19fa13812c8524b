/* mdsync JSON reading: validate a whole body and pick members by dotted path, without a tree. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "json.h"
#include "mem.h"

#define PICK_MAX 8
#define PICK_SEGMENTS 8

typedef struct {
	const char *seg[PICK_SEGMENTS];
	size_t seg_len[PICK_SEGMENTS];
	unsigned nseg;
	unsigned matched;   /* leading segments matched along the current branch */
	bool want;          /* the next value is this path's */
} pick_path;

bool mdsync_json_pick(const char *buf, size_t len, const char *const *paths, mdsync_jvalue *out, size_t n,
	mdsync_jtok *root, char *why, size_t why_len)
{
	mdsync_jscan s;
	pick_path pp[PICK_MAX];
	mdsync_jtok t;
	size_t i;
	bool first = true;

	if (n > PICK_MAX) {
		snprintf(why, why_len, "too many members asked for");
		return false;
	}
	for (i = 0; i < n; i++) {
		const char *p = paths[i];
		memset(&pp[i], 0, sizeof(pp[i]));
		memset(&out[i], 0, sizeof(out[i]));
		out[i].tok = MDSYNC_JT_END;
		while (p && *p && pp[i].nseg < PICK_SEGMENTS) {
			const char *dot = strchr(p, '.');
			pp[i].seg[pp[i].nseg] = p;
			pp[i].seg_len[pp[i].nseg++] = dot ? (size_t) (dot - p) : strlen(p);
			p = dot ? dot + 1 : NULL;
		}
		if (p && *p) {
			pp[i].nseg = 0; /* deeper than we look: never found */
		}
	}
	mdsync_jscan_init(&s, buf, len);
	while ((t = mdsync_jscan_next(&s)) != MDSYNC_JT_END) {
		unsigned d = mdsync_jscan_depth(&s);
		if (t == MDSYNC_JT_ERROR) {
			snprintf(why, why_len, "invalid JSON: %s", s.error);
			return false;
		}
		if (first && root) {
			*root = t;
		}
		first = false;
		if (t == MDSYNC_JT_KEY) {
			/* a member of the object at depth d */
			for (i = 0; i < n; i++) {
				pick_path *p = &pp[i];
				if (p->matched >= d) {
					p->matched = d - 1; /* a sibling of what matched before */
				}
				if (p->matched == d - 1 && d <= p->nseg && mdsync_jscan_str_is(&s, p->seg[d - 1], p->seg_len[d - 1])) {
					p->matched = d;
					p->want = d == p->nseg && out[i].tok == MDSYNC_JT_END;
				}
			}
			continue;
		}
		if (t == MDSYNC_JT_OBJECT_END || t == MDSYNC_JT_ARRAY_END) {
			for (i = 0; i < n; i++) {
				if (pp[i].matched > d) {
					pp[i].matched = d;
				}
			}
			continue;
		}
		/* a value (members inside a list never match: a path goes through objects only) */
		for (i = 0; i < n; i++) {
			if (pp[i].want) {
				out[i].tok = t;
				out[i].str = s.str;
				out[i].str_len = s.str_len;
				out[i].flags = s.flags;
				pp[i].want = false;
			}
		}
	}
	return true;
}

char *mdsync_jvalue_dup(const mdsync_jvalue *v, size_t *len)
{
	char *out;
	if (v->tok != MDSYNC_JT_STRING || !mdsync_mem_room(v->str_len + 1)) {
		return NULL;
	}
	out = emalloc(v->str_len + 1);
	*len = (v->flags & MDSYNC_JF_ESCAPED) ? mdsync_json_unescape(v->str, v->str_len, out) : v->str_len;
	if (!(v->flags & MDSYNC_JF_ESCAPED)) {
		memcpy(out, v->str, v->str_len);
	}
	out[*len] = '\0';
	return out;
}
