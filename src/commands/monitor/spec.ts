import type { CreateDataQualityJobDefinitionCommandInput, CreateMonitoringScheduleCommandInput } from '@aws-sdk/client-sagemaker';
import { UsageError } from '../../core/errors.js';
import { toTagList, type Tags } from '../../core/tags.js';

/**
 * The account of Model Monitor's analyzer image (`<account>.dkr.ecr.<region>.amazonaws.com/sagemaker-model-monitor-analyzer`)
 * in each region, as the SageMaker Python SDK lists them (src/sagemaker/image_uri_config/model-monitor.json;
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-pre-built-container.html).
 */
const ANALYZER_ACCOUNTS: Readonly<Record<string, string>> = {
  'ap-east-1': '001633400207',
  'ap-northeast-1': '574779866223',
  'ap-northeast-2': '709848358524',
  'ap-south-1': '126357580389',
  'ap-southeast-1': '245545462676',
  'ap-southeast-2': '563025443158',
  'ca-central-1': '536280801234',
  'cn-north-1': '453000072557',
  'cn-northwest-1': '453252182341',
  'eu-central-1': '048819808253',
  'eu-north-1': '895015795356',
  'eu-west-1': '468650794304',
  'eu-west-2': '749857270468',
  'eu-west-3': '680080141114',
  'me-south-1': '607024016150',
  'sa-east-1': '539772159869',
  'us-east-1': '156813124566',
  'us-east-2': '777275614652',
  'us-west-1': '890145073186',
  'us-west-2': '159807026194',
};

/** The analyzer image of the region; refused (exit 2) where sagectl does not know it. */
export function analyzerImage(region: string): string {
  const account = ANALYZER_ACCOUNTS[region];
  if (!account) {
    throw new UsageError(
      `sagectl does not know Model Monitor's analyzer image in ${region}`,
      `use \`sagectl drift\` from cron there, or a region of: ${Object.keys(ANALYZER_ACCOUNTS).join(', ')}`,
    );
  }
  return `${account}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/sagemaker-model-monitor-analyzer`;
}

/** Every hour on the hour, Model Monitor's hourly schedule (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-schedule-expression.html). */
export const HOURLY = 'cron(0 * ? * * *)';

/** What the job definition is built from. */
export interface MonitorSpec {
  name: string;
  endpoint: string;
  role: string;
  image: string;
  statistics: string;
  constraints: string;
  reports: string;
  tags: Tags;
}

/** CreateDataQualityJobDefinition: the analyzer compares each hour's capture with the baseline. */
export function jobDefinitionRequest(s: MonitorSpec): CreateDataQualityJobDefinitionCommandInput {
  return {
    JobDefinitionName: s.name,
    DataQualityBaselineConfig: { ConstraintsResource: { S3Uri: s.constraints }, StatisticsResource: { S3Uri: s.statistics } },
    DataQualityAppSpecification: { ImageUri: s.image },
    DataQualityJobInput: { EndpointInput: { EndpointName: s.endpoint, LocalPath: '/opt/ml/processing/input/endpoint' } },
    DataQualityJobOutputConfig: { MonitoringOutputs: [{ S3Output: { S3Uri: s.reports, LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }] },
    JobResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 20 } },
    RoleArn: s.role,
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    Tags: toTagList(s.tags),
  };
}

/** CreateMonitoringSchedule: the job definition, every hour. */
export function scheduleRequest(s: MonitorSpec): CreateMonitoringScheduleCommandInput {
  return {
    MonitoringScheduleName: s.name,
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: HOURLY }, MonitoringJobDefinitionName: s.name, MonitoringType: 'DataQuality' },
    Tags: toTagList(s.tags),
  };
}
