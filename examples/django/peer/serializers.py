from django.contrib.auth.models import User
from django.db import transaction
from rest_framework import serializers

from .models import Profile


class UserSerializer(serializers.ModelSerializer):
    """The record mdsync reads and creates: flat, profile fields inlined."""

    email = serializers.EmailField(max_length=254)
    edeboid = serializers.CharField(
        source="profile.edeboid", max_length=64,
        required=False, allow_null=True, allow_blank=True, default=None,
    )
    iasid = serializers.CharField(
        source="profile.iasid", max_length=64,
        required=False, allow_null=True, allow_blank=True, default=None,
    )
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id", "username", "email", "first_name", "last_name", "is_active",
            "edeboid", "iasid", "password",
        ]
        read_only_fields = ["id"]

    def validate_email(self, value):
        # Emails are the matching key: unique, ignoring letter case.
        if User.objects.filter(email__iexact=value).exists():
            raise serializers.ValidationError("A user with that email already exists.")
        return value

    @transaction.atomic
    def create(self, validated_data):
        profile = validated_data.pop("profile", {})
        password = validated_data.pop("password", None)
        user = User(**validated_data)
        if password:
            user.set_password(password)
        else:
            # Rule: users created in Django get no usable password.
            user.set_unusable_password()
        user.save()
        Profile.objects.create(
            user=user, edeboid=profile.get("edeboid"), iasid=profile.get("iasid")
        )
        return user


class PeopleSerializer(serializers.ModelSerializer):
    """The same users under other field names (exercises mdsync's field_map)."""

    user_id = serializers.IntegerField(source="id")
    login = serializers.CharField(source="username")
    mail = serializers.CharField(source="email")
    name_first = serializers.CharField(source="first_name")
    name_last = serializers.CharField(source="last_name")
    active = serializers.BooleanField(source="is_active")
    profile = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["user_id", "login", "mail", "name_first", "name_last", "active", "profile"]

    def get_profile(self, user):
        p = getattr(user, "profile", None)  # None when the user has no profile
        return {
            "edebo_id": p.edeboid if p else None,
            "ias_id": p.iasid if p else None,
        }
