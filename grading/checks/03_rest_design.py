"""Hidden checks of notebook 03: paging with another size, other OpenAPI documents, another row."""

import requests

from grading.api import check, defined, expect


def _all(url, model_id):
    answer = requests.get(
        f"{url}/predictions", params={"model_id": model_id, "page_size": 1000}, timeout=5
    ).json()
    return answer["predictions"]


@check(1)
def labels_by_page(ns, stdout):
    function = defined(ns, "labels_by_page(model_id, page_size)")
    url = ns["fastapi"].url
    for row in ([5.0, 3.4, 1.5, 0.2], [6.9, 3.1, 5.4, 2.1]):
        requests.post(f"{url}/predictions", json={"model_id": "iris", "features": row}, timeout=5)
    truth = [p["label"] for p in _all(url, "iris")]
    pages = function("iris", 3)
    expect(isinstance(pages, list), f"return a list of pages, got {type(pages).__name__}")
    flat = [label for page in pages for label in page]
    expect(flat == truth, f"labels_by_page('iris', 3) gave {flat}; the service holds {truth}")
    sizes = [len(page) for page in pages]
    expect(
        all(size == 3 for size in sizes[:-1]) and sizes[-1] <= 3,
        f"pages of 3 expected, got sizes {sizes}",
    )


@check(2)
def query_parameters(ns, stdout):
    function = defined(ns, "query_parameters(document)")
    document = {
        "paths": {
            "/a": {
                "get": {
                    "parameters": [{"name": "z_last", "in": "query"}, {"name": "id", "in": "path"}]
                },
                "post": {},
            },
            "/b/{id}": {
                "get": {
                    "parameters": [
                        {"name": "a_first", "in": "query"},
                        {"name": "z_last", "in": "query"},
                        {"name": "X-Key", "in": "header"},
                    ]
                }
            },
        }
    }
    got = function(document)
    expect(
        got == ["a_first", "z_last"],
        "for a document with the query parameters z_last (twice) and a_first, and others in "
        f"the path and a header, you returned {got!r}; expected ['a_first', 'z_last']",
    )
    expect(
        function({"paths": {}}) == [], "a document without paths has no query parameters: return []"
    )


@check(3)
def differing_fields(ns, stdout):
    function = defined(ns, "differing_fields(row)")
    row = [5.7, 2.8, 4.1, 1.3]
    urls = ns["flask"].url, ns["fastapi"].url

    def count():
        return [sum(p.get("features") == row for p in _all(url, "iris")) for url in urls]

    before = count()
    got = function(row)
    after = count()
    expect(
        [a - b for a, b in zip(after, before, strict=True)] == [1, 1],
        f"differing_fields({row}) should create one prediction on each service; "
        f"Flask got {after[0] - before[0]}, FastAPI {after[1] - before[1]}",
    )
    expect(got == ["created_at", "id"], f"differing_fields({row}) returned {got!r}")
