"""RDS: DB instances (instance class x AZ copies) and their storage."""

from __future__ import annotations

from .. import types as t
from ..cron import HOURS_PER_MONTH
from ..graph import Node
from ..values import UNKNOWN, as_bool, as_number
from .core import Pricing, fmt_num, notes_text, prices
from .table import MissingPriceError

_OPEN_ENGINES = ("postgres", "mysql", "mariadb")
# The price table's prefix for each engine's instance classes (PostgreSQL's are the plain rds.* lines).
_ENGINE_PREFIX = {"postgres": "rds", "mysql": "rds.mysql", "mariadb": "rds.mariadb"}


def class_hourly(engine: str, instance_class: str, node: Node, pricing: Pricing) -> float:
    """Single-AZ on-demand price of a DB instance class for an open-source engine."""
    prefix = next(p for name, p in _ENGINE_PREFIX.items() if engine.startswith(name))
    return pricing.sized_rate(prefix, instance_class, node, class_prefix="db.")


def _priced(engine: str, instance_class: str, node: Node, pricing: Pricing) -> bool:
    try:
        class_hourly(engine, instance_class, node, pricing)
    except MissingPriceError:
        return False
    return True


@prices(t.RDS_INSTANCE)
def price_db_instance(database: Node, pricing: Pricing) -> None:
    notes: list[str] = []
    upper = False
    instance_class = database.get("instanceClass")
    engine = database.get("engine", default="postgres")
    if engine is UNKNOWN:
        pricing.unpriced(database, "engine unknown at preview")
        return
    if not str(engine).startswith(_OPEN_ENGINES):
        pricing.unpriced(
            database, f"engine {engine} carries license or Aurora pricing not in the table", "no-price"
        )
        return
    if instance_class is UNKNOWN:
        bound = pricing.bounds.db_classes
        allowed = [
            str(c) for c in (bound.value if bound else ()) if _priced(str(engine), c, database, pricing)
        ]
        if not allowed:
            pricing.unpriced(database, "instanceClass unknown at preview, and no enforced rule limits it")
            return
        instance_class = max(allowed, key=lambda c: class_hourly(str(engine), c, database, pricing))
        notes.append(
            f"instanceClass unknown at preview: priced as {instance_class}, the dearest {bound.source} allows"
        )
        upper = True
    if instance_class is None:
        pricing.unpriced(database, "instanceClass is not set")
        return
    try:
        hourly = class_hourly(str(engine), str(instance_class), database, pricing)
    except MissingPriceError:
        pricing.unpriced(database, f"instance class {instance_class} is not in the price table", "no-price")
        return
    multi_az = as_bool(database.get("multiAz", default=False))
    copies = 2 if multi_az in (True, UNKNOWN) else 1
    az_text = "multi-AZ (x2)" if copies == 2 else "single-AZ"
    if multi_az is UNKNOWN:
        notes.append("multiAz unknown at preview: assumed on")
        upper = True
    pricing.item(
        database,
        copies * HOURS_PER_MONTH * hourly,
        f"{instance_class} {engine} {az_text}, 730 h/month{notes_text(notes)}",
        upper_bound=upper,
    )
    storage = as_number(database.get("allocatedStorage"))
    storage_type = database.get("storageType", default="gp2")
    if storage is UNKNOWN:
        bound = pricing.bounds.db_storage_gb
        if bound is None:
            pricing.unpriced(database, "allocatedStorage unknown at preview, and no enforced rule caps it")
            return
        storage, upper = float(bound.value), True
    if storage is None or storage_type is UNKNOWN:
        pricing.unpriced(database, "allocatedStorage or storageType unknown or missing")
        return
    try:
        per_gb = pricing.rate(f"rds.storage.{storage_type}.gb_month", database)
    except MissingPriceError:
        pricing.unpriced(database, f"storage type {storage_type} is not in the price table", "no-price")
        return
    pricing.item(
        database,
        copies * float(storage) * per_gb,
        f"{fmt_num(float(storage))} GB {storage_type} storage{' x2 (multi-AZ)' if copies == 2 else ''}",
        upper_bound=upper,
    )
