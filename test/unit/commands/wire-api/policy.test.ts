import { describe, expect, it } from 'vitest';
import { arnParts, executeApiSourceArn, integrationUri, invokePolicy, invokeUrl, logGroupName, trustPolicy } from '../../../../src/commands/wire-api/policy.js';
import { UsageError } from '../../../../src/core/errors.js';

const ENDPOINT = 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint/churn';
const FUNCTION = 'arn:aws:lambda:eu-west-1:123456789012:function:churn-invoke';

describe('the IAM documents', () => {
  it('trust: Lambda, and only Lambda, may assume the role', () => {
    expect(trustPolicy()).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('inline policy: InvokeEndpoint on this one endpoint, and writing to the function’s own log group — nothing else', () => {
    expect(invokePolicy(ENDPOINT, 'churn-invoke')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'InvokeTheEndpoint', Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: ENDPOINT },
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/churn-invoke:*',
        },
      ],
    });
  });

  it('has no wildcard action and no sagemaker action but InvokeEndpoint', () => {
    const statements = invokePolicy(ENDPOINT, 'churn-invoke').Statement as { Action: string | string[]; Resource: string | string[] }[];
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('sagemaker:'))).toEqual(['sagemaker:InvokeEndpoint']);
    expect(statements.flatMap((s) => [s.Resource].flat())).not.toContain('*');
  });
});

describe('the API Gateway wiring', () => {
  const parts = arnParts(ENDPOINT);

  it('reads partition, region and account from an ARN', () => {
    expect(parts).toEqual({ partition: 'aws', region: 'eu-west-1', account: '123456789012' });
    expect(arnParts('arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/x').partition).toBe('aws-cn');
    expect(() => arnParts('churn')).toThrow(UsageError);
  });

  it('integration URI: the Lambda invocations path of the function', () => {
    expect(integrationUri('eu-west-1', FUNCTION)).toBe(
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:churn-invoke/invocations',
    );
  });

  it('permission source ARN: this API, POST, this path', () => {
    expect(executeApiSourceArn(parts, 'a1b2c3', 'POST', 'predict')).toBe('arn:aws:execute-api:eu-west-1:123456789012:a1b2c3/*/POST/predict');
  });

  it('invoke URL and log group name', () => {
    expect(invokeUrl(parts, 'a1b2c3', 'prod', 'predict')).toBe('https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod/predict');
    expect(invokeUrl(arnParts('arn:aws-cn:sagemaker:cn-north-1:123456789012:endpoint/x'), 'a', 'prod', 'p')).toBe(
      'https://a.execute-api.cn-north-1.amazonaws.com.cn/prod/p',
    );
    expect(logGroupName('churn-invoke')).toBe('/aws/lambda/churn-invoke');
  });
});
