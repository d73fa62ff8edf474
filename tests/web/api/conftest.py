"""The API tests use the web tests' app, accounts and API client (``tests/web/conftest.py``)."""
