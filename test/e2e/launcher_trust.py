"""Application Auto Scaling for the e2e launcher: in moto 5.2.5, DeregisterScalableTarget removes
the target but keeps its scaling policies, so a target registered again later (by hand, with no
policy) still shows the old one. AWS deletes them with the target:
  "Deregistering a scalable target deletes the scaling policies and the scheduled actions that are
  associated with it."
  https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DeregisterScalableTarget.html
sagectl tells the targets it registered by their policy, so the launcher follows AWS here.
Installed by moto_server.py.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from moto.applicationautoscaling.models import ApplicationAutoscalingBackend as Backend

    previous = Backend.deregister_scalable_target

    def deregister(self: Any, namespace: str, r_id: str, dimension: str) -> None:
        previous(self, namespace, r_id, dimension)  # raises, as AWS does, when there is no such target
        for key, policy in list(self.policies.items()):
            if policy.service_namespace == namespace and policy.resource_id == r_id and policy.scalable_dimension == dimension:
                del self.policies[key]
        for action in list(getattr(self, "scheduled_actions", [])):
            if action.service_namespace == namespace and action.resource_id == r_id and action.scalable_dimension == dimension:
                self.scheduled_actions.remove(action)

    Backend.deregister_scalable_target = deregister
