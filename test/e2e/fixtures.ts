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
