"""Forms of the import pipeline: the upload, the column matching and the start."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baovetreem.core import tabular
from baovetreem.core.tabular import Column, TableError, cell_text
from baovetreem.imports.base import DuplicateChoice
from baovetreem.imports.models import ImportMode
from baovetreem.imports.reading import check_filename, column_letter, too_big_message


class ModeField(forms.ChoiceField):
    """What to do when some rows have errors."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("If some rows have errors"))
        kwargs.setdefault("choices", ImportMode.choices)
        kwargs.setdefault("initial", ImportMode.VALID_ROWS)
        kwargs.setdefault("widget", forms.RadioSelect)
        # A missing choice (an old form, a script) is no error: the job keeps its mode.
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class UploadForm(forms.Form):
    """The file to import and what to do with bad rows."""

    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx or .xls) or CSV file"),
        help_text=gettext_lazy(
            "The first sheet is read. Title rows above the header are fine; the columns may be "
            "in any order."
        ),
        error_messages={
            "required": gettext_lazy("Choose the file to import."),
            "empty": gettext_lazy(
                "The file is empty. Choose the file that holds the rows to import."
            ),
        },
    )
    mode = ModeField()

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        if too_big:
            # The upload was dropped unread: say why instead of "this field is required".
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_big:
            raise ValidationError(too_big_message())
        try:
            check_filename(upload.name)
        except TableError as exc:
            raise ValidationError(str(exc)) from exc
        if upload.size > tabular.MAX_UPLOAD_BYTES:
            raise ValidationError(too_big_message(upload.size))
        return upload


class StartForm(forms.Form):
    """The last word on the mode, and on rows already in the register, given on the preview."""

    mode = ModeField()
    duplicates = forms.ChoiceField(
        label=gettext_lazy("Rows that are already in the register, or likely are"),
        choices=DuplicateChoice.choices,
        initial=DuplicateChoice.SKIP,
        widget=forms.RadioSelect,
        required=False,
    )

    ROW_PREFIX = "row_"

    def row_choices(self) -> dict[int, str]:
        """The choice made on the preview for each marked row (``row_<number>`` fields)."""
        choices: dict[int, str] = {}
        for key, value in self.data.items():
            number = key.removeprefix(self.ROW_PREFIX)
            if (
                key.startswith(self.ROW_PREFIX)
                and number.isdigit()
                and len(number) < 8
                and value in DuplicateChoice.values
            ):
                choices[int(number)] = value
        return choices


MAX_COLUMNS = 200


def _row_summary(row: list[object], width: int = 4) -> str:
    texts = [cell_text(value) for value in row]
    shown = [text for text in texts if text][:width]
    summary = " | ".join(text[:30] for text in shown)
    return summary or _("(empty row)")


class HeaderRowForm(forms.Form):
    """Which of the first rows holds the column headings (asked by GET, no change made)."""

    header_row = forms.TypedChoiceField(label=gettext_lazy("Header row"), coerce=int)

    def __init__(self, *args, rows: list[list[object]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["header_row"].choices = [
            (number, f"{number}: {_row_summary(row)}") for number, row in enumerate(rows, start=1)
        ]


class MappingForm(forms.Form):
    """For each column we expect, the column of the file that holds it."""

    header_row = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args,
        columns: list[Column],
        rows: list[list[object]],
        header_row: int,
        initial_mapping: dict[str, int],
        **kwargs,
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"]["header_row"] = header_row
        for column in columns:
            if column.key in initial_mapping:
                kwargs["initial"][f"col_{column.key}"] = str(initial_mapping[column.key])
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.rows = rows
        headings = (
            [cell_text(v) for v in rows[header_row - 1]] if 0 < header_row <= len(rows) else []
        )
        width = 0  # up to the last column holding anything in the first rows
        for row in rows:
            for index, value in enumerate(row[:MAX_COLUMNS]):
                if index >= width and cell_text(value):
                    width = index + 1
        choices = [("", _("— not in the file —"))]
        for index in range(width):
            heading = headings[index] if index < len(headings) else ""
            choices.append(
                (str(index), f"{column_letter(index)}: {heading[:40] or _('(no heading)')}")
            )
        for column in columns:
            self.fields[f"col_{column.key}"] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=column.required,
                error_messages={
                    "required": _("Choose the column of the file that holds “%(label)s”.")
                    % {"label": column.label},
                    "invalid_choice": _("Choose one of the columns of the file."),
                },
            )

    def clean_header_row(self):
        header_row = self.cleaned_data["header_row"]
        if header_row > len(self.rows):
            raise ValidationError(
                _("Choose a header row among the first %(n)d rows.") % {"n": len(self.rows)}
            )
        return header_row

    def clean(self):
        cleaned = super().clean()
        used: dict[str, str] = {}
        for column in self.columns:
            name = f"col_{column.key}"
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            if value in used:
                self.add_error(
                    name,
                    _(
                        "Column %(letter)s is already chosen for “%(other)s”. Choose a different "
                        "column of the file for each item."
                    )
                    % {"letter": column_letter(int(value)), "other": used[value]},
                )
            else:
                used[value] = column.label
        return cleaned

    def mapping(self) -> dict[str, int]:
        """Our column key → 0-based position in the file, for the mapped columns."""
        result = {}
        for column in self.columns:
            value = self.cleaned_data.get(f"col_{column.key}")
            if value not in (None, ""):
                result[column.key] = int(value)
        return result
