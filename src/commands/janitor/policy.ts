import type { PolicyDocument } from '../../services/iam.js';
import { MANAGED_BY_VALUE, TagKey } from '../../core/tags.js';
import { JANITOR, type JanitorSettings } from './settings.js';

/**
 * The janitor's IAM documents as pure functions, tested exactly (least privilege is easier to
 * keep when it is written once). Deletes are scoped by the `sagectl:managed-by` tag where IAM
 * supports it; list and describe actions have no resource-level scoping, hence `*` there.
 */

/** Who may assume a role: one service, nothing else. */
export function serviceTrust(service: 'lambda.amazonaws.com' | 'scheduler.amazonaws.com'): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

const MANAGED = { StringEquals: { [`aws:ResourceTag/${TagKey.ManagedBy}`]: MANAGED_BY_VALUE } };

/** The teardown reads and deletes (the same as docs/ci-and-cron.md's teardown-only role). */
function teardownStatements(): Record<string, unknown>[] {
  return [
    {
      Sid: 'FindManagedStacks',
      Effect: 'Allow',
      Action: [
        'tag:GetResources',
        'sagemaker:ListEndpoints',
        'sagemaker:ListEndpointConfigs',
        'sagemaker:ListModels',
        'sagemaker:ListTags',
        'sagemaker:DescribeEndpoint',
        // --idle reads the candidates' variants from one Search per hundred endpoints.
        'sagemaker:Search',
        'sagemaker:DescribeEndpointConfig',
        'cloudwatch:GetMetricData',
        'application-autoscaling:DescribeScalableTargets',
        // Pause records each variant's target-tracking policy before the endpoint goes.
        'application-autoscaling:DescribeScalingPolicies',
        'logs:DescribeLogGroups',
        // A fleet's wire-api roles are read with one ListRoles (the tagging API never shows roles).
        'iam:ListRoles',
        // A selected stack's notebook and Model Monitor schedule go with it.
        'sagemaker:ListNotebookInstances',
        'sagemaker:DescribeNotebookInstance',
        'sagemaker:DescribeNotebookInstanceLifecycleConfig',
        'sagemaker:ListMonitoringSchedules',
        'sagemaker:DescribeMonitoringSchedule',
        'sagemaker:DescribeDataQualityJobDefinition',
      ],
      Resource: '*',
    },
    {
      Sid: 'FindEachStacksApi',
      Effect: 'Allow',
      Action: ['lambda:GetFunction', 'iam:GetRole', 'iam:ListRoleTags', 'iam:ListRolePolicies', 'logs:ListTagsForResource', 'apigateway:GET'],
      Resource: [
        'arn:aws:lambda:*:*:function:*-invoke',
        'arn:aws:iam::*:role/*-invoke-role',
        'arn:aws:logs:*:*:log-group:/aws/lambda/*-invoke*',
        'arn:aws:apigateway:*::/restapis',
        'arn:aws:apigateway:*::/usageplans',
        'arn:aws:apigateway:*::/apikeys',
      ],
    },
    { Sid: 'DeregisterAutoscalingOfTheEndpoints', Effect: 'Allow', Action: ['application-autoscaling:DeregisterScalableTarget'], Resource: '*' },
    {
      Sid: 'DeleteOrPauseOnlyWhatSagectlManages',
      Effect: 'Allow',
      Action: [
        'sagemaker:DeleteEndpoint',
        'sagemaker:DeleteEndpointConfig',
        'sagemaker:DeleteModel',
        'sagemaker:AddTags',
        'sagemaker:DeleteTags',
        // A running notebook is stopped before AWS lets it be deleted.
        'sagemaker:StopNotebookInstance',
        'sagemaker:DeleteNotebookInstance',
        'sagemaker:DeleteMonitoringSchedule',
        'sagemaker:DeleteDataQualityJobDefinition',
      ],
      Resource: '*',
      Condition: MANAGED,
    },
    // Lifecycle configs are scoped by sagectl's name for them (`<stack>-autostop`) rather than by
    // tag: the Service Authorization Reference lists no resource-tag condition for this resource.
    {
      Sid: 'DeleteTheNotebooksAutoStop',
      Effect: 'Allow',
      Action: ['sagemaker:DeleteNotebookInstanceLifecycleConfig'],
      Resource: 'arn:aws:sagemaker:*:*:notebook-instance-lifecycle-config/*-autostop',
    },
    {
      Sid: 'DeleteTheStacksApi',
      Effect: 'Allow',
      Action: ['lambda:DeleteFunction', 'iam:DeleteRolePolicy', 'iam:DeleteRole', 'logs:DeleteLogGroup', 'apigateway:PATCH', 'apigateway:DELETE'],
      Resource: [
        'arn:aws:lambda:*:*:function:*-invoke',
        'arn:aws:iam::*:role/*-invoke-role',
        'arn:aws:logs:*:*:log-group:/aws/lambda/*-invoke*',
        'arn:aws:apigateway:*::/restapis/*',
        'arn:aws:apigateway:*::/usageplans/*',
        'arn:aws:apigateway:*::/apikeys/*',
      ],
    },
  ];
}

/**
 * The function's one inline policy: the teardown's reads and deletes (tag-scoped), writing its
 * own log group, and — only when the settings reach further — assuming the named role in other
 * accounts, listing the organization's accounts, listing the enabled regions.
 */
export function janitorPolicy(settings: Pick<JanitorSettings, 'regions' | 'accounts' | 'assumeRole'>): PolicyDocument {
  const statements: Record<string, unknown>[] = [
    ...teardownStatements(),
    {
      Sid: 'WriteItsOwnLog',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:*:*:log-group:${JANITOR.logGroup}:*`,
    },
  ];
  if (settings.accounts !== undefined && settings.assumeRole !== undefined)
    statements.push({ Sid: 'AssumeTheFleetRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::*:role/${settings.assumeRole}` });
  if (settings.accounts === 'organization')
    statements.push({ Sid: 'ListTheOrganization', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' });
  if (settings.regions === 'all') statements.push({ Sid: 'ListEnabledRegions', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' });
  return { Version: '2012-10-17', Statement: statements };
}

/** The scheduler role's one inline policy: invoke the janitor function, nothing else. */
export function schedulerPolicy(functionArn: string | Record<string, unknown>): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'InvokeTheJanitor', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: functionArn }] };
}
