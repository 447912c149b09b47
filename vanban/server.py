"""`vanban serve`: a JSON API that answers as soon as the store is open, and the page once Gradio is
ready.

Importing Gradio and building the page take 3–5 s on two cores, longer than opening a store of a
thousand files. The server therefore listens at once with a small FastAPI app:

    POST /v1/ask      {"question": ..., "doc_type", "issuer", "year", "code"}  → as `vanban ask --json`
    POST /v1/search   {"query": ..., "k", "mode", "doc_type", "issuer", "year", "code"}
                                                                 → as `vanban search --json`
    GET  /v1/status   {"ready", "page", "status", "documents", "version"}

and every other path is the Gradio page, or until it is mounted a short page that reloads itself.
With users, the API asks for HTTP Basic credentials and the page for its login.
"""

from __future__ import annotations

import asyncio
import base64
import html
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

log = logging.getLogger(__name__)

MAX_K = 50
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ApiError(ValueError):
    """A request that cannot be answered as sent; the message says what to send instead."""

    status = 400


class NotReady(ApiError):
    """The store is still being opened or built."""

    status = 503


class ServeError(RuntimeError):
    """The app cannot be served as asked; the message says why and what to do."""


def checked(text, k=1, mode: str = "hybrid", year="") -> str:
    """The question of an API call after its arguments are checked; ApiError says what is wrong."""
    from index.modes import MODES
    from vanban.ui import MAX_QUESTION

    if not isinstance(text, str) or not text.strip():
        raise ApiError("the question is empty; send some text")
    whole = (
        k
        if isinstance(k, int) and not isinstance(k, bool)
        else int(k)
        if isinstance(k, float) and k.is_integer()
        else int(k)
        if isinstance(k, str) and k.strip().isdigit()
        else None
    )
    if whole is None or not 1 <= whole <= MAX_K:
        raise ApiError(f"k must be a whole number from 1 to {MAX_K}, got {k!r}")
    if mode not in MODES:
        raise ApiError(f"unknown mode {mode!r}: choose from {', '.join(MODES)}")
    if year and not str(year).strip().isdigit():
        raise ApiError(f"year must be a year such as 2023, got {year!r}")
    return text.strip()[:MAX_QUESTION]


def filters(library, doc_type="", issuer="", year="", code=""):
    """The filters as chosen; `code` is a document of the store (its id, from the page's document
    filter) or a code as typed ("57-KL/TW", "KL 57")."""
    from index.search import Filters

    stored = bool(code) and library.document(code) is not None
    return Filters(
        doc_type=doc_type or None,
        issuer=issuer or None,
        year=int(year) if year else None,
        code=None if stored else code or None,
        doc_id=code if stored else None,
    )


def search(library, query, k=5, mode="hybrid", doc_type="", issuer="", year="", code="") -> dict:
    """Search the documents; the same JSON as `vanban search --json`."""
    from index.search import QueryError

    if library.searcher is None:
        raise NotReady(f"index not ready: {library.describe('en')}")
    query = checked(query, k, mode, year)
    try:
        hits = library.searcher.search(
            query, k=int(k), mode=mode, filters=filters(library, doc_type, issuer, year, code)
        )
    except QueryError as exc:
        raise ApiError(str(exc)) from exc
    return {"query": query, "results": [h.to_json() for h in hits]}


def ask(library, question, doc_type="", issuer="", year="", code="") -> dict:
    """Answer a question with verified citations; the same JSON as `vanban ask --json`."""
    from index.search import QueryError

    answerer = library.answerer
    if answerer is None:
        raise NotReady(f"index not ready: {library.describe('en')}")
    question = checked(question, 1, "hybrid", year)
    try:
        return answerer.ask(question, filters=filters(library, doc_type, issuer, year, code)).to_json()
    except QueryError as exc:
        raise ApiError(str(exc)) from exc


def port_free(host: str, port: int) -> bool:
    """True when host:port can be listened on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


class Filtered(BaseModel):
    doc_type: str = ""
    issuer: str = ""
    year: str | int = ""
    code: str = ""


class AskBody(Filtered):
    question: str


class SearchBody(Filtered):
    query: str
    k: int = 5
    mode: str = "hybrid"


def credentials_match(header: str, users: dict[str, str]) -> bool:
    """True when an Authorization header holds HTTP Basic credentials of one of `users`. Decoded
    as UTF-8 (RFC 7617; Vietnamese passwords are not ASCII), else Latin-1 as older clients send."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except ValueError:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    name, sep, password = text.partition(":")
    known = users.get(name)
    return bool(sep) and known is not None and secrets.compare_digest(known.encode(), password.encode())


STARTING = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="1"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>vanban</title></head><body style="font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem">
<h1 style="font-size:1.3rem">vanban</h1><p>Trang đang khởi động, xin chờ vài giây… / The page is starting…</p>
</body></html>"""

FAILED = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>vanban</title></head>
<body style="font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem">
<h1 style="font-size:1.3rem">vanban</h1><p>Trang không khởi động được / The page could not be started:</p>
<pre style="white-space:pre-wrap">{reason}</pre><p>The JSON API still answers at <code>/v1/ask</code> and
<code>/v1/search</code>; the server's log has the details.</p></body></html>"""


def api(
    library,
    users=None,
    opened: threading.Event | None = None,
    page: Callable[[], bool | str] = lambda: False,
):
    """The FastAPI app of /v1/; `opened` is set once the store is open (requests wait for it);
    `page()` is True once the page is mounted, or why it could not be built."""
    # the schema only: FastAPI's docs pages load their scripts from a CDN an offline office cannot reach
    app = FastAPI(title="vanban", docs_url=None, openapi_url="/v1/openapi.json", redoc_url=None)
    known = dict(users or [])
    # As many questions at once as the page's queue lets through (twice the cores: they take the
    # model in turn and do the rest side by side); the others wait their turn in the thread pool.
    turns = threading.BoundedSemaphore(2 * (os.cpu_count() or 1))

    def signed_in(request: Request) -> None:
        if known and not credentials_match(request.headers.get("authorization", ""), known):
            raise HTTPException(401, "sign in with HTTP Basic as a user of this server", {"WWW-Authenticate": "Basic"})

    def wait_open() -> None:
        if opened is not None and not opened.wait(300):
            raise NotReady(f"the store is still opening: {library.describe('en')}")

    @app.exception_handler(ApiError)
    def refused(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    @app.post("/v1/ask", dependencies=[Depends(signed_in)])
    def ask_route(body: AskBody) -> dict:
        """Answer a question with verified citations."""
        wait_open()
        with turns:
            return ask(library, body.question, body.doc_type, body.issuer, str(body.year), body.code)

    @app.post("/v1/search", dependencies=[Depends(signed_in)])
    def search_route(body: SearchBody) -> dict:
        """Search the documents."""
        wait_open()
        with turns:
            return search(library, body.query, body.k, body.mode, body.doc_type, body.issuer, str(body.year), body.code)

    @app.get("/v1/status", dependencies=[Depends(signed_in)])
    def status_route() -> dict:
        """Whether questions are answered yet, whether the page is up, and the index's state."""
        ready = (opened is None or opened.is_set()) and library.answerer is not None
        return {
            "ready": ready,
            "page": page() is True,
            "status": library.describe("en"),
            "documents": len(library.documents()) if ready else 0,
            "version": library.version,
        }

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def starting(path: str) -> Response:
        if path.startswith("v1/"):
            return JSONResponse({"error": f"no such endpoint: /{path}; see /v1/openapi.json"}, status_code=404)
        failed = page()
        if isinstance(failed, str):
            return HTMLResponse(FAILED.format(reason=html.escape(failed)), status_code=500)
        return HTMLResponse(STARTING, status_code=503, headers={"Retry-After": "1", "Cache-Control": "no-store"})

    return app


class Front:
    """The ASGI app the server runs: /v1/ to the API, the rest to the page once it is mounted."""

    def __init__(self, api_app) -> None:
        self.api = api_app
        self.page = None

    async def __call__(self, scope, receive, send) -> None:
        if self.page is not None and scope["type"] != "lifespan" and not scope.get("path", "").startswith("/v1/"):
            await self.page(scope, receive, send)
        else:
            await self.api(scope, receive, send)


class Server:
    """`vanban serve`: listen at once, answer /v1/ when the store is open, mount the page when built.

    `build_page(library)` returns the page's FastAPI app (Gradio mounted on it), called in a
    thread; `opening` is the thread opening the store, if any."""

    def __init__(
        self,
        library,
        build_page: Callable,
        host: str = "127.0.0.1",
        port: int = 7860,
        users=None,
        opening: threading.Thread | None = None,
    ) -> None:
        import uvicorn

        self.library, self.build_page, self.host, self.port = library, build_page, host, port
        self.users = list(users or [])
        self.opened = threading.Event()
        self.page_up = threading.Event()
        self.failed: BaseException | None = None
        self._page_context = None
        self._thread: threading.Thread | None = None
        self.front = Front(api(library, self.users, self.opened, self._page_state))
        self.front.api.router.add_event_handler("startup", self._started)
        self.front.api.router.add_event_handler("shutdown", self._stopping)
        config = uvicorn.Config(self.front, host=host, port=port, log_level="warning", lifespan="on")
        self.uvicorn = uvicorn.Server(config)
        if opening is None:
            self.opened.set()
        else:
            threading.Thread(target=self._wait_opening, args=(opening,), name="vanban-opened", daemon=True).start()

    def _page_state(self) -> bool | str:
        if self.failed is not None:
            return f"{type(self.failed).__name__}: {self.failed}"
        return self.page_up.is_set()

    def _wait_opening(self, opening: threading.Thread) -> None:
        opening.join()
        self.opened.set()

    async def _started(self) -> None:
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._mount, args=(loop,), name="vanban-page", daemon=True).start()

    def _mount(self, loop) -> None:
        try:
            page = self.build_page(self.library)
            asyncio.run_coroutine_threadsafe(self._open_page(page), loop).result()
        except BaseException as exc:  # the API keeps answering; the log says why the page did not come up
            self.failed = exc
            log.exception("the page could not be built")

    async def _open_page(self, page) -> None:
        context = page.router.lifespan_context(page)
        await context.__aenter__()  # starts Gradio's queue, as its own server would at start-up
        self._page_context = context
        self.front.page = page
        self.page_up.set()

    async def _stopping(self) -> None:
        if self._page_context is not None:
            await self._page_context.__aexit__(None, None, None)

    def run(self) -> None:
        """Serve until interrupted."""
        self.uvicorn.run()

    def start(self, timeout: float = 120, page: bool = True) -> Server:
        """Serve in a thread; return once listening and, with `page`, once the page is mounted
        (for tests and for embedding the server in another program)."""
        self._thread = threading.Thread(target=self.uvicorn.run, name="vanban-server", daemon=True)
        self._thread.start()
        if not self._wait_started(timeout):
            raise ServeError(f"the server did not start on {self.host}:{self.port} within {timeout:.0f} s")
        if page and not self.page_up.wait(timeout):
            raise ServeError(f"the page was not up within {timeout:.0f} s: {self.failed!r}")
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def _wait_started(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.uvicorn.started:
                return True
            if not self._thread.is_alive():
                return False
            time.sleep(0.02)
        return False

    def close(self) -> None:
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(30)


# Libraries that log at INFO what is no news to an operator: faiss's loader reports the CPU builds it
# did not find as ModuleNotFoundError lines, httpx every request of Gradio's own start-up checks.
QUIET = ("faiss", "faiss.loader", "httpx", "httpcore", "urllib3")


def quiet_logs() -> None:
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)


def serve(library, host="127.0.0.1", port=7860, opening=None, users=None, build_page: Callable | None = None) -> None:
    """Serve the JSON API and the page for a library until interrupted; `build_page(library)`
    defaults to the app's page, imported in the background."""
    import sys

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    quiet_logs()
    if not port_free(host, port):
        raise ServeError(
            f"port {port} on {host} is in use (another vanban, or another program): choose another with --port"
        )
    if host not in LOOPBACK and not users:
        print(
            f"vanban: WARNING: serving on {host} without logins: anyone who reaches port {port} can "
            + ("read every document" if library.read_only else "upload and remove documents")
            + ". Add users with --auth USER:PASSWORD (or --auth-file, VANBAN_AUTH), or --read-only.",
            file=sys.stderr,
            flush=True,
        )

    def page(library):
        import app

        return app.page(library, users, host, port)

    def opened() -> None:
        if opening is not None:
            opening.join()
        if library.answerer is not None:
            from vanban.ui import EXAMPLES

            library.answerer.ask(EXAMPLES["vi"][0])  # loads what the first question needs before anyone asks
        sys.stdout.write(f"vanban: {library.status}\n")  # one write: the other thread prints too
        sys.stdout.flush()

    warm = threading.Thread(target=opened, name="vanban-open", daemon=True)
    warm.start()
    sys.stdout.write(f"vanban: open http://{host}:{port}\n")
    sys.stdout.flush()
    Server(library, build_page or page, host, port, users, warm).run()
