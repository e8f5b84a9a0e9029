import type { ClientOptions } from '../core/clients.js';
import type { ApiGatewayService } from './apigateway.js';
import type { AutoScalingService } from './autoscaling.js';
import type { IamService } from './iam.js';
import type { JobsService } from './jobs.js';
import type { LambdaService } from './lambda.js';
import type { LogsService } from './logs.js';
import type { MetricsService } from './metrics.js';
import type { MonitoringService } from './monitoring.js';
import type { NotebookService } from './notebooks.js';
import type { RegistryService } from './registry.js';
import type { RuntimeService } from './runtime.js';
import type { S3Service } from './s3.js';
import type { SageMakerService } from './sagemaker.js';
import type { TaggingService } from './tagging.js';
import type { StsService } from './sts.js';
import type { OrganizationsService } from './organizations.js';
import type { RegionsService } from './regions.js';
import type { SchedulerService } from './scheduler.js';
import type { AlarmsService } from './alarms.js';

/**
 * Builds the services a command asks for, importing each one's AWS SDK client only then. A
 * command module imports this (and the services' types), never a service class, so that flag
 * and config errors are reported before the SDK is loaded (DESIGN.md: fast to start), and each
 * command pays only for the clients it uses.
 */
export class ServiceFactory {
  constructor(private readonly options: ClientOptions) {}

  async sagemaker(): Promise<SageMakerService> {
    return (await import('./sagemaker.js')).SageMakerService.create(this.options);
  }

  async runtime(): Promise<RuntimeService> {
    return (await import('./runtime.js')).RuntimeService.create(this.options);
  }

  async jobs(): Promise<JobsService> {
    return (await import('./jobs.js')).JobsService.create(this.options);
  }

  async logs(): Promise<LogsService> {
    return (await import('./logs.js')).LogsService.create(this.options);
  }

  async metrics(): Promise<MetricsService> {
    return (await import('./metrics.js')).MetricsService.create(this.options);
  }

  async tagging(): Promise<TaggingService> {
    return (await import('./tagging.js')).TaggingService.create(this.options);
  }

  async iam(): Promise<IamService> {
    return (await import('./iam.js')).IamService.create(this.options);
  }

  async lambda(): Promise<LambdaService> {
    return (await import('./lambda.js')).LambdaService.create(this.options);
  }

  async autoscaling(): Promise<AutoScalingService> {
    return (await import('./autoscaling.js')).AutoScalingService.create(this.options);
  }

  async apigateway(): Promise<ApiGatewayService> {
    return (await import('./apigateway.js')).ApiGatewayService.create(this.options);
  }

  async registry(): Promise<RegistryService> {
    return (await import('./registry.js')).RegistryService.create(this.options);
  }

  async sts(): Promise<StsService> {
    return (await import('./sts.js')).StsService.create(this.options);
  }

  async organizations(): Promise<OrganizationsService> {
    return (await import('./organizations.js')).OrganizationsService.create(this.options);
  }

  async regions(): Promise<RegionsService> {
    return (await import('./regions.js')).RegionsService.create(this.options);
  }

  async scheduler(): Promise<SchedulerService> {
    return (await import('./scheduler.js')).SchedulerService.create(this.options);
  }

  async alarms(): Promise<AlarmsService> {
    return (await import('./alarms.js')).AlarmsService.create(this.options);
  }

  async monitoring(): Promise<MonitoringService> {
    return (await import('./monitoring.js')).MonitoringService.create(this.options);
  }

  async notebooks(): Promise<NotebookService> {
    return (await import('./notebooks.js')).NotebookService.create(this.options);
  }

  async s3(): Promise<S3Service> {
    return (await import('./s3.js')).S3Service.create(this.options);
  }
}
