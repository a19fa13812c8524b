/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: cdcc02f255eb6fc594efd67c645d65707cedf923 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_django_users, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_mdsync_django_status arginfo_mdsync_django_users

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_sync_users, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, moodle_users, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_plan, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_OBJ_TYPE_MASK(0, moodle_users, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_OBJ_TYPE_MASK(0, django_users, Traversable, MAY_BE_ARRAY, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_create_django_users, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, users, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_moodle_call, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, wsfunction, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_push_grade, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, grade, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_push_grades, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, grades, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_sign, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timestamp, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_mdsync_verify, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, signature_header, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, secret, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, tolerance_s, IS_LONG, 0, "300")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Mdsync_HttpException_getStatusCode, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Mdsync_HttpException_getUrl, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Mdsync_ConnectionException_getUrl arginfo_class_Mdsync_HttpException_getUrl

#define arginfo_class_Mdsync_MoodleException_getErrorCode arginfo_class_Mdsync_HttpException_getUrl


ZEND_FUNCTION(mdsync_django_users);
ZEND_FUNCTION(mdsync_django_status);
ZEND_FUNCTION(mdsync_sync_users);
ZEND_FUNCTION(mdsync_plan);
ZEND_FUNCTION(mdsync_create_django_users);
ZEND_FUNCTION(mdsync_moodle_call);
ZEND_FUNCTION(mdsync_push_grade);
ZEND_FUNCTION(mdsync_push_grades);
ZEND_FUNCTION(mdsync_sign);
ZEND_FUNCTION(mdsync_verify);
ZEND_METHOD(Mdsync_HttpException, getStatusCode);
ZEND_METHOD(Mdsync_HttpException, getUrl);
ZEND_METHOD(Mdsync_ConnectionException, getUrl);
ZEND_METHOD(Mdsync_MoodleException, getErrorCode);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(mdsync_django_users, arginfo_mdsync_django_users)
	ZEND_FE(mdsync_django_status, arginfo_mdsync_django_status)
	ZEND_FE(mdsync_sync_users, arginfo_mdsync_sync_users)
	ZEND_FE(mdsync_plan, arginfo_mdsync_plan)
	ZEND_FE(mdsync_create_django_users, arginfo_mdsync_create_django_users)
	ZEND_FE(mdsync_moodle_call, arginfo_mdsync_moodle_call)
	ZEND_FE(mdsync_push_grade, arginfo_mdsync_push_grade)
	ZEND_FE(mdsync_push_grades, arginfo_mdsync_push_grades)
	ZEND_FE(mdsync_sign, arginfo_mdsync_sign)
	ZEND_FE(mdsync_verify, arginfo_mdsync_verify)
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_HttpException_methods[] = {
	ZEND_ME(Mdsync_HttpException, getStatusCode, arginfo_class_Mdsync_HttpException_getStatusCode, ZEND_ACC_PUBLIC)
	ZEND_ME(Mdsync_HttpException, getUrl, arginfo_class_Mdsync_HttpException_getUrl, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_ConnectionException_methods[] = {
	ZEND_ME(Mdsync_ConnectionException, getUrl, arginfo_class_Mdsync_ConnectionException_getUrl, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_MoodleException_methods[] = {
	ZEND_ME(Mdsync_MoodleException, getErrorCode, arginfo_class_Mdsync_MoodleException_getErrorCode, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_ProtocolException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Mdsync_ConfigException_methods[] = {
	ZEND_FE_END
};

static void register_mdsync_symbols(int module_number)
{

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_django_users", sizeof("mdsync_django_users") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_django_status", sizeof("mdsync_django_status") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_sync_users", sizeof("mdsync_sync_users") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_plan", sizeof("mdsync_plan") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_create_django_users", sizeof("mdsync_create_django_users") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_moodle_call", sizeof("mdsync_moodle_call") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_push_grade", sizeof("mdsync_push_grade") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_push_grades", sizeof("mdsync_push_grades") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_sign", sizeof("mdsync_sign") - 1), 1, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);

	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "mdsync_verify", sizeof("mdsync_verify") - 1), 2, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
}

static zend_class_entry *register_class_Mdsync_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "Exception", class_Mdsync_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_Mdsync_HttpException(zend_class_entry *class_entry_Mdsync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "HttpException", class_Mdsync_HttpException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Mdsync_Exception);

	zval property_statusCode_default_value;
	ZVAL_LONG(&property_statusCode_default_value, 0);
	zend_string *property_statusCode_name = zend_string_init("statusCode", sizeof("statusCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_statusCode_name, &property_statusCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_statusCode_name);

	zval property_url_default_value;
	ZVAL_EMPTY_STRING(&property_url_default_value);
	zend_string *property_url_name = zend_string_init("url", sizeof("url") - 1, 1);
	zend_declare_typed_property(class_entry, property_url_name, &property_url_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_url_name);

	return class_entry;
}

static zend_class_entry *register_class_Mdsync_ConnectionException(zend_class_entry *class_entry_Mdsync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "ConnectionException", class_Mdsync_ConnectionException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Mdsync_Exception);

	zval property_url_default_value;
	ZVAL_EMPTY_STRING(&property_url_default_value);
	zend_string *property_url_name = zend_string_init("url", sizeof("url") - 1, 1);
	zend_declare_typed_property(class_entry, property_url_name, &property_url_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_url_name);

	return class_entry;
}

static zend_class_entry *register_class_Mdsync_MoodleException(zend_class_entry *class_entry_Mdsync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "MoodleException", class_Mdsync_MoodleException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Mdsync_Exception);

	zval property_errorCode_default_value;
	ZVAL_EMPTY_STRING(&property_errorCode_default_value);
	zend_string *property_errorCode_name = zend_string_init("errorCode", sizeof("errorCode") - 1, 1);
	zend_declare_typed_property(class_entry, property_errorCode_name, &property_errorCode_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_errorCode_name);

	return class_entry;
}

static zend_class_entry *register_class_Mdsync_ProtocolException(zend_class_entry *class_entry_Mdsync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "ProtocolException", class_Mdsync_ProtocolException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Mdsync_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Mdsync_ConfigException(zend_class_entry *class_entry_Mdsync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Mdsync", "ConfigException", class_Mdsync_ConfigException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Mdsync_Exception);

	return class_entry;
}
