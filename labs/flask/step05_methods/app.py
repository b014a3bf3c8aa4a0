"""Step 5: one resource, four HTTP methods, the right status code for each answer.

Run: flask --app labs/flask/step05_methods/app.py run --port 5000
"""

from itertools import count

from flask import Flask, request, url_for

app = Flask(__name__)
ITEMS: dict[int, dict] = {}  # in memory: gone when the process stops (step 11 keeps them)
NEXT_ID = count(1)  # an id is never given twice, even after a DELETE


def problem(status: int, detail: str):
    """The lab's error shape (step 12 explains it): a status and a sentence that says why."""
    return (
        {"status": status, "detail": detail},
        status,
        {"Content-Type": "application/problem+json"},
    )


def item_from_body() -> tuple[dict | None, tuple | None]:
    """The item a request body describes, or the error to answer instead."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):  # not JSON, or JSON that is not an object: [1], "x", 3
        return None, problem(400, 'send a JSON object: {"name": "..."}')
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        return None, problem(422, "name must be a non-empty string")
    return {"name": name}, None


@app.get("/items")
def list_items():
    return {"items": [{"id": i, **item} for i, item in ITEMS.items()]}


@app.post("/items")
def create_item():
    item, error = item_from_body()
    if error:
        return error
    item_id = next(NEXT_ID)
    ITEMS[item_id] = item
    return {"id": item_id, **item}, 201, {"Location": url_for("get_item", item_id=item_id)}


@app.get("/items/<int:item_id>")
def get_item(item_id: int):
    if item_id not in ITEMS:
        return problem(404, f"no item {item_id}")
    return {"id": item_id, **ITEMS[item_id]}


@app.put("/items/<int:item_id>")
def replace_item(item_id: int):
    if item_id not in ITEMS:
        return problem(404, f"no item {item_id}")
    item, error = item_from_body()
    if error:
        return error
    ITEMS[item_id] = item
    return {"id": item_id, **item}


@app.delete("/items/<int:item_id>")
def delete_item(item_id: int):
    if ITEMS.pop(item_id, None) is None:
        return problem(404, f"no item {item_id}")
    return "", 204
