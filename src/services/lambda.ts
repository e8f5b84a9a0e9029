import { messageOf } from '../core/errors.js';
import {
  LambdaClient,
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListTagsCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type Runtime,
} from '@aws-sdk/client-lambda';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { isManaged, TagKey, type Tags } from '../core/tags.js';
import { translateAwsError } from '../core/aws-errors.js';
import { awsCall, awsCallStrict, hasErrorName, deleteIfExists } from './call.js';
import type { DeleteOutcome } from './sagemaker.js';

/** Lambda says "not found" as ResourceNotFoundException; this is the one place that knows it. */
export function isLambdaNotFound(error: unknown): boolean {
  return hasErrorName(error, 'ResourceNotFoundException');
}

/**
 * A role created moments ago is not yet assumable by Lambda (IAM is eventually consistent), and
 * CreateFunction says so with this InvalidParameterValueException; it clears within seconds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
export function isRoleNotYetAssumable(error: unknown): boolean {
  return hasErrorName(error, 'InvalidParameterValueException') && /role defined for the function cannot be assumed by Lambda/i.test(messageOf(error));
}

/** What sagectl sets on a function: code, handler, runtime, role and environment. */
export interface FunctionSpec {
  name: string;
  roleArn: string;
  runtime: Runtime;
  handler: string;
  zip: Uint8Array;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMB: number;
  description: string;
}

export interface FunctionInfo {
  name: string;
  arn: string;
  /** Pending, Active, Inactive, Failed. */
  state: string;
  /** InProgress, Successful, Failed: whether the last update finished. */
  lastUpdateStatus: string;
  tags: Tags;
}

/** Lambda in sagectl's vocabulary: wire-api's function and the permission API Gateway needs. */
export class LambdaService {
  constructor(
    private readonly client: LambdaClient,
    private readonly logger: Logger,
  ) {}

  /** Builds the service with a client configured by the one client factory. */
  static create(options: ClientOptions): LambdaService {
    return new LambdaService(new LambdaClient(clientConfig(options)), options.logger);
  }

  /** The function with its tags, or undefined when there is none by that name. */
  async getFunction(name: string): Promise<FunctionInfo | undefined> {
    const out = await awsCall(this.logger, 'GetFunction', () => this.client.send(new GetFunctionCommand({ FunctionName: name })), isLambdaNotFound);
    if (!out?.Configuration) return undefined;
    const c = out.Configuration;
    return {
      name: c.FunctionName ?? name,
      arn: c.FunctionArn ?? '',
      state: c.State ?? 'Active',
      lastUpdateStatus: c.LastUpdateStatus ?? 'Successful',
      tags: out.Tags ?? {},
    };
  }

  /**
   * Creates the function; returns its ARN, or `role-not-ready` when the role is too new for
   * Lambda to assume (the caller retries that, and only that, with backoff).
   */
  async createFunction(spec: FunctionSpec, tags: Tags): Promise<{ arn: string } | 'role-not-ready'> {
    try {
      const out = await this.client.send(
        new CreateFunctionCommand({
          FunctionName: spec.name,
          Role: spec.roleArn,
          Runtime: spec.runtime,
          Handler: spec.handler,
          Code: { ZipFile: spec.zip },
          Environment: { Variables: spec.environment },
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memoryMB,
          Description: spec.description,
          Tags: tags,
        }),
      );
      return { arn: out.FunctionArn ?? '' };
    } catch (error) {
      if (isRoleNotYetAssumable(error)) {
        this.logger.debug('CreateFunction: the role cannot be assumed yet');
        return 'role-not-ready';
      }
      // A retried create whose first answer was lost: the function holding this stack's tags is this run's.
      if (hasErrorName(error, 'ResourceConflictException') && tags[TagKey.Stack] !== undefined) {
        const existing = await this.getFunction(spec.name);
        if (existing && isManaged(existing.tags, tags[TagKey.Stack])) {
          this.logger.info({ function: spec.name }, "CreateFunction: already exists with this stack's tags (an earlier answer was lost): using it");
          return { arn: existing.arn };
        }
      }
      throw translateAwsError('CreateFunction', error);
    }
  }

  /** Sets role, runtime, handler, environment, timeout and memory on an existing function. */
  async updateConfiguration(spec: FunctionSpec): Promise<void> {
    await awsCallStrict(this.logger, 'UpdateFunctionConfiguration', () =>
      this.client.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: spec.name,
          Role: spec.roleArn,
          Runtime: spec.runtime,
          Handler: spec.handler,
          Environment: { Variables: spec.environment },
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memoryMB,
          Description: spec.description,
        }),
      ),
    );
  }

  /** Replaces the function's code. */
  async updateCode(name: string, zip: Uint8Array): Promise<void> {
    await awsCallStrict(this.logger, 'UpdateFunctionCode', () => this.client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip })));
  }

  /**
   * Lets a service principal invoke the function from `sourceArn` only; a statement of the same
   * id is replaced, so a re-run converges on the current API, method and path.
   */
  async allowInvoke(name: string, statementId: string, principal: string, sourceArn: string): Promise<void> {
    await awsCall(
      this.logger,
      'RemovePermission',
      () => this.client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: statementId })),
      isLambdaNotFound,
    );
    await awsCallStrict(this.logger, 'AddPermission', () =>
      this.client.send(
        new AddPermissionCommand({ FunctionName: name, StatementId: statementId, Action: 'lambda:InvokeFunction', Principal: principal, SourceArn: sourceArn }),
      ),
    );
  }

  /** The tags of a function by ARN; an empty record when it is gone. */
  async listTags(arn: string): Promise<Tags> {
    const out = await awsCall(this.logger, 'ListTags', () => this.client.send(new ListTagsCommand({ Resource: arn })), isLambdaNotFound);
    return out?.Tags ?? {};
  }

  /** Adds or overwrites the function's tags. */
  async tagFunction(arn: string, tags: Tags): Promise<void> {
    await awsCallStrict(this.logger, 'TagResource', () => this.client.send(new TagResourceCommand({ Resource: arn, Tags: tags })));
  }

  /** Deletes the function, its permissions with it; one that is already gone counts as success. */
  async deleteFunction(name: string): Promise<DeleteOutcome> {
    return deleteIfExists(this.logger, 'DeleteFunction', () => this.client.send(new DeleteFunctionCommand({ FunctionName: name })), isLambdaNotFound);
  }
}
