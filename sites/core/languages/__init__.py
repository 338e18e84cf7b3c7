"""A borough's languages: which it offers (its Wagtail ``Locale`` rows, English always),
the language in public addresses (``/pl/…``; English without a prefix), the switcher and
``hreflang`` alternates, and English pages shown at a translated address with a notice.
See docs/architecture.md, "Languages and addresses"."""
