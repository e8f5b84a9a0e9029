import {
  CreateNotebookInstanceCommand,
  CreateNotebookInstanceLifecycleConfigCommand,
  CreatePresignedNotebookInstanceUrlCommand,
  DeleteNotebookInstanceCommand,
  DeleteNotebookInstanceLifecycleConfigCommand,
  DescribeNotebookInstanceCommand,
  DescribeNotebookInstanceLifecycleConfigCommand,
  SageMakerClient,
  StartNotebookInstanceCommand,
  StopNotebookInstanceCommand,
  paginateListNotebookInstances,
  type CreateNotebookInstanceCommandInput,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { toTagList, type Tags } from '../core/tags.js';
import { awsCall, awsCallStrict, deleteIfExists } from './call.js';
import type { DeleteOutcome, ResourceSummary } from './sagemaker.js';

/** A notebook instance, as sagectl reads it. */
export interface NotebookInfo {
  name: string;
  arn: string;
  /** Pending, InService, Stopping, Stopped, Failed, Deleting, Updating. */
  status: string;
  instanceType?: string;
  defaultCodeRepository?: string;
  lifecycleConfig?: string;
  failureReason?: string;
}

/**
 * SageMaker says a notebook instance or lifecycle config is not there with a ValidationException
 * "RecordNotFound" (instances) or "… does not exist" (lifecycle configs). Only here.
 */
export function isNotebookNotFound(error: unknown): boolean {
  return error instanceof Error && error.name.startsWith('Validation') && /RecordNotFound|does not exist|could not find/i.test(error.message);
}

/** Notebook instances and their lifecycle configurations in sagectl's vocabulary. */
export class NotebookService {
  constructor(
    private readonly client: SageMakerClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): NotebookService {
    return new NotebookService(new SageMakerClient(clientConfig(options)), options.logger);
  }

  async describe(name: string): Promise<NotebookInfo | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeNotebookInstance',
      () => this.client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name })),
      isNotebookNotFound,
    );
    // Every real answer names the ARN; one without it describes nothing.
    if (!out?.NotebookInstanceArn) return undefined;
    return {
      name,
      arn: out.NotebookInstanceArn,
      status: out.NotebookInstanceStatus ?? 'Unknown',
      ...(out.InstanceType ? { instanceType: out.InstanceType } : {}),
      ...(out.DefaultCodeRepository ? { defaultCodeRepository: out.DefaultCodeRepository } : {}),
      ...(out.NotebookInstanceLifecycleConfigName ? { lifecycleConfig: out.NotebookInstanceLifecycleConfigName } : {}),
      ...(out.FailureReason ? { failureReason: out.FailureReason } : {}),
    };
  }

  /** Every notebook instance in the region (all pages): name, ARN, creation time and status, for fleet selection. */
  async list(): Promise<ResourceSummary[]> {
    const rows: ResourceSummary[] = [];
    await awsCallStrict(this.logger, 'ListNotebookInstances', async () => {
      for await (const page of paginateListNotebookInstances({ client: this.client }, {})) {
        for (const n of page.NotebookInstances ?? []) {
          rows.push({
            name: n.NotebookInstanceName ?? '',
            arn: n.NotebookInstanceArn ?? '',
            ...(n.CreationTime ? { creationTime: n.CreationTime } : {}),
            ...(n.NotebookInstanceStatus ? { status: n.NotebookInstanceStatus } : {}),
          });
        }
      }
    });
    return rows;
  }

  async create(input: CreateNotebookInstanceCommandInput): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateNotebookInstance', () => this.client.send(new CreateNotebookInstanceCommand(input)));
    return out.NotebookInstanceArn ?? '';
  }

  async start(name: string): Promise<void> {
    await awsCallStrict(this.logger, 'StartNotebookInstance', () => this.client.send(new StartNotebookInstanceCommand({ NotebookInstanceName: name })));
  }

  async stop(name: string): Promise<void> {
    await awsCallStrict(this.logger, 'StopNotebookInstance', () => this.client.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name })));
  }

  delete(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteNotebookInstance',
      () => this.client.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: name })),
      isNotebookNotFound,
    );
  }

  /** A URL that opens Jupyter for 5 minutes (SessionExpirationDurationInSeconds sets how long the session lasts). */
  async presignedUrl(name: string): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreatePresignedNotebookInstanceUrl', () =>
      this.client.send(new CreatePresignedNotebookInstanceUrlCommand({ NotebookInstanceName: name })),
    );
    return out.AuthorizedUrl ?? '';
  }

  /** The lifecycle configuration's ARN, or undefined when there is none of that name. */
  async describeLifecycleConfig(name: string): Promise<string | undefined> {
    const out = await awsCall(
      this.logger,
      'DescribeNotebookInstanceLifecycleConfig',
      () => this.client.send(new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: name })),
      isNotebookNotFound,
    );
    return out?.NotebookInstanceLifecycleConfigArn;
  }

  /** A lifecycle configuration whose on-start script is `script`. */
  async createLifecycleConfig(name: string, script: string, tags: Tags): Promise<string> {
    const out = await awsCallStrict(this.logger, 'CreateNotebookInstanceLifecycleConfig', () =>
      this.client.send(
        new CreateNotebookInstanceLifecycleConfigCommand({
          NotebookInstanceLifecycleConfigName: name,
          OnStart: [{ Content: Buffer.from(script).toString('base64') }],
          Tags: toTagList(tags),
        }),
      ),
    );
    return out.NotebookInstanceLifecycleConfigArn ?? '';
  }

  deleteLifecycleConfig(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(
      this.logger,
      'DeleteNotebookInstanceLifecycleConfig',
      () => this.client.send(new DeleteNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: name })),
      isNotebookNotFound,
    );
  }
}
