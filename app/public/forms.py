"""The publish form (CSRF-protected); withdrawing uses app.admin.forms.ConfirmForm."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SubmitField

from app.forms import Form


class PublishForm(Form):
    include_unapproved = BooleanField(_l("Publish with unapproved claims marked"))
    submit = SubmitField(_l("Publish report"))
