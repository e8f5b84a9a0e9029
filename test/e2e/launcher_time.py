"""Time for the e2e launcher: SageMaker endpoints and jobs that take a while, as they do on AWS.

Moto finishes everything at once. On AWS an endpoint is Creating for minutes; an update keeps the
old (blue) fleet serving while the new (green) fleet is built, then shifts traffic in the steps of
the update's DeploymentConfig, baking after each step while the rollback alarms are watched; a
training job walks through its secondary statuses. Tests set the times, in seconds, per access key
(as the fault injector scopes its faults), so parallel test files do not slow each other down:

  POST /_e2e/time  {"accessKey"?, "endpointCreateSeconds"?, "endpointUpdateSeconds"?,
                    "alarmAfterSeconds"?, "jobSeconds"?}     (an empty body turns time off)
  GET  /_e2e/time?accessKey=K  -> {"settings", "events": [{"at", "endpoint", "event", "share"?}]}

  endpointCreateSeconds  CreateEndpoint: Creating for this long, then InService (or Failed, for
                         the launcher's "fail" image trigger).
  endpointUpdateSeconds  UpdateEndpoint: the green fleet takes this long to build; the endpoint is
                         Updating and the blue fleet answers every InvokeEndpoint meanwhile.
  alarmAfterSeconds      how far into the first bake a firing rollback alarm (the launcher's
                         ALARM_TRIGGER) goes into ALARM; half the bake (at most 1 s) by default.
  jobSeconds             training, tuning and transform jobs stay InProgress this long; a
                         training job walks Starting → Downloading → Training → Uploading.

What a timed update does, after the green fleet is built
(https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green.html):
  ALL_AT_ONCE (and no DeploymentConfig)  all traffic to green, bake WaitIntervalInSeconds;
  CANARY   CanarySize of the traffic to green, bake; the rest, bake;
  LINEAR   LinearStepSize more each step, a bake after each;
then TerminationWaitInSeconds, and the endpoint is InService on the new config. A rollback alarm
in ALARM during a bake sends all traffic back to blue at once: InService on the old config with
FailureReason. A green fleet that fails its health check (the "fail" image) rolls back when built.
While Updating, DescribeEndpoint shows the blue fleet's variants with their CurrentWeight and a
PendingDeploymentSummary of the green fleet (VariantStatus Creating / Baking); afterwards
LastDeploymentConfig. The events list gives each step's scheduled time (epoch seconds), so a test
can compare what a probe saw against when traffic moved.

InvokeEndpoint on an endpoint created or updated under a time profile answers as a container that
names itself: {"model", "variant", "endpointConfig"} of the fleet that served it, with the
x-Amzn-Invoked-Production-Variant header; traffic splits between the fleets in exact proportion
(deterministically), so a probe sees every step.

Everything is evaluated lazily: each read of an endpoint or job first brings it to where its
schedule says it is now.
"""

from __future__ import annotations

import json
import math
import threading
import time
import weakref
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_local = threading.local()
_lock = threading.RLock()
_profiles: dict[str, dict[str, Any]] = {}
_events: dict[str, list[dict[str, Any]]] = {}
# Plans hang off moto's objects without adding attributes to them (moto turns every attribute of
# a resource into a response field).
_plans: "weakref.WeakKeyDictionary[Any, dict[str, Any]]" = weakref.WeakKeyDictionary()
_timed: "weakref.WeakSet[Any]" = weakref.WeakSet()

TRAINING_PHASES = [
    ("Starting", "Preparing the instances for training"),
    ("Downloading", "Downloading input data"),
    ("Training", "Training image download completed. Training in progress."),
    ("Uploading", "Uploading generated training model"),
]


def _profile() -> tuple[str, dict[str, Any]] | None:
    """The time settings of the request being served (by its access key), if any."""
    key = getattr(_local, "key", "")
    with _lock:
        if key in _profiles:
            return key, _profiles[key]
        if "" in _profiles:
            return "", _profiles[""]
    return None


def _event(key: str, at: float, endpoint: str, event: str, **extra: Any) -> None:
    with _lock:
        _events.setdefault(key, []).append({"at": at, "endpoint": endpoint, "event": event, **extra})


def _utc(at: float) -> Any:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(at, timezone.utc).replace(tzinfo=None)


class TimeControl:
    """WSGI middleware: answers /_e2e/time and notes each request's access key for the patches."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/_e2e/time":
            if environ.get("REQUEST_METHOD") == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = json.loads(environ["wsgi.input"].read(length) or b"{}")
                key = str(body.get("accessKey") or "")
                with _lock:
                    if len(body) > (1 if "accessKey" in body else 0):
                        _profiles[key] = body
                    else:
                        _profiles.pop(key, None)
                    _events[key] = []
            else:
                key = parse_qs(environ.get("QUERY_STRING", "")).get("accessKey", [""])[0]
            with _lock:
                data = json.dumps({"settings": _profiles.get(key, {}), "events": list(_events.get(key, []))}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
            return [data]
        auth = environ.get("HTTP_AUTHORIZATION", "")
        _local.key = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else ""
        return self.app(environ, start_response)


def install() -> None:
    """Patches moto's SageMaker (after moto_server's own patches, which it builds on)."""
    _patch_endpoints()
    _patch_invoke()
    _patch_jobs()


# --------------------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------------------


def _patch_endpoints() -> None:
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.models import SageMakerModelBackend as Backend

    create_endpoint = Backend.create_endpoint
    update_endpoint = Backend.update_endpoint
    describe_endpoint = Backend.describe_endpoint
    list_endpoints = Backend.list_endpoints
    update_weights = Backend.update_endpoint_weights_and_capacities

    def create(self: Any, *args: Any, **kwargs: Any) -> Any:
        endpoint = create_endpoint(self, *args, **kwargs)
        found = _profile()
        if found is None:
            return endpoint
        key, settings = found
        _timed.add(endpoint)
        seconds = float(settings.get("endpointCreateSeconds") or 0)
        if seconds <= 0:
            return endpoint
        now = time.time()
        with _lock:
            _plans[endpoint] = {
                "kind": "create",
                "key": key,
                "start": now,
                "end": now + seconds,
                "status": endpoint.endpoint_status,
                "reason": endpoint.failure_reason,
                "variants": endpoint.production_variants,
            }
            endpoint.endpoint_status = "Creating"
            endpoint.failure_reason = None
            endpoint.production_variants = [
                {k: v for k, v in variant.items() if not k.startswith("Current")} for variant in endpoint.production_variants
            ]
            endpoint.pending_deployment_summary = {
                "EndpointConfigName": endpoint.endpoint_config_name,
                "StartTime": _utc(now),
                "ProductionVariants": [
                    {"VariantName": v["VariantName"], "VariantStatus": [{"Status": "Creating", "StartTime": _utc(now)}]}
                    for v in endpoint.production_variants
                ],
            }
        _event(key, now, endpoint.endpoint_name, "creating")
        _event(key, now + seconds, endpoint.endpoint_name, "created")
        return endpoint

    Backend.create_endpoint = create

    def update(self: Any, endpoint_name: str, endpoint_config_name: str, deployment_config: Any = None) -> str:
        endpoint = self.endpoints.get(endpoint_name)
        found = _profile()
        if endpoint is None or found is None:
            return update_endpoint(self, endpoint_name, endpoint_config_name, deployment_config)
        _settle(endpoint)
        if endpoint.endpoint_status != "InService":
            # What SageMaker answers an update of an endpoint that is still changing.
            raise ValidationError(f'Cannot update in-progress endpoint "{endpoint.arn}".')
        key, settings = found
        _timed.add(endpoint)
        blue = {
            "config": endpoint.endpoint_config_name,
            "variants": endpoint.production_variants,
            "capture": endpoint.data_capture_config,
        }
        arn = update_endpoint(self, endpoint_name, endpoint_config_name, deployment_config)
        applied = endpoint.endpoint_config_name == endpoint_config_name and not endpoint.failure_reason
        green = {
            "config": endpoint_config_name,
            "variants": endpoint.production_variants if applied else endpoint._process_production_variants(self.endpoint_configs[endpoint_config_name].production_variants),
            "capture": endpoint.data_capture_config if applied else self.endpoint_configs[endpoint_config_name].data_capture_config,
        }
        reason = None if applied else endpoint.failure_reason
        plan = _update_plan(key, settings, time.time(), deployment_config, green["variants"], reason)
        with _lock:
            # Until the schedule says otherwise, the blue fleet is what the endpoint runs.
            endpoint.endpoint_config_name = blue["config"]
            endpoint.production_variants = blue["variants"]
            endpoint.data_capture_config = blue["capture"]
            endpoint.failure_reason = None
            endpoint.endpoint_status = "Updating"
            _plans[endpoint] = {**plan, "kind": "update", "key": key, "blue": blue, "green": green, "deployment": deployment_config, "routed": 0}
        for step in plan["steps"]:
            _event(key, step["at"], endpoint_name, "traffic", share=step["share"])
        _event(key, plan["start"], endpoint_name, "updating")
        _event(key, plan["end"], endpoint_name, "rolled-back" if plan["reason"] else "updated", **({"reason": plan["reason"]} if plan["reason"] else {}))
        _settle(endpoint)
        return arn

    Backend.update_endpoint = update

    def describe(self: Any, endpoint_name: str) -> Any:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is not None:
            _settle(endpoint)
        return describe_endpoint(self, endpoint_name)

    Backend.describe_endpoint = describe

    def listing(self: Any, *args: Any, **kwargs: Any) -> Any:
        for endpoint in list(self.endpoints.values()):
            _settle(endpoint)
        return list_endpoints(self, *args, **kwargs)

    Backend.list_endpoints = listing

    def weights(self: Any, endpoint_name: str, desired_weights_and_capacities: Any) -> Any:
        endpoint = self.endpoints.get(endpoint_name)
        if endpoint is not None:
            _settle(endpoint)
            if endpoint.endpoint_status != "InService":
                raise ValidationError(f'Cannot update in-progress endpoint "{endpoint.arn}".')
        return update_weights(self, endpoint_name, desired_weights_and_capacities)

    Backend.update_endpoint_weights_and_capacities = weights


def _share_of(size: Any, variants: list[dict[str, Any]]) -> float:
    """A CanarySize / LinearStepSize as a share of the green fleet's capacity."""
    if not size:
        return 1.0
    value = float(size.get("Value") or 0)
    if size.get("Type") == "INSTANCE_COUNT":
        total = sum(int(v.get("DesiredInstanceCount") or v.get("CurrentInstanceCount") or 1) for v in variants) or 1
        return min(1.0, value / total)
    return min(1.0, value / 100)


def _update_plan(key: str, settings: dict[str, Any], now: float, deployment: Any, green: list[dict[str, Any]], reason: str | None) -> dict[str, Any]:
    """When traffic moves to green, and when (and how) the update ends."""
    build = float(settings.get("endpointUpdateSeconds") or 0)
    policy = (deployment or {}).get("BlueGreenUpdatePolicy") or {}
    routing = policy.get("TrafficRoutingConfiguration") or {}
    bake = float(routing.get("WaitIntervalInSeconds") or 0)
    termination = float(policy.get("TerminationWaitInSeconds") or 0)
    kind = routing.get("Type") or "ALL_AT_ONCE"
    if kind == "CANARY":
        shares = [_share_of(routing.get("CanarySize"), green), 1.0]
    elif kind == "LINEAR":
        step = max(_share_of(routing.get("LinearStepSize"), green), 0.01)
        shares = [min(1.0, step * (i + 1)) for i in range(math.ceil(1 / step - 1e-9))]
    else:
        shares = [1.0]
    ready = now + build
    steps = [{"at": ready + i * bake, "share": share} for i, share in enumerate(shares)]
    end = ready + len(shares) * bake + termination
    if reason and reason.startswith("Rolled back: CloudWatch alarm"):
        # The alarm goes into ALARM during the first bake; traffic goes back to blue at once.
        after = settings.get("alarmAfterSeconds")
        end = ready + (float(after) if after is not None else min(1.0, bake / 2))
        steps = [s for s in steps if s["at"] < end] + [{"at": end, "share": 0.0}]
    elif reason:
        # The green fleet never passed its health check: no traffic ever reached it.
        end, steps = ready, []
    return {"start": now, "ready": ready, "steps": steps, "end": end, "reason": reason}


def _share_now(plan: dict[str, Any], now: float) -> float:
    share = 0.0
    for step in plan.get("steps") or []:
        if step["at"] <= now:
            share = step["share"]
    return share


def _settle(endpoint: Any) -> None:
    """Brings an endpoint to where its schedule says it is now."""
    with _lock:
        plan = _plans.get(endpoint)
        if plan is None:
            return
        now = time.time()
        if plan["kind"] == "create":
            if now < plan["end"]:
                return
            endpoint.endpoint_status = plan["status"]
            endpoint.failure_reason = plan["reason"]
            endpoint.production_variants = plan["variants"]
            endpoint.pending_deployment_summary = None
            endpoint.last_modified_time = _utc(plan["end"])
            del _plans[endpoint]
            return
        blue, green = plan["blue"], plan["green"]
        if now >= plan["end"]:
            if plan["reason"]:
                endpoint.failure_reason = plan["reason"]
            else:
                endpoint.endpoint_config_name = green["config"]
                endpoint.production_variants = green["variants"]
                endpoint.data_capture_config = green["capture"]
                endpoint.failure_reason = None
            endpoint.endpoint_status = "InService"
            endpoint.pending_deployment_summary = None
            if plan["deployment"]:
                endpoint.last_deployment_config = plan["deployment"]
            endpoint.last_modified_time = _utc(plan["end"])
            del _plans[endpoint]
            return
        share = _share_now(plan, now)
        status = "Creating" if now < plan["ready"] else "Baking"
        since = max([plan["start"]] + [s["at"] for s in plan["steps"] if s["at"] <= now])
        endpoint.production_variants = [
            {**v, **({"CurrentWeight": float(v["DesiredWeight"]) * (1 - share)} if "DesiredWeight" in v else {})} for v in blue["variants"]
        ]
        endpoint.pending_deployment_summary = {
            "EndpointConfigName": green["config"],
            "StartTime": _utc(plan["start"]),
            "ProductionVariants": [
                {
                    "VariantName": v["VariantName"],
                    **({"DesiredWeight": v["DesiredWeight"], "CurrentWeight": float(v["DesiredWeight"]) * share} if "DesiredWeight" in v else {}),
                    **({"DesiredInstanceCount": v["DesiredInstanceCount"]} if "DesiredInstanceCount" in v else {}),
                    **({"CurrentInstanceCount": v["DesiredInstanceCount"]} if "DesiredInstanceCount" in v and status == "Baking" else {}),
                    "VariantStatus": [{"Status": status, "StartTime": _utc(since)}],
                }
                for v in green["variants"]
            ],
        }


def _serving_fleet(endpoint: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """Which fleet answers this request: (config name, its variants), in exact proportion to the share."""
    with _lock:
        _settle(endpoint)
        plan = _plans.get(endpoint)
        if plan is None:
            return None
        if plan["kind"] == "create":
            return None
        share = _share_now(plan, time.time())
        # Route the n-th request to green when the running count of green answers falls behind
        # n × share: every share shows up exactly, with no randomness to make a test flaky.
        n = plan["routed"]
        plan["routed"] = n + 1
        green = math.floor((n + 1) * share + 1e-9) > math.floor(n * share + 1e-9)
        fleet = plan["green"] if green else plan["blue"]
        return fleet["config"], fleet["variants"]


def _patch_invoke() -> None:
    from moto.sagemaker.models import sagemaker_backends
    from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

    invoke_endpoint = SageMakerRuntimeResponse.invoke_endpoint

    def invoke(self: Any) -> Any:
        name = self.path.split("/")[2]
        backend = sagemaker_backends[self.current_account][self.region]
        endpoint = backend.endpoints.get(name)
        if endpoint is None or endpoint not in _timed:
            return invoke_endpoint(self)
        fleet = _serving_fleet(endpoint)
        if endpoint.endpoint_status == "Creating":
            return invoke_endpoint(self)
        config_name, variants = fleet or (endpoint.endpoint_config_name, endpoint.production_variants)
        config = backend.endpoint_configs.get(config_name)
        wanted = self.headers.get("X-Amzn-SageMaker-Target-Variant")
        chosen = next((v for v in (config.production_variants if config else []) if v.get("VariantName") == wanted), None)
        if chosen is None and config is not None:
            chosen = _by_weight(config.production_variants, endpoint)
        if chosen is None:
            return invoke_endpoint(self)
        model = backend._models.get(chosen.get("ModelName"))
        if model is not None and "model-error" in str((model.primary_container or {}).get("Image", "")):
            return invoke_endpoint(self)
        body = json.dumps({"model": chosen.get("ModelName"), "variant": chosen.get("VariantName"), "endpointConfig": config_name})
        headers = {"Content-Type": "application/json", "x-Amzn-Invoked-Production-Variant": str(chosen.get("VariantName"))}
        return 200, headers, body

    SageMakerRuntimeResponse.invoke_endpoint = invoke


_weights_turn: "weakref.WeakKeyDictionary[Any, int]" = weakref.WeakKeyDictionary()


def _by_weight(variants: list[dict[str, Any]], endpoint: Any) -> dict[str, Any] | None:
    """A fleet's variant by InitialVariantWeight, round-robin over the weights (deterministic)."""
    if not variants:
        return None
    weights = [max(float(v.get("InitialVariantWeight") or 0), 0.0) for v in variants]
    total = sum(weights)
    if total <= 0:
        return variants[0]
    with _lock:
        n = _weights_turn.get(endpoint, 0)
        _weights_turn[endpoint] = n + 1
    point = (n * 0.618033988749895 % 1) * total  # a low-discrepancy walk over [0, total)
    for variant, weight in zip(variants, weights):
        if point < weight:
            return variant
        point -= weight
    return variants[-1]


# --------------------------------------------------------------------------------------
# Jobs
# --------------------------------------------------------------------------------------


def _patch_jobs() -> None:
    from moto.sagemaker.models import SageMakerModelBackend as Backend

    create_training = Backend.create_training_job
    describe_training = Backend.describe_training_job
    create_tuning = Backend.create_hyper_parameter_tuning_job
    describe_tuning = Backend.describe_hyper_parameter_tuning_job
    create_transform = Backend.create_transform_job
    describe_transform = Backend.describe_transform_job

    def seconds() -> float:
        found = _profile()
        return float(found[1].get("jobSeconds") or 0) if found else 0.0

    def training(self: Any, *args: Any, **kwargs: Any) -> Any:
        job = create_training(self, *args, **kwargs)
        span = seconds()
        if span <= 0 or job.training_job_status not in ("Completed", "Failed"):
            return job  # the launcher's "running" trigger already keeps it going
        now = time.time()
        with _lock:
            _plans[job] = {
                "start": now,
                "end": now + span,
                "status": job.training_job_status,
                "reason": getattr(job, "failure_reason", None),
                "artifacts": job.model_artifacts,
                "metrics": job.final_metric_data_list,
            }
            job.training_job_status = "InProgress"
            job.model_artifacts = None
            job.final_metric_data_list = None
            job.training_end_time = None
            if hasattr(job, "failure_reason"):
                job.failure_reason = None
            _walk_training(job, now)
        return job

    def describe_training_job(self: Any, name: str) -> Any:
        job = self.training_jobs.get(name)
        if job is not None:
            with _lock:
                _walk_training(job, time.time())
        return describe_training(self, name)

    def tuning(self: Any, *args: Any, **kwargs: Any) -> Any:
        arn = create_tuning(self, *args, **kwargs)
        span = seconds()
        job = self.hyper_parameter_tuning_jobs[kwargs["hyper_parameter_tuning_job_name"]]
        if span <= 0:
            return arn
        now = time.time()
        with _lock:
            _plans[job] = {
                "end": now + span,
                "done": {
                    name: getattr(job, name)
                    for name in ("hyper_parameter_tuning_job_status", "hyper_parameter_tuning_end_time", "training_job_status_counters", "objective_status_counters", "best_training_job", "OverallBestTrainingJob")
                },
            }
            job.hyper_parameter_tuning_job_status = "InProgress"
            job.hyper_parameter_tuning_end_time = None
            job.training_job_status_counters = {"Completed": 0, "InProgress": 1, "RetryableError": 0, "NonRetryableError": 0, "Stopped": 0}
            job.objective_status_counters = {"Succeeded": 0, "Pending": 1, "Failed": 0}
            job.best_training_job = None
            job.OverallBestTrainingJob = None
        return arn

    def describe_tuning_job(self: Any, hyper_parameter_tuning_job_name: str) -> Any:
        job = self.hyper_parameter_tuning_jobs.get(hyper_parameter_tuning_job_name)
        if job is not None:
            with _lock:
                plan = _plans.get(job)
                if plan is not None and time.time() >= plan["end"]:
                    for name, value in plan["done"].items():
                        setattr(job, name, value)
                    del _plans[job]
        return describe_tuning(self, hyper_parameter_tuning_job_name)

    def transform(self: Any, *args: Any, **kwargs: Any) -> Any:
        job = create_transform(self, *args, **kwargs)
        span = seconds()
        if span <= 0:
            return job
        with _lock:
            _plans[job] = {"end": time.time() + span, "status": job.transform_job_status}
            job.transform_job_status = "InProgress"
            job.transform_end_time = None
        return job

    def describe_transform_job(self: Any, transform_job_name: str) -> Any:
        job = self.transform_jobs.get(transform_job_name)
        if job is not None:
            with _lock:
                plan = _plans.get(job)
                if plan is not None and time.time() >= plan["end"]:
                    job.transform_job_status = plan["status"]
                    job.transform_end_time = job.last_modified_time = _utc(plan["end"])
                    del _plans[job]
        return describe_transform(self, transform_job_name)

    Backend.create_training_job = training
    Backend.describe_training_job = describe_training_job
    Backend.create_hyper_parameter_tuning_job = tuning
    Backend.describe_hyper_parameter_tuning_job = describe_tuning_job
    Backend.create_transform_job = transform
    Backend.describe_transform_job = describe_transform_job


def _walk_training(job: Any, now: float) -> None:
    """A training job's secondary status and transitions as of `now` (called under the lock)."""
    plan = _plans.get(job)
    if plan is None:
        return
    if job.training_job_status != "InProgress":
        del _plans[job]  # stopped meanwhile: StopTrainingJob decided its end
        return
    start, end = plan["start"], plan["end"]
    failed = plan["status"] == "Failed"
    # A failing job ends in its Training phase; a completing one after Uploading.
    phases = TRAINING_PHASES[:3] if failed else TRAINING_PHASES
    span = (end - start) / len(phases)
    reached = min(len(phases), int((now - start) / span)) if span > 0 else len(phases)
    transitions = []
    for i, (status, message) in enumerate(phases[: reached + 1]):
        began = start + i * span
        transition = {"Status": status, "StartTime": _utc(began), "StatusMessage": message}
        if i < reached:
            transition["EndTime"] = _utc(began + span)
        transitions.append(transition)
    if now < end:
        job.secondary_status = phases[min(reached, len(phases) - 1)][0]
        job.secondary_status_transitions = transitions[: len(phases)]
        return
    final = "Failed" if failed else "Completed"
    job.secondary_status_transitions = transitions[: len(phases)] + [{"Status": final, "StartTime": _utc(end), "EndTime": _utc(end), "StatusMessage": "Training job ended" if not failed else str(plan["reason"] or "")}]
    job.training_job_status = final
    job.secondary_status = final
    job.model_artifacts = plan["artifacts"]
    job.final_metric_data_list = plan["metrics"]
    if failed:
        job.failure_reason = plan["reason"]
    job.training_end_time = job.last_modified_time = _utc(end)
    del _plans[job]
