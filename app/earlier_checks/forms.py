from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form


class ImportForm(Form):
    file = FileField(_l("File (ClaimReview or DataFeed .json/.jsonld, or .csv)"), validators=[
        FileRequired(), FileAllowed(["json", "jsonld", "csv"], _l("Use .json, .jsonld or .csv."))])
    submit = SubmitField(_l("Import"))


class FetchForm(Form):
    urls = TextAreaField(_l("Addresses of fact-check pages (one a line)"), validators=[DataRequired(),
                                                                                      Length(max=50_000)])
    submit = SubmitField(_l("Read the pages"))


class FeedForm(Form):
    url = StringField(_l("Address of a partner desk's feed"), validators=[DataRequired(), Length(max=2048)])
    title = StringField(_l("Name (optional)"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Subscribe"))
