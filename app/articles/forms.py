from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from app.localization import LabelChoices

LANGUAGE_CHOICES = LabelChoices("language", blank=_l("Detect from the text"))


class PasteForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    body = TextAreaField(_l("Article text"), validators=[DataRequired()])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validators=[Optional()])
    url = StringField(_l("URL"), validators=[Optional(), Length(max=2048)])
    publisher = StringField(_l("Publisher"), validators=[Optional(), Length(max=200)])
    published_at = DateField(_l("Published"), validators=[Optional()])
    # Shown when the same text is already in the desk: ticking it adds the paste as a new article all the same.
    add_anyway = BooleanField(_l("Add it anyway, as a new article"))
    submit = SubmitField(_l("Add article"))

    @property
    def url_only(self) -> bool:
        return bool((self.url.data or "").strip()) and not (self.body.data or "").strip()

    def validate(self, extra_validators=None) -> bool:
        if self.url_only:  # a URL alone is enough: the desk fetches the page, title and text come from it
            self.title.validators = [Optional(), Length(max=500)]
            self.body.validators = [Optional()]
        return super().validate(extra_validators)


class UploadForm(Form):
    file = FileField(_l("File (.txt, .html or .json)"), validators=[
        FileRequired(), FileAllowed(["txt", "html", "htm", "json"], _l("Use .txt, .html or .json."))])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validators=[Optional()])
    submit = SubmitField(_l("Upload"))


class ClaimForm(Form):
    """A new claim from a span selected in the article (or a quote typed in)."""

    start = HiddenField()
    end = HiddenField()
    quote = TextAreaField(_l("Quote (select it in the article, or type it exactly)"), validators=[Optional()])
    statement = TextAreaField(_l("Checkable statement (defaults to the quote)"), validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=LabelChoices("kind"), default="other")
    attributed_to = StringField(_l("Attributed to"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Make it a claim"))


class SuggestionsForm(Form):
    """Accept, merge, split or reject the suggestions ticked on the article page (the buttons name the action)."""
