"""moto server for sagectl's end-to-end tests, with SageMaker made closer to AWS.

Run as:  .venv/bin/python test/e2e/moto_server.py --port N

It serves moto on 127.0.0.1:N and prints one line, "moto ready on http://127.0.0.1:N",
to stdout once it is listening. Before serving, it patches moto's SageMaker backend at
run time where moto (pinned in requirements.txt) differs from AWS in a way sagectl
depends on. Each patch says why it exists. Moto's own code is wrapped, never edited.

It also makes InvokeEndpoint refuse an endpoint that does not exist, as AWS does, and
answer ModelError for an endpoint whose model image contains "model-error" (a test-only
trigger, like "fail" for deployments).

It also adds a request counter, so a benchmark can count the AWS requests a command sends:
  GET  /_e2e/requests        -> {"count": N, "requests": [{"target": "SageMaker.CreateModel", ...}]}
  POST /_e2e/requests/reset  -> {"count": 0, "requests": []}

And a fault injector (FaultInjector below), so tests can prove sagectl against an AWS that
throttles, fails, loses answers and refuses one action:
  POST /_e2e/faults  {"seed", "throttle", "serverError", "lostAnswer", "services"?, "deny"?}
  GET  /_e2e/faults  -> the settings and every fault injected so far

And time (launcher_time.py): endpoints Creating/Updating and jobs InProgress for a set time,
blue/green traffic steps with their bakes, per access key:  POST /_e2e/time, GET /_e2e/time
And a kill switch (launcher_kill.py), so tests can kill -9 a run at a chosen request:
  POST /_e2e/kill  {"accessKey", "after"}  holds that key's requests after the N-th
And network latency (launcher_latency.py), for figures that depend on requests taking time:
  POST /_e2e/latency  {"ms": N}  every AWS request waits N ms before it is served
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

import launcher_kill
import launcher_latency
import launcher_wire

HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--stop-on-stdin-eof",
        action="store_true",
        help="stop when stdin closes, so the server dies with the process that started it",
    )
    return parser.parse_args()


# --------------------------------------------------------------------------------------
# SageMaker patches
# --------------------------------------------------------------------------------------

# The failure that the test-only trigger produces, worded as SageMaker words a container
# that never answers /ping.
PING_FAILURE = (
    "The primary container for production variant {variant} did not pass the ping health "
    "check. Please check CloudWatch logs for this endpoint."
)


# A rollback alarm whose name contains this fires during an update (test-only trigger), with
# this FailureReason.
ALARM_TRIGGER = "e2e-firing"
ALARM_FAILURE = "Rolled back: CloudWatch alarm {alarm} went into ALARM state during the deployment."


def patch_sagemaker() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.models import (
        FakeEndpoint,
        FakeEndpointConfig,
        SageMakerModelBackend,
        arn_formatter,
    )
    from moto.sagemaker.responses import SageMakerResponse

    Backend = SageMakerModelBackend

    def wrap(cls: type, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Replace cls.name by the decorated function, which receives the original first."""
        original = getattr(cls, name)

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            def patched(*args: Any, **kwargs: Any) -> Any:
                return fn(original, *args, **kwargs)

            patched.__name__ = name
            setattr(cls, name, patched)
            return patched

        return decorate

    # ---- Create* with an existing name -------------------------------------------------
    # Moto silently replaces the resource; AWS refuses with a ValidationException worded
    # 'Cannot create already existing model "arn:…".' (likewise "endpoint configuration",
    # "endpoint"). sagectl's converge logic must see the refusal, as it would on AWS.

    @wrap(Backend, "create_model")
    def create_model(original, self, *args, **kwargs):
        name = kwargs.get("model_name", args[0] if args else None)
        if name in self._models:
            arn = arn_formatter("model", name, self.account_id, self.region_name)
            raise ValidationError(f'Cannot create already existing model "{arn}".')
        return original(self, *args, **kwargs)

    @wrap(Backend, "create_endpoint_config")
    def create_endpoint_config(original, self, *args, **kwargs):
        name = kwargs.get("endpoint_config_name", args[0] if args else None)
        if name in self.endpoint_configs:
            arn = FakeEndpointConfig.arn_formatter(name, self.account_id, self.region_name)
            raise ValidationError(f'Cannot create already existing endpoint configuration "{arn}".')
        return original(self, *args, **kwargs)

    # ---- "Could not find …" wording ----------------------------------------------------------
    # Moto quotes the ARN with single quotes (DeleteModel gives the bare name); AWS writes
    # 'Could not find model "arn:…".'. One wording, so error matching that passes against
    # moto holds against AWS.

    def aws_not_found(method: str, kind: str, arn_type: str) -> None:
        @wrap(Backend, method)
        def patched(original, self, *args, **kwargs):
            try:
                return original(self, *args, **kwargs)
            except ValidationError as error:
                if not error.message.startswith("Could not find"):
                    raise
                name = args[0] if args else next(iter(kwargs.values()))
                arn = arn_formatter(arn_type, name, self.account_id, self.region_name)
                raise ValidationError(f'Could not find {kind} "{arn}".') from None

    for verb in ("describe", "delete"):
        aws_not_found(f"{verb}_model", "model", "model")
        aws_not_found(f"{verb}_endpoint_config", "endpoint configuration", "endpoint-config")
        aws_not_found(f"{verb}_endpoint", "endpoint", "endpoint")

    # ---- FakeEndpointConfig.arn is a one-element tuple in moto ----------------------------
    # Resource Groups Tagging API GetResources reads `.arn`, so endpoint configs came back
    # with a list for an ARN. Give them the plain string.

    @wrap(FakeEndpointConfig, "__init__")
    def endpoint_config_init(original, self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.arn = self.endpoint_config_arn

    # ---- Test-only failure trigger ---------------------------------------------------------
    # Moto has no containers, so every endpoint is InService at once. To test how sagectl
    # handles a failed deployment, a model whose container image URI contains "fail" makes
    # the endpoint fail its health check, as a broken container would on AWS.

    def failure_reason(backend: Any, config: Any) -> str | None:
        for variant in config.production_variants:
            model = backend._models.get(variant.get("ModelName"))
            if model is None:
                continue
            containers = [model.primary_container or {}] + list(model.containers or [])
            if any("fail" in str(c.get("Image", "")) for c in containers):
                return PING_FAILURE.format(variant=variant.get("VariantName"))
        return None

    @wrap(Backend, "create_endpoint")
    def create_endpoint(original, self, *args, **kwargs):
        name = kwargs.get("endpoint_name", args[0] if args else None)
        if name in self.endpoints:
            arn = FakeEndpoint.arn_formatter(name, self.account_id, self.region_name)
            raise ValidationError(f'Cannot create already existing endpoint "{arn}".')
        endpoint = original(self, *args, **kwargs)
        reason = failure_reason(self, self.endpoint_configs[endpoint.endpoint_config_name])
        if reason:
            endpoint.endpoint_status = "Failed"
            endpoint.failure_reason = reason
        return endpoint

    # ---- UpdateEndpoint ----------------------------------------------------------------------
    # Moto 5.2.5 has no UpdateEndpoint. Minimal version of
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html:
    # the endpoint takes the new config's variants and returns to InService at once.
    # A failed update does not take the endpoint down: SageMaker rolls back, so it stays on
    # its old config and status, and DescribeEndpoint reports FailureReason ("If the status
    # of the endpoint is Failed, or the status is InService but update operation fails, this
    # provides the reason why it failed"). The next successful update clears it.
    # RetainAllVariantProperties is accepted and ignored. DeploymentConfig's traffic shifting is
    # not simulated (moto has no fleets), but its rollback alarms are: see ALARM_TRIGGER below.

    def update_endpoint(
        self: Any, endpoint_name: str, endpoint_config_name: str, deployment_config: Any = None
    ) -> str:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is None:
            arn = FakeEndpoint.arn_formatter(endpoint_name, self.account_id, self.region_name)
            raise ValidationError(f'Could not find endpoint "{arn}".')
        config = self.endpoint_configs.get(endpoint_config_name)
        if config is None:
            arn = FakeEndpointConfig.arn_formatter(
                endpoint_config_name, self.account_id, self.region_name
            )
            raise ValidationError(f'Could not find endpoint configuration "{arn}".')

        endpoint.last_modified_time = utcnow()
        reason = failure_reason(self, config) or alarm_rollback_reason(deployment_config)
        if reason:
            endpoint.failure_reason = reason
            return endpoint.arn
        endpoint.endpoint_config_name = endpoint_config_name
        endpoint.production_variants = endpoint._process_production_variants(
            config.production_variants
        )
        endpoint.data_capture_config = config.data_capture_config
        endpoint.endpoint_status = "InService"
        endpoint.failure_reason = None
        return endpoint.arn

    Backend.update_endpoint = update_endpoint

    # ---- Test-only rollback-alarm trigger ------------------------------------------------------
    # Moto evaluates no CloudWatch alarm. A rollback alarm (DeploymentConfig.AutoRollbackConfiguration)
    # whose name contains ALARM_TRIGGER counts as firing during the bake, so SageMaker's automatic
    # rollback can be tested end to end: the endpoint stays on its old config, InService, and
    # FailureReason names the alarm.

    def alarm_rollback_reason(deployment_config: Any) -> str | None:
        alarms = ((deployment_config or {}).get("AutoRollbackConfiguration") or {}).get("Alarms") or []
        for alarm in alarms:
            name = str(alarm.get("AlarmName", ""))
            if ALARM_TRIGGER in name:
                return ALARM_FAILURE.format(alarm=name)
        return None

    def update_endpoint_response(self: Any) -> ActionResult:
        arn = self.sagemaker_backend.update_endpoint(
            endpoint_name=self._get_param("EndpointName"),
            endpoint_config_name=self._get_param("EndpointConfigName"),
            deployment_config=self._get_param("DeploymentConfig"),
        )
        return ActionResult({"EndpointArn": arn})

    # Moto dispatches an action to the response method of the same snake_case name.
    SageMakerResponse.update_endpoint = update_endpoint_response

    # ---- UpdateEndpointWeightsAndCapacities --------------------------------------------------
    # Moto implements it, but a variant given only a weight loses its instance count (and
    # vice versa), and LastModifiedTime stays put. AWS changes only what the request names.
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DesiredWeightAndCapacity.html

    @wrap(Backend, "update_endpoint_weights_and_capacities")
    def update_weights(original, self, endpoint_name, desired_weights_and_capacities):
        endpoint = self.endpoints.get(endpoint_name)
        before = {v["VariantName"]: dict(v) for v in endpoint.production_variants} if endpoint else {}
        arn = original(self, endpoint_name, desired_weights_and_capacities)  # validates names
        for wanted in desired_weights_and_capacities:
            name = wanted["VariantName"]
            variant = next(v for v in endpoint.production_variants if v["VariantName"] == name)
            for given, keys in (
                ("DesiredWeight", ("DesiredWeight", "CurrentWeight")),
                ("DesiredInstanceCount", ("DesiredInstanceCount", "CurrentInstanceCount")),
            ):
                if wanted.get(given) is None:  # not asked to change: put the old values back
                    for key in keys:
                        if key in before[name]:
                            variant[key] = before[name][key]
                        else:
                            variant.pop(key, None)
        endpoint.last_modified_time = utcnow()
        return arn

    # ---- Tags ----------------------------------------------------------------------------------
    # AddTags "adds or overwrites" tags; keys are unique per resource
    # (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AddTags.html).
    # Moto appends, so a key re-tagged with a new value was listed twice.

    def add_tags(self: Any, arn: str, tags: list[dict[str, str]]) -> list[dict[str, str]]:
        resource = self._get_resource_from_arn(arn)
        merged = {t["Key"]: t.get("Value", "") for t in resource.tags}
        merged.update({t["Key"]: t.get("Value", "") for t in tags or []})
        resource.tags = [{"Key": k, "Value": v} for k, v in merged.items()]
        return resource.tags

    Backend.add_tags = add_tags

    # AddTags/ListTags/DeleteTags on an ARN that names no resource crashed moto with an
    # AttributeError (HTTP 500, which the SDK retries as a server fault). AWS answers 400
    # ValidationException, which the SDK does not retry.

    @wrap(Backend, "_get_resource_from_arn")
    def get_resource_from_arn(original, self, arn):
        try:
            resource = original(self, arn)
        except (AttributeError, ValueError, IndexError):
            resource = None
        if resource is None:
            raise ValidationError(f'Could not find resource "{arn}".')
        return resource


# --------------------------------------------------------------------------------------
# SageMaker training patches
# --------------------------------------------------------------------------------------

TRAINING_FAILURE = "AlgorithmError: ExecuteUserScriptError: ValueError: the label column holds values other than 0 and 1"


def patch_sagemaker_training() -> None:
    """Training, tuning: what sagectl's train, tune and deploy --from-*-job rely on."""
    import hashlib

    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
    from moto.sagemaker.models import FakeTrainingJob, SageMakerModelBackend
    from moto.sagemaker.responses import SageMakerResponse

    Backend = SageMakerModelBackend

    # ---- Test-only triggers for training jobs ----------------------------------------------
    # Moto completes every job at once. A training image URI containing "fail" makes the job
    # end Failed with a FailureReason and no model artifact, as a crashing training script does;
    # one containing "running" keeps it InProgress (Training) until it is stopped, so a test can
    # interrupt a wait.
    original_create = Backend.create_training_job

    def create_training_job(self: Any, *args: Any, **kwargs: Any) -> Any:
        job = original_create(self, *args, **kwargs)
        image = str((job.algorithm_specification or {}).get("TrainingImage", ""))
        if "running" in image:
            job.training_job_status = "InProgress"
            job.secondary_status = "Training"
            job.model_artifacts = None
            job.final_metric_data_list = None
            job.training_end_time = None
        elif "fail" in image:
            job.training_job_status = "Failed"
            job.secondary_status = "Failed"
            job.failure_reason = TRAINING_FAILURE
            job.model_artifacts = None
            job.final_metric_data_list = None
        return job

    Backend.create_training_job = create_training_job

    # ---- StopTrainingJob -------------------------------------------------------------------
    # Moto 5.2.5 has no StopTrainingJob. Minimal version of
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_StopTrainingJob.html:
    # a job in progress stops (AWS: Stopping, then Stopped; here at once); stopping a job that
    # already ended is refused with a ValidationException.

    def stop_training_job(self: Any, training_job_name: str) -> None:
        job = self.training_jobs.get(training_job_name)
        if job is None:
            arn = FakeTrainingJob.arn_formatter(training_job_name, self.account_id, self.region_name)
            raise ValidationError(f"Could not find training job '{arn}'.")
        if job.training_job_status != "InProgress":
            raise ValidationError(
                f"The request was rejected because the training job is in status {job.training_job_status}."
            )
        job.training_job_status = "Stopped"
        job.secondary_status = "Stopped"
        job.last_modified_time = utcnow()

    Backend.stop_training_job = stop_training_job

    def stop_training_job_response(self: Any) -> ActionResult:
        self.sagemaker_backend.stop_training_job(self._get_param("TrainingJobName"))
        return ActionResult({})

    SageMakerResponse.stop_training_job = stop_training_job_response

    # ---- A tuning job's best training job is real ---------------------------------------------
    # Moto's tuning job names a best training job "FakeTrainingJobName" that does not exist.
    # Here the tuning job launches one real (Completed) training job from its
    # TrainingJobDefinition, named as AWS names them (<tuning job>-001-<8 hex>), with tuned
    # values taken from the ranges (midpoints; the first categorical value), and reports it as
    # BestTrainingJob with the objective metric.
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTrainingJobSummary.html

    def tuned_values(ranges: dict[str, Any]) -> dict[str, str]:
        values: dict[str, str] = {}
        for r in ranges.get("ContinuousParameterRanges") or []:
            values[r["Name"]] = str((float(r["MinValue"]) + float(r["MaxValue"])) / 2)
        for r in ranges.get("IntegerParameterRanges") or []:
            values[r["Name"]] = str((int(r["MinValue"]) + int(r["MaxValue"])) // 2)
        for r in ranges.get("CategoricalParameterRanges") or []:
            values[r["Name"]] = str(r["Values"][0])
        return values

    original_create_tuning = Backend.create_hyper_parameter_tuning_job

    def create_tuning_job(self: Any, *args: Any, **kwargs: Any) -> str:
        arn = original_create_tuning(self, *args, **kwargs)
        name = kwargs["hyper_parameter_tuning_job_name"]
        tuning = self.hyper_parameter_tuning_jobs[name]
        definition = kwargs.get("training_job_definition") or {}
        config = kwargs.get("hyper_parameter_tuning_job_config") or {}
        tuned = tuned_values(config.get("ParameterRanges") or {})
        objective = config.get("HyperParameterTuningJobObjective") or {}
        job_name = f"{name}-001-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        algorithm = dict(definition.get("AlgorithmSpecification") or {})
        job = original_create(
            self,
            training_job_name=job_name,
            hyper_parameters={**(definition.get("StaticHyperParameters") or {}), **tuned},
            algorithm_specification=algorithm,
            role_arn=definition.get("RoleArn"),
            input_data_config=definition.get("InputDataConfig"),
            output_data_config=definition.get("OutputDataConfig"),
            resource_config=definition.get("ResourceConfig"),
            vpc_config=definition.get("VpcConfig"),
            stopping_condition=definition.get("StoppingCondition"),
            tags=kwargs.get("tags"),
            enable_network_isolation=False,
            enable_inter_container_traffic_encryption=False,
            enable_managed_spot_training=definition.get("EnableManagedSpotTraining", False),
            checkpoint_config=definition.get("CheckpointConfig"),
            debug_hook_config=None,
            debug_rule_configurations=None,
            tensor_board_output_config=None,
            experiment_config=None,
        )
        metric = {"Type": objective.get("Type", "Maximize"), "MetricName": objective.get("MetricName", ""), "Value": 0.9}
        job.final_metric_data_list = [{"MetricName": metric["MetricName"], "Value": 0.9, "Timestamp": job.creation_time}]
        summary = {
            "TrainingJobName": job_name,
            "TrainingJobArn": job.arn,
            "TuningJobName": name,
            "CreationTime": job.creation_time,
            "TrainingStartTime": job.training_start_time,
            "TrainingEndTime": job.training_end_time,
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": tuned,
            "FinalHyperParameterTuningJobObjectiveMetric": metric,
            "ObjectiveStatus": "Succeeded",
        }
        tuning.best_training_job = dict(summary)
        tuning.OverallBestTrainingJob = dict(summary)
        tuning.e2e_training_jobs = [summary]
        return arn

    Backend.create_hyper_parameter_tuning_job = create_tuning_job

    # ---- ListTrainingJobsForHyperParameterTuningJob -------------------------------------------
    # Missing in moto 5.2.5. https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListTrainingJobsForHyperParameterTuningJob.html
    # Returns the tuning job's training jobs (one page), optionally filtered by StatusEquals.

    def list_training_jobs_for_tuning_job_response(self: Any) -> ActionResult:
        name = self._get_param("HyperParameterTuningJobName")
        tuning = self.sagemaker_backend.hyper_parameter_tuning_jobs.get(name)
        if tuning is None:
            raise ResourceNotFound(message=f"Amazon SageMaker can't find a tuning job with name {name}")
        status = self._get_param("StatusEquals")
        jobs = [j for j in getattr(tuning, "e2e_training_jobs", []) if status is None or j["TrainingJobStatus"] == status]
        return ActionResult({"TrainingJobSummaries": jobs})

    SageMakerResponse.list_training_jobs_for_hyper_parameter_tuning_job = list_training_jobs_for_tuning_job_response


# --------------------------------------------------------------------------------------
# SageMaker Model Registry patches
# --------------------------------------------------------------------------------------


def patch_sagemaker_registry() -> None:
    """Model Registry (model package groups and versions): what sagectl's versions rely on."""
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.models import SageMakerModelBackend
    from moto.sagemaker.responses import SageMakerResponse

    Backend = SageMakerModelBackend

    # ---- Tags on a versioned model package --------------------------------------------------
    # A version's ARN is model-package/<group>/<n>: moto's ARN lookup expects one "/" and
    # cannot find it, so AddTags/ListTags failed. AWS tags model packages like any resource.
    original_lookup = Backend._get_resource_from_arn

    def get_resource_from_arn(self: Any, arn: str) -> Any:
        if ":model-package/" in arn:
            package = self.model_packages.get(arn)
            if package is None:
                raise ValidationError(f'Could not find resource "{arn}".')
            if package.tags is None:
                package.tags = []
            return package
        return original_lookup(self, arn)

    Backend._get_resource_from_arn = get_resource_from_arn

    # ---- UpdateModelPackage changes only what it is given ------------------------------------
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateModelPackage.html:
    # every field but the ARN is optional. Moto sets each to what the request holds, so an
    # approval wiped the version's CustomerMetadataProperties (its lineage) and description.

    original_update = Backend.update_model_package

    def update_model_package(self: Any, model_package_arn: str, model_approval_status: Any, approval_description: Any, customer_metadata_properties: Any, *args: Any, **kwargs: Any) -> str:
        key = self.model_package_name_mapping.get(model_package_arn, model_package_arn)
        package = self.model_packages.get(key)
        if package is None:
            raise ValidationError(f"Model package {model_package_arn} does not exist.")
        keep_status = package.model_approval_status
        keep_description = package.approval_description
        merged = dict(package.customer_metadata_properties or {})
        merged.update(customer_metadata_properties or {})
        arn = original_update(self, model_package_arn, model_approval_status, approval_description, merged or None, *args, **kwargs)
        if model_approval_status is None:
            package.model_approval_status = keep_status
        if approval_description is None:
            package.approval_description = keep_description
        return arn

    Backend.update_model_package = update_model_package

    # ---- DeleteModelPackage, DeleteModelPackageGroup -----------------------------------------
    # Moto 5.2.5 has neither. Minimal versions of
    # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteModelPackage.html and
    # .../API_DeleteModelPackageGroup.html: a missing one is a ValidationException; a group that
    # still holds versions is refused, as AWS refuses it.

    def delete_model_package(self: Any, name: str) -> None:
        key = self.model_package_name_mapping.get(name, name)
        if key not in self.model_packages:
            raise ValidationError(f"Model package {name} does not exist.")
        del self.model_packages[key]
        for alias in [k for k, v in self.model_package_name_mapping.items() if v == key]:
            del self.model_package_name_mapping[alias]

    def delete_model_package_group(self: Any, name: str) -> None:
        if name not in self.model_package_groups:
            raise ValidationError(f"ModelPackageGroup {name} does not exist.")
        if any(p.model_package_group_name == name for p in self.model_packages.values()):
            raise ValidationError(f"Model Package Group {name} contains model packages: delete them first.")
        del self.model_package_groups[name]

    Backend.delete_model_package = delete_model_package
    Backend.delete_model_package_group = delete_model_package_group

    def delete_model_package_response(self: Any) -> ActionResult:
        self.sagemaker_backend.delete_model_package(self._get_param("ModelPackageName"))
        return ActionResult({})

    def delete_model_package_group_response(self: Any) -> ActionResult:
        self.sagemaker_backend.delete_model_package_group(self._get_param("ModelPackageGroupName"))
        return ActionResult({})

    SageMakerResponse.delete_model_package = delete_model_package_response
    SageMakerResponse.delete_model_package_group = delete_model_package_group_response


# --------------------------------------------------------------------------------------
# SageMaker Runtime patches
# --------------------------------------------------------------------------------------

# What a container that crashes on a request makes SageMaker answer: InvokeEndpoint fails with
# HTTP 424 ModelError carrying the container's status and message and its log stream.
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html#API_runtime_InvokeEndpoint_Errors
MODEL_ERROR_MESSAGE = "could not convert string to float: 'abc'"


def patch_sagemaker_runtime() -> None:
    from moto.sagemaker.models import sagemaker_backends
    from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

    original = SageMakerRuntimeResponse.invoke_endpoint

    def error(status: int, code: str, fields: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        # Moto takes the status from a "status" header, not from the tuple.
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code, "status": str(status)}
        return status, headers, json.dumps({"ErrorCode": code, **fields})

    def invoke_endpoint(self: Any) -> Any:
        # Moto answers any endpoint name with canned results; AWS refuses an endpoint that
        # does not exist with a 400 ValidationError worded "Endpoint X of account N not found.".
        name = self.path.split("/")[2]
        backend = sagemaker_backends[self.current_account][self.region]
        endpoint = backend.endpoints.get(name)
        if endpoint is None:
            return error(400, "ValidationError", {"Message": f"Endpoint {name} of account {self.current_account} not found."})
        # Test-only trigger, like the "fail" image for deployments: an endpoint whose model
        # image contains "model-error" has a container that fails on every request.
        config = backend.endpoint_configs.get(endpoint.endpoint_config_name)
        for variant in config.production_variants if config else []:
            model = backend._models.get(variant.get("ModelName"))
            image = str((model.primary_container or {}).get("Image", "")) if model else ""
            if "model-error" in image:
                group = f"/aws/sagemaker/Endpoints/{name}"
                stream = f"{variant.get('VariantName')}/i-0123456789abcdef0"
                log_arn = f"arn:aws:logs:{self.region}:{self.current_account}:log-group:{group}:log-stream:{stream}"
                return error(424, "ModelError", {
                    "Message": f"Received server error (500) from primary with message \"{MODEL_ERROR_MESSAGE}\". See the log group {group} for more information.",
                    "OriginalStatusCode": 500,
                    "OriginalMessage": MODEL_ERROR_MESSAGE,
                    "LogStreamArn": log_arn,
                })
        return original(self)

    SageMakerRuntimeResponse.invoke_endpoint = invoke_endpoint


# --------------------------------------------------------------------------------------
# Request counter
# --------------------------------------------------------------------------------------

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RequestCounter:
    """WSGI middleware that records every AWS request and answers /_e2e/requests.

    A request is named by its X-Amz-Target header (JSON protocols: "SageMaker.CreateModel"),
    else its Action parameter (query protocol: IAM, STS), else "METHOD /path" (REST
    protocols: Lambda, API Gateway). The signing service, from the Authorization header's
    credential scope, is recorded beside it. Requests to /_e2e and /moto-api are not AWS
    requests and are not counted.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.requests: list[dict[str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_e2e/requests" and method == "GET":
            return self.reply(start_response)
        if path == "/_e2e/requests/reset" and method == "POST":
            with self.lock:
                self.requests.clear()
            return self.reply(start_response)
        if path == "/_e2e/sagemaker/endpoint-age" and method == "POST":
            return self.age_endpoint(environ, start_response)
        if path == "/_e2e/faults":
            return self.app(environ, start_response)
        if path.startswith("/_e2e"):
            return self.reply(start_response, status="404 Not Found")
        if not path.startswith("/moto-api"):
            record = {"target": self.target(environ, method, path), "service": self.service(environ)}
            # InvokeEndpoint's routing header, so a test can see --variant reach the endpoint.
            if environ.get("HTTP_X_AMZN_SAGEMAKER_TARGET_VARIANT"):
                record["targetVariant"] = environ["HTTP_X_AMZN_SAGEMAKER_TARGET_VARIANT"]
            with self.lock:
                self.requests.append(record)
        return self.app(environ, start_response)

    def age_endpoint(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        """Test-only: make an endpoint look created (and last updated) `ageSeconds` ago.

        Idle and age selection compare against an endpoint's CreationTime and LastModifiedTime;
        a test cannot wait a day, so it ages the fleet instead. Body: {"endpoint", "ageSeconds",
        "region"?, "account"?}.
        """
        from datetime import datetime, timedelta, timezone

        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.sagemaker.models import sagemaker_backends

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        backend = sagemaker_backends[body.get("account", DEFAULT_ACCOUNT_ID)][body.get("region", "us-east-1")]
        endpoint = backend.endpoints.get(body["endpoint"])
        if endpoint is None:
            return self.reply(start_response, status="404 Not Found")
        then = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=int(body["ageSeconds"]))
        endpoint.creation_time = endpoint.last_modified_time = then
        return self.reply(start_response)

    def reply(self, start_response: Callable[..., Any], status: str = "200 OK") -> list[bytes]:
        with self.lock:
            body = json.dumps({"count": len(self.requests), "requests": list(self.requests)})
        data = body.encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    @staticmethod
    def target(environ: dict[str, Any], method: str, path: str) -> str:
        if environ.get("HTTP_X_AMZ_TARGET"):
            return str(environ["HTTP_X_AMZ_TARGET"])
        action = parse_qs(environ.get("QUERY_STRING", "")).get("Action")
        if not action and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            # Read the form body to find Action, then put it back for moto to read.
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            action = parse_qs(body.decode("utf-8", "replace")).get("Action")
        if action:
            return action[0]
        return f"{method} {path}"

    @staticmethod
    def service(environ: dict[str, Any]) -> str:
        # "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sagemaker/aws4_request, ..."
        auth = environ.get("HTTP_AUTHORIZATION", "")
        if "Credential=" in auth:
            scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
            if len(scope) >= 4:
                return scope[3]
        return ""


def patch_apigateway() -> None:
    """TagResource, GetTags and UntagResource on a REST API.

    Moto routes /tags/{arn} only for stage ARNs (…/restapis/{id}/stages/{name}); AWS also
    takes a REST API's ARN, arn:aws:apigateway:{region}::/restapis/{id}
    (https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html), and
    wire-api retags its API on a re-run. The route is added, and the three handlers act on
    the REST API's own tags (those GetRestApis returns) when the ARN names no stage.
    """
    from urllib.parse import unquote

    from moto.apigateway import urls
    from moto.apigateway.responses import APIGatewayResponse

    route = "{0}/tags/arn:(?P<partition>[^/]+):apigateway:(?P<region_name>[^/]+)::/restapis/(?P<function_id>[^/]+)$"
    urls.url_paths[route] = APIGatewayResponse.dispatch

    def api_of(self: Any) -> Any:
        parts = unquote(self.path.split("/tags/", 1)[1]).split("/")
        if len(parts) >= 2 and parts[-2] == "restapis":
            return self.backend.get_rest_api(parts[-1])
        return None

    def wrap(name: str, handle: Callable[[Any, Any], str]) -> None:
        original = getattr(APIGatewayResponse, name)

        def patched(self: Any) -> str:
            api = api_of(self)
            return original(self) if api is None else handle(self, api)

        setattr(APIGatewayResponse, name, patched)

    def tag(self: Any, api: Any) -> str:
        api.tags = {**(api.tags or {}), **(self._get_param("tags") or {})}
        return json.dumps({})

    def untag(self: Any, api: Any) -> str:
        keys = self.querystring.get("tagKeys") or []
        api.tags = {k: v for k, v in (api.tags or {}).items() if k not in keys}
        return json.dumps({})

    wrap("tag_resource", tag)
    wrap("untag_resource", untag)
    wrap("get_tags", lambda self, api: json.dumps({"tags": api.tags or {}}))


# --------------------------------------------------------------------------------------
# Fault injector
# --------------------------------------------------------------------------------------

# REST operations teardown and wire-api send, named as IAM names them, so a deny rule can say
# "lambda:GetFunction" for a protocol whose request carries no action name. First match wins.
REST_ACTIONS: list[tuple[str, str, str, str]] = [
    # (service, method, path regex, action)
    ("lambda", "GET", r"^/2015-03-31/functions/[^/]+/?$", "GetFunction"),
    ("lambda", "GET", r"^/2015-03-31/functions/[^/]+/configuration/?$", "GetFunctionConfiguration"),
    ("lambda", "DELETE", r"^/2015-03-31/functions/[^/]+/?$", "DeleteFunction"),
    ("lambda", "POST", r"^/2015-03-31/functions/?$", "CreateFunction"),
    ("lambda", "POST", r"^/2015-03-31/functions/[^/]+/policy/?$", "AddPermission"),
    ("apigateway", "GET", r"^/restapis/?$", "GET"),
    ("apigateway", "GET", r"^/usageplans/?$", "GET"),
    ("apigateway", "GET", r"^/apikeys/?$", "GET"),
    ("apigateway", "DELETE", r"^/.+$", "DELETE"),
    ("apigateway", "POST", r"^/.+$", "POST"),
    ("apigateway", "PUT", r"^/.+$", "PUT"),
    ("apigateway", "PATCH", r"^/.+$", "PATCH"),
]


class FaultInjector:
    """WSGI middleware that makes the emulator fail the way AWS fails, seeded and reproducible.

    Settings (POST /_e2e/faults, JSON; an empty body turns every fault off):
      seed         the random generator's seed: the same seed and the same request sequence
                   fault the same requests.
      throttle     share of requests refused as throttled: JSON protocols (SageMaker, Logs,
                   Resource Groups Tagging, Application Auto Scaling) answer HTTP 400
                   ThrottlingException, the query protocol (IAM) 400 Throttling, REST protocols
                   (Lambda, API Gateway) 429 TooManyRequestsException.
      serverError  share answered 500 InternalFailure or 503 ServiceUnavailable (REST: 500
                   ServiceException / 503 ServiceUnavailableException).
      lostAnswer   share applied by the emulator and then cut: the connection closes without an
                   answer, as when a response is lost on the way back. The change stands.
      services     optional list of signing services (e.g. ["sagemaker"]) the shares apply to;
                   all when absent.
      deny         optional list of {"action": "lambda:GetFunction", "resource"?: "name"}: that
                   action (on a request naming that resource, when given) is refused with
                   AccessDenied(Exception), always, as a missing IAM permission refuses it.

      accessKey    optional: only requests signed with this access key id are faulted, so test
                   files sharing the server fault only their own requests (moto accepts any key).
                   Each key has its own settings, generator and record; POST with the same key
                   replaces them, an absent key means every request.

    The three shares are drawn from one number per request, so they are exclusive. Requests to
    /_e2e and /moto-api are never faulted. GET /_e2e/faults?accessKey=K answers the settings and
    the list of injected faults ({"target", "service", "fault"}), so a test can report what it
    survived.
    """

    def __init__(self, app: WSGIApp) -> None:
        import random

        self.app = app
        self.lock = threading.Lock()
        self.profiles: dict[str, dict[str, Any]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_e2e/faults":
            if method == "POST":
                return self.configure(environ, start_response)
            if method == "GET":
                key = parse_qs(environ.get("QUERY_STRING", "")).get("accessKey", [""])[0]
                return self.reply(start_response, key)
        if path.startswith("/_e2e") or path.startswith("/moto-api"):
            return self.app(environ, start_response)
        with self.lock:
            profile = self.profiles.get(self.access_key(environ)) or self.profiles.get("")
        if not profile:
            return self.app(environ, start_response)
        settings = profile["settings"]

        service = RequestCounter.service(environ)
        target = RequestCounter.target(environ, method, path)
        action = self.action(service, target, method, path)
        for rule in settings.get("deny") or []:
            if rule.get("action") == action and self.names(environ, path, rule.get("resource")):
                return self.inject(profile, environ, start_response, service, target, "deny")
        services = settings.get("services")
        if services and service not in services:
            return self.app(environ, start_response)
        with self.lock:
            draw = profile["random"].random()
            kind_draw = profile["random"].random()
        throttle = float(settings.get("throttle") or 0)
        server_error = float(settings.get("serverError") or 0)
        lost = float(settings.get("lostAnswer") or 0)
        if draw < throttle:
            return self.inject(profile, environ, start_response, service, target, "throttle")
        if draw < throttle + server_error:
            fault = "unavailable" if kind_draw < 0.5 else "internal"
            return self.inject(profile, environ, start_response, service, target, fault)
        if draw < throttle + server_error + lost:
            return self.lose_answer(profile, environ, start_response, service, target)
        return self.app(environ, start_response)

    # ---- settings --------------------------------------------------------------------------

    def configure(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        import random

        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        key = str(body.get("accessKey") or "")
        with self.lock:
            self.profiles[key] = {"settings": body, "random": random.Random(body.get("seed", 0)), "injected": []}
        return self.reply(start_response, key)

    def reply(self, start_response: Callable[..., Any], key: str) -> list[bytes]:
        with self.lock:
            profile = self.profiles.get(key) or {"settings": {}, "injected": []}
            data = json.dumps({"settings": profile["settings"], "injected": list(profile["injected"])}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    # ---- matching --------------------------------------------------------------------------

    @staticmethod
    def access_key(environ: dict[str, Any]) -> str:
        auth = environ.get("HTTP_AUTHORIZATION", "")
        return auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else ""

    @staticmethod
    def action(service: str, target: str, method: str, path: str) -> str:
        """The IAM-style action name of a request: "sagemaker:CreateModel", "iam:GetRole"."""
        import re

        if "." in target and " " not in target:  # JSON protocol: "SageMaker.CreateModel"
            return f"{service}:{target.split('.', 1)[1]}"
        if " " not in target:  # query protocol: the Action parameter
            return f"{service}:{target}"
        for rest_service, rest_method, pattern, name in REST_ACTIONS:
            if service == rest_service and method == rest_method and re.match(pattern, path):
                return f"{service}:{name}"
        return f"{service}:{method} {path}"

    @staticmethod
    def names(environ: dict[str, Any], path: str, resource: str | None) -> bool:
        """Whether the request names `resource` (in its path, query or body); any request when None."""
        from urllib.parse import unquote

        if not resource:
            return True
        if resource in unquote(path) or resource in unquote(environ.get("QUERY_STRING", "")):
            return True
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)  # put it back for moto to read
        return resource in unquote(body.decode("utf-8", "replace"))

    # ---- answers ---------------------------------------------------------------------------

    def record(self, profile: dict[str, Any], service: str, target: str, fault: str) -> None:
        with self.lock:
            profile["injected"].append({"target": target, "service": service, "fault": fault})

    def inject(self, profile: dict[str, Any], environ: dict[str, Any], start_response: Callable[..., Any], service: str, target: str, fault: str) -> list[bytes]:
        """Answers the fault in the request's protocol, as the service would word it."""
        import uuid

        self.record(profile, service, target, fault)
        request_id = str(uuid.uuid4())
        rest = " " in target
        query = not rest and "." not in target
        status, code, message = {
            "throttle": (429, "TooManyRequestsException", "Rate exceeded") if rest else (400, "Throttling" if query else "ThrottlingException", "Rate exceeded"),
            "internal": (500, "ServiceException" if rest else "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
            "unavailable": (503, "ServiceUnavailableException" if rest else "ServiceUnavailable", "The service is unavailable. Please try again later."),
            "deny": (
                403,
                "AccessDenied" if query else "AccessDeniedException",
                f"User: arn:aws:sts::123456789012:assumed-role/sagectl-e2e/e2e is not authorized to perform: "
                f"{self.action(service, target, environ.get('REQUEST_METHOD', 'GET'), environ.get('PATH_INFO', ''))} "
                "because no identity-based policy allows the action",
            ),
        }[fault]
        reason = {400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}[status]
        if query:
            body = (
                f'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>'
                f'{"Receiver" if status >= 500 else "Sender"}</Type><Code>{code}</Code><Message>{message}</Message>'
                f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
            )
            content_type = "text/xml"
        else:
            body = json.dumps({"__type": code, "message": message})
            content_type = "application/x-amz-json-1.1" if not rest else "application/json"
        data = body.encode()
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", request_id),
        ]
        if not query:
            headers.append(("x-amzn-ErrorType", code))
        start_response(f"{status} {reason}", headers)
        return [data]

    def lose_answer(self, profile: dict[str, Any], environ: dict[str, Any], start_response: Callable[..., Any], service: str, target: str) -> list[bytes]:
        """Lets moto apply the request, then closes the connection before any answer is sent."""
        self.record(profile, service, target, "lostAnswer")
        return launcher_wire.apply_then_cut(self.app, environ, start_response)


# --------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    # Moto builds some URLs (queue URLs, API Gateway invoke URLs) from MOTO_PORT.
    os.environ["MOTO_PORT"] = str(args.port)

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    patch_sagemaker()
    patch_sagemaker_training()
    patch_sagemaker_registry()
    patch_sagemaker_runtime()
    __import__("launcher_capture").install()  # data capture on InvokeEndpoint: test/e2e/launcher_capture.py
    __import__("launcher_monitoring").install()  # monitoring schedules: test/e2e/launcher_monitoring.py
    __import__("launcher_notebook").install()  # presigned notebook URLs, lifecycle config tags: test/e2e/launcher_notebook.py
    __import__("launcher_trust").install()  # DeregisterScalableTarget deletes the target's policies: test/e2e/launcher_trust.py
    patch_apigateway()
    import launcher_time  # time: endpoints and jobs that take a while (see its docstring)

    launcher_time.install()
    import launcher_fleet

    launcher_fleet.install()
    if not args.verbose:
        # Werkzeug logs each request at INFO; keep stderr for errors and tracebacks.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    # Faults come after the counter, so a faulted request is still counted as sent.
    app = launcher_time.TimeControl(RequestCounter(FaultInjector(DomainDispatcherApplication(create_backend_app))))
    app = launcher_kill.install(app)  # POST /_e2e/kill: hold a run at its N-th request (kill -9 tests)
    app = launcher_latency.install(app)  # POST /_e2e/latency: every AWS request waits N ms, as over a network
    server = make_server(HOST, args.port, app, threaded=True, request_handler=MotoRequestHandler)

    def stop(signum: int, frame: Any) -> None:
        # shutdown() waits for serve_forever() to return, so it must run on another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.stop_on_stdin_eof:
        # The parent holds the other end of our stdin; if it dies without stopping us, the
        # pipe closes and we stop instead of lingering on the port.
        def watch_stdin() -> None:
            # os.read, not sys.stdin: a daemon thread blocked inside sys.stdin's buffered
            # reader holds its lock and delays interpreter shutdown.
            while os.read(sys.stdin.fileno(), 4096):
                pass
            stop(signal.SIGTERM, None)

        threading.Thread(target=watch_stdin, daemon=True).start()

    print(f"moto ready on http://{HOST}:{server.port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
