"""JSON request bodies parsed only after the access decision: an outsider gets the logged
404, not a validation error that shows the route and its fields exist."""

import json

from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError


def parse_body(request, schema):
    """Parse and validate the JSON body against `schema` (call after access is decided)."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise HttpError(400, "Cannot parse request body") from None
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        errors = [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
        raise NinjaValidationError(errors) from None


def body_doc(schema) -> dict:
    """The OpenAPI request body of a route that parses its body with parse_body()."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema.model_json_schema()}}}}
