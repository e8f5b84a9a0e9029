"""Launcher additions for the fleet tests (regions, accounts, pause, janitor).

moto's AssumeRole hands out credentials for any role ARN, existing or not. AWS refuses a role
that does not exist in the target account (or does not trust the caller) with AccessDenied
(https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html): a fleet command must
report such an account and go on with the others, so the launcher refuses the same way.

moto's Search over endpoints dumps its internal endpoint objects (not the Endpoint shape, without
the launcher's endpoint lifecycle) and ignores MaxResults and NextToken. The launcher answers it
as the API reference says (API_Search, API_SearchRecord, API_Endpoint): each endpoint matching
the `Tags.<key>` Equals filters, as DescribeEndpoint describes it, with its tags, in pages.
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
    install_endpoint_search()


def install_endpoint_search() -> None:
    from moto.core.responses import ActionResult
    from moto.sagemaker.responses import SageMakerResponse

    original = SageMakerResponse.search

    def matches(tags: list[dict[str, str]], filters: list[dict[str, Any]]) -> bool:
        held = {t["Key"]: t["Value"] for t in tags}
        for f in filters:
            name = f.get("Name", "")
            if not name.startswith("Tags.") or f.get("Operator", "Equals") != "Equals":
                raise ValueError(f"the launcher's endpoint Search supports Tags.<key> Equals filters only, not {f}")
            if held.get(name[len("Tags.") :]) != f.get("Value"):
                return False
        return True

    def search(self: Any) -> Any:
        if self._get_param("Resource") != "Endpoint":
            return original(self)
        backend = self.sagemaker_backend
        filters = (self._get_param("SearchExpression") or {}).get("Filters") or []
        names = sorted(n for n, e in backend.endpoints.items() if matches(e.tags, filters))
        start = int(self._get_param("NextToken") or 0)
        size = int(self._get_param("MaxResults") or 10)
        page = names[start : start + size]
        results = [{"Endpoint": {**backend.describe_endpoint(n), "Tags": backend.endpoints[n].tags}} for n in page]
        more = start + size < len(names)
        return ActionResult({"Results": results, **({"NextToken": str(start + size)} if more else {})})

    SageMakerResponse.search = search  # type: ignore[method-assign]
