from django.apps import AppConfig


class MyListConfig(AppConfig):
    name = "sites.mylist"
    label = "mylist"
    verbose_name = "My list"

    def ready(self):
        # A visitor who saved things and then signs in keeps them: Django's own sign-in
        # signal hands the visit's list to the service, which moves it to their account.
        from django.contrib.auth.signals import user_logged_in

        from .services import keep_visit_list_on_sign_in

        user_logged_in.connect(keep_visit_list_on_sign_in, dispatch_uid="mylist-sign-in")
