"""Notebook instances for the e2e launcher: moto 5.2.5 has them and their lifecycle configs, but
not CreatePresignedNotebookInstanceUrl, nor tags on a lifecycle config (CreateNotebookInstanceLifecycleConfig
takes Tags; AddTags/ListTags accept its ARN). Installed by moto_server.py:
  https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedNotebookInstanceUrl.html
  https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstanceLifecycleConfig.html
The URL has AWS's shape, https://<name>.notebook.<region>.sagemaker.aws?authToken=..., and is
refused for a notebook that does not exist, as AWS does (ValidationException RecordNotFound).
"""

from __future__ import annotations

import secrets
from typing import Any


def install() -> None:
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.models import SageMakerModelBackend as Backend
    from moto.sagemaker.responses import SageMakerResponse

    def presigned_url(self: Any) -> ActionResult:
        name = self._get_param("NotebookInstanceName")
        if name not in self.sagemaker_backend.notebook_instances:
            raise ValidationError(message="RecordNotFound")
        token = secrets.token_urlsafe(24)
        return ActionResult({"AuthorizedUrl": f"https://{name}.notebook.{self.region}.sagemaker.aws?authToken={token}"})

    SageMakerResponse.create_presigned_notebook_instance_url = presigned_url

    previous_create = SageMakerResponse.create_notebook_instance_lifecycle_config

    def create_lifecycle(self: Any) -> Any:
        result = previous_create(self)
        name = self._get_param("NotebookInstanceLifecycleConfigName")
        config = self.sagemaker_backend.notebook_instance_lifecycle_configurations.get(name)
        if config is not None:
            config.tags = self._get_param("Tags") or []
        return result

    SageMakerResponse.create_notebook_instance_lifecycle_config = create_lifecycle

    previous_resource = Backend._get_resource_from_arn

    def get_resource_from_arn(self: Any, arn: str) -> Any:
        if ":notebook-instance-lifecycle-config/" in arn:
            for config in self.notebook_instance_lifecycle_configurations.values():
                if config.arn == arn:
                    if not hasattr(config, "tags"):
                        config.tags = []
                    return config
            raise ValidationError(f'Could not find resource "{arn}".')
        return previous_resource(self, arn)

    Backend._get_resource_from_arn = get_resource_from_arn
