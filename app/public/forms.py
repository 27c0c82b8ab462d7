"""The publish form (CSRF-protected); withdrawing uses app.admin.forms.ConfirmForm."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PublishForm(FlaskForm):
    include_unapproved = BooleanField("Publish with unapproved claims marked")
    submit = SubmitField("Publish report")
