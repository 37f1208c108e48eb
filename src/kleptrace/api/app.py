"""The FastAPI application: configuration, the serving state, routers, error shapes."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from kleptrace import __version__
from kleptrace.api.errors import ApiError
from kleptrace.api.routes import admin, batch, entities, match, meta, search
from kleptrace.api.security import require_admin, require_read, secure
from kleptrace.api.state import ServingState
from kleptrace.exc import KleptraceError
from kleptrace.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiConfig:
    """How one server runs.

    Attributes:
        db_path: The store; its saved screening index sits beside it.
        auth: False only for local use (`kleptrace serve --no-auth`).
        max_body_bytes: Largest request body for JSON endpoints (413 above).
        max_batch_bytes: Largest body for `/screen/batch`.
        rate_per_minute: Requests one API key may make per minute (429 above); a
            /match request counts once per `work.TOKENS_PER_REQUEST` name tokens.
        failed_auth_per_minute: Requests with no or a wrong key one client address may
            make per minute (429 above, before the key is looked at).
        cors_origins: Origins allowed by CORS; none unless configured.
        batch_workers: Processes `/screen/batch` screens on.
        rate_file: Rate-limit buckets shared by several server processes
            (`ratelimit.SharedBuckets`); None keeps them in the process.
    """

    db_path: Path
    auth: bool = True
    max_body_bytes: int = 1_000_000
    max_batch_bytes: int = 200_000_000
    rate_per_minute: int = 6_000
    failed_auth_per_minute: int = 60
    cors_origins: tuple[str, ...] = ()
    batch_workers: int = 2
    rate_file: Path | None = None

    def to_env(self) -> dict[str, str]:
        """The variables `from_env` reads, to hand the config to server processes."""
        return {
            "KLEPTRACE_DB": str(self.db_path),
            "KLEPTRACE_API_AUTH": "1" if self.auth else "0",
            "KLEPTRACE_API_MAX_BODY": str(self.max_body_bytes),
            "KLEPTRACE_API_MAX_BATCH_BODY": str(self.max_batch_bytes),
            "KLEPTRACE_API_RATE": str(self.rate_per_minute),
            "KLEPTRACE_API_FAILED_AUTH_RATE": str(self.failed_auth_per_minute),
            "KLEPTRACE_API_CORS": ",".join(self.cors_origins),
            "KLEPTRACE_API_BATCH_WORKERS": str(self.batch_workers),
            "KLEPTRACE_API_RATE_FILE": str(self.rate_file or ""),
        }

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ApiConfig:
        base = cls(db_path=Settings.from_env(dict(env)).db_path)
        return cls(
            db_path=base.db_path,
            auth=env.get("KLEPTRACE_API_AUTH", "1") != "0",
            max_body_bytes=int(env.get("KLEPTRACE_API_MAX_BODY", base.max_body_bytes)),
            max_batch_bytes=int(env.get("KLEPTRACE_API_MAX_BATCH_BODY", base.max_batch_bytes)),
            rate_per_minute=int(env.get("KLEPTRACE_API_RATE", base.rate_per_minute)),
            failed_auth_per_minute=int(
                env.get("KLEPTRACE_API_FAILED_AUTH_RATE", base.failed_auth_per_minute)
            ),
            cors_origins=tuple(o for o in env.get("KLEPTRACE_API_CORS", "").split(",") if o),
            batch_workers=int(env.get("KLEPTRACE_API_BATCH_WORKERS", base.batch_workers)),
            rate_file=Path(env["KLEPTRACE_API_RATE_FILE"])
            if env.get("KLEPTRACE_API_RATE_FILE")
            else None,
        )


def app_from_env() -> FastAPI:
    """uvicorn's factory for `kleptrace serve`: each server process builds its app and
    loads the lists before it accepts a connection, so with several processes behind
    one socket no request meets one that is still loading."""
    return create_app(ApiConfig.from_env(os.environ), load_in_background=False)


def create_app(config: ApiConfig, load_in_background: bool = True) -> FastAPI:
    """Build the app; the lists load at start-up (in a thread, so /healthz answers at once)."""
    state = ServingState(config.db_path, workers=config.batch_workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if load_in_background:
            threading.Thread(target=_first_load, args=(state,), daemon=True).start()
        else:
            state.load()
        yield
        state.close()

    app = FastAPI(
        title="kleptrace",
        version=__version__,
        description="Sanctions screening with a yente-compatible API.",
        lifespan=lifespan,
    )
    app.state.serving = state
    app.state.config = config
    secure(app, config)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    _install_error_handlers(app)
    _include_routers(app)
    return app


def _first_load(state: ServingState) -> None:
    try:
        state.load()
    except ApiError as error:
        log.error("could not load the lists: %s", error.detail)


def _include_routers(app: FastAPI) -> None:
    # /healthz, /readyz, /catalog, /algorithms: public, as on the hosted API
    app.include_router(meta.router)
    app.include_router(match.public_router)
    app.include_router(meta.lists_router, dependencies=[Depends(require_read)])
    app.include_router(match.router, dependencies=[Depends(require_read)])
    app.include_router(search.router, dependencies=[Depends(require_read)])
    app.include_router(entities.router, dependencies=[Depends(require_read)])
    app.include_router(batch.router, dependencies=[Depends(require_read)])
    app.include_router(admin.router, dependencies=[Depends(require_admin)])


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"detail": _text(error.detail)}, error.status, headers=error.headers)

    @app.exception_handler(KleptraceError)
    async def kleptrace_error(request: Request, error: KleptraceError) -> JSONResponse:
        return JSONResponse({"detail": _text(str(error))}, error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_detail(error)}, 422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Internal error; the server log has the details."}, 500)


def _text(message: str) -> str:
    """A message that always encodes: input echoed into it may hold lone surrogates."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


def _validation_detail(error: RequestValidationError) -> list[dict[str, object]]:
    """FastAPI's list shape (yente clients parse it), without echoing the raw input."""
    return [
        {
            "loc": [_text(str(part)) for part in item.get("loc", ())],
            "msg": _text(str(item.get("msg"))),
            "type": item["type"],
        }
        for item in error.errors()
    ]
