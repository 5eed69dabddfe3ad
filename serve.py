"""The app as a council server runs it: ``streamlit run serve.py`` (deploy/appraisal@.service does).

The same app as ``streamlit run app.py`` (``bash run.sh``), plus one HTTP route Streamlit's own server
does not have: ``GET /healthz`` answers ``200 ok: …`` when the store can be written right now (one
transaction writes a row and rolls it back) and ``503 store not writable: …`` when it cannot — so a
load balancer or an operator checks the database, not only the process (Streamlit's
``/_stcore/health`` says only that the server is up). The route sits at ``/healthz`` on the app's own
port, whatever ``server.baseUrlPath`` is; nginx maps ``/appraisal/healthz`` to it. Custom routes use
Streamlit's ``st.App`` (Starlette), supported since Streamlit 1.5x.
"""

from __future__ import annotations

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from appraisal.store.backup import check_writable
from appraisal.store.repository import open_store
from ui.store import configured_url


def _check() -> tuple[bool, str]:
    return check_writable(open_store(configured_url()))


async def healthz(request: Request) -> PlainTextResponse:
    ok, message = await run_in_threadpool(_check)  # the database call must not block the event loop
    return PlainTextResponse(message + "\n", status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})


app = st.App("app.py", routes=[Route("/healthz", healthz, methods=["GET", "HEAD"])])
