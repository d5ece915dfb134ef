from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "alongside.common"
    label = "common"
