import { janitorPolicy, schedulerPolicy, serviceTrust } from './policy.js';
import { JANITOR, JANITOR_TAG, type JanitorEvent, type JanitorSettings } from './settings.js';
import { MANAGED_BY_VALUE, TagKey } from '../../core/tags.js';
import { VERSION } from '../../core/version.js';

/**
 * The janitor as a CloudFormation template: the same role, policy, log group, function,
 * schedule and alarm `janitor install` creates, for StackSets to roll out to every account of an
 * OU (each account's janitor then cleans its own account). The function's code comes from S3
 * (`janitor template --zip` writes the zip to upload): CloudFormation takes inline code only up
 * to 4 KB.
 */
export function janitorTemplate(settings: JanitorSettings, expression: string, logRetentionDays: number): Record<string, unknown> {
  const tags = [
    { Key: TagKey.ManagedBy, Value: MANAGED_BY_VALUE },
    { Key: TagKey.Version, Value: VERSION },
    { Key: JANITOR_TAG, Value: 'true' },
  ];
  const event: JanitorEvent = { source: 'sagectl.janitor', settings };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `sagectl ${VERSION} janitor: teardown --idle ${settings.idle}${settings.pause ? ' --pause' : ''} on ${expression}`,
    Parameters: {
      CodeBucket: {
        Type: 'String',
        Description: 'S3 bucket holding the janitor zip (`sagectl janitor template --zip janitor.zip`), readable by every target account',
      },
      CodeKey: { Type: 'String', Default: `sagectl/janitor-${VERSION}.zip`, Description: 'S3 key of the janitor zip' },
      AlarmTopicArn: { Type: 'String', Default: '', Description: 'SNS topic notified when a run fails (empty: the alarm only shows in CloudWatch)' },
    },
    Conditions: { HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmTopicArn' }, ''] }] } },
    Resources: {
      JanitorRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: JANITOR.role,
          AssumeRolePolicyDocument: serviceTrust('lambda.amazonaws.com'),
          Policies: [{ PolicyName: JANITOR.policy, PolicyDocument: janitorPolicy(settings) }],
          Tags: tags,
        },
      },
      JanitorLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: JANITOR.logGroup, RetentionInDays: logRetentionDays, Tags: tags },
      },
      JanitorFunction: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['JanitorLogGroup'],
        Properties: {
          FunctionName: JANITOR.function,
          Role: { 'Fn::GetAtt': ['JanitorRole', 'Arn'] },
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
          Timeout: 900,
          MemorySize: 512,
          Tags: tags,
        },
      },
      SchedulerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: JANITOR.schedulerRole,
          AssumeRolePolicyDocument: serviceTrust('scheduler.amazonaws.com'),
          Policies: [{ PolicyName: JANITOR.policy, PolicyDocument: schedulerPolicy({ 'Fn::GetAtt': ['JanitorFunction', 'Arn'] }) }],
          Tags: tags,
        },
      },
      JanitorSchedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: {
          Name: JANITOR.schedule,
          ScheduleExpression: expression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          State: 'ENABLED',
          Target: {
            Arn: { 'Fn::GetAtt': ['JanitorFunction', 'Arn'] },
            RoleArn: { 'Fn::GetAtt': ['SchedulerRole', 'Arn'] },
            Input: JSON.stringify(event),
            RetryPolicy: { MaximumRetryAttempts: 0 },
          },
        },
      },
      JanitorErrorsAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: JANITOR.alarm,
          AlarmDescription: `A sagectl janitor run failed in part: read its report with \`sagectl janitor status\` (log group ${JANITOR.logGroup}).`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: JANITOR.function }],
          Statistic: 'Sum',
          Period: 3600,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: { 'Fn::If': ['HasAlarmTopic', [{ Ref: 'AlarmTopicArn' }], { Ref: 'AWS::NoValue' }] },
        },
      },
    },
    Outputs: { FunctionArn: { Value: { 'Fn::GetAtt': ['JanitorFunction', 'Arn'] } } },
  };
}
