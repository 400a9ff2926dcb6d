"""frugal's ComponentResources, one per module."""

from components.data import DataTable, DataTableArgs
from components.fargate_service import FargateService, FargateServiceArgs, ScaleSchedule
from components.network import InstanceSchedule, Network, NetworkArgs

__all__ = [
    "DataTable",
    "DataTableArgs",
    "FargateService",
    "FargateServiceArgs",
    "InstanceSchedule",
    "Network",
    "NetworkArgs",
    "ScaleSchedule",
]
