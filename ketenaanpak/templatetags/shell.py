"""Template tags of the page shell (``{% load shell %}``): breadcrumbs and form errors.

How pages use them is described in docs/architecture.md, "Pages and forms".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def crumb(label: str, url: str | None = None) -> SafeString:
    """One breadcrumb: a link to ``url``, or the current page when ``url`` is empty."""
    if url:
        return format_html(
            '<li class="utrecht-breadcrumb-nav__item">'
            '<a class="utrecht-breadcrumb-nav__link utrecht-link" href="{}">{}</a></li>',
            url,
            label,
        )
    return format_html(
        '<li class="utrecht-breadcrumb-nav__item">'
        '<span class="utrecht-breadcrumb-nav__link '
        'utrecht-breadcrumb-nav__link--current" aria-current="page">{}</span></li>',
        label,
    )


class IfFilledNode(Node):
    def __init__(self, nodelist: NodeList, inner: NodeList) -> None:
        self.nodelist = nodelist
        self.inner = inner

    # Both parts hold blocks that child templates fill.
    child_nodelists = ("nodelist", "inner")

    def render(self, context: Context) -> str:
        inner = self.inner.render(context)
        if not inner.strip():
            return ""
        return self.nodelist.render(context).replace(_SLOT, inner)


_SLOT = "<!--iffilled-slot-->"


@register.tag
def iffilled(parser: Parser, token: Token) -> IfFilledNode:
    """Render a wrapper only when its slot has content.

    ``{% iffilled %}<nav><ol>{% slot %}{% block breadcrumbs %}{% endblock %}
    {% endslot %}</ol></nav>{% endiffilled %}``: a page that fills no breadcrumbs
    gets no empty navigation landmark.
    """
    before = parser.parse(("slot",))
    parser.delete_first_token()
    inner = parser.parse(("endslot",))
    parser.delete_first_token()
    after = parser.parse(("endiffilled",))
    parser.delete_first_token()
    wrapper = NodeList([*before, _Text(_SLOT), *after])
    return IfFilledNode(wrapper, inner)


class _Text(Node):
    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, context: Context) -> str:
        return self.text


def _invalid(value: Any) -> bool:
    # type(), not isinstance(): isinstance() would evaluate lazy context values
    # (the menu) on pages that never show them.
    kind = type(value)
    if issubclass(kind, forms.BaseForm):
        return bool(value.is_bound and value.errors)
    if issubclass(kind, BaseFormSet):
        return bool(value.is_bound and value.total_error_count())
    return False


@register.simple_tag(takes_context=True)
def page_has_errors(context: Context) -> bool:
    """Whether a form or formset that the view put on the page was sent with errors.

    ``base.html`` then starts the page title with "Fout: ", on every page with a form,
    without each view saying so.
    """
    return any(_invalid(value) for value in context.flatten().values())


@dataclass(frozen=True)
class SummaryItem:
    text: str
    href: str  # empty for an error that belongs to no one field


def _field_anchor(field: forms.BoundField) -> str:
    # A group of radios or checkboxes has no element with the field's own id: link
    # to its first option, which is what a keyboard user then answers.
    if field.field.widget.use_fieldset:
        subwidgets = field.subwidgets
        if subwidgets and subwidgets[0].id_for_label:
            return "#" + subwidgets[0].id_for_label
    return "#" + (field.id_for_label or field.auto_id)


def _form_items(form: forms.BaseForm) -> list[SummaryItem]:
    items = [SummaryItem(str(error), "") for error in form.non_field_errors()]
    for field in form:
        if field.is_hidden:
            items += [SummaryItem(str(error), "") for error in field.errors]
            continue
        for error in field.errors:
            # "Bron: Kies de bron.", but "Over wie gaat het? Kies …" for a question.
            label = str(field.label).rstrip(":")
            text = f"{label} {error}" if label.endswith("?") else f"{label}: {error}"
            items.append(SummaryItem(text, _field_anchor(field)))
    return items


@register.simple_tag
def error_summary_items(form: Any = None, formset: Any = None) -> list[SummaryItem]:
    """The errors of a bound form (and its formset) in page order, each linking to
    its field, for ``includes/form_errors.html``."""
    items: list[SummaryItem] = []
    if form is not None and getattr(form, "is_bound", False):
        items += _form_items(form)
    if formset is not None and getattr(formset, "is_bound", False):
        items += [SummaryItem(str(error), "") for error in formset.non_form_errors()]
        for subform in formset.forms:
            items += _form_items(subform)
    return items
