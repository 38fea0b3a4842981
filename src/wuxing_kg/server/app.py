"""The ASGI app: the routes and their handlers; queries go to the worker pool."""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import AsyncIterator
from typing import Any

from .. import settings
from ..queries import iri_ref
from .canned import canned_queries
from .config import ASSETS_DIR, ServerConfig
from .deref import describe_page, iri_to_local_path, labels_query, prefers_html, service_description, uri_path_to_iri_path
from .guard import RefusedRequest, iri_ok
from .headers import AnswerOptions, SecurityHeaders
from .negotiation import parse_accept, preferences
from .pool import QueryPool
from .protocol import Dataset, parse_sparql_request, read_body
from .site import SiteHolder, site_file
from .worker import WorkerAnswer

JSON_RESULTS = ["application/sparql-results+json"]


def _refused(exc: RefusedRequest) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(exc.message + "\n", status_code=exc.status)


def _to_response(answer: WorkerAnswer) -> Any:
    from starlette.responses import Response

    return Response(answer.body, status_code=answer.status, media_type=answer.content_type, headers=answer.headers)


class Endpoint:
    """The handlers of one server: they parse and check, the pool runs the queries."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.pool = QueryPool(config.store, size=config.workers, timeout=config.timeout, max_rows=config.max_rows,
                              slow_lane=config.slow_lane, slow_after=config.slow_after)
        self.site = SiteHolder(config)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        await self.pool.start()
        self.site.start()
        app.state.pool = self.pool
        try:
            yield
        finally:
            await self.pool.close()
            self.site.close()

    async def run(self, request: Any, query: str, prefs: list[str], dataset: Dataset | None = None) -> WorkerAnswer:
        """Run a query for this request; stopped (its worker freed) if the client goes away."""
        return await self.pool.run_for(request, query, prefs, dataset=dataset)

    async def sparql(self, request: Any) -> Any:
        from starlette.responses import Response

        try:
            asked = await parse_sparql_request(request, self.config.max_request_bytes)
        except RefusedRequest as exc:
            return _refused(exc)
        if asked is None:
            endpoint = str(request.url.replace(query="", fragment=""))
            if not iri_ok(endpoint):  # the Host header is the client's text
                endpoint = f"http://{self.config.host}:{self.config.port}/sparql"
            return Response(service_description(endpoint), media_type="text/turtle; charset=utf-8")
        return _to_response(await self.run(request, asked.query, asked.prefs, asked.dataset))

    async def index(self, request: Any) -> Any:
        from starlette.responses import FileResponse

        return FileResponse(ASSETS_DIR / "index.html", media_type="text/html; charset=utf-8")

    async def ui_config(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        return JSONResponse({"idBase": settings.ID_IRI, "queries": canned_queries(),
                             "maxRows": self.config.max_rows, "timeout": self.config.timeout})

    async def labels(self, request: Any) -> Any:
        from starlette.responses import JSONResponse, PlainTextResponse

        try:
            body = await read_body(request, self.config.max_request_bytes)
            iris = [i for i in json.loads(body or b"[]") if isinstance(i, str) and iri_ok(i)][:1000]
        except RefusedRequest as exc:
            return _refused(exc)
        except ValueError:
            return PlainTextResponse("POST a JSON array of IRIs.\n", status_code=400)
        if not iris:
            return JSONResponse({})
        answer = await self.run(request, labels_query(iris), JSON_RESULTS)
        if answer.status != 200:
            return _to_response(answer)
        bindings = json.loads(answer.body)["results"]["bindings"]
        found = {b["s"]["value"]: b["label"]["value"] for b in bindings if "label" in b}
        return JSONResponse({iri: {"label": found.get(iri), "href": iri_to_local_path(iri)} for iri in iris})

    async def entity(self, request: Any) -> Any:
        from starlette.responses import PlainTextResponse, RedirectResponse

        raw = request.scope.get("raw_path", request.url.path.encode()).decode("ascii", "replace")
        iri = settings.ID_IRI + uri_path_to_iri_path(raw.split("?", 1)[0][len("/id/"):])
        if not iri_ok(iri):
            return PlainTextResponse("Not an entity IRI.\n", status_code=404)
        fmt = request.query_params.get("format")
        if fmt is not None or not prefers_html(parse_accept(request.headers.get("accept"))):
            try:
                rdf_prefs = preferences(request.headers.get("accept"), fmt)
            except RefusedRequest as exc:
                return _refused(exc)
            answer = await self.run(request, f"DESCRIBE {iri_ref(iri)}", rdf_prefs)
            if answer.status == 200 and answer.headers.get("X-Result-Rows") == "0":
                return PlainTextResponse(f"No triples about {iri}.\n", status_code=404)
            response = _to_response(answer)
            response.headers["Vary"] = "Accept"
            return response
        page = await self.site.page_url(iri)
        if page:
            return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
        return await self.generated_page(request, iri)

    async def generated_page(self, request: Any, iri: str) -> Any:
        from starlette.responses import HTMLResponse

        out_q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 f"SELECT DISTINCT ?p ?o ?ol WHERE {{ {iri_ref(iri)} ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }} LIMIT 2000")
        in_q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                f"SELECT DISTINCT ?s ?p ?sl WHERE {{ ?s ?p {iri_ref(iri)} OPTIONAL {{ ?s rdfs:label ?sl }} }} LIMIT 500")
        out_a = await self.run(request, out_q, JSON_RESULTS)
        in_a = await self.run(request, in_q, JSON_RESULTS)
        for answer in (out_a, in_a):
            if answer.status != 200:
                return _to_response(answer)
        outgoing = json.loads(out_a.body)["results"]["bindings"]
        incoming = json.loads(in_a.body)["results"]["bindings"]
        if not outgoing and not incoming:
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>No triples about {html.escape(iri)}.</p>", status_code=404)
        return HTMLResponse(describe_page(iri, outgoing, incoming), headers={"Vary": "Accept"})

    async def view(self, request: Any) -> Any:
        return await self.site.serve(request)

    async def asset(self, request: Any) -> Any:
        from starlette.responses import FileResponse, PlainTextResponse

        name = request.path_params["name"]
        path = None if "/" in name or name.startswith(".") else site_file(ASSETS_DIR, name)
        if path is None:
            return PlainTextResponse("Not found\n", status_code=404)
        return FileResponse(path)


def create_app(config: ServerConfig) -> Any:
    """The Starlette app of `wuxing-kg serve` (its pool starts with the app's lifespan)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    endpoint = Endpoint(config)
    routes = [
        Route("/", endpoint.index),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/queries.json", endpoint.ui_config),
        Route("/labels", endpoint.labels, methods=["POST"]),
        Route("/assets/{name}", endpoint.asset),
        Route("/id/{rest:path}", endpoint.entity),
        Route("/view", lambda request: RedirectResponse("/view/", status_code=307)),
        Route("/view/{path:path}", endpoint.view),
    ]
    middleware = [
        # outermost: the headers go on every answer, CORS preflights included
        Middleware(SecurityHeaders),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                   allow_headers=["*"], expose_headers=["X-Result-Rows"], max_age=86400),
        # inside CORS: a preflight (Origin + Access-Control-Request-Method) never gets here
        Middleware(AnswerOptions),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=endpoint.lifespan)
