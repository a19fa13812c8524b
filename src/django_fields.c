/* mdsync Django users page, its fields: field_map compiled into a tree of member names, and the names a page's users carry. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "django_page.h"
#include "jscan.h"

/* {{{ the field map */
static uint16_t fill_below(mdsync_fieldmap *fm, int node)
{
	int c;
	uint16_t b = fm->nodes[node].fields;
	for (c = fm->nodes[node].first_child; c; c = fm->nodes[c].next_sibling) {
		b |= fill_below(fm, c);
	}
	return fm->nodes[node].below = b;
}

bool mdsync_fieldmap_compile(mdsync_fieldmap *fm, const char *const paths[MDSYNC_F_COUNT + 1], char *why, size_t why_len)
{
	int f;
	memset(fm, 0, sizeof(*fm));
	fm->n = 1;
	for (f = 0; f <= MDSYNC_F_COUNT; f++) {
		const char *p = paths[f];
		int node = 0, segments = 0;
		if (!p) {
			continue;
		}
		if (f == MDSYNC_F_SUSPENDED && p[0] == '!') {
			fm->invert_suspended = true;
			p++;
		}
		fm->paths[f] = p;
		/* A djangoid at the id's own path is the id: resolving it costs no copy. */
		if (f == MDSYNC_F_DJANGOID && paths[MDSYNC_F_ID] && strcmp(p, paths[MDSYNC_F_ID]) == 0) {
			continue;
		}
		for (;;) {
			const char *dot = strchr(p, '.');
			size_t len = dot ? (size_t) (dot - p) : strlen(p);
			int child;
			if (len == 0 || len > MDSYNC_FMAP_MAX_KEY || ++segments > MDSYNC_FMAP_MAX_SEGMENTS) {
				snprintf(why, why_len, "field_map['%s'] must be member names joined by dots (at most %d, each 1 to %d bytes)",
					mdsync_field_names[f], MDSYNC_FMAP_MAX_SEGMENTS, MDSYNC_FMAP_MAX_KEY);
				return false;
			}
			child = mdsync_fmap_child(fm, node, p, len);
			if (!child) {
				/* appended: siblings keep the map's order, which is usually the API's */
				mdsync_fmap_node *nd = &fm->nodes[fm->n];
				int c;
				nd->key = p;
				nd->key_len = (uint16_t) len;
				if (!fm->nodes[node].first_child) {
					fm->nodes[node].first_child = (uint8_t) fm->n;
				} else {
					for (c = fm->nodes[node].first_child; fm->nodes[c].next_sibling; c = fm->nodes[c].next_sibling) {
					}
					fm->nodes[c].next_sibling = (uint8_t) fm->n;
				}
				child = (int) fm->n++;
			}
			node = child;
			if (!dot) {
				break;
			}
			p = dot + 1;
		}
		fm->nodes[node].fields |= (uint16_t) (1u << f);
	}
	for (f = 1; f < (int) fm->n; f++) {
		if (fm->nodes[f].fields && fm->nodes[f].first_child) {
			snprintf(why, why_len, "field_map has one field inside another (\"%.*s\" holds a field and is an object of fields)",
				(int) fm->nodes[f].key_len, fm->nodes[f].key);
			return false;
		}
	}
	fill_below(fm, 0);
	return true;
}
/* }}} */

/* {{{ what the records carry, for a configuration error */
static void add_name(char *out, size_t out_len, const char *prefix, size_t plen, const char *key, size_t klen)
{
	size_t used = strlen(out), need = (used ? 2 : 0) + plen + (plen ? 1 : 0) + klen;
	char name[2 * MDSYNC_FMAP_MAX_KEY + 2];
	int n;
	if (klen == 0) {
		return; /* an empty member name: nothing to show */
	}
	if (plen + klen + 2 > sizeof(name) || used + need + sizeof(", …") >= out_len) {
		if (used + sizeof(", …") <= out_len && !strstr(out, "…")) {
			strcat(out, ", …");
		}
		return;
	}
	memcpy(name, prefix, plen);
	n = (int) plen;
	if (plen) {
		name[n++] = '.';
	}
	memcpy(name + n, key, klen);
	n += (int) klen;
	name[n] = '\0';
	/* already listed? (names are short; the list is a few hundred bytes) */
	{
		const char *hit = out;
		while ((hit = strstr(hit, name)) != NULL) {
			bool start = hit == out || hit[-1] == ' ', end = hit[n] == ',' || hit[n] == '\0';
			if (start && end) {
				return;
			}
			hit++;
		}
	}
	if (used) {
		strcat(out, ", ");
	}
	strcat(out, name);
}

void mdsync_page_field_names(const char *buf, size_t len, char *out, size_t out_len)
{
	mdsync_jscan s;
	mdsync_jtok t;
	unsigned in_results = 0, users = 0;
	char parent[MDSYNC_FMAP_MAX_KEY + 1];
	size_t plen = 0;

	out[0] = '\0';
	if (out_len < 8) {
		return;
	}
	mdsync_jscan_init(&s, buf, len);
	/* the results list is at depth 1 (a bare list) or 2 (a paginated object's 'results') */
	while ((t = mdsync_jscan_next(&s)) != MDSYNC_JT_ERROR && t != MDSYNC_JT_END && users < 20) {
		unsigned d = mdsync_jscan_depth(&s);
		if (!in_results) {
			if (t == MDSYNC_JT_ARRAY && (d == 1 || d == 2)) {
				in_results = d;
			}
			continue;
		}
		if (d < in_results) {
			break;
		}
		if (t == MDSYNC_JT_OBJECT_END && d == in_results) {
			users++;
		} else if (t == MDSYNC_JT_KEY && d == in_results + 1) {
			size_t k = s.str_len < MDSYNC_FMAP_MAX_KEY ? s.str_len : MDSYNC_FMAP_MAX_KEY;
			memcpy(parent, s.str, k);
			plen = k;
			add_name(out, out_len, "", 0, s.str, s.str_len);
		} else if (t == MDSYNC_JT_KEY && d == in_results + 2) {
			add_name(out, out_len, parent, plen, s.str, s.str_len);
		}
	}
}
/* }}} */
