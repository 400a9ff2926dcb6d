"""DynamoDB backend: table with partition key `id` (S), no sort key, no indexes, on-demand.

Creates are conditional puts (`attribute_not_exists(id)`), so two writers racing on one id get one
201 and one 409, never an overwrite. A list request is one Scan call that evaluates at most
MAX_SCANNED_ITEMS items, with the filters as a FilterExpression: the work and the read capacity a
request costs are bounded whatever the filter matches, and a page can come back short (even empty)
with a cursor to go on from. The cursor wraps the last returned or evaluated key.
The client honours AWS_ENDPOINT_URL_DYNAMODB (botocore reads it) and is created per process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from app.storage import (
    FIELDS,
    Device,
    DeviceExistsError,
    DeviceNotFoundError,
    Page,
    StorageUnavailableError,
    decode_cursor,
    encode_cursor,
)

# The readiness probe reads a key no device can have (ids can't contain '#').
_PROBE_KEY = "#ready-probe"
# Items one list request may evaluate: the largest page (100) and one more to tell whether another
# page exists. About 101 x 200 B = 20 KB, 5 read units strongly consistent, per request.
MAX_SCANNED_ITEMS = 101
# Short timeouts and one retry: DynamoDB answers in milliseconds from the same region, and a frozen
# endpoint must not hold a request thread for long (with the old 5 s read timeout and 4 attempts it
# held one for about 20 s). Worst case per call: 2 x (1 s connect or 2 s read) plus the backoff.
CALL_CONFIG = Config(connect_timeout=1, read_timeout=2, retries={"mode": "standard", "total_max_attempts": 2})
# The readiness probe tries once with 1 s timeouts, so /health/ready answers 503 within about 2 s.
PROBE_CONFIG = Config(
    connect_timeout=1, read_timeout=1, retries={"mode": "standard", "total_max_attempts": 1}
)


def _from_item(item: Mapping[str, Any]) -> Device:
    device = {f: item[f]["S"] for f in FIELDS if f in item}
    device.setdefault("location", "")
    return device


def _to_item(device: Mapping[str, str]) -> dict[str, dict[str, str]]:
    return {f: {"S": device[f]} for f in FIELDS}


# Codes that mean "busy or briefly broken": the client should retry (botocore already retried once).
_UNAVAILABLE_CODES = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
        "LimitExceededException",
    }
)


def _is_conditional_failure(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


class DynamoDBStorage:
    def __init__(self, table: str, region: str | None, endpoint_url: str | None = None) -> None:
        self.table = table
        self.region = region
        self.endpoint_url = endpoint_url
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}
        self._client_pid: int | None = None

    def _client_for(self, purpose: str, config: Config) -> Any:
        # A client made before gunicorn forks would share its connection pool with the children.
        if purpose not in self._clients or self._client_pid != os.getpid():
            with self._lock:
                if self._client_pid != os.getpid():
                    self._clients = {}
                    self._client_pid = os.getpid()
                if purpose not in self._clients:
                    self._clients[purpose] = boto3.session.Session().client(
                        "dynamodb", region_name=self.region, endpoint_url=self.endpoint_url, config=config
                    )
        return self._clients[purpose]

    @property
    def client(self) -> Any:
        return self._client_for("calls", CALL_CONFIG)

    def _call(self, operation: str, *, probe: bool = False, **kwargs: Any) -> dict[str, Any]:
        client = self._client_for("probe", PROBE_CONFIG) if probe else self.client
        try:
            return getattr(client, operation)(**kwargs)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _UNAVAILABLE_CODES:
                raise StorageUnavailableError(f"DynamoDB {operation}: {exc}") from exc
            raise
        except BotoCoreError as exc:  # connection refused, timeouts, DNS
            raise StorageUnavailableError(f"DynamoDB {operation}: {exc}") from exc

    def create(self, device: Device) -> Device:
        try:
            self._call(
                "put_item",
                TableName=self.table,
                Item=_to_item(device),
                ConditionExpression="attribute_not_exists(id)",
            )
        except ClientError as exc:
            if _is_conditional_failure(exc):
                raise DeviceExistsError(device["id"]) from exc
            raise
        return dict(device)

    def get(self, device_id: str) -> Device:
        response = self._call(
            "get_item", TableName=self.table, Key={"id": {"S": device_id}}, ConsistentRead=True
        )
        if "Item" not in response:
            raise DeviceNotFoundError(device_id)
        return _from_item(response["Item"])

    def update(self, device_id: str, changes: Mapping[str, str]) -> Device:
        fields = [f for f in FIELDS[1:] if f in changes]
        # Placeholders for names too: `status`, `name` and `location` are DynamoDB reserved words.
        expression = "SET " + ", ".join(f"#{f} = :{f}" for f in fields)
        try:
            response = self._call(
                "update_item",
                TableName=self.table,
                Key={"id": {"S": device_id}},
                UpdateExpression=expression,
                ConditionExpression="attribute_exists(id)",
                ExpressionAttributeNames={f"#{f}": f for f in fields},
                ExpressionAttributeValues={f":{f}": {"S": changes[f]} for f in fields},
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if _is_conditional_failure(exc):
                raise DeviceNotFoundError(device_id) from exc
            raise
        return _from_item(response["Attributes"])

    def delete(self, device_id: str) -> None:
        try:
            self._call(
                "delete_item",
                TableName=self.table,
                Key={"id": {"S": device_id}},
                ConditionExpression="attribute_exists(id)",
            )
        except ClientError as exc:
            if _is_conditional_failure(exc):
                raise DeviceNotFoundError(device_id) from exc
            raise

    def list(self, *, status: str | None, location: str | None, limit: int, cursor: str | None) -> Page:
        filters: list[str] = []
        names: dict[str, str] = {}
        values: dict[str, dict[str, str]] = {}
        if status is not None:
            filters.append("#status = :status")
            names["#status"] = "status"
            values[":status"] = {"S": status}
        if location is not None:
            filters.append("#location = :location")
            names["#location"] = "location"
            values[":location"] = {"S": location}
        # Strongly consistent, so a device just created shows up in the list the page reloads.
        base: dict[str, Any] = {"TableName": self.table, "ConsistentRead": True}
        if filters:
            base |= {
                "FilterExpression": " AND ".join(filters),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        # Unfiltered, one item past the page tells whether there is more; filtered, the whole budget
        # is read and whatever matched in it comes back.
        request = base | {"Limit": MAX_SCANNED_ITEMS if filters else min(limit + 1, MAX_SCANNED_ITEMS)}
        if cursor is not None:
            request["ExclusiveStartKey"] = {"id": {"S": decode_cursor(cursor)}}
        response = self._call("scan", **request)
        items = [_from_item(i) for i in response.get("Items", [])]
        last_key = response.get("LastEvaluatedKey")
        if len(items) > limit:
            # More matches than the page holds: go on after the last one handed out.
            return Page(items[:limit], encode_cursor(items[limit - 1]["id"]))
        if last_key is not None:
            # The budget (or DynamoDB's 1 MB) ran out before the table did: maybe more, maybe none.
            return Page(items, encode_cursor(last_key["id"]["S"]))
        return Page(items, None)

    def ping(self) -> None:
        self._call("get_item", probe=True, TableName=self.table, Key={"id": {"S": _PROBE_KEY}})
