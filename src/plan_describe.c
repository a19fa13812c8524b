/* mdsync planner, words: what a person needs to know about each conflict, and the suspension ceiling. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "plan.h"
#include "zend_smart_str.h"
#include "normalize.h"

static const char *nz(const char *s)
{
	return s ? s : "?";
}

/* User text, cut at a character boundary after 120 bytes: a message stays a line. */
static void text(smart_str *m, const char *s)
{
	size_t len = s ? strlen(s) : 0, cut = len;
	if (cut > 120) {
		cut = 120;
		while (cut > 0 && ((unsigned char) s[cut] & 0xC0) == 0x80) {
			cut--;
		}
	}
	if (cut) {
		smart_str_appendl(m, s, cut);
	}
	if (cut < len) {
		smart_str_appends(m, "…");
	}
}

static void quoted(smart_str *m, const char *s)
{
	smart_str_appendc(m, '"');
	text(m, s);
	smart_str_appendc(m, '"');
}

/* Moodle's djangoid as the planner read it (trimmed: ' 12' is 12), at most 120 bytes. */
static const char *djangoid(const mdsync_userset *ms, const mdsync_user *mu, char *buf, size_t n)
{
	const char *s = mdsync_user_get(ms, mu, MDSYNC_F_DJANGOID);
	size_t len = s ? strlen(s) : 0;
	mdsync_norm_trim(&s, &len);
	if (len >= n) {
		len = n - 1;
	}
	if (len) {
		memcpy(buf, s, len);
	}
	buf[len] = '\0';
	return buf;
}

/* "Moodle user 5" or "Moodle users 5, 6 and 7" (at most 10 named). */
static void ids(smart_str *m, const char *side, const mdsync_userset *s, const uint32_t *idx, uint32_t n)
{
	uint32_t i, shown = n > 10 ? 10 : n;
	smart_str_append_printf(m, "%s user%s ", side, n == 1 ? "" : "s");
	for (i = 0; i < shown; i++) {
		if (i) {
			smart_str_appends(m, i + 1 == n ? " and " : ", ");
		}
		smart_str_appends(m, nz(mdsync_user_get(s, &s->users[idx[i]], MDSYNC_F_ID)));
	}
	if (shown < n) {
		smart_str_append_printf(m, " and %u more", n - shown);
	}
}

void mdsync_conflict_describe(smart_str *m, const mdsync_plan *p, const mdsync_conflict *c,
	const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *opts)
{
	const uint32_t *mi = p->cm.v + c->m_start, *di = p->cd.v + c->d_start;
	const mdsync_user *mu = c->m_count ? &ms->users[mi[0]] : NULL;
	const mdsync_user *du = c->d_count ? &ds->users[di[0]] : NULL;
	const char *mode = opts->djangoid_first ? "djangoid,email" : "email";
	char mid[121];
	bool by_mode = true;
#define MID(u) nz(mdsync_user_get(ms, (u), MDSYNC_F_ID))
#define DID(u) nz(mdsync_user_get(ds, (u), MDSYNC_F_ID))
#define MGET(u, f) mdsync_user_get(ms, (u), (f))
#define DGET(u, f) mdsync_user_get(ds, (u), (f))
	switch (c->reason) {
		case MDSYNC_C_DUPLICATE_EMAIL: {
			uint32_t by_email = c->m_count - c->linked;
			smart_str_appends(m, "the email ");
			quoted(m, by_email ? mdsync_user_email_norm(ms, mu) : mdsync_user_email_norm(ds, du));
			smart_str_append_printf(m, " belongs to %u Moodle and %u Django users; fix it on the side that has it twice", by_email, c->d_count);
			if (c->linked) {
				smart_str_appends(m, "; ");
				ids(m, "Moodle", ms, mi + by_email, c->linked);
				smart_str_appends(m, c->linked == 1 ? " carries" : " carry");
				smart_str_appends(m, " the djangoid of one of them");
			}
			break;
		}
		case MDSYNC_C_NO_EMAIL:
			by_mode = c->linked > 0;
			if (du) {
				smart_str_append_printf(m, "Django user %s (", DID(du));
				text(m, DGET(du, MDSYNC_F_USERNAME));
				smart_str_appends(m, ") has no email");
				if (c->linked) {
					smart_str_appends(m, "; ");
					ids(m, "Moodle", ms, mi, c->linked);
					smart_str_appends(m, c->linked == 1 ? " carries its djangoid" : " carry its djangoid");
				}
			} else {
				smart_str_append_printf(m, "Moodle user %s (", MID(mu));
				text(m, MGET(mu, MDSYNC_F_USERNAME));
				smart_str_appends(m, ") has no email");
			}
			break;
		case MDSYNC_C_IDENTIFIER_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but its email belongs to Django user %s",
				MID(mu), djangoid(ms, mu, mid, sizeof(mid)), c->d_count > 1 ? DID(&ds->users[di[1]]) : "?");
			break;
		case MDSYNC_C_DJANGOID_MISMATCH:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, %sbut the Django user with its email (",
				MID(mu), djangoid(ms, mu, mid, sizeof(mid)), opts->djangoid_first ? "which no Django user has, " : "");
			text(m, mdsync_user_email_norm(ms, mu));
			smart_str_append_printf(m, ") is %s", du ? DID(du) : "none");
			break;
		case MDSYNC_C_DJANGO_USER_MISSING:
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, which is not in Django's list: deleted, or not "
				"visible to this token", MID(mu), djangoid(ms, mu, mid, sizeof(mid)));
			break;
		case MDSYNC_C_MATCHED_TWICE:
			ids(m, "Moodle", ms, mi, c->m_count);
			smart_str_append_printf(m, " %s Django user %s (by email or by djangoid); fix the one that is wrong",
				c->m_count == 2 ? "both claim" : "all claim", DID(du));
			break;
		case MDSYNC_C_EMAIL_MISMATCH: {
			const char *me = mdsync_user_email_norm(ms, mu), *de = mdsync_user_email_norm(ds, du);
			smart_str_append_printf(m, "Moodle user %s carries djangoid %s, but that Django user's email is ",
				MID(mu), djangoid(ms, mu, mid, sizeof(mid)));
			text(m, de ? de : "missing");
			smart_str_appends(m, ", not ");
			text(m, me ? me : "missing");
			break;
		}
		case MDSYNC_C_USERNAME_TAKEN:
			by_mode = false;
			if (c->aux) { /* the Moodle user is the one to create */
				smart_str_append_printf(m, "Moodle user %s cannot be created in Django: ", MID(mu));
				ids(m, "Django", ds, di, c->d_count);
				smart_str_appends(m, c->d_count == 1 ? " already holds its username " : " already hold its username ");
				quoted(m, MGET(mu, MDSYNC_F_USERNAME));
			} else {
				smart_str_append_printf(m, "Django user %s (", DID(du));
				text(m, DGET(du, MDSYNC_F_USERNAME));
				smart_str_appends(m, ") cannot be created in Moodle: ");
				ids(m, "Moodle", ms, mi, c->m_count);
				smart_str_appends(m, c->m_count == 1 ? " already holds the username " : " already hold the username ");
				quoted(m, mdsync_user_uname_key(ds, du));
			}
			break;
		case MDSYNC_C_DUPLICATE_USERNAME:
			by_mode = false;
			ids(m, "Django", ds, di, c->d_count);
			smart_str_appends(m, c->d_count == 2 ? " would both be the Moodle username " : " would all be the Moodle username ");
			quoted(m, mdsync_user_uname_key(ds, du));
			smart_str_appends(m, ": only one of them can be created; rename the others in Django");
			break;
		case MDSYNC_C_INVALID_EMAIL:
			by_mode = false;
			smart_str_append_printf(m, "Django user %s cannot be created in Moodle: its email ", DID(du));
			quoted(m, DGET(du, MDSYNC_F_EMAIL));
			smart_str_append_printf(m, " %s", c->why);
			break;
		case MDSYNC_C_INVALID_USERNAME:
			by_mode = false;
			smart_str_append_printf(m, "Django user %s cannot be created in Moodle: its username ", DID(du));
			quoted(m, DGET(du, MDSYNC_F_USERNAME));
			smart_str_append_printf(m, " %s", c->why);
			if (c->aux == ' ') {
				smart_str_appends(m, "; it has a space");
			} else if (c->aux > ' ' && c->aux < 0x7F) {
				smart_str_append_printf(m, "; it has \"%c\"", (char) c->aux);
			} else if (c->aux) {
				smart_str_append_printf(m, "; it has U+%04X", c->aux);
			}
			break;
		case MDSYNC_C_MISSING_NAME:
			by_mode = false;
			smart_str_append_printf(m, "Django user %s (", DID(du));
			text(m, DGET(du, MDSYNC_F_USERNAME));
			smart_str_append_printf(m, ") cannot be created in Moodle: its %s %s; Moodle requires a first and a last name",
				c->aux == MDSYNC_F_FIRSTNAME ? "first name" : "last name", c->why);
			break;
		case MDSYNC_C_COUNT:
			by_mode = false;
			break;
	}
	if (by_mode) {
		smart_str_append_printf(m, " (match \"%s\")", mode);
	}
#undef MID
#undef DID
#undef MGET
#undef DGET
	smart_str_0(m);
}

bool mdsync_plan_over_ceiling(const mdsync_plan *plan, size_t moodle_users, long max_percent, char *why, size_t why_len)
{
	if (plan->n_suspend == 0 || (double) plan->n_suspend * 100.0 <= (double) max_percent * (double) moodle_users) {
		return false;
	}
	/* The guard: a Django that suddenly lists far fewer users must not suspend half of Moodle. */
	snprintf(why, why_len, "refusing to plan: %zu of %zu Moodle users (%.1f%%) would be suspended, above "
		"suspend_max_percent (%ld%%); check Django's answer, or raise the ceiling if this is expected",
		plan->n_suspend, moodle_users, 100.0 * (double) plan->n_suspend / (double) moodle_users, max_percent);
	return true;
}
