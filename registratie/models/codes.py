"""Counters for the RIO codes the portal hands out (999B999, 999A999, 999G999, 999T999, 999X999)."""

from django.db import models


class Codeteller(models.Model):
    letter = models.CharField(max_length=1, primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "codeteller"

    def __str__(self) -> str:
        return f"{self.letter}: {self.laatste}"
