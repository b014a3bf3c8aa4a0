"""Step 5: one resource, four HTTP methods, the right status code for each answer."""

from flask import Flask, abort, request, url_for

app = Flask(__name__)
ITEMS: dict[int, dict] = {}  # in memory: gone when the process stops


def item_from_body() -> dict:
    body = request.get_json(silent=True)
    if body is None:
        abort(400, "send a JSON body")
    if not isinstance(body.get("name"), str) or not body["name"]:
        abort(422, "name must be a non-empty string")
    return {"name": body["name"]}


@app.get("/items")
def list_items():
    return {"items": [{"id": i, **item} for i, item in ITEMS.items()]}


@app.post("/items")
def create_item():
    item_id = max(ITEMS, default=0) + 1
    ITEMS[item_id] = item_from_body()
    return (
        {"id": item_id, **ITEMS[item_id]},
        201,
        {"Location": url_for("get_item", item_id=item_id)},
    )


@app.get("/items/<int:item_id>")
def get_item(item_id: int):
    if item_id not in ITEMS:
        abort(404, f"no item {item_id}")
    return {"id": item_id, **ITEMS[item_id]}


@app.put("/items/<int:item_id>")
def replace_item(item_id: int):
    if item_id not in ITEMS:
        abort(404, f"no item {item_id}")
    ITEMS[item_id] = item_from_body()
    return {"id": item_id, **ITEMS[item_id]}


@app.delete("/items/<int:item_id>")
def delete_item(item_id: int):
    if ITEMS.pop(item_id, None) is None:
        abort(404, f"no item {item_id}")
    return "", 204
