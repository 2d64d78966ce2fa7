"""The mapping between HSDS 3.0 tables and Circles' directory models.

Everything is read from the vendored HSDS schemas (``hsds/*.json``): a table's
file name in a tabular package, its scalar fields, which are required. A field
maps to the model field of the same name; ``id`` maps to ``hsds_id`` and
``<name>_id`` to the foreign key ``<name>`` (carrying the other record's HSDS
id). Nothing is renamed, so a test can check that every HSDS field has a home.
"""

import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from circles.directory import models as directory

SCHEMA_DIR = Path(__file__).parent / "hsds"

# Writing order: a record only points at tables written before it (or at itself).
TABLE_MODELS: dict[str, type[directory.HsdsRecord]] = {
    "taxonomy": directory.Taxonomy,
    "taxonomy_term": directory.TaxonomyTerm,
    "organization": directory.DirectoryOrganization,
    "organization_identifier": directory.OrganizationIdentifier,
    "program": directory.Program,
    "service": directory.Service,
    "location": directory.Location,
    "service_at_location": directory.ServiceAtLocation,
    "contact": directory.Contact,
    "phone": directory.Phone,
    "schedule": directory.Schedule,
    "language": directory.Language,
    "accessibility": directory.Accessibility,
    "address": directory.Address,
    "service_area": directory.ServiceArea,
    "cost_option": directory.CostOption,
    "required_document": directory.RequiredDocument,
    "funding": directory.Funding,
    "attribute": directory.Attribute,
}

# HSDS reference fields whose foreign key has another name than "<field minus _id>".
REFERENCE_FIELDS = {
    ("taxonomy_term", "taxonomy_id"): "taxonomy_detail",
    ("taxonomy_term", "parent_id"): "parent",
}

# Fields where HSDS's schema leaves the record free but Circles needs the link.
ALSO_REQUIRED = {
    ("service", "organization_id"),
    ("service_at_location", "service_id"),
    ("service_at_location", "location_id"),
    ("address", "location_id"),
    ("accessibility", "location_id"),
    ("cost_option", "service_id"),
    ("required_document", "service_id"),
    ("organization_identifier", "organization_id"),
    ("program", "organization_id"),
    ("attribute", "link_id"),
    ("attribute", "link_entity"),
    ("attribute", "taxonomy_term_id"),
}


class Rejected(ValueError):
    """A value that cannot be stored; the message says why, in plain words."""


@dataclass(frozen=True)
class Column:
    name: str  # the HSDS field name
    field: models.Field
    required: bool
    target: str = ""  # for references: the HSDS table pointed at

    @property
    def attname(self) -> str:
        """The attribute set on a model instance (the ``_id`` column for references)."""
        return self.field.attname

    def parse(self, raw: Any) -> Any:
        """The stored value for one HSDS value (CSV text or JSON), or ``Rejected``."""
        if raw is None or raw == "":
            if self.required:
                raise Rejected(f"{self.name} is missing")
            return None if self.field.null else ""
        if self.target or self.name in {"id", "link_id"}:
            return parse_uuid(self.name, raw)
        return parse_value(self.name, self.field, raw)


@dataclass(frozen=True)
class Table:
    name: str
    model: type[directory.HsdsRecord]
    path: str  # the file name in a tabular data package
    schema: dict[str, Any]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_names(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def references(self) -> list[Column]:
        return [column for column in self.columns if column.target]


def load_schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def _is_scalar(spec: dict[str, Any]) -> bool:
    return spec.get("type") in {"string", "number", "integer", "boolean"}


def _column(table: str, model: type[models.Model], name: str, required: bool) -> Column:
    target = ""
    if name == "id":
        field = model._meta.get_field("hsds_id")
    elif (table, name) in REFERENCE_FIELDS:
        field = model._meta.get_field(REFERENCE_FIELDS[(table, name)])
    elif name in {field.name for field in model._meta.get_fields()}:
        field = model._meta.get_field(name)
    else:
        field = model._meta.get_field(name.removesuffix("_id"))
    if field.is_relation:
        related = field.related_model
        target = next(key for key, value in TABLE_MODELS.items() if value is related)
    return Column(
        name=name,
        field=field,  # type: ignore[arg-type]
        required=required or (table, name) in ALSO_REQUIRED,
        target=target,
    )


@cache
def tables() -> dict[str, Table]:
    found = {}
    for name, model in TABLE_MODELS.items():
        schema = load_schema(name)
        required = {*schema.get("required", []), *schema.get("tabular_required", [])}
        columns = tuple(
            _column(name, model, field, field in required)
            for field, spec in schema["properties"].items()
            if _is_scalar(spec)
        )
        found[name] = Table(name, model, schema["path"], schema, columns)
    return found


@cache
def registry() -> Registry:
    """Every vendored schema under its file name, so "$ref": "phone.json" resolves."""
    resources = [
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in [*SCHEMA_DIR.glob("*.json"), *SCHEMA_DIR.glob("compiled/*.json")]
    ]
    return Registry().with_resources(resources)


@cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator for ``service``, ``organization``, ``compiled/service_list``, ..."""
    return Draft202012Validator(
        {"$ref": f"{schema_name.removeprefix('compiled/')}.json"}
        if "/" not in schema_name
        else load_schema(schema_name),
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


# --- Values ------------------------------------------------------------------

_url = URLValidator(schemes=["http", "https", "ftp", "ftps", "tel", "mailto"])


def parse_uuid(name: str, raw: Any) -> uuid.UUID:
    if not isinstance(raw, str):
        raise Rejected(f"{name} is not a UUID")
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise Rejected(f"{name} {raw[:60]!r} is not a UUID") from None


def _text(name: str, field: models.Field, raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Rejected(f"{name} is not text")
    value = str(raw)
    if "\x00" in value:
        raise Rejected(f"{name} holds a NUL character")
    if field.max_length and len(value) > field.max_length:
        raise Rejected(f"{name} is longer than {field.max_length} characters")
    return value


def _number(name: str, raw: Any) -> float:
    if isinstance(raw, bool):
        raise Rejected(f"{name} is not a number")
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)
    except (TypeError, ValueError, OverflowError):
        raise Rejected(f"{name} {str(raw)[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise Rejected(f"{name} is not a finite number")
    return value


def _whole(name: str, raw: Any, largest: int) -> int:
    value = _number(name, raw)
    if value != int(value) or not 0 <= value <= largest:
        raise Rejected(f"{name} {str(raw)[:40]!r} is not a whole number from 0 to {largest}")
    return int(value)


def _iso(name: str, raw: Any, kind: str) -> Any:
    if not isinstance(raw, str):
        raise Rejected(f"{name} is not a {kind}")
    value = raw.strip()
    try:
        if kind == "date":
            return date.fromisoformat(value[:10])
        if kind == "time":
            return time.fromisoformat(value).replace(tzinfo=None)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Rejected(f"{name} {value[:40]!r} is not a {kind} (like {_EXAMPLES[kind]})") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_EXAMPLES = {"date": "2024-05-31", "time": "09:30", "date and time": "2024-05-31T09:30:00Z"}


def parse_value(name: str, field: models.Field, raw: Any) -> Any:
    if isinstance(field, models.DecimalField):
        try:
            amount = Decimal(str(_number(name, raw))).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise Rejected(f"{name} is too large") from None
        if len(amount.as_tuple().digits) > (field.max_digits or 12):
            raise Rejected(f"{name} is too large")
        return amount
    if isinstance(field, models.FloatField):
        value = _number(name, raw)
        for check in field.validators:
            try:
                check(value)
            except ValidationError:
                raise Rejected(f"{name} {value} is out of range") from None
        return value
    if isinstance(field, models.PositiveSmallIntegerField):
        return _whole(name, raw, 32767)
    if isinstance(field, models.PositiveIntegerField):
        return _whole(name, raw, 2147483647)
    if isinstance(field, models.DateTimeField):
        return _iso(name, raw, "date and time")
    if isinstance(field, models.DateField):
        return _iso(name, raw, "date")
    if isinstance(field, models.TimeField):
        return _iso(name, raw, "time")
    text = _text(name, field, raw).strip()
    if field.choices:
        return _choice(name, field, text)
    if isinstance(field, models.EmailField):
        try:
            validate_email(text)
        except ValidationError:
            raise Rejected(f"{name} {text[:60]!r} is not an email address") from None
    elif isinstance(field, models.URLField):
        text = _web_address(name, text)
    return text


def _choice(name: str, field: models.Field, value: str) -> str:
    allowed = [str(key) for key, _label in field.flatchoices]
    for key in allowed:
        if key.casefold() == value.casefold():
            return key
    raise Rejected(f"{name} {value[:40]!r} is not one of: {', '.join(allowed)}")


def _web_address(name: str, value: str) -> str:
    # Many directories write "www.example.org"; a scheme makes it a link.
    for candidate in (value, f"https://{value}"):
        try:
            _url(candidate)
        except ValidationError:
            continue
        return candidate
    raise Rejected(f"{name} {value[:60]!r} is not a web address")


# --- Back to HSDS --------------------------------------------------------------


def json_value(column: Column, value: Any) -> Any:
    """A stored value as HSDS JSON (references are resolved by the caller)."""
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    return value


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    return str(value)
