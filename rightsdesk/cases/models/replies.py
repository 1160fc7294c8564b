"""Reply templates the team saved (the shipped ones live in code, translatable)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReplyTemplate(models.Model):
    """A reply the team saved, in one language. Shipped templates live in code (translatable);
    a row with the same slug and language replaces the shipped text for that language."""

    slug = models.SlugField(max_length=40)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ("slug", "language")
        constraints = (
            models.UniqueConstraint(fields=("slug", "language"), name="one_template_per_language"),
        )

    def __str__(self) -> str:
        return f"{self.slug} ({self.language})"
