"""Small helpers for writing starting pages as StreamField blocks, in plain words.

Links between starting pages are Wagtail page links (by id), so they keep working when an
Editor renames or moves a page.
"""

from dataclasses import dataclass, field
from datetime import date
from html import escape

TEAM_CONTACT = ("team_contact", None)


def heading(text: str) -> tuple:
    return ("heading", {"text": text})


def paragraph(*sentences: str) -> tuple:
    """One paragraph block; each argument is a paragraph of already-safe HTML."""
    return ("paragraph", "".join(f"<p>{sentence}</p>" for sentence in sentences))


def bullets(*items: str, lead: str = "") -> tuple:
    html = f"<p>{lead}</p>" if lead else ""
    html += "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    return ("paragraph", html)


def numbered(*items: str) -> tuple:
    return ("paragraph", "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>")


def easy_read_point(*sentences: str) -> tuple:
    """One Easy Read point: a sentence a line, 15 words or fewer each. No picture: an
    Editor adds the borough's own (sites/core/easyread/blocks.py)."""
    return ("point", {"text": "\n".join(sentences), "picture": None, "alt_text": ""})


def external(url: str, text: str) -> str:
    return f'<a href="{escape(url)}">{text}</a>'


@dataclass(frozen=True)
class Borough:
    """What the starting text says about the borough it is written for."""

    name: str
    host: str
    written_on: date
    # Page ids of the standard pages and sections, by kind; URLs of views outside the tree.
    page_ids: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def site_name(self) -> str:
        return f"Connect &amp; Do {escape(self.name)}"

    @property
    def place(self) -> str:
        return escape(self.name)

    def link(self, target: str, text: str) -> str:
        """A link to a starting page (by kind) or a view (by name); plain text if missing."""
        if target in self.page_ids:
            return f'<a linktype="page" id="{self.page_ids[target]}">{text}</a>'
        if target in self.urls:
            return f'<a href="{escape(self.urls[target])}">{text}</a>'
        return text

    @property
    def written_on_text(self) -> str:
        return f"{self.written_on.day} {self.written_on:%B %Y}"
