import { z } from 'zod';
import { stackNameProblem } from './names.js';
import { parseDuration } from './duration.js';

/**
 * The one schema of `sagectl.yaml`: it gives both the TypeScript types and the validation.
 * Objects are strict so a misspelt key (`instanceTyp`) is an error, not a silent default.
 */

const stackName = z.string().superRefine((value, ctx) => {
  const problem = stackNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `expected a stack name that ${problem.replace(/^is /, 'is not ')}` });
});

// https://docs.aws.amazon.com/general/latest/gr/rande.html: e.g. us-east-1, ap-southeast-2, us-gov-west-1.
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const region = z.string().regex(REGION, 'expected an AWS region such as us-east-1');

const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution');

const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'expected an S3 URI such as s3://bucket/path/model.tar.gz');

// Tag limits: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html
const tagKey = z
  .string()
  .min(1)
  .max(128)
  .refine((k) => !/^(aws|sagectl):/i.test(k), 'expected a tag key that does not start with "aws:" or "sagectl:" (reserved)');
const tags = z.record(tagKey, z.string().max(256)).refine((t) => Object.keys(t).length <= 40, 'expected at most 40 tags (AWS allows 50; sagectl uses the rest)');

const instanceType = z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'expected a SageMaker instance type such as ml.m5.large');

// ServerlessConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html
const serverless = z
  .object({
    memoryMB: z
      .number()
      .int()
      .refine((m) => [1024, 2048, 3072, 4096, 5120, 6144].includes(m), 'expected one of 1024, 2048, 3072, 4096, 5120, 6144'),
    maxConcurrency: z.number().int().min(1).max(200),
  })
  .strict();

const environment = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/, 'expected an environment variable name'), z.string().max(1024));

const model = z
  .object({
    image: z.string().min(1).max(255).optional(),
    modelData: s3Uri.optional(),
    environment: environment.optional(),
  })
  .strict();

const duration = z.string().superRefine((value, ctx) => {
  try {
    parseDuration(value, 'duration');
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as 90s, 30m or 1h' });
  }
});

// Model names are `S-<variant>-<yyyymmddHHMMSS>` within 63 characters and keep at least the stack's
// first 20 characters (discoveryPrefix), so a variant name has 63 - 20 - 16 = 27 characters at most.
// SageMaker's own pattern: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html
export const VARIANT_NAME_MAX = 27;
export const variantName = z
  .string()
  .max(VARIANT_NAME_MAX, `expected a variant name of at most ${VARIANT_NAME_MAX} characters (generated model names must fit in 63)`)
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'expected a variant name of letters, digits and hyphens, starting and ending with a letter or digit');

const variant = z
  .object({
    name: variantName,
    weight: z.number().min(0).optional(),
    instanceType: instanceType.optional(),
    instanceCount: z.number().int().min(1).max(100).optional(),
    serverless: serverless.optional(),
    model: model.optional(),
  })
  .strict();

// DeploymentConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html
const deployment = z
  .object({
    strategy: z.enum(['all-at-once', 'canary', 'linear']),
    percent: z.number().int().min(1).max(100).optional(),
    instances: z.number().int().min(1).optional(),
    bake: duration.optional(),
    terminationWait: duration.optional(),
    maxExecutionTime: duration.optional(),
    rollbackAlarms: z.array(z.string().min(1).max(255)).max(10).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.percent !== undefined && d.instances !== undefined) ctx.addIssue({ code: 'custom', path: ['instances'], message: 'expected either percent or instances, not both' });
    if (d.strategy === 'all-at-once' && (d.percent !== undefined || d.instances !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'expected canary or linear with percent/instances (all-at-once shifts everything in one step)' });
    }
  });

// Target tracking on SageMakerVariantInvocationsPerInstance (Application Auto Scaling).
const autoscaling = z
  .object({
    min: z.number().int().min(1),
    max: z.number().int().min(1),
    invocationsPerInstance: z.number().positive(),
  })
  .strict()
  .refine((a) => a.min <= a.max, { path: ['max'], message: 'expected max to be at least min' });

// DataCaptureConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DataCaptureConfig.html
const dataCapture = z
  .object({
    s3Uri,
    percent: z.number().int().min(0).max(100),
    captureContent: z.array(z.enum(['input', 'output'])).min(1).max(2).optional(),
    kmsKeyId: z.string().min(1).max(2048).optional(),
  })
  .strict();

const endpoint = z
  .object({
    instanceType: instanceType.optional(),
    instanceCount: z.number().int().min(1).max(100).optional(),
    serverless: serverless.optional(),
    variants: z.array(variant).min(1).max(10).optional(),
    deployment: deployment.optional(),
    autoscaling: autoscaling.optional(),
    dataCapture: dataCapture.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.serverless && (e.instanceType !== undefined || e.instanceCount !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['serverless'], message: 'expected either serverless or instanceType/instanceCount, not both' });
    }
    const seen = new Set<string>();
    for (const [i, v] of (e.variants ?? []).entries()) {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `expected unique variant names, found "${v.name}" twice` });
      seen.add(v.name);
      if (v.serverless && (v.instanceType !== undefined || v.instanceCount !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'serverless'], message: 'expected either serverless or instanceType/instanceCount, not both' });
      }
    }
    if (e.variants && e.variants.every((v) => v.weight === 0)) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'expected at least one variant with a weight above 0' });
  });

// Sections of commands that land later (train, tune, transform, wire-api). They are kept
// as plain objects until their command defines them, so one config file can hold them all.
const laterSection = z.record(z.string(), z.unknown());

export const configSchema = z
  .object({
    name: stackName.optional(),
    region: region.optional(),
    role: roleArn.optional(),
    tags: tags.optional(),
    model: model.optional(),
    endpoint: endpoint.optional(),
    training: laterSection.optional(),
    tuning: laterSection.optional(),
    transform: laterSection.optional(),
    api: laterSection.optional(),
  })
  .strict();

/** A validated `sagectl.yaml`. */
export type Config = z.infer<typeof configSchema>;
export type EndpointSection = z.infer<typeof endpoint>;
export type ModelSection = z.infer<typeof model>;
export type VariantSection = z.infer<typeof variant>;
export type DeploymentSection = z.infer<typeof deployment>;
export type AutoscalingSection = z.infer<typeof autoscaling>;
export type DataCaptureSection = z.infer<typeof dataCapture>;
