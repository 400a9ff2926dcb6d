"""An On-Demand Capacity Reservation for two m7i.large in us-east-1a, held for a launch day."""

import pulumi
import pulumi_aws as aws

reservation = aws.ec2.CapacityReservation(
    "launch-day",
    instance_type="m7i.large",
    instance_platform="Linux/UNIX",
    availability_zone="us-east-1a",
    instance_count=2,
    end_date_type="unlimited",
)

pulumi.export("reservationId", reservation.id)
