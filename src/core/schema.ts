import { z } from 'zod';
import { stackNameProblem } from './names.js';

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

// What `invoke` checks a payload against (src/payload/spec.ts describes each key).
const featureType = z.enum(['number', 'integer', 'string']);
const endpointInput = z
  .object({
    contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, 'expected a MIME type such as text/csv or application/json'),
    features: z
      .union([
        z.number().int().min(1).max(100_000),
        z
          .array(z.string().min(1))
          .min(1)
          .refine((names) => new Set(names).size === names.length, 'expected feature names without duplicates'),
      ])
      .optional(),
    featureTypes: z.union([featureType, z.array(featureType).min(1)]).optional(),
    header: z.boolean().optional(),
    allowEmpty: z.boolean().optional(),
    maxRows: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!Array.isArray(input.featureTypes)) return;
    const count = Array.isArray(input.features) ? input.features.length : input.features;
    if (count === undefined) ctx.addIssue({ code: 'custom', path: ['features'], message: 'expected features (a count or names) when featureTypes lists one type per feature' });
    else if (input.featureTypes.length !== count) ctx.addIssue({ code: 'custom', path: ['featureTypes'], message: `expected ${count} types, one per feature` });
  });

const endpoint = z
  .object({
    instanceType: instanceType.optional(),
    instanceCount: z.number().int().min(1).max(100).optional(),
    serverless: serverless.optional(),
    input: endpointInput.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.serverless && (e.instanceType !== undefined || e.instanceCount !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['serverless'], message: 'expected either serverless or instanceType/instanceCount, not both' });
    }
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
export type EndpointInputSection = z.infer<typeof endpointInput>;
