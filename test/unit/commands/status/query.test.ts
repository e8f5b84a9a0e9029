import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeEndpointCommand, ListEndpointsCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { main } from '../../../../src/commands/status/index.js';
import type { GlobalOptions } from '../../../../src/cli/global-options.js';
import { memoryStream } from '../../helpers/streams.js';

// `--query` through a whole command: a bad expression is refused before any request, a good one
// selects from the result document, and an error document is never queried.

// Class-level mock (status's main builds its own client); restored after this file, since unit
// files share their modules.
const sagemaker = mockClient(SageMakerClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
afterAll(() => {
  sagemaker.restore();
  tagging.restore();
});
let savedExitCode: typeof process.exitCode;
beforeEach(() => {
  sagemaker.reset();
  tagging.reset();
  savedExitCode = process.exitCode;
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = savedExitCode;
});

const CREATED = new Date('2026-11-20T10:00:00Z');

function endpoints(...names: string[]): void {
  sagemaker.on(ListEndpointsCommand).resolves({
    Endpoints: names.map((name) => ({
      EndpointName: name,
      EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${name}`,
      EndpointStatus: 'InService',
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
    })),
  });
  sagemaker.on(DescribeEndpointCommand).callsFake((input: { EndpointName: string }) => ({
    EndpointName: input.EndpointName,
    EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${input.EndpointName}`,
    EndpointStatus: 'InService',
    CreationTime: CREATED,
    LastModifiedTime: CREATED,
  }));
  // The fleet's tags come from one tagging-API inventory (status over the fleet reads no ListTags).
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: names.map((name) => ({
      ResourceARN: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${name}`,
      Tags: [
        { Key: 'sagectl:stack', Value: name },
        { Key: 'sagectl:managed-by', Value: 'sagectl' },
      ],
    })),
  });
  sagemaker.on(ListTagsCommand).callsFake((input: { ResourceArn: string }) => ({
    Tags: [
      { Key: 'sagectl:stack', Value: input.ResourceArn.split('/').pop() },
      { Key: 'sagectl:managed-by', Value: 'sagectl' },
    ],
  }));
}

async function status(globals: GlobalOptions): Promise<{ exitCode: number | undefined; stdout: string; logs: string }> {
  const logs = memoryStream();
  vi.spyOn(pino, 'destination').mockReturnValue(logs as unknown as ReturnType<typeof pino.destination>);
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  // A refusal before the logger starts is written to stderr as the same JSON log line.
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  try {
    await main({ region: 'us-east-1', logFormat: 'json', ...globals }, undefined, {});
    return { exitCode: typeof process.exitCode === 'number' ? process.exitCode : undefined, stdout, logs: stderr + logs.text() };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
    vi.mocked(process.stderr.write).mockRestore();
  }
}

describe('status --output json --query', () => {
  it('prints only what the expression selects', async () => {
    endpoints('churn-xgb', 'churn-exp-7');
    const result = await status({ output: 'json', query: 'stacks[].stack' });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['churn-exp-7', 'churn-xgb']);
    expect(sagemaker.commandCalls(ListEndpointsCommand)).toHaveLength(1);
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(1);
  });

  it('a bad expression is exit 2 naming it and where, and no request is sent', async () => {
    endpoints('churn-xgb');
    const result = await status({ output: 'json', query: 'stacks[] | | stack' });
    expect(result.exitCode).toBe(2);
    expect(result.logs).toContain('--query \\"stacks[] | | stack\\": not a valid JMESPath expression, at column 12');
    expect(sagemaker.calls()).toHaveLength(0);
    // One JSON document on stdout even so: the error's.
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'usage', exitCode: 2 } });
  });

  it('--query without --output json is refused (exit 2), before any request', async () => {
    endpoints('churn-xgb');
    const result = await status({ query: 'stacks[].stack' });
    expect(result.exitCode).toBe(2);
    expect(result.logs).toContain('--query selects from the JSON result: add --output json');
    expect(result.stdout).toBe('');
    expect(sagemaker.calls()).toHaveLength(0);
  });

  it('an error document is written whole: the query applies to results only', async () => {
    sagemaker
      .on(ListEndpointsCommand)
      .rejects(Object.assign(new Error('no ListEndpoints for you'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const result = await status({ output: 'json', query: 'stacks[].stack' });
    expect(result.exitCode).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'aws-refused', exitCode: 3 } });
  });
});
