"""The web view of SWF: domains, executions, their histories as timelines, and actions.

An optional extra (``pip install 'simple-workflow[web]'``, which brings Jinja2), built on the
object API (models, querysets, :class:`~swf.history.History` and its compiled view), so it
shows any SWF the settings name: SWF Local or Amazon SWF. Served by the standard library's
``wsgiref`` (threaded); every asset ships in the package; no build step, no CDN.

>>> from swf.web import WebServer
>>> with WebServer(port=0) as server:           # doctest: +SKIP
...     print(server.url)

From the command line: ``swf ui``, ``swf local serve --ui`` or ``swf demo --ui``.
"""

from __future__ import annotations

from swf.web.app import WebApp
from swf.web.server import DEFAULT_HOST, DEFAULT_PORT, WebServer, is_loopback

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "WebApp", "WebServer", "is_loopback"]
