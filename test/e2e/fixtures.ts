import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

// What every e2e file needs to talk to the moto server itself (to set up and check state
// without going through sagectl): one account, region, role and image.

const REGION = 'us-east-1';
export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
export const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
export const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Configuration for a plain SDK client pointed at the moto server. */
export function motoClientConfig(endpoint: string): { endpoint: string; region: string; credentials: typeof credentials } {
  return { endpoint, region: REGION, credentials };
}

/** A stack name no other test file (or earlier run against the same server) uses. */
export function uniqueStack(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** What {@link writeStackConfig} writes beside the stack's name, region and the e2e role. */
export interface StackConfig {
  /** The model image (default: the e2e XGBoost image). */
  image?: string;
  modelData?: string;
  /** The endpoint section, one `key: value` line each (default: an ml.m5.large instance). */
  endpoint?: string[];
  /** Further top-level YAML lines (other sections), as written. */
  more?: string[];
}

/**
 * Writes `sagectl.yaml` into `dir` for `stack` in us-east-1 with the e2e role: the head nearly
 * every e2e config shares, in one place, so a test shows only what its own config adds.
 */
export function writeStackConfig(dir: string, stack: string, config: StackConfig = {}): void {
  const lines = [
    `name: ${stack}`,
    'region: us-east-1',
    `role: ${ROLE}`,
    'model:',
    `  image: ${config.image ?? IMAGE}`,
    ...(config.modelData !== undefined ? [`  modelData: ${config.modelData}`] : []),
    'endpoint:',
    ...(config.endpoint ?? ['instanceType: ml.m5.large']).map((line) => `  ${line}`),
    ...(config.more ?? []),
    '',
  ];
  writeFileSync(path.join(dir, 'sagectl.yaml'), lines.join('\n'));
}
