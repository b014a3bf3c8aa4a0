"""The wire: how requests and answers look in transit, shared by every adapter.

Codecs for each data format (``formats/``), the JSON schemas of bodies and query strings
(``schemas``), media types (``media``), RFC 9457 problem bodies (``problems``) and the
errors about a request as sent (``errors``). It imports the domain and the contract,
never an adapter or ``services.common``.
"""
