"""DynamoDB backend: table with partition key `id` (S), no sort key, no indexes, on-demand.

Creates are conditional puts (`attribute_not_exists(id)`), so two writers racing on one id get one
201 and one 409, never an overwrite. Listing is a Scan with a FilterExpression that loops until it
has `limit` matches or reaches the end of the table; the cursor wraps the last returned key.
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
# Upper bound on items DynamoDB evaluates per Scan call when a filter is set.
_FILTERED_SCAN_PAGE = 200


def _from_item(item: Mapping[str, Any]) -> Device:
    device = {f: item[f]["S"] for f in FIELDS if f in item}
    device.setdefault("location", "")
    return device


def _to_item(device: Mapping[str, str]) -> dict[str, dict[str, str]]:
    return {f: {"S": device[f]} for f in FIELDS}


# Codes that mean "busy or briefly broken": the client should retry (botocore already did, 3 times).
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
        self._client: Any = None
        self._client_pid: int | None = None

    @property
    def client(self) -> Any:
        # A client made before gunicorn forks would share its connection pool with the children.
        if self._client is None or self._client_pid != os.getpid():
            with self._lock:
                if self._client is None or self._client_pid != os.getpid():
                    self._client = boto3.session.Session().client(
                        "dynamodb",
                        region_name=self.region,
                        endpoint_url=self.endpoint_url,
                        config=Config(
                            connect_timeout=2,
                            read_timeout=5,
                            retries={"mode": "standard", "max_attempts": 3},
                        ),
                    )
                    self._client_pid = os.getpid()
        return self._client

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        try:
            return getattr(self.client, operation)(**kwargs)
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
        start_key = {"id": {"S": decode_cursor(cursor)}} if cursor is not None else None
        items: list[Device] = []
        while True:
            needed = limit - len(items)
            request = base | {"Limit": _FILTERED_SCAN_PAGE if filters else needed + 1}
            if start_key is not None:
                request["ExclusiveStartKey"] = start_key
            response = self._call("scan", **request)
            page = response.get("Items", [])
            last_key = response.get("LastEvaluatedKey")
            if len(page) > needed:
                # More matches than we can return: stop after the last one we hand out.
                items.extend(_from_item(i) for i in page[:needed])
                return Page(items, encode_cursor(items[-1]["id"]))
            items.extend(_from_item(i) for i in page)
            if last_key is None:
                return Page(items, None)
            if len(items) == limit:
                # Full, but the scan isn't finished: the next page may hold nothing, which is fine.
                return Page(items, encode_cursor(last_key["id"]["S"]))
            start_key = last_key

    def ping(self) -> None:
        self._call("get_item", TableName=self.table, Key={"id": {"S": _PROBE_KEY}})
