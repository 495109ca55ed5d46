"""Working-group membership: which groups an institution is in, and who its peers are.

A working group is the unit of trust: referrals are routed, figures are
shown and escalations are heard within the groups that institutions share.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from core.institutions.models import working_group_members as members


def groups_of(institution_id: str | None) -> Select:
    """The ids of the working groups ``institution_id`` belongs to (a subquery)."""
    return select(members.c.working_group_id).where(members.c.institution_id == institution_id)


def shared_groups(first_id: str | None, second_id: str | None) -> Select:
    """The ids of the working groups that both institutions belong to (a subquery)."""
    return groups_of(first_id).where(members.c.working_group_id.in_(groups_of(second_id)))


def members_of(group_ids: Select) -> Select:
    """The ids of the institutions in the working groups ``group_ids`` (a subquery)."""
    return select(members.c.institution_id).where(members.c.working_group_id.in_(group_ids))
