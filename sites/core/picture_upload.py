"""Members' pictures: the optional picture fields of the public event and group forms,
and saving an upload as a Wagtail image in the borough's own media.

Only photos (JPEG, PNG, WebP) that Pillow can read are taken from members, never SVG
(it can carry scripts); the words for people who cannot see the picture are required
with it (``pictures.ALT_TEXT_REQUIRED``). Nothing is stored until the whole form is
valid and the service saves it.
"""

from dataclasses import dataclass

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Collection

from .pictures import ALT_TEXT_HELP, ALT_TEXT_REQUIRED

MAX_PICTURE_BYTES = 5 * 1024 * 1024
PICTURE_FORMATS = {"JPEG", "PNG", "WEBP"}
NOT_A_PHOTO = _("Choose a photo saved as JPG, PNG or WebP.")
TOO_BIG = _("The picture is too big. Choose one of 5 MB or smaller.")
MEMBERS_COLLECTION = "Members' pictures"
PICTURE_FIELDS = ("picture", "picture_alt_text", "remove_picture")


@dataclass
class PictureChange:
    """What the form asks for: a new picture, removing it, or (neither) keeping it."""

    upload: UploadedFile | None = None
    alt_text: str = ""
    remove: bool = False

    def fields(self, title: str, user) -> dict:
        """The model fields to set; saves the upload (call inside the service's transaction)."""
        if self.remove:
            return {"picture": None, "picture_alt_text": ""}
        if self.upload is not None:
            return {
                "picture": save_picture(self.upload, title, user),
                "picture_alt_text": self.alt_text,
            }
        return {"picture_alt_text": self.alt_text}

    @property
    def adds_picture(self) -> bool:
        return self.upload is not None and not self.remove


def members_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    return existing or root.add_child(name=MEMBERS_COLLECTION)


def save_picture(upload: UploadedFile, title: str, user):
    """A Wagtail image in this borough's media (the schema's storage)."""
    upload.seek(0)
    image = get_image_model()(
        title=title[:255] or gettext("Picture"),
        file=upload,
        collection=members_collection(),
        uploaded_by_user=user if getattr(user, "is_authenticated", False) else None,
    )
    image.save()
    return image


class PictureFormMixin(forms.Form):
    """Add to a form; pass ``current`` (the thing being edited) to offer "remove"."""

    picture = forms.ImageField(
        label=_("Picture"),
        required=False,
        help_text=_(
            "A photo that shows what it is like (JPG, PNG or WebP, up to 5 MB). "
            "Pictures from new members are checked by a moderator before they appear."
        ),
        error_messages={"invalid_image": NOT_A_PHOTO, "invalid": NOT_A_PHOTO},
    )
    picture_alt_text = forms.CharField(
        label=_("What the picture shows"),
        max_length=250,
        required=False,
        help_text=ALT_TEXT_HELP,
        error_messages={"max_length": _("Use 250 characters or fewer.")},
    )
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    def setup_picture(self, current=None) -> None:
        """Call at the end of ``__init__``: puts the picture fields last on the form."""
        for name in PICTURE_FIELDS:
            self.fields[name] = self.fields.pop(name)
        self.current_picture = getattr(current, "picture", None)
        self.fields["picture"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if self.current_picture is None:
            del self.fields["remove_picture"]
        else:
            self.initial.setdefault("picture_alt_text", current.picture_alt_text)

    def clean_picture(self):
        upload = self.cleaned_data.get("picture")
        if not upload:
            return None
        if upload.size > MAX_PICTURE_BYTES:
            raise forms.ValidationError(TOO_BIG)
        found = getattr(getattr(upload, "image", None), "format", None)
        if found not in PICTURE_FORMATS:
            raise forms.ValidationError(NOT_A_PHOTO)
        return upload

    def clean(self):
        cleaned = super().clean()
        alt = " ".join((cleaned.get("picture_alt_text") or "").split())
        cleaned["picture_alt_text"] = alt
        removing = cleaned.get("remove_picture", False)
        keeps_old = getattr(self, "current_picture", None) is not None and not removing
        has_picture = cleaned.get("picture") or keeps_old
        if has_picture and not alt and "picture_alt_text" not in self.errors:
            self.add_error("picture_alt_text", ALT_TEXT_REQUIRED)
        return cleaned

    def picture_change(self) -> PictureChange:
        data = self.cleaned_data
        removing = data.get("remove_picture", False) and not data.get("picture")
        return PictureChange(
            upload=data.get("picture"),
            alt_text=data.get("picture_alt_text", ""),
            remove=removing,
        )
