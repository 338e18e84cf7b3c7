"""Cleaning queries and highlighting matches safely."""

import pytest

from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from search.text import EngineMarks, clean_query, escaped, from_engine_highlight, highlight


@pytest.mark.parametrize(
    "typed, cleaned",
    [
        ("  Yoga   class ", "Yoga class"),
        ("title:(a OR", "title a OR"),
        ('"*" \\ ~ ^ && || !', ""),
        ("drop-in café", "drop-in café"),
        ("knitters' club", "knitters club"),
        ("যোগ ব্যায়াম", "যোগ ব্যায়াম"),  # Bengali keeps its vowel signs
        ("瑜伽 课程 🧘‍♀️", "瑜伽 课程"),
        ("مرحبا", "مرحبا"),
        ("🌳🎶", ""),
    ],
)
def test_clean_query(typed, cleaned):
    assert clean_query(typed) == cleaned


def test_clean_query_limits_length_and_words():
    assert len(clean_query("x" * 10_000)) == 200
    assert clean_query("word " * 100).count("word") == 12


def test_highlight_escapes_first_then_marks():
    html = highlight('<img src=x onerror="alert(1)"> Yoga & tea', "yoga")
    assert str(html) == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>Yoga</mark> &amp; tea"


def test_highlight_allows_typos_and_word_starts():
    assert "<mark>gardening</mark>" in highlight("We love gardening", "garden")
    assert "<mark>yoga</mark>" in highlight("Chair yoga", "yogga")
    assert "<mark>Chair</mark>" in highlight("Chair yoga", "choir")  # one letter apart
    assert "<mark>" not in highlight("Chair yoga", "dance")


def test_highlight_shows_a_window_around_the_first_match():
    text = "Filler words here. " * 30 + "The choir meets on Thursdays." + " More filler." * 30
    html = str(highlight(text, "choir"))
    assert "<mark>choir</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 260


def test_engine_highlights_are_escaped_too():
    marks = EngineMarks.new()
    fragment = f"<script>x</script> {marks.start}Yoga{marks.end} & tea"
    assert str(from_engine_highlight(fragment, marks)) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>Yoga</mark> &amp; tea"
    )


def test_private_use_characters_in_text_never_become_marks():
    marks = EngineMarks.new()
    forged = "\ue000<b>hi</b>\ue001 and \ue000\ue000 " + marks.start.replace(
        marks.start[1:-1], "0" * 16
    )
    fragment = f"{forged} {marks.start}yoga{marks.end}"
    html = str(from_engine_highlight(fragment, marks))
    assert html.count("<mark>") == 1 and html.count("</mark>") == 1
    assert "<mark>yoga</mark>" in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert EngineMarks.new() != marks  # a new secret for every query


def test_html_written_in_python_is_escaped_as_the_template_escapes_it():
    """``escaped`` takes a shortcut for plain strings: every kind of value a search page
    writes comes out as ``conditional_escape`` writes it, safe HTML untouched."""
    lazy_text = lazy(lambda: '<b>"Tea" & cake\'s</b>', str)()
    values = [
        '<b>"Tea" & cake\'s</b>',
        "plain words",
        "",
        "Cymraeg: ŵ, العربية, বাংলা",
        mark_safe("<mark>yoga</mark> &amp; more"),
        lazy_text,
        42,
        0,
    ]
    for value in values:
        assert escaped(value) == conditional_escape(value), value
    assert escaped('<b>"x"</b>') == "&lt;b&gt;&quot;x&quot;&lt;/b&gt;"
    assert escaped(mark_safe("<mark>yoga</mark>")) == "<mark>yoga</mark>"
