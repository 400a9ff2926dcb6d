"""The pulumi-eks quick start: eks.Cluster with defaults (control plane + 2 t3.medium default nodes)."""

import pulumi
import pulumi_eks as eks

cluster = eks.Cluster("apps")

pulumi.export("kubeconfig", cluster.kubeconfig)
