"""The ``markdown`` filter: ``{{ kapitel.text|markdown }}`` or ``{{ text|markdown:1 }}``
to move headings one level down."""

from django import template
from django.utils.safestring import SafeString

from delprojekt.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None, shift_headings: int = 0) -> SafeString:
    return render_markdown(text, shift_headings=int(shift_headings or 0))
