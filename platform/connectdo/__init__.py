"""The Connect & Do Django project (folder ``platform/``, import name ``connectdo``)."""
