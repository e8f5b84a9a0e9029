"""Model Monitor schedules for the e2e launcher: moto 5.2.5 has data-quality job definitions but
no monitoring schedules. Installed by moto_server.py, this adds what `sagectl monitor` and
teardown call, following the API reference:
  CreateMonitoringSchedule   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateMonitoringSchedule.html
  DescribeMonitoringSchedule https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeMonitoringSchedule.html
  DeleteMonitoringSchedule   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteMonitoringSchedule.html
  ListMonitoringSchedules    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListMonitoringSchedules.html
and AddTags/ListTags on a schedule's ARN. A new schedule is Scheduled and has run nothing yet
(no LastMonitoringExecutionSummary). AWS refuses to delete a job definition a schedule still
uses (ResourceInUse), so this does too.
"""

from __future__ import annotations

from typing import Any


class FakeMonitoringSchedule:
    def __init__(self, account: str, region: str, name: str, config: dict[str, Any], tags: list[dict[str, str]], endpoint: str | None) -> None:
        from moto.core.utils import utcnow

        self.name = name
        self.arn = f"arn:aws:sagemaker:{region}:{account}:monitoring-schedule/{name.lower()}"
        self.config = config
        self.tags = tags
        self.endpoint = endpoint
        self.status = "Scheduled"
        self.created = self.modified = utcnow()

    def describe(self) -> dict[str, Any]:
        out = {
            "MonitoringScheduleArn": self.arn,
            "MonitoringScheduleName": self.name,
            "MonitoringScheduleStatus": self.status,
            "MonitoringType": self.config.get("MonitoringType", "DataQuality"),
            "CreationTime": self.created,
            "LastModifiedTime": self.modified,
            "MonitoringScheduleConfig": self.config,
        }
        if self.endpoint:
            out["EndpointName"] = self.endpoint
        return out

    def summary(self) -> dict[str, Any]:
        out = {k: v for k, v in self.describe().items() if k != "MonitoringScheduleConfig"}
        out["MonitoringJobDefinitionName"] = self.config.get("MonitoringJobDefinitionName")
        return out


def _schedules(backend: Any) -> dict[str, FakeMonitoringSchedule]:
    if not hasattr(backend, "e2e_monitoring_schedules"):
        backend.e2e_monitoring_schedules = {}
    return backend.e2e_monitoring_schedules


def install() -> None:
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
    from moto.sagemaker.models import SageMakerModelBackend as Backend
    from moto.sagemaker.responses import SageMakerResponse

    def create(self: Any) -> ActionResult:
        backend = self.sagemaker_backend
        name = self._get_param("MonitoringScheduleName")
        config = self._get_param("MonitoringScheduleConfig") or {}
        schedules = _schedules(backend)
        if name in schedules:
            raise ResourceInUseException(f"Monitoring schedule {name} already exists")
        definition = config.get("MonitoringJobDefinitionName")
        if definition and definition not in backend.data_quality_job_definitions:
            raise ResourceNotFound(f"Job definition {definition} not found")
        endpoint = None
        if definition:
            job_input = backend.data_quality_job_definitions[definition].data_quality_job_input or {}
            endpoint = (job_input.get("EndpointInput") or {}).get("EndpointName")
        schedule = FakeMonitoringSchedule(self.current_account, self.region, name, config, self._get_param("Tags") or [], endpoint)
        schedules[name] = schedule
        return ActionResult({"MonitoringScheduleArn": schedule.arn})

    def describe(self: Any) -> ActionResult:
        name = self._get_param("MonitoringScheduleName")
        schedule = _schedules(self.sagemaker_backend).get(name)
        if schedule is None:
            raise ResourceNotFound(f"Monitoring schedule {name} not found")
        return ActionResult(schedule.describe())

    def delete(self: Any) -> ActionResult:
        name = self._get_param("MonitoringScheduleName")
        if _schedules(self.sagemaker_backend).pop(name, None) is None:
            raise ResourceNotFound(f"Monitoring schedule {name} not found")
        return ActionResult({})

    def list_schedules(self: Any) -> ActionResult:
        endpoint = self._get_param("EndpointName")
        name_contains = self._get_param("NameContains")
        rows = [
            s.summary()
            for s in _schedules(self.sagemaker_backend).values()
            if (endpoint is None or s.endpoint == endpoint) and (name_contains is None or name_contains in s.name)
        ]
        return ActionResult({"MonitoringScheduleSummaries": rows})

    SageMakerResponse.create_monitoring_schedule = create
    SageMakerResponse.describe_monitoring_schedule = describe
    SageMakerResponse.delete_monitoring_schedule = delete
    SageMakerResponse.list_monitoring_schedules = list_schedules

    previous_delete_definition = Backend.delete_data_quality_job_definition

    def delete_definition(self: Any, job_definition_name: str) -> None:
        users = [s.name for s in _schedules(self).values() if s.config.get("MonitoringJobDefinitionName") == job_definition_name]
        if users:
            raise ResourceInUseException(f"Job definition {job_definition_name} is used by monitoring schedule {users[0]}")
        previous_delete_definition(self, job_definition_name)

    Backend.delete_data_quality_job_definition = delete_definition

    previous_resource = Backend._get_resource_from_arn

    def get_resource_from_arn(self: Any, arn: str) -> Any:
        if ":monitoring-schedule/" in arn:
            wanted = arn.rsplit("/", 1)[1]
            for schedule in _schedules(self).values():
                if schedule.name.lower() == wanted.lower():
                    return schedule
            raise ValidationError(f'Could not find resource "{arn}".')
        return previous_resource(self, arn)

    Backend._get_resource_from_arn = get_resource_from_arn
