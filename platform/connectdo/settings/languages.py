"""Languages, part of ``base``: those a borough can publish in, and the clock."""

LANGUAGE_CODE = "en-gb"
# Languages a borough can publish in: English first, then those most spoken by
# London residents with limited English.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
    ("bn", "বাংলা"),
    ("pt", "Português"),
    ("es", "Español"),
    ("so", "Soomaali"),
    ("ur", "اردو"),
    ("ar", "العربية"),
    ("ro", "Română"),
    ("ta", "தமிழ்"),
]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
