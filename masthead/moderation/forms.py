"""The admin's forms for the community standards: a rule's settings, watched-words entries.

`RuleSettingForm` is generated from the rule: on/off, the action (reject offered only to a
rule precise enough to reject), and one typed field per option the rule lets moderators tune
(`Rule.admin_options`, bounded by `Rule.option_limits`); it refuses options the rule cannot be
prepared with. `WatchedWordForm` adds one entry, `WatchedWordsImportForm` many, in the syntax
of the shipped files. An invalid form keeps what the moderator typed, with a message per
field or per line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .domains import domain_normalise
from .errors import MESSAGES, ModerationErrorCode
from .models import LinkDomainKind, RuleAction, WatchedAction
from .rules.base import REJECT_MIN_PRECISION
from .selectors import RuleView
from .wordlists import watched_entry_tokens

OPTION_PREFIX = "option_"
ENTRY_MAX_LENGTH = 100
IMPORT_MAX_LINES = 5000
ENTRY_ACTIONS = [(value, label) for value, label in WatchedAction.choices if value != "off"]
_HEADING = re.compile(r"^\[([^\]]*)\]$")


class RuleSettingForm(forms.Form):
    is_enabled = forms.BooleanField(
        label=_("Enabled"),
        required=False,
        help_text=_("When off, the rule does not look at comments at all."),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=RuleAction.choices,
        help_text=_(
            "The strictest thing this rule may do: flag (publish and note it for the "
            "moderators), hold for a moderator, or reject."
        ),
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, view: RuleView, **kwargs: Any
    ) -> None:
        self.view = view
        initial = {"is_enabled": view.enabled, "action": view.action}
        initial.update({OPTION_PREFIX + name: value for name, value in view.options.items()})
        super().__init__(data, initial=initial, **kwargs)
        if not view.may_reject:
            # Offered only to rules measured precise enough; a forged "reject" gets a message.
            action = cast(forms.ChoiceField, self.fields["action"])
            action.widget.choices = [c for c in RuleAction.choices if c[0] != RuleAction.REJECT]
        base = view.base_options
        for name in base:
            self.fields[OPTION_PREFIX + name] = _option_field(view, name, base[name])

    @property
    def option_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(OPTION_PREFIX)]

    def clean_action(self) -> str:
        action = str(self.cleaned_data["action"])
        if action == RuleAction.REJECT and not self.view.may_reject:
            precision = self.view.rule_class.reject_precision
            if precision is None:
                message = gettext(
                    "This rule may not reject: the precision of its rejections has not been "
                    "measured, and %(required)s is required. Choose hold or flag."
                )
            else:
                message = gettext(
                    "This rule may not reject: the precision of its rejections was measured at "
                    "%(precision)s, below the %(required)s required. Choose hold or flag."
                )
            raise ValidationError(
                message % {"precision": f"{precision or 0:.2f}", "required": REJECT_MIN_PRECISION},
                code="reject_not_allowed",
            )
        return action

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        options = {**self.view.operator_options, **self.options()}
        try:
            rule = self.view.rule_class(**options)
            rule.prepare()
        except Exception as error:
            raise ValidationError(
                gettext("The rule cannot work with these options: %(error)s")
                % {"error": f"{type(error).__name__}: {error}"},
                code="rule_unusable",
            ) from error
        return cleaned

    def options(self) -> dict[str, Any]:
        """The options as typed values (after `is_valid()`)."""
        return {
            name.removeprefix(OPTION_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(OPTION_PREFIX)
        }


def _option_field(view: RuleView, name: str, base: Any) -> forms.Field:
    """A typed field for one option: its type is that of the rule's own default."""
    default = view.rule_class.default_options[name]
    low, high = view.rule_class.option_limits(name)
    shown = gettext("empty") if base is None else str(base)
    help_text = gettext("Default: %(value)s.") % {"value": shown}
    if isinstance(default, bool):
        return forms.BooleanField(label=name, required=False, help_text=help_text)
    if isinstance(default, str):
        return forms.CharField(label=name, required=False, max_length=500, help_text=help_text)
    messages = _range_messages(low, high)
    if isinstance(default, int):
        return forms.IntegerField(
            label=name,
            min_value=None if low is None else int(low),
            max_value=None if high is None else int(high),
            help_text=help_text,
            error_messages=messages,
        )
    if default is None:
        help_text += " " + gettext("Empty: the threshold chosen when the model was trained.")
    if low == 0.0 and high == 1.0:
        help_text += " " + gettext("A share or a probability, between 0 and 1.")
    return forms.FloatField(
        label=name,
        required=default is not None,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages=messages,
    )


def _range_messages(low: float | None, high: float | None) -> dict[str, Any]:
    if low is not None and high is not None:
        between = gettext("Give a number between %(low)s and %(high)s.") % {
            "low": f"{low:g}",
            "high": f"{high:g}",
        }
        return {"min_value": between, "max_value": between}
    return {"min_value": gettext("Give a number of %(limit_value)s or more.")}


# --- Watched words -------------------------------------------------------------------------------


def watched_entry_checked(text: str) -> str:
    """An entry as it will be stored (spaces tidied), or a ValidationError saying what is wrong.

    Folding is the lists' own (`wordlists.watched_entry_tokens`), so what passes here matches
    in comments exactly as a line of the shipped file would, disguised spellings included.
    """
    entry = " ".join(text.split())
    if len(entry) > ENTRY_MAX_LENGTH:
        raise ValidationError(
            gettext("“%(entry)s” is too long: %(max)s characters at most.")
            % {"entry": entry[:40] + "…", "max": ENTRY_MAX_LENGTH},
            code="too_long",
        )
    if _HEADING.match(entry):
        raise ValidationError(
            gettext("“%(entry)s” looks like a heading: use [block], [hold] or [flag].")
            % {"entry": entry},
            code="heading",
        )
    if "#" in entry:
        raise ValidationError(
            gettext("“%(entry)s”: # starts a comment in the lists; leave it out.")
            % {"entry": entry},
            code="comment",
        )
    tokens, is_prefix = watched_entry_tokens(entry)
    if not tokens:
        raise ValidationError(
            gettext("“%(entry)s” has no letters or digits once folded: it would match nothing.")
            % {"entry": entry},
            code="empty",
        )
    if "*" in entry.rstrip("*") or (is_prefix and len(tokens) > 1):
        raise ValidationError(
            gettext(
                "“%(entry)s”: a * may only end a single word (scam* matches scams and "
                "scammers), not a phrase or the middle of a word."
            )
            % {"entry": entry},
            code="star",
        )
    return entry


class WatchedWordForm(forms.Form):
    entry = forms.CharField(
        label=_("Word or phrase"),
        max_length=ENTRY_MAX_LENGTH * 2,  # the entry's own check says "too long" more clearly
        help_text=_(
            "Write it once in plain letters: disguised spellings (sh1t, ѕhit, s h i t) are "
            "matched too. A phrase matches whatever separates its words; a word ending in * "
            "matches any ending."
        ),
    )
    action = forms.ChoiceField(label=_("Action"), choices=ENTRY_ACTIONS, initial="hold")

    def clean_entry(self) -> str:
        return watched_entry_checked(self.cleaned_data["entry"])


class WatchedWordsImportForm(forms.Form):
    text = forms.CharField(
        label=_("Entries"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        strip=False,
        help_text=_(
            "One entry per line, as in the shipped files: under [block], [hold] or [flag] "
            "headings; # starts a comment. Lines before any heading get the action below."
        ),
    )
    action = forms.ChoiceField(
        label=_("Action before any heading"), choices=ENTRY_ACTIONS, initial="hold"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        lines = cleaned["text"].splitlines()
        if len(lines) > IMPORT_MAX_LINES:
            raise ValidationError(
                gettext("%(count)s lines is too many at once: %(max)s at most.")
                % {"count": len(lines), "max": IMPORT_MAX_LINES},
                code="too_many",
            )
        action = cleaned["action"]
        entries: list[tuple[str, str]] = []
        problems: list[ValidationError] = []
        for number, raw in enumerate(lines, start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            heading = _HEADING.match(line)
            if heading:
                label = heading.group(1).strip().lower()
                if label in {"block", "hold", "flag"}:
                    action = label
                else:
                    problems.append(
                        ValidationError(
                            gettext(
                                "Line %(line)s: [%(heading)s] is not a heading; use [block], "
                                "[hold] or [flag]."
                            )
                            % {"line": number, "heading": heading.group(1)},
                            code="heading",
                        )
                    )
                continue
            try:
                entries.append((watched_entry_checked(line), action))
            except ValidationError as error:
                problems.append(
                    ValidationError(
                        gettext("Line %(line)s: %(problem)s")
                        % {"line": number, "problem": " ".join(error.messages)},
                        code=error.code,
                    )
                )
        if problems:
            raise ValidationError(problems)
        if not entries:
            raise ValidationError(gettext("There is no entry to add."), code="no_entries")
        cleaned["entries"] = entries
        return cleaned


class LinkDomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Domain"),
        max_length=300,
        help_text=_(
            "As it appears in a link, for example ons.gov.uk (a whole address is cut to its "
            "domain). Subdomains are included."
        ),
    )
    kind = forms.ChoiceField(label=_("List"), choices=LinkDomainKind.choices, initial="trusted")
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_domain(self) -> str:
        domain = domain_normalise(self.cleaned_data["domain"])
        if not domain:
            message = str(MESSAGES[ModerationErrorCode.NOT_A_DOMAIN])  # in the request's language
            raise ValidationError(message, code="not_a_domain")
        return domain
