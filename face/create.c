/* mdsync face, creating users in Django: mdsync_create_django_users. */
#include "private.h"

/* {{{ mdsync_create_django_users(array $users, array $options = []): array */
PHP_FUNCTION(mdsync_create_django_users)
{
	HashTable *users, *options = NULL;
	mdsync_opts mo;
	mdsync_userset set;
	mdsync_create_item *items;
	bool *sendable;
	mdsync_fetch_stats stats;
	mdsync_error err;
	zend_string *key;
	zend_ulong idx;
	zval *rec;
	uint32_t n, i = 0, k = 0;
	char (*why)[160];

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(users)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (!mdsync_opts_parse(&mo, options, 2, MDSYNC_NEED_DJANGO)) {
		RETURN_THROWS();
	}
	n = zend_hash_num_elements(users);
	items = ecalloc(n ? n : 1, sizeof(*items));
	sendable = ecalloc(n ? n : 1, sizeof(bool));
	why = ecalloc(n ? n : 1, sizeof(*why));
	mdsync_userset_init(&set);
	/* Records that cannot be sent get their error now; the rest go out together. */
	ZEND_HASH_FOREACH_VAL(users, rec) {
		size_t before = set.count;
		sendable[i] = mdsync_read_user(rec, &set, 0, why[i], sizeof(why[i])) == MDSYNC_READ_OK
			&& mdsync_django_create_body(&mo.django, &set, &set.users[set.count - 1], mo.generate_password, &items[k],
				why[i], sizeof(why[i]));
		if (sendable[i]) {
			k++;
		} else if (set.count > before) {
			set.count--; /* its fields stay in the arena until the end of the call */
		}
		i++;
	} ZEND_HASH_FOREACH_END();

	memset(&err, 0, sizeof(err));
	memset(&stats, 0, sizeof(stats));
	if (!mdsync_django_create_users(&mo.django, &mo.http, items, k, &stats, &err)) {
		mdsync_throw(&err);
	} else {
		array_init_size(return_value, n);
		i = 0;
		k = 0;
		ZEND_HASH_FOREACH_KEY(users, idx, key) {
			zval res;
			if (!sendable[i]) {
				mdsync_local_failure(&res, "error", why[i], "errors");
			} else {
				mdsync_create_item *it = &items[k++];
				array_init_size(&res, 4);
				switch (it->outcome) {
					case MDSYNC_CREATE_CREATED: {
						zval id;
						add_assoc_string(&res, "status", "created");
						mdsync_django_id_zval(&id, it->django_id);
						add_assoc_zval(&res, "django_id", &id);
						break;
					}
					case MDSYNC_CREATE_EXISTS:
						add_assoc_string(&res, "status", "exists");
						break;
					case MDSYNC_CREATE_ERROR: {
						zval errors;
						add_assoc_string(&res, "status", "error");
						add_assoc_long(&res, "http_status", it->status);
						add_assoc_string(&res, "message", it->message);
						char why[160];
						if (it->errors && mdsync_json_to_zval(&errors, it->errors, it->errors_len, why, sizeof(why))) {
							add_assoc_zval(&res, "errors", &errors);
						} else {
							add_assoc_null(&res, "errors");
						}
						break;
					}
				}
			}
			mdsync_batch_put(return_value, key, idx, &res);
			i++;
		} ZEND_HASH_FOREACH_END();
	}
	for (i = 0; i < n; i++) {
		if (items[i].body) {
			efree(items[i].body);
		}
		if (items[i].django_id) {
			efree(items[i].django_id);
		}
		if (items[i].errors) {
			efree(items[i].errors);
		}
	}
	efree(items);
	efree(sendable);
	efree(why);
	mdsync_userset_dtor(&set);
	mdsync_opts_release(&mo);
}
/* }}} */
