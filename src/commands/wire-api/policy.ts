import { UsageError } from '../../core/errors.js';
import type { PolicyDocument } from '../../services/iam.js';

/**
 * The documents and ARNs wire-api writes, as pure functions: least privilege is easier to keep
 * when it is tested exactly. Everything is derived from the endpoint's ARN (partition, region,
 * account), so wire-api needs no extra call to learn the account.
 */

export interface ArnParts {
  partition: string;
  region: string;
  account: string;
}

/** Partition, region and account of an ARN such as `arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn`. */
export function arnParts(arn: string): ArnParts {
  const m = /^arn:(aws[a-z-]*):[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(arn);
  if (!m) throw new UsageError(`expected an ARN with a region and account, found "${arn}"`);
  return { partition: m[1]!, region: m[2]!, account: m[3]! };
}

/** The log group Lambda writes the function's logs to. */
export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Lambda, and nothing else, may assume the role. */
export function trustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
}

/**
 * The role's one inline policy: invoke this endpoint, write to this function's own log group.
 * wire-api creates that log group itself (tagged, with a retention), so the role needs no
 * `logs:CreateLogGroup`.
 */
export function invokePolicy(endpointArn: string, functionName: string): PolicyDocument {
  const { partition, region, account } = arnParts(endpointArn);
  const logGroup = `arn:${partition}:logs:${region}:${account}:log-group:${logGroupName(functionName)}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'InvokeTheEndpoint', Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: endpointArn },
      { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroup}:*` },
    ],
  };
}

/** The inline policy's name. */
export const INVOKE_POLICY_NAME = 'invoke-endpoint';

/** The URI an `AWS_PROXY` integration calls the function by. */
export function integrationUri(region: string, functionArn: string): string {
  const { partition } = arnParts(functionArn);
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/**
 * The `execute-api` ARN API Gateway calls the function from: this API, any stage (so the
 * console's test invocations work), POST, this path only.
 */
export function executeApiSourceArn(parts: ArnParts, apiId: string, method: string, path: string): string {
  return `arn:${parts.partition}:execute-api:${parts.region}:${parts.account}:${apiId}/*/${method}/${path}`;
}

/** The public URL of the method. */
export function invokeUrl(parts: ArnParts, apiId: string, stage: string, path: string): string {
  const suffix = parts.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${apiId}.execute-api.${parts.region}.${suffix}/${stage}/${path}`;
}
