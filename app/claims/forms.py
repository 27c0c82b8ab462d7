from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import Form
from app.i18n import LazyNumber
from app.localization import LabelChoices

CREDIBILITY_CHOICES = LabelChoices("credibility")
RELIABILITY_CHOICES = LabelChoices("grade", blank=_l("keep the source's grade (F if new)"))


class ClaimEditForm(Form):
    """Statement, kind, attribution, verdict, confidence, rationale, re-check date, all based on a version."""

    version = HiddenField(validators=[DataRequired()])
    # The values this form showed, so that saving sends only what this person changed.
    original = HiddenField()
    statement = TextAreaField(_l("Statement"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=LabelChoices("kind"))
    attributed_to = StringField(_l("Attributed to"), validators=[Optional(), Length(max=500)])
    verdict = SelectField(_l("Verdict"), choices=LabelChoices("verdict"))
    confidence = SelectField(_l("Confidence"), choices=LabelChoices("confidence", blank="—"))
    rationale = TextAreaField(_l("Rationale"), validators=[Optional()])
    recheck_on = DateField(_l("Re-check on"), validators=[Optional()])
    submit = SubmitField(_l("Save"))


class EvidenceForm(Form):
    url = StringField(_l("Source URL"), validators=[DataRequired(), Length(max=2048)])
    stance = SelectField(_l("Stance"), choices=LabelChoices("stance"))
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    publisher = StringField(_l("Publisher"), validators=[Optional(), Length(max=200)])
    published_at = DateField(_l("Published"), validators=[Optional()])
    reliability = SelectField(_l("Source reliability (A–F)"), choices=RELIABILITY_CHOICES, validators=[Optional()])
    credibility = SelectField(_l("Information credibility (%(first)s–%(last)s)", first=LazyNumber(1),
                                 last=LazyNumber(6)), choices=CREDIBILITY_CHOICES, default="6")
    excerpt = TextAreaField(_l("Excerpt"), validators=[Optional()])
    reported_value = StringField(_l("Figure the source reports"), validators=[Optional(), Length(max=200)])
    reported_unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)])
    note = TextAreaField(_l("Note"), validators=[Optional()])
    submit = SubmitField(_l("Attach source"))


class TransitionForm(Form):
    version = HiddenField(validators=[DataRequired()])
    to = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Move"))


class AssignForm(Form):
    version = HiddenField(validators=[DataRequired()])
    assignee_id = SelectField(_l("Assignee"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Assign"))


class CommentForm(Form):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Add comment"))


class CopyForm(Form):
    version = HiddenField(validators=[DataRequired()])
    from_claim_id = HiddenField(validators=[DataRequired()])
    confirmed = BooleanField(_l("Yes, replace this claim's verdict, confidence and rationale with the other's"))
    submit = SubmitField(_l("Copy evidence and verdict"))


class LinkCheckForm(Form):
    """Link an earlier fact-check to the claim as evidence (the check's id is in the URL)."""

    submit = SubmitField(_l("Link as evidence"))
