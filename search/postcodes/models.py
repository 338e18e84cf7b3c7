from django.db import models


class Postcode(models.Model):
    """One UK postcode and its centre, as in the ONS Postcode Directory."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Such as 'SW9 8LF'.")
    district = models.CharField(max_length=4, db_index=True, help_text="Such as 'SW9'.")
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


class PostcodeDistrict(models.Model):
    """The centre of a postcode district (the outward code, such as SW9).

    Used when someone types only the first half of a postcode, and to measure distances
    to places whose street address is hidden: their exact position is never used.
    """

    district = models.CharField(max_length=4, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(
        default=0,
        help_text="How many postcodes this centre is the average of; 0 for an approximate "
        "centre from the bundled demo file.",
    )

    def __str__(self):
        return self.district
