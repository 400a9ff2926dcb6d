"""DataTable: on-demand, a string hash key, point-in-time recovery by default."""

from __future__ import annotations

import pulumi
import pytest

from frugal.components import DataTable, DataTableArgs
from tests.infra.helpers import run_components


@pytest.mark.parametrize("protected", [True, False])
def test_data_table(protected: bool) -> None:
    def program() -> None:
        table = DataTable(
            "data", DataTableArgs(point_in_time_recovery=protected, deletion_protection=protected)
        )
        pulumi.export("table_name", table.table_name)

    recording = run_components(program)
    table = recording.one("aws:dynamodb/table:Table").inputs
    assert table["billingMode"] == "PAY_PER_REQUEST"
    assert table["hashKey"] == "id"
    assert table["attributes"] == [{"name": "id", "type": "S"}]
    assert "rangeKey" not in table
    assert "globalSecondaryIndexes" not in table and "localSecondaryIndexes" not in table
    assert table["pointInTimeRecovery"] == {"enabled": protected}
    assert table["deletionProtectionEnabled"] is protected
    assert recording.stack_outputs["table_name"] == "data-table"
    assert recording.one("frugal:components:DataTable").outputs["tableName"] == "data-table"


def test_data_table_has_point_in_time_recovery_by_default() -> None:
    # cdk-nag DDB3: no fixed fee ($0.20 per GB-month of table size), so on unless a program says otherwise.
    recording = run_components(lambda: DataTable("data", DataTableArgs()))
    table = recording.one("aws:dynamodb/table:Table").inputs
    assert table["pointInTimeRecovery"] == {"enabled": True}
    assert table["deletionProtectionEnabled"] is False
