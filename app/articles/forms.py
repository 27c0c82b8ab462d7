from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import choices
from app.models.base import KINDS

LANGUAGE_CHOICES = choices(("", "ar", "en"), {"": "Detect from the text", "ar": "Arabic", "en": "English"})


class PasteForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=500)])
    body = TextAreaField("Article text", validators=[DataRequired()])
    language = SelectField("Language", choices=LANGUAGE_CHOICES, validators=[Optional()])
    url = StringField("URL", validators=[Optional(), Length(max=2048)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_at = DateField("Published", validators=[Optional()])
    submit = SubmitField("Add article")

    @property
    def url_only(self) -> bool:
        return bool((self.url.data or "").strip()) and not (self.body.data or "").strip()

    def validate(self, extra_validators=None) -> bool:
        if self.url_only:  # a URL alone is enough: the desk fetches the page, title and text come from it
            self.title.validators = [Optional(), Length(max=500)]
            self.body.validators = [Optional()]
        return super().validate(extra_validators)


class UploadForm(FlaskForm):
    file = FileField("File (.txt, .html or .json)", validators=[
        FileRequired(), FileAllowed(["txt", "html", "htm", "json"], "Use .txt, .html or .json.")])
    language = SelectField("Language", choices=LANGUAGE_CHOICES, validators=[Optional()])
    submit = SubmitField("Upload")


class ClaimForm(FlaskForm):
    """A new claim from a span selected in the article (or a quote typed in)."""

    start = HiddenField()
    end = HiddenField()
    quote = TextAreaField("Quote (select it in the article, or type it exactly)", validators=[Optional()])
    statement = TextAreaField("Checkable statement (defaults to the quote)", validators=[Optional()])
    kind = SelectField("Kind", choices=choices(KINDS), default="other")
    attributed_to = StringField("Attributed to", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Make it a claim")


class SuggestionsForm(FlaskForm):
    """Accept, merge, split or reject the suggestions ticked on the article page (the buttons name the action)."""
