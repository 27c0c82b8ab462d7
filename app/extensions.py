"""Flask extensions, created unbound and initialised in the app factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf import CSRFProtect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from app.i18n import _l
from app.models.base import Base
from app.services.errors import Conflict

LOST_RACE = _l("Someone else changed this at the same moment. Nothing was saved; reload and try again.")


def _sqlite_busy(exc: OperationalError) -> bool:
    # SQLite answers a second writer "database is locked" (at once when its snapshot is stale): a lost race.
    return "database is locked" in str(exc.orig) or "database table is locked" in str(exc.orig)


class Session(FlaskSession):
    """The one place every write reaches the database (explicit flush, autoflush, commit): a versioned UPDATE
    or DELETE that matched no row, or SQLite refusing a second writer, becomes Conflict (409) and nothing else."""

    def flush(self, objects=None) -> None:
        try:
            super().flush(objects)
        except StaleDataError:
            self.rollback()
            raise Conflict(LOST_RACE) from None
        except OperationalError as exc:
            if not _sqlite_busy(exc):
                raise
            self.rollback()
            raise Conflict(LOST_RACE) from None

    def commit(self) -> None:
        try:
            super().commit()
        except OperationalError as exc:
            if not _sqlite_busy(exc):
                raise
            self.rollback()
            raise Conflict(LOST_RACE) from None


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
