/* mdsync face, users and the plan: mdsync_django_users, mdsync_django_status, mdsync_sync_users, mdsync_plan. */
#include "private.h"
#include "zend_exceptions.h"
#include "src/mem.h"

/* About what one user record costs as a PHP array beside its strings (the array, its buckets and
 * string headers), measured on PHP 8.2: the memory checks before building a result. */
#define MDSYNC_USER_ZVAL_BYTES 850

static bool fetch_django(mdsync_opts *mo, mdsync_userset *out, mdsync_fetch_stats *stats)
{
	mdsync_error err;
	mdsync_error_init(&err, &mo->secrets);
	memset(stats, 0, sizeof(*stats));
	if (!mdsync_django_fetch_users(&mo->django, &mo->http, out, stats, &err)) {
		if (!mo->progress_bailout) { /* else the request is ending: mdsync_opts_release() goes on with it */
			mdsync_throw(&err);
		}
		return false;
	}
	if (EG(exception)) {
		/* the progress callable threw at the last page: the list is whole, but the call ends */
		mdsync_userset_dtor(out);
		return false;
	}
	return true;
}

/* {{{ mdsync_django_users(array $options = []): array */
PHP_FUNCTION(mdsync_django_users)
{
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_userset users;
	mdsync_fetch_stats stats;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!mdsync_opts_parse(&mo, options, 1, MDSYNC_NEED_DJANGO | MDSYNC_TAKE_PROGRESS)) {
		RETURN_THROWS();
	}
	if (!fetch_django(&mo, &users, &stats)) {
		mdsync_opts_release(&mo);
		RETURN_THROWS();
	}
	mdsync_opts_release(&mo);
	/* PHP's arrays cost several times the compact store: refuse a list that memory_limit cannot
	 * hold with an exception, not a fatal error halfway through building it. */
	if (!mdsync_mem_room(users.count * MDSYNC_USER_ZVAL_BYTES + 2 * users.arena_len)) {
		zend_throw_exception_ex(mdsync_ce_exception, 0, "%zu Django users as PHP arrays need about %zu MB, more than "
			"memory_limit leaves (mdsync_sync_users() needs far less: it keeps them in C)", users.count,
			(users.count * MDSYNC_USER_ZVAL_BYTES + 2 * users.arena_len) >> 20);
		mdsync_userset_dtor(&users);
		RETURN_THROWS();
	}
	mdsync_users_to_array(return_value, &users, "django");
	mdsync_userset_dtor(&users);
}
/* }}} */

/* {{{ mdsync_django_status(array $options = []): array */
PHP_FUNCTION(mdsync_django_status)
{
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_django_probe probe;
	mdsync_error err;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!mdsync_opts_parse(&mo, options, 1, MDSYNC_NEED_DJANGO)) {
		RETURN_THROWS();
	}
	mdsync_error_init(&err, &mo.secrets);
	if (!mdsync_django_status(&mo.django, &mo.http, &probe, &err)) {
		mdsync_throw(&err); /* before the options (and the secrets it redacts) are released */
		mdsync_opts_release(&mo);
		RETURN_THROWS();
	}
	mdsync_opts_release(&mo);
	array_init_size(return_value, 3);
	if (probe.count >= 0) {
		add_assoc_long(return_value, "count", probe.count);
	} else {
		add_assoc_null(return_value, "count");
	}
	add_assoc_string(return_value, "pagination", (char *) probe.pagination);
	add_assoc_long(return_value, "elapsed_ms", probe.elapsed_ms);
}
/* }}} */

/* {{{ the plan to PHP */
typedef struct {
	const mdsync_fetch_stats *fetch;
	int64_t t0, read_ms, match_ms;
	double cpu0, read_cpu_ms, match_cpu_ms;
} plan_times;

/* This process's CPU time in ms: on a shared machine the honest measure of the work. */
static double cpu_ms(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) {
		return 0;
	}
	return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

static void add_ids(zval *arr, const char *name, const mdsync_userset *s, const uint32_t *idx, uint32_t n, bool django)
{
	zval list, v;
	uint32_t i;
	array_init_size(&list, n);
	for (i = 0; i < n; i++) {
		const char *id = mdsync_user_get(s, &s->users[idx[i]], MDSYNC_F_ID);
		if (django) {
			mdsync_django_id_zval(&v, id);
		} else {
			mdsync_moodle_id_zval(&v, id);
		}
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &v);
	}
	add_assoc_zval(arr, name, &list);
}

static zend_ulong moodle_id(const mdsync_userset *ms, uint32_t i)
{
	return (zend_ulong) ZEND_STRTOL(mdsync_user_get(ms, &ms->users[i], MDSYNC_F_ID), NULL, 10);
}

static void records(zval *rv, const char *key, const mdsync_userset *s, const uint32_t *idx, size_t n, const char *source)
{
	zval list, v;
	size_t i;
	array_init_size(&list, (uint32_t) n);
	for (i = 0; i < n; i++) {
		mdsync_user_to_zval(&v, s, &s->users[idx[i]], source);
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &v);
	}
	add_assoc_zval(rv, key, &list);
}

/* moodle_updates: by field (moodle id => value), not an array per user */
static void moodle_updates(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds)
{
	static const struct { const char *name; mdsync_field f; uint32_t bit; } upd[] = {
		{ "edeboid", MDSYNC_F_EDEBOID, MDSYNC_UPD_EDEBOID },
		{ "iasid", MDSYNC_F_IASID, MDSYNC_UPD_IASID },
		{ "djangoid", MDSYNC_F_DJANGOID, MDSYNC_UPD_DJANGOID },
	};
	zval list, by_field[3];
	size_t i, k;
	array_init_size(&list, 3);
	for (k = 0; k < 3; k++) {
		array_init(&by_field[k]);
	}
	for (i = 0; i < p->both.n; i++) {
		const mdsync_pair *pr = &p->both.v[i];
		zend_ulong mid;
		if (!pr->updates) {
			continue;
		}
		mid = moodle_id(ms, pr->m);
		for (k = 0; k < 3; k++) {
			if (pr->updates & upd[k].bit) {
				add_index_string(&by_field[k], mid, mdsync_user_get(ds, &ds->users[pr->d], upd[k].f));
			}
		}
	}
	for (k = 0; k < 3; k++) {
		add_assoc_zval(&list, upd[k].name, &by_field[k]);
	}
	add_assoc_zval(rv, "moodle_updates", &list);
}

static void conflicts(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds, const mdsync_plan_opts *opts)
{
	zval list;
	size_t i;
	array_init_size(&list, (uint32_t) p->conflicts.n);
	for (i = 0; i < p->conflicts.n; i++) {
		const mdsync_conflict *c = &p->conflicts.v[i];
		smart_str msg = {0};
		const char *email = NULL;
		zval entry;
		array_init_size(&entry, 5);
		add_assoc_string(&entry, "reason", (char *) mdsync_conflict_names[c->reason]);
		mdsync_conflict_describe(&msg, p, c, ms, ds, opts);
		add_assoc_str(&entry, "message", msg.s ? msg.s : ZSTR_EMPTY_ALLOC());
		add_ids(&entry, "moodle_ids", ms, p->cm.v + c->m_start, c->m_count, false);
		add_ids(&entry, "django_ids", ds, p->cd.v + c->d_start, c->d_count, true);
		if (c->m_count) {
			email = mdsync_user_email_norm(ms, &ms->users[p->cm.v[c->m_start]]);
		}
		if (!email && c->d_count) {
			email = mdsync_user_email_norm(ds, &ds->users[p->cd.v[c->d_start]]);
		}
		if (email) {
			add_assoc_string(&entry, "email", (char *) email);
		} else {
			add_assoc_null(&entry, "email");
		}
		zend_hash_next_index_insert_new(Z_ARRVAL(list), &entry);
	}
	add_assoc_zval(rv, "conflicts", &list);
}

static void changes(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds)
{
	zval susp, revive, del;
	size_t i;
	array_init(&susp);
	array_init(&revive);
	array_init(&del);
	for (i = 0; i < p->changes.n; i++) {
		const mdsync_change *ch = &p->changes.v[i];
		zend_ulong mid = moodle_id(ms, ch->m);
		const char *reason = ch->d == UINT32_MAX ? "django_user_missing" : "django_user_inactive";
		zval v;
		if (ch->d == UINT32_MAX) {
			ZVAL_NULL(&v);
		} else {
			mdsync_django_id_zval(&v, mdsync_user_get(ds, &ds->users[ch->d], MDSYNC_F_ID));
		}
		if (ch->kind == MDSYNC_CH_SUSPEND) {
			zval entry;
			array_init_size(&entry, 2);
			add_assoc_string(&entry, "reason", (char *) reason);
			add_assoc_zval(&entry, "django_id", &v);
			zend_hash_index_update(Z_ARRVAL(susp), mid, &entry);
		} else if (ch->kind == MDSYNC_CH_REVIVE) {
			zend_hash_index_update(Z_ARRVAL(revive), mid, &v);
		} else {
			zval_ptr_dtor(&v);
			add_index_string(&del, mid, reason);
		}
	}
	add_assoc_zval(rv, "to_suspend", &susp);
	add_assoc_zval(rv, "to_revive", &revive);
	add_assoc_zval(rv, "to_delete", &del);
}

/* excluded: per side, rule => ids (lists, in input order); scope: the rules in force and those
 * some records lacked the facts for. */
static void scope(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds)
{
	zval excluded, side[2], by_rule[2][MDSYNC_R_COUNT], sc, active, not_applied;
	const mdsync_userset *sets[2] = { ms, ds };
	const uint8_t *rules[2] = { p->m_rule, p->d_rule };
	size_t i, r, k;

	for (k = 0; k < 2; k++) {
		array_init(&side[k]);
		for (r = 0; r < MDSYNC_R_COUNT; r++) {
			ZVAL_UNDEF(&by_rule[k][r]);
		}
		for (i = 0; i < sets[k]->count; i++) {
			zval v;
			uint8_t rule = rules[k][i];
			if (rule == MDSYNC_R_NONE) {
				continue;
			}
			if (Z_ISUNDEF(by_rule[k][rule])) {
				array_init_size(&by_rule[k][rule], (uint32_t) p->rule_count[rule]);
			}
			if (k == 0) {
				mdsync_moodle_id_zval(&v, mdsync_user_get(ms, &ms->users[i], MDSYNC_F_ID));
			} else {
				mdsync_django_id_zval(&v, mdsync_user_get(ds, &ds->users[i], MDSYNC_F_ID));
			}
			zend_hash_next_index_insert_new(Z_ARRVAL(by_rule[k][rule]), &v);
		}
		for (r = 0; r < MDSYNC_R_COUNT; r++) {
			if (!Z_ISUNDEF(by_rule[k][r])) {
				add_assoc_zval(&side[k], mdsync_rule_names[r], &by_rule[k][r]);
			}
		}
	}
	array_init_size(&excluded, 2);
	add_assoc_zval(&excluded, "moodle", &side[0]);
	add_assoc_zval(&excluded, "django", &side[1]);
	add_assoc_zval(rv, "excluded", &excluded);

	array_init_size(&sc, 2);
	array_init(&active);
	array_init(&not_applied);
	for (r = 0; r < MDSYNC_R_COUNT; r++) {
		if (!(p->rules_active & (1u << r))) {
			continue;
		}
		add_next_index_string(&active, mdsync_rule_names[r]);
		if (p->rule_missing[r]) {
			zval e;
			array_init_size(&e, 2);
			add_assoc_string(&e, "fact", (char *) (*mdsync_rule_facts[r] ? mdsync_rule_facts[r] : "the fields it names"));
			add_assoc_long(&e, "records", (zend_long) p->rule_missing[r]);
			add_assoc_zval(&not_applied, mdsync_rule_names[r], &e);
		}
	}
	add_assoc_zval(&sc, "active", &active);
	add_assoc_zval(&sc, "not_applied", &not_applied);
	add_assoc_zval(rv, "scope", &sc);
}

static void plan_to_zval(zval *rv, const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds,
	const mdsync_plan_opts *opts, const plan_times *t)
{
	const mdsync_fetch_stats *fs = t->fetch;
	zval list, v, stats, by_rule;
	size_t i, r;

	array_init_size(rv, 12);
	records(rv, "only_in_moodle", ms, p->only_m.v, p->only_m.n, "moodle");
	records(rv, "only_in_django", ds, p->only_d.v, p->only_d.n, "django");

	/* both: moodle id => django id; compact at any size */
	array_init_size(&list, (uint32_t) p->both.n);
	for (i = 0; i < p->both.n; i++) {
		mdsync_django_id_zval(&v, mdsync_user_get(ds, &ds->users[p->both.v[i].d], MDSYNC_F_ID));
		zend_hash_index_update(Z_ARRVAL(list), moodle_id(ms, p->both.v[i].m), &v);
	}
	add_assoc_zval(rv, "both", &list);
	moodle_updates(rv, p, ms, ds);
	conflicts(rv, p, ms, ds, opts);
	changes(rv, p, ms, ds);
	scope(rv, p, ms, ds);

	array_init_size(&stats, 23);
	add_assoc_long(&stats, "moodle_users", (zend_long) ms->count);
	add_assoc_long(&stats, "django_users", (zend_long) ds->count);
	add_assoc_long(&stats, "only_in_moodle", (zend_long) p->only_m.n);
	add_assoc_long(&stats, "only_in_django", (zend_long) p->only_d.n);
	add_assoc_long(&stats, "both", (zend_long) p->both.n);
	add_assoc_long(&stats, "moodle_updates", (zend_long) p->updates);
	add_assoc_long(&stats, "conflicts", (zend_long) p->conflicts.n);
	add_assoc_long(&stats, "django_inactive_skipped", (zend_long) p->django_inactive);
	add_assoc_long(&stats, "excluded", (zend_long) (p->excluded_m + p->excluded_d));
	array_init(&by_rule);
	for (r = 0; r < MDSYNC_R_COUNT; r++) {
		if (p->rules_active & (1u << r)) {
			add_assoc_long(&by_rule, mdsync_rule_names[r], (zend_long) p->rule_count[r]);
		}
	}
	add_assoc_zval(&stats, "excluded_by_rule", &by_rule);
	add_assoc_long(&stats, "to_suspend", (zend_long) p->n_suspend);
	add_assoc_long(&stats, "to_revive", (zend_long) p->n_revive);
	add_assoc_long(&stats, "to_delete", (zend_long) p->n_delete);
	add_assoc_long(&stats, "pages", fs->pages);
	add_assoc_long(&stats, "requests", fs->requests);
	add_assoc_long(&stats, "retries", fs->retries);
	add_assoc_long(&stats, "bytes", (zend_long) fs->bytes);
	add_assoc_long(&stats, "fetch_ms", fs->elapsed_ms);
	add_assoc_long(&stats, "read_ms", (zend_long) t->read_ms);
	add_assoc_long(&stats, "match_ms", (zend_long) t->match_ms);
	add_assoc_long(&stats, "read_cpu_ms", (zend_long) t->read_cpu_ms);
	add_assoc_long(&stats, "match_cpu_ms", (zend_long) t->match_cpu_ms);
	add_assoc_long(&stats, "elapsed_ms", (zend_long) (mdsync_now_ms() - t->t0));
	{
		/* mapped fields some Django users lack (absent or null): [field => users without it] */
		zval missing;
		int f;
		array_init(&missing);
		for (f = 0; f <= MDSYNC_F_COUNT; f++) {
			if (fs->missing[f] > 0) {
				add_assoc_long(&missing, mdsync_field_names[f], (zend_long) fs->missing[f]);
			}
		}
		add_assoc_zval(&stats, "django_missing_fields", &missing);
	}
	add_assoc_zval(rv, "stats", &stats);
}

/* About what the plan costs as PHP values: full records for only_in_*, a bucket and a string
 * per entry of the compact sections, a few hundred bytes per conflict. */
static size_t plan_zval_bytes(const mdsync_plan *p, const mdsync_userset *ms, const mdsync_userset *ds)
{
	size_t records = p->only_m.n + p->only_d.n;
	size_t text = (ms->count ? ms->arena_len / ms->count : 0) * p->only_m.n
		+ (ds->count ? ds->arena_len / ds->count : 0) * p->only_d.n;
	return records * MDSYNC_USER_ZVAL_BYTES + 2 * text + (p->both.n + p->changes.n) * 96 + p->conflicts.n * 512;
}

/* Matches, checks the suspension ceiling and returns the plan (or throws). */
static void plan_and_return(zval *return_value, mdsync_opts *mo, const mdsync_userset *moodle, const mdsync_userset *django, plan_times *t)
{
	mdsync_plan plan;
	char why[256];
	int64_t t1 = mdsync_now_ms();
	double c1 = cpu_ms();
	mdsync_plan_build(moodle, django, &mo->plan, &plan);
	t->match_ms = mdsync_now_ms() - t1;
	t->match_cpu_ms = cpu_ms() - c1;
	if (mdsync_plan_over_ceiling(&plan, moodle->count, (long) mo->suspend_max_percent, why, sizeof(why))) {
		zend_throw_exception(mdsync_ce_exception, why, 0);
	} else if (!mdsync_mem_room(plan_zval_bytes(&plan, moodle, django))) {
		/* the plan's full records (only_in_*) as PHP arrays: refused with an exception, not a fatal
		 * error halfway through building them */
		zend_throw_exception_ex(mdsync_ce_exception, 0, "the plan as PHP values needs about %zu MB (%zu records to create), "
			"more than memory_limit leaves", plan_zval_bytes(&plan, moodle, django) >> 20, plan.only_m.n + plan.only_d.n);
	} else {
		plan_to_zval(return_value, &plan, moodle, django, &mo->plan, t);
	}
	mdsync_plan_dtor(&plan);
}
/* }}} */

/* {{{ mdsync_sync_users(iterable $moodle_users, array $options = []): array */
PHP_FUNCTION(mdsync_sync_users)
{
	zval *input;
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_userset moodle, django;
	mdsync_fetch_stats stats;
	plan_times t = { &stats, mdsync_now_ms(), 0, 0, cpu_ms(), 0, 0 };

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ITERABLE(input)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!mdsync_opts_parse(&mo, options, 2, MDSYNC_NEED_DJANGO | MDSYNC_NEED_PLAN | MDSYNC_TAKE_PROGRESS)) {
		RETURN_THROWS();
	}
	/* Read Moodle's side first: bad input fails before any request is made. */
	mdsync_userset_init(&moodle);
	if (!mdsync_read_users(input, &moodle, 1, MDSYNC_READ_MOODLE)) {
		mdsync_userset_dtor(&moodle);
		mdsync_opts_release(&mo);
		RETURN_THROWS();
	}
	t.read_ms = mdsync_now_ms() - t.t0;
	t.read_cpu_ms = cpu_ms() - t.cpu0;
	if (!fetch_django(&mo, &django, &stats)) {
		mdsync_userset_dtor(&moodle);
		mdsync_opts_release(&mo);
		RETURN_THROWS();
	}
	plan_and_return(return_value, &mo, &moodle, &django, &t);
	mdsync_userset_dtor(&moodle);
	mdsync_userset_dtor(&django);
	mdsync_opts_release(&mo);
}
/* }}} */

/* {{{ mdsync_plan(iterable $moodle_users, iterable $django_users, array $options = []): array */
PHP_FUNCTION(mdsync_plan)
{
	zval *m_in, *d_in;
	HashTable *options = NULL;
	mdsync_opts mo;
	mdsync_userset moodle, django;
	mdsync_fetch_stats none;
	plan_times t = { &none, mdsync_now_ms(), 0, 0, cpu_ms(), 0, 0 };

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_ITERABLE(m_in)
		Z_PARAM_ITERABLE(d_in)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	memset(&none, 0, sizeof(none));
	if (!mdsync_opts_parse(&mo, options, 3, MDSYNC_NEED_PLAN)) {
		RETURN_THROWS();
	}
	mdsync_userset_init(&moodle);
	mdsync_userset_init(&django);
	if (mdsync_read_users(m_in, &moodle, 1, MDSYNC_READ_MOODLE) && mdsync_read_users(d_in, &django, 2, MDSYNC_READ_DJANGO)) {
		t.read_ms = mdsync_now_ms() - t.t0;
		t.read_cpu_ms = cpu_ms() - t.cpu0;
		plan_and_return(return_value, &mo, &moodle, &django, &t);
	}
	mdsync_userset_dtor(&moodle);
	mdsync_userset_dtor(&django);
	mdsync_opts_release(&mo);
}
/* }}} */
