from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import choices
from app.models.base import CONFIDENCES, KINDS, RELIABILITY, STANCES, VERDICTS

CREDIBILITY_CHOICES = choices(range(1, 7), {1: "1 – confirmed by other sources", 2: "2 – probably true",
                                              3: "3 – possibly true", 4: "4 – doubtful", 5: "5 – improbable",
                                              6: "6 – cannot be judged"})
RELIABILITY_CHOICES = choices(("",) + RELIABILITY, {"": "keep the source's grade (F if new)", "A": "A – completely reliable",
                                                    "B": "B – usually reliable", "C": "C – fairly reliable",
                                                    "D": "D – not usually reliable", "E": "E – unreliable",
                                                    "F": "F – cannot be judged"})


class ClaimEditForm(FlaskForm):
    """Statement, kind, attribution, verdict, confidence, rationale, re-check date, all based on a version."""

    version = HiddenField(validators=[DataRequired()])
    # The values this form showed, so that saving sends only what this person changed.
    original = HiddenField()
    statement = TextAreaField("Statement", validators=[DataRequired()])
    kind = SelectField("Kind", choices=choices(KINDS))
    attributed_to = StringField("Attributed to", validators=[Optional(), Length(max=500)])
    verdict = SelectField("Verdict", choices=choices(VERDICTS))
    confidence = SelectField("Confidence", choices=choices(("",) + CONFIDENCES, {"": "—"}))
    rationale = TextAreaField("Rationale", validators=[Optional()])
    recheck_on = DateField("Re-check on", validators=[Optional()])
    submit = SubmitField("Save")


class EvidenceForm(FlaskForm):
    url = StringField("Source URL", validators=[DataRequired(), Length(max=2048)])
    stance = SelectField("Stance", choices=choices(STANCES))
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_at = DateField("Published", validators=[Optional()])
    reliability = SelectField("Source reliability (A–F)", choices=RELIABILITY_CHOICES, validators=[Optional()])
    credibility = SelectField("Information credibility (1–6)", choices=CREDIBILITY_CHOICES, default="6")
    excerpt = TextAreaField("Excerpt", validators=[Optional()])
    reported_value = StringField("Figure the source reports", validators=[Optional(), Length(max=200)])
    reported_unit = StringField("Unit", validators=[Optional(), Length(max=60)])
    note = TextAreaField("Note", validators=[Optional()])
    submit = SubmitField("Attach source")


class TransitionForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    to = HiddenField(validators=[DataRequired()])
    reason = StringField("Reason", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Move")


class AssignForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    assignee_id = SelectField("Assignee", choices=[], validate_choice=False)
    submit = SubmitField("Assign")


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField("Comment")


class CopyForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    from_claim_id = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Copy evidence and verdict")
