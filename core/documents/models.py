from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, id_column


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = id_column()
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id"), index=True)
    # one of the service's required documents, or "other"
    document_code: Mapped[str] = mapped_column(String(80))
    # the name the uploader gave, cleaned, for display only (never a path)
    filename: Mapped[str] = mapped_column(String(200))
    # detected from the content, never taken from the client
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # the random name in the storage; None once erased
    storage_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_institution_id: Mapped[str | None] = mapped_column(ForeignKey("institutions.id"))
    # the retention job deleted the file and cleared the name
    erased_at: Mapped[datetime | None]
