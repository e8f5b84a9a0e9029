"""Data capture for the e2e launcher: moto keeps an endpoint config's DataCaptureConfig but
never captures anything. Installed by moto_server.py, this makes InvokeEndpoint on an endpoint
whose config enables capture write what SageMaker writes, so sagectl's drift reads the real path:

  <DestinationS3Uri>/<endpoint>/<variant>/yyyy/mm/dd/hh/<mm-ss-mmm>-<uuid>.jsonl

one JSON record per request, with captureData.endpointInput / endpointOutput
({observedContentType, mode, data, encoding}) and eventMetadata.inferenceTime
(https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture-endpoint.html).
The encoding follows CaptureContentTypeHeader: CSV or JSON for the content types it lists,
BASE64 for everything else, which is SageMaker's default when no header is given
(https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CaptureContentTypeHeader.html).
SageMaker buffers records and writes a file every few minutes; here each request gets its own
file at once, so a test can read its traffic back without waiting. A capture that fails (no
such bucket) never fails the request, as on AWS.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import uuid
from datetime import datetime, timezone
from typing import Any

log = logging.getLogger("launcher.capture")


def _encode(data: bytes, content_type: str, header: dict[str, Any]) -> tuple[str, str]:
    media = content_type.split(";")[0].strip().lower()
    if media in [t.lower() for t in header.get("CsvContentTypes", [])]:
        return "CSV", data.decode("utf-8", "replace")
    if media in [t.lower() for t in header.get("JsonContentTypes", [])]:
        return "JSON", data.decode("utf-8", "replace")
    return "BASE64", base64.b64encode(data).decode("ascii")


def _side(data: bytes, content_type: str, mode: str, header: dict[str, Any]) -> dict[str, str]:
    encoding, text = _encode(data, content_type, header)
    return {"observedContentType": content_type, "mode": mode, "data": text, "encoding": encoding}


def _bytes(value: Any) -> bytes:
    if value is None:
        return b""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def capture(account: str, region: str, endpoint_name: str, request: dict[str, Any], answer: dict[str, Any]) -> str | None:
    """Writes one capture record for a request its endpoint's config captures; returns the S3 key, if any."""
    from moto.s3.models import s3_backends
    from moto.sagemaker.models import sagemaker_backends

    backend = sagemaker_backends[account][region]
    endpoint = backend.endpoints.get(endpoint_name)
    config = backend.endpoint_configs.get(endpoint.endpoint_config_name) if endpoint else None
    settings = (config.data_capture_config if config else None) or {}
    if not settings.get("EnableCapture"):
        return None
    if random.uniform(0, 100) >= float(settings.get("InitialSamplingPercentage", 0)):
        return None
    modes = {o.get("CaptureMode") for o in settings.get("CaptureOptions", [])} or {"Input", "Output"}
    header = settings.get("CaptureContentTypeHeader") or {}
    variants = [v.get("VariantName") for v in config.production_variants]
    wanted = request.get("target_variant") or answer.get("variant")
    variant = wanted if wanted in variants else variants[0]
    now = datetime.now(timezone.utc)
    data: dict[str, Any] = {}
    if "Input" in modes:
        data["endpointInput"] = _side(_bytes(request["body"]), request["content_type"] or "application/octet-stream", "INPUT", header)
    if "Output" in modes:
        data["endpointOutput"] = _side(_bytes(answer["body"]), answer["content_type"] or "application/octet-stream", "OUTPUT", header)
    record = {
        "captureData": data,
        "eventMetadata": {"eventId": str(uuid.uuid4()), "inferenceTime": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"},
        "eventVersion": "0",
    }
    destination = settings["DestinationS3Uri"][len("s3://"):]
    bucket, _, prefix = destination.partition("/")
    folder = now.strftime("%Y/%m/%d/%H")
    name = now.strftime("%M-%S-") + f"{now.microsecond // 1000:03d}-{uuid.uuid4()}.jsonl"
    key = "/".join(p for p in [prefix.strip("/"), endpoint_name, variant, folder, name] if p)
    s3_backends[account]["aws"].put_object(bucket, key, (json.dumps(record) + "\n").encode("utf-8"))
    return key


def install() -> None:
    """Wraps InvokeEndpoint (after any other launcher patch of it) to capture what it answered."""
    from urllib.parse import unquote

    from moto.sagemakerruntime.responses import SageMakerRuntimeResponse

    previous = SageMakerRuntimeResponse.invoke_endpoint

    def invoke_endpoint(self: Any) -> Any:
        result = previous(self)
        status, headers, body = result
        if int(status) != 200:
            return result
        try:
            capture(
                self.current_account,
                self.region,
                unquote(self.path.split("/")[2]),
                {
                    "body": self.body,
                    "content_type": self.headers.get("Content-Type"),
                    "target_variant": self.headers.get("X-Amzn-SageMaker-Target-Variant"),
                },
                {"body": body, "content_type": headers.get("Content-Type"), "variant": headers.get("x-Amzn-Invoked-Production-Variant")},
            )
        except Exception:  # noqa: BLE001 - as on AWS, a capture that fails never fails the request
            log.exception("data capture failed")
        return result

    SageMakerRuntimeResponse.invoke_endpoint = invoke_endpoint
