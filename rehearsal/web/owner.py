"""Who is asking: the owner every web handler acts for, checked on the server.

With REHEARSE_AUTH, Gradio puts the logged-in user on each request (`gr.Request.username`)
and that name is the owner; without it the app is the local person's (`LOCAL_OWNER`, the
same owner as the CLI's). Every handler asks `owner_of` and passes the answer to
`Services`, and a rehearsal kept in a client's state is used only by its own owner
(`own`), so calling a handler by its fn_index, or with another client's session hash,
reaches nobody else's sessions. What a handler does is its own module's business.
"""

from __future__ import annotations

import gradio as gr

from rehearsal.services import Services
from rehearsal.session import Rehearsal
from rehearsal.store import LOCAL_OWNER


def owner_of(services: Services, request: gr.Request | None) -> str:
    """The owner the request acts for; refused when a login is required and missing."""
    if services.settings.auth is None:
        return LOCAL_OWNER
    username = getattr(request, "username", None) if request is not None else None
    if not isinstance(username, str) or not username:
        raise gr.Error("please log in first")
    return username


def own(services: Services, rehearsal: object, request: gr.Request | None) -> Rehearsal | None:
    """`rehearsal` when it is the asker's own (None when there is none, or it is not)."""
    if not isinstance(rehearsal, Rehearsal):
        return None
    return rehearsal if rehearsal.record.owner == owner_of(services, request) else None
