from django.apps import AppConfig


class AccessFixtureConfig(AppConfig):
    name = "tests.accessfixture"
    label = "accessfixture"
