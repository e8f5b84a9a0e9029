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

const endpoint = z
  .object({
    instanceType: instanceType.optional(),
    instanceCount: z.number().int().min(1).max(100).optional(),
    serverless: serverless.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.serverless && (e.instanceType !== undefined || e.instanceCount !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['serverless'], message: 'expected either serverless or instanceType/instanceCount, not both' });
    }
  });

// wire-api. Stage names: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
// ([a-zA-Z0-9_], at most 128); the path is one resource path part.
const throttle = z.object({ rateLimit: z.number().positive().max(10_000), burstLimit: z.number().int().min(0).max(5_000) }).strict();
const api = z
  .object({
    stage: z.string().regex(/^[a-zA-Z0-9_]{1,128}$/, 'expected a stage name of letters, digits and underscores (at most 128)').optional(),
    path: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'expected one path segment of letters, digits, ".", "_" or "-", such as predict').optional(),
    /** `true` for any origin (`*`), or the one origin allowed to call the API. */
    cors: z.union([z.boolean(), z.string().regex(/^(\*|https?:\/\/[^\s/]+)$/, 'expected "*" or an origin such as https://example.com')]).optional(),
    apiKey: z.boolean().optional(),
    throttle: throttle.optional(),
    /** Requests per day per API key, with `apiKey: true`. */
    quota: z.number().int().min(1).optional(),
    contentType: z.string().min(1).max(1024).optional(),
    accept: z.string().min(1).max(1024).optional(),
  })
  .strict();

// Sections of commands that land later (train, tune, transform). They are kept
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
    api: api.optional(),
  })
  .strict();

/** A validated `sagectl.yaml`. */
export type Config = z.infer<typeof configSchema>;
export type EndpointSection = z.infer<typeof endpoint>;
export type ModelSection = z.infer<typeof model>;
export type ApiSection = z.infer<typeof api>;
