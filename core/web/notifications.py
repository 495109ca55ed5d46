"""The signed-in user's notifications: the header's unread count, the list,
and "mark all as read".

Showing the list changes nothing (no state change on GET); a notification is
read when its referral page is opened by its user
(:func:`core.notifications.inapp.mark_read_for_referral`), or with the
"Mark all as read" form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from core.app import hub
from core.db import db
from core.notifications import inapp
from core.notifications.announce import REFERRAL_ESCALATED
from core.notifications.models import Notification
from core.notifications.titles import news_title
from core.referrals.titles import status_title
from core.web.i18n import localized
from core.web.session import HOMES, principal, roles_required

blueprint = Blueprint("notifications", __name__)

PAGE_SIZE = 50


@blueprint.app_context_processor
def _unread() -> dict[str, Any]:
    """``unread_notifications`` for the header; computed only for signed-in users."""
    if not (current_user and current_user.is_authenticated):
        return {}
    try:
        return {"unread_notifications": inapp.unread_count(current_user.user.id)}
    except SQLAlchemyError:  # e.g. the error page of a database failure: show no count
        db.session.rollback()
        return {}


@dataclass
class Row:
    notification: Notification
    what: str
    service_title: str
    status_title: str
    link: str


@blueprint.get("/notifications")
@roles_required(*HOMES)
def notifications() -> str:
    """The newest notifications of the signed-in user (read and unread)."""
    user_id = principal().user_id
    found = db.session.scalars(
        inapp.for_user(user_id)
        .options(selectinload(Notification.referral), selectinload(Notification.reminder))
        .order_by(Notification.id.desc())
        .limit(PAGE_SIZE)
    )
    rows = [_row(n) for n in found]
    return render_template("notifications/list.html", rows=rows, page_size=PAGE_SIZE)


def _row(notification: Notification) -> Row:
    service = hub().catalogue.services.get(notification.referral.service_code)
    reminder = notification.reminder
    return Row(
        notification=notification,
        what=localized(reminder.title)
        if reminder and reminder.title
        else news_title(notification.kind),
        service_title=localized(service.title) if service else notification.referral.service_code,
        status_title=status_title(notification.status),
        # Coordinators see figures, not referrals: an escalation leads to the list of
        # the receiving institution's overdue referrals.
        link=(
            url_for("coordinator.overdue", institution=notification.referral.to_institution_id)
            if notification.kind == REFERRAL_ESCALATED
            else url_for("referrals.referral", referral_id=notification.referral_id)
        ),
    )


@blueprint.post("/notifications/read-all")
@roles_required(*HOMES)
def read_all() -> Any:
    count = inapp.mark_all_read(principal().user_id)
    db.session.commit()
    if count:
        flash(_("All notifications are marked as read."), "success")
    return redirect(url_for(".notifications"))
