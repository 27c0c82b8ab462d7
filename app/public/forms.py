"""The publish and withdraw forms (CSRF-protected)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from app.forms import Form


class PublishForm(Form):
    """First publication, or a new version (then a note and its kind are needed; the service says so)."""

    include_unapproved = BooleanField(_l("Publish with unapproved claims marked"))
    kind = RadioField(_l("This version is"),
                      choices=[SelectChoice("correction", _l("a correction")), SelectChoice("update", _l("an update"))],
                      validators=[Optional()], validate_choice=False)
    note = TextAreaField(_l("Note to readers: what changed"), validators=[Optional(), Length(max=2000)])
    # Publishing claims no editor approved is asked twice: this box, ticked after reading the list.
    confirmed = BooleanField(_l("Yes, publish the claims listed above, marked “Not yet approved”"))
    submit = SubmitField(_l("Publish report"))


class WithdrawForm(Form):
    reason = TextAreaField(_l("Why (shown to readers, optional)"), validators=[Optional(), Length(max=2000)])
    confirmed = BooleanField(_l("Yes, withdraw every version listed above"))
    submit = SubmitField(_l("Withdraw"))
