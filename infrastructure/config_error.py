"""The one error of configuration: the environment does not describe a runnable fupan."""


class ConfigurationError(Exception):
    """The environment does not describe a runnable fupan; the message says what to fix."""
