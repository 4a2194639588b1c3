from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "aftersales.core"
    label = "core"
    verbose_name = _("Organisations and access")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from aftersales.core.housekeeping import statistics_after_migrate
        from aftersales.core.models import ApiToken, User, UserRole
        from aftersales.core.tokens import forget_token, forget_tokens_of

        # Sent once per app after all migrations ran; with this app as sender, once in all.
        post_migrate.connect(statistics_after_migrate, sender=self)

        # A cached token authentication carries the user and its roles: any change drops it
        # (admin, services, the shell alike).
        def user_changed(sender: object, instance: User, **kwargs: object) -> None:
            forget_tokens_of(instance.pk)

        def role_changed(sender: object, instance: UserRole, **kwargs: object) -> None:
            forget_tokens_of(instance.user_id)

        def token_deleted(sender: object, instance: ApiToken, **kwargs: object) -> None:
            forget_token(instance.key_hash)  # the admin, or a user deleted with its tokens

        post_save.connect(user_changed, sender=User, dispatch_uid="forget_tokens_user", weak=False)
        post_delete.connect(
            token_deleted, sender=ApiToken, dispatch_uid="forget_token_deleted", weak=False
        )
        for signal in (post_save, post_delete):
            signal.connect(
                role_changed,
                sender=UserRole,
                dispatch_uid=f"forget_tokens_role_{signal is post_save}",
                weak=False,
            )
