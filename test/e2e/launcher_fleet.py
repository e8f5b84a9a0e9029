"""Launcher additions for the fleet tests (regions, accounts, pause, janitor).

moto's AssumeRole hands out credentials for any role ARN, existing or not. AWS refuses a role
that does not exist in the target account (or does not trust the caller) with AccessDenied
(https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html): a fleet command must
report such an account and go on with the others, so the launcher refuses the same way.

moto's DeregisterScalableTarget leaves the target's scaling policies behind. AWS deletes them
with it ("Deregistering a scalable target deletes the scaling policies and the scheduled actions
that are associated with it", API_DeregisterScalableTarget): pause and resume are checked on
what stays of an endpoint's autoscaling, so the launcher deletes them the same way.
"""

from __future__ import annotations

import re
from typing import Any

ROLE_ARN = re.compile(r"^arn:(aws[\w-]*):iam::(\d{12}):role/(?:.*/)?([^/]+)$")


def install() -> None:
    from moto.core.exceptions import ServiceException
    from moto.iam.models import iam_backends
    from moto.sts.models import STSBackend

    class AccessDenied(ServiceException):
        code = "AccessDenied"
        http_status = 403

    original = STSBackend.assume_role

    def assume_role(self: Any, region_name: str, role_session_name: str, role_arn: str, *args: Any, **kwargs: Any) -> Any:
        match = ROLE_ARN.match(role_arn)
        if match:
            partition, account, name = match.groups()
            try:
                iam_backends[account][partition].get_role(name)
            except Exception:
                raise AccessDenied(
                    f"User: arn:{partition}:iam::{self.account_id}:user/moto is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
                )
        return original(self, region_name, role_session_name, role_arn, *args, **kwargs)

    STSBackend.assume_role = assume_role  # type: ignore[method-assign]
    install_deregister_deletes_policies()


def install_deregister_deletes_policies() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend

    original = ApplicationAutoscalingBackend.deregister_scalable_target

    def deregister_scalable_target(self: Any, namespace: str, r_id: str, dimension: str) -> None:
        original(self, namespace, r_id, dimension)
        for key, policy in list(self.policies.items()):
            if policy.service_namespace == namespace and policy.resource_id == r_id and policy.scalable_dimension == dimension:
                del self.policies[key]

    ApplicationAutoscalingBackend.deregister_scalable_target = deregister_scalable_target  # type: ignore[method-assign]
