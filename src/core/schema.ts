import * as z from 'zod';
import { stackNameProblem } from './names.js';
import { parseDuration } from './duration.js';
import { instanceTypeProblem, type InstanceUse } from './instance-type.js';
import { UsageError } from './errors.js';

/**
 * The one schema of `sagectl.yaml`: it gives both the TypeScript types and the validation.
 * Objects are strict so a misspelt key (`instanceTyp`) is an error, not a silent default.
 */

// zod compiles a fast path for each object schema (new Function) the first time it parses with it:
// worth it for many parses, a cost for sagectl's one config per process (about 2 ms of a config
// error's start). Schemas then parse by walking, as they do where eval is not allowed.
z.config({ jitless: true });

const built = new Set<string>();

/**
 * A section of the schema (`endpoint`, `training`, …), built the first time a config has it
 * rather than when the module loads: building every section up front cost about 6 ms of each
 * start, a config error's included (issue 16), though a config holds a few sections. z.lazy keeps
 * the inferred types and the issue paths exactly as if the schema stood in place, and builds once.
 *
 * One more step keeps it lazy: an object asks each key's `optin` (does it accept a missing value?)
 * when it is first used, and z.lazy answers by building its schema. A section is never optional
 * by itself (`.optional()` at its use says so), so its lazy answers "no" without building; the
 * check below fails loudly should a section ever be given a default or `.optional()` inside.
 */
function section<T extends z.ZodType>(name: string, build: () => T): z.ZodLazy<T> {
  let schema: T | undefined;
  const lazy = z.lazy(() => {
    if (schema === undefined) {
      built.add(name);
      schema = build();
      if (schema._zod.optin !== undefined || schema._zod.optout !== undefined) throw new Error(`schema section ${name} must not be optional itself`);
    }
    return schema;
  });
  for (const key of ['optin', 'optout']) Object.defineProperty(lazy._zod, key, { value: undefined, writable: true, configurable: true });
  return lazy;
}

/** The sections built so far in this process: for the test that proves the others stay unbuilt. */
export function sectionsBuilt(): string[] {
  return [...built].sort();
}

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

/** An S3 URI, as the config and `update-endpoint --model-data` accept it. */
export const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'expected an S3 URI such as s3://bucket/path/model.tar.gz');

// Tag limits: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const tagKey = () =>
  z
    .string()
    .min(1)
    .max(128)
    .regex(TAG_TEXT, 'expected a tag key of letters, digits, spaces and _ . : / = + - @')
    .refine((k) => !/^(aws|sagectl):/i.test(k), 'expected a tag key that does not start with "aws:" or "sagectl:" (reserved)');
const tags = section('tags', () =>
  z
    .record(tagKey(), z.string().max(256).regex(TAG_TEXT, 'expected a tag value of letters, digits, spaces and _ . : / = + - @'))
    .refine((t) => Object.keys(t).length <= 40, 'expected at most 40 tags (AWS allows 50; sagectl uses the rest)'),
);

// Checked against the instance types the SageMaker SDK lists for each API (instance-types.ts,
// generated from the SDK), so a typo is refused here rather than by AWS after a model was made.
const instanceTypeFor = (use: InstanceUse) =>
  z.string().superRefine((value, ctx) => {
    const problem = instanceTypeProblem(value, use);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** A SageMaker instance type for endpoints, as the config and `update-endpoint --instance-type` accept it. */
export const instanceType = instanceTypeFor('endpoint');

// ServerlessConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html
const serverless = section('serverless', () =>
  z
    .object({
      memoryMB: z
        .number()
        .int()
        .refine((m) => [1024, 2048, 3072, 4096, 5120, 6144].includes(m), 'expected one of 1024, 2048, 3072, 4096, 5120, 6144'),
      maxConcurrency: z.number().int().min(1).max(200),
    })
    .strict(),
);

// A model's container: each key and value at most 1024, all of them together at most 32 KB
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html#sagemaker-Type-ContainerDefinition-Environment).
const ENV_NAME = 'expected an environment variable name';
const environment = () =>
  z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,1023}$/, ENV_NAME), z.string().max(1024))
    .refine(
      (e) => Object.entries(e).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0) <= 32 * 1024,
      'expected at most 32 KB of names and values in all',
    );
// A training job: at most 100 variables, each name and value at most 512
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html#sagemaker-CreateTrainingJob-request-Environment).
const trainingEnvironment = () =>
  z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,511}$/, ENV_NAME), z.string().max(512))
    .refine((e) => Object.keys(e).length <= 100, 'expected at most 100 environment variables');

const model = section('model', () =>
  z
    .object({
      image: z.string().min(1).max(255).optional(),
      modelData: s3Uri.optional(),
      environment: environment().optional(),
    })
    .strict(),
);

/** A duration such as `1h`, kept as written and parsed where it is used. */
const durationOf = (allowZero: boolean) =>
  z.string().superRefine((value, ctx) => {
    try {
      parseDuration(value, 'duration', { allowZero });
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as ${allowZero ? '0s, ' : ''}90s, 30m or 1h, found "${value}"` });
    }
  });

// Model names are `S-<variant>-<yyyymmddHHMMSS>` within 63 characters and keep at least the stack's
// first 20 characters (discoveryPrefix), so a variant name has 63 - 20 - 16 = 27 characters at most.
// SageMaker's own pattern: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html
/** A variant's traffic weight, as the config and `update-endpoint --weight` accept it. */
export const variantWeight = z.number({ error: 'expected a number of 0 or more' }).min(0, 'expected a number of 0 or more');

const VARIANT_NAME_MAX = 27;
export const variantName = z
  .string()
  .max(VARIANT_NAME_MAX, `expected a variant name of at most ${VARIANT_NAME_MAX} characters (generated model names must fit in 63)`)
  .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'expected a variant name of letters, digits and hyphens, starting and ending with a letter or digit');

const variant = section('variant', () =>
  z
    .object({
      name: variantName,
      weight: variantWeight.optional(),
      instanceType: instanceType.optional(),
      instanceCount: z.number().int().min(1).max(100).optional(),
      serverless: serverless.optional(),
      model: model.optional(),
    })
    .strict(),
);

// DeploymentConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html
// (TerminationWaitInSeconds 0–3600, MaximumExecutionTimeoutInSeconds 600–28800, larger than the
// waits) and API_TrafficRoutingConfig.html (WaitIntervalInSeconds 0–3600; a canary at most 50 %
// of the fleet, a linear step 10–50 %; CANARY and LINEAR need their size).
const durationWithin = (min: number, max: number, range: string) =>
  durationOf(min === 0).superRefine((value, ctx) => {
    const ms = safeMs(value);
    if (Number.isFinite(ms) && (ms < min * 1000 || ms > max * 1000)) ctx.addIssue({ code: 'custom', message: `expected a duration from ${range}` });
  });
const deployment = section('deployment', () =>
  z
    .object({
      strategy: z.enum(['all-at-once', 'canary', 'linear']),
      percent: z.number().int().min(1).max(100).optional(),
      instances: z.number().int().min(1).optional(),
      bake: durationWithin(0, 3600, "0s to 1h (SageMaker's WaitIntervalInSeconds)").optional(),
      terminationWait: durationWithin(0, 3600, "0s to 1h (SageMaker's TerminationWaitInSeconds)").optional(),
      maxExecutionTime: durationWithin(600, 28_800, "10m to 8h (SageMaker's MaximumExecutionTimeoutInSeconds)").optional(),
      rollbackAlarms: z.array(z.string().min(1).max(255)).max(10).optional(),
    })
    .strict()
    .superRefine((d, ctx) => {
      if (d.percent !== undefined && d.instances !== undefined)
        ctx.addIssue({ code: 'custom', path: ['instances'], message: 'expected either percent or instances, not both' });
      if (d.strategy === 'all-at-once' && (d.percent !== undefined || d.instances !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['strategy'],
          message: 'expected canary or linear with percent/instances (all-at-once shifts everything in one step)',
        });
      }
      if (d.strategy !== 'all-at-once' && d.percent === undefined && d.instances === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['percent'],
          message: `expected the ${d.strategy === 'canary' ? 'canary' : 'step'} size of a ${d.strategy} deployment (percent or instances)`,
        });
      }
      if (d.strategy === 'canary' && d.percent !== undefined && d.percent > 50)
        ctx.addIssue({ code: 'custom', path: ['percent'], message: 'expected a canary of at most 50 percent of the fleet' });
      if (d.strategy === 'linear' && d.percent !== undefined && (d.percent < 10 || d.percent > 50))
        ctx.addIssue({ code: 'custom', path: ['percent'], message: 'expected a linear step of 10 to 50 percent of the fleet' });
      if (d.maxExecutionTime !== undefined) {
        const waits = (d.bake ? safeMs(d.bake) : 0) + (d.terminationWait ? safeMs(d.terminationWait) : 0);
        if (safeMs(d.maxExecutionTime) <= waits)
          ctx.addIssue({ code: 'custom', path: ['maxExecutionTime'], message: 'expected more than bake and terminationWait together' });
      }
    }),
);

// Target tracking on SageMakerVariantInvocationsPerInstance (Application Auto Scaling).
const autoscaling = section('autoscaling', () =>
  z
    .object({
      min: z.number().int().min(1),
      max: z.number().int().min(1),
      invocationsPerInstance: z.number().positive(),
    })
    .strict()
    .refine((a) => a.min <= a.max, { path: ['max'], message: 'expected max to be at least min' }),
);

// DataCaptureConfig: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DataCaptureConfig.html
const dataCapture = section('dataCapture', () =>
  z
    .object({
      s3Uri,
      percent: z.number().int().min(0).max(100),
      captureContent: z
        .array(z.enum(['input', 'output']))
        .min(1)
        .max(2)
        .optional(),
      kmsKeyId: z.string().min(1).max(2048).optional(),
    })
    .strict(),
);

// What `invoke` checks a payload against (src/payload/spec.ts describes each key).
const featureType = z.enum(['number', 'integer', 'string']);
const endpointInput = section('endpoint.input', () =>
  z
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
      if (count === undefined)
        ctx.addIssue({ code: 'custom', path: ['features'], message: 'expected features (a count or names) when featureTypes lists one type per feature' });
      else if (input.featureTypes.length !== count)
        ctx.addIssue({ code: 'custom', path: ['featureTypes'], message: `expected ${count} types, one per feature` });
    }),
);

const endpointShape = () =>
  z
    .object({
      instanceType: instanceType.optional(),
      instanceCount: z.number().int().min(1).max(100).optional(),
      serverless: serverless.optional(),
      variants: z.array(variant).min(1).max(10).optional(),
      deployment: deployment.optional(),
      autoscaling: autoscaling.optional(),
      dataCapture: dataCapture.optional(),
      input: endpointInput.optional(),
    })
    .strict();
const endpoint = section('endpoint', () =>
  endpointShape().superRefine((e, ctx) => {
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
    if (e.variants && e.variants.every((v) => v.weight === 0))
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'expected at least one variant with a weight above 0' });
    serverlessExclusions(e, ctx);
  }),
);

/**
 * What serverless endpoints do not support, refused before anything is created:
 * https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html#serverless-endpoints-how-it-works-exclusions
 * (one production variant, no data capture) and its scaling, which is SageMaker's own
 * (maxConcurrency), not a scalable target on InvocationsPerInstance. A variant with no instance
 * type of its own is serverless when the endpoint is.
 */
function serverlessExclusions(e: z.infer<ReturnType<typeof endpointShape>>, ctx: z.RefinementCtx): void {
  const variants = e.variants ?? [];
  const serverlessAt = (v: (typeof variants)[number]): boolean => v.serverless !== undefined || (v.instanceType === undefined && e.serverless !== undefined);
  const serverless = e.variants ? variants.some(serverlessAt) : e.serverless !== undefined;
  if (!serverless) return;
  const rule = 'a serverless endpoint';
  if (variants.length > 1) ctx.addIssue({ code: 'custom', path: ['variants'], message: `expected one variant: ${rule} has a single production variant` });
  if (e.dataCapture) ctx.addIssue({ code: 'custom', path: ['dataCapture'], message: `expected no data capture: ${rule} does not support it` });
  if (e.autoscaling)
    ctx.addIssue({ code: 'custom', path: ['autoscaling'], message: `expected no autoscaling: ${rule} scales by itself up to serverless.maxConcurrency` });
  for (const [i, v] of variants.entries()) {
    if (serverlessAt(v) && v.instanceCount !== undefined)
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'instanceCount'], message: `expected no instanceCount: ${rule} has no instances` });
  }
}

// wire-api. Stage names: https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
// ([a-zA-Z0-9_], at most 128); the path is one resource path part.
const throttle = () => z.object({ rateLimit: z.number().positive().max(10_000), burstLimit: z.number().int().min(0).max(5_000) }).strict();
const api = section('api', () =>
  z
    .object({
      stage: z
        .string()
        .regex(/^[a-zA-Z0-9_]{1,128}$/, 'expected a stage name of letters, digits and underscores (at most 128)')
        .optional(),
      path: z
        .string()
        .regex(/^[a-zA-Z0-9._-]{1,64}$/, 'expected one path segment of letters, digits, ".", "_" or "-", such as predict')
        .optional(),
      /** `true` for any origin (`*`), or the one origin allowed to call the API. */
      cors: z.union([z.boolean(), z.string().regex(/^(\*|https?:\/\/[^\s/]+)$/, 'expected "*" or an origin such as https://example.com')]).optional(),
      apiKey: z.boolean().optional(),
      throttle: throttle().optional(),
      /** Requests per day per API key, with `apiKey: true`. */
      quota: z.number().int().min(1).optional(),
      contentType: z.string().min(1).max(1024).optional(),
      accept: z.string().min(1).max(1024).optional(),
    })
    .strict(),
);

// ---- training, tuning, transform --------------------------------------------------------
// Shapes only: a command checks that the fields it needs are there (see training-spec.ts),
// so a deploy-only config may carry `training: { image }` alone.

// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html#sagemaker-CreateTrainingJob-request-HyperParameters
// Values go to AWS as strings; YAML numbers and booleans are accepted and stringified.
const hyperparameters = () =>
  z
    .record(z.string().min(1).max(256), z.union([z.string().max(2500), z.number(), z.boolean()]))
    .refine((h) => Object.keys(h).length <= 100, 'expected at most 100 hyperparameters');

// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Channel.html
const channelName = () => z.string().regex(/^[A-Za-z0-9.\-_]{1,64}$/, 'expected a channel name of letters, digits, ".", "-" or "_" (at most 64)');
const channel = () =>
  z.union([
    s3Uri,
    z
      .object({
        s3Uri,
        contentType: z.string().max(256).optional(),
        distribution: z.enum(['FullyReplicated', 'ShardedByS3Key']).optional(),
        inputMode: z.enum(['File', 'Pipe', 'FastFile']).optional(),
      })
      .strict(),
  ]);

const metricDefinition = () => z.object({ name: z.string().min(1).max(255), regex: z.string().min(1).max(500) }).strict();

const training = section('training', () =>
  z
    .object({
      image: z.string().min(1).max(255).optional(),
      role: roleArn.optional(),
      hyperparameters: hyperparameters().optional(),
      inputs: z
        .record(channelName(), channel())
        .refine((c) => Object.keys(c).length <= 20, 'expected at most 20 input channels')
        .optional(),
      outputPath: s3Uri.optional(),
      instanceType: instanceTypeFor('training').optional(),
      instanceCount: z.number().int().min(1).max(100).optional(),
      volumeSizeGB: z.number().int().min(1).max(16384).optional(),
      maxRuntime: durationOf(false).optional(),
      spot: z
        .object({ maxWait: durationOf(false), checkpointS3Uri: s3Uri.optional() })
        .strict()
        .optional(),
      environment: trainingEnvironment().optional(),
      metricDefinitions: z.array(metricDefinition()).max(40).optional(),
    })
    .strict()
    .superRefine((t, ctx) => {
      // MaxWaitTimeInSeconds must be at least MaxRuntimeInSeconds (API_StoppingCondition).
      if (t.spot && t.maxRuntime && safeMs(t.spot.maxWait) < safeMs(t.maxRuntime)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spot', 'maxWait'],
          message: `expected spot.maxWait at least maxRuntime (${t.maxRuntime}), found ${t.spot.maxWait}`,
        });
      }
    }),
);

function safeMs(text: string): number {
  try {
    return parseDuration(text, 'duration', { allowZero: true });
  } catch {
    return Number.NaN;
  }
}

// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ParameterRanges.html
const numericRange = () =>
  z
    .object({
      min: z.number(),
      max: z.number(),
      type: z.enum(['continuous', 'integer']).optional(),
      scaling: z.enum(['Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic']).optional(),
    })
    .strict()
    .superRefine((r, ctx) => {
      if (r.min >= r.max) ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max greater than min (${r.min}), found ${r.max}` });
      if (r.type === 'integer' && (!Number.isInteger(r.min) || !Number.isInteger(r.max)))
        ctx.addIssue({ code: 'custom', message: 'expected whole numbers for an integer range' });
      if ((r.scaling === 'Logarithmic' || r.scaling === 'ReverseLogarithmic') && r.min <= 0) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: `expected min above 0 for ${r.scaling} scaling, found ${r.min}` });
      }
    });
const categoricalRange = () =>
  z
    .object({
      values: z
        .array(z.union([z.string(), z.number(), z.boolean()]))
        .min(1)
        .max(30),
    })
    .strict();
const range = () => z.union([numericRange(), categoricalRange()]);

const tuning = section('tuning', () =>
  z
    .object({
      objective: z.object({ metric: z.string().min(1).max(255), type: z.enum(['Maximize', 'Minimize']) }).strict(),
      strategy: z.enum(['Bayesian', 'Random', 'Hyperband', 'Grid']).optional(),
      ranges: z.record(z.string().min(1).max(256), range()).refine((r) => Object.keys(r).length >= 1, 'expected at least one range'),
      maxJobs: z.number().int().min(1).max(750).optional(),
      maxParallelJobs: z.number().int().min(1).max(100).optional(),
      earlyStopping: z.enum(['Auto', 'Off']).optional(),
    })
    .strict()
    .superRefine((t, ctx) => {
      if (t.strategy === 'Grid') {
        for (const [name, r] of Object.entries(t.ranges)) {
          if (!('values' in r))
            ctx.addIssue({ code: 'custom', path: ['ranges', name], message: 'expected only categorical ranges (values: [...]) with the Grid strategy' });
        }
      }
      if (t.maxJobs !== undefined && t.maxParallelJobs !== undefined && t.maxParallelJobs > t.maxJobs) {
        ctx.addIssue({ code: 'custom', path: ['maxParallelJobs'], message: `expected at most maxJobs (${t.maxJobs}), found ${t.maxParallelJobs}` });
      }
    }),
);

// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTransformJob.html
const transform = section('transform', () =>
  z
    .object({
      input: s3Uri.optional(),
      output: s3Uri.optional(),
      contentType: z.string().max(256).optional(),
      splitType: z.enum(['None', 'Line', 'RecordIO', 'TFRecord']).optional(),
      instanceType: instanceTypeFor('transform').optional(),
      instanceCount: z.number().int().min(1).max(100).optional(),
      maxPayloadMB: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
);

// ---- drift, Model Monitor, notebook -----------------------------------------------------

// Where the baseline's training data is: an S3 URI (CSV laid out like an invoke payload, or JSON
// Lines), the object form saying more, or `training` (the train channel of the stack's training job).
const baselineSource = () =>
  z.union([
    z.literal('training'),
    s3Uri,
    z
      .object({
        s3Uri: z.union([s3Uri, z.literal('training')]),
        format: z.enum(['csv', 'jsonl']).optional(),
        header: z.boolean().optional(),
        /** The label column to drop: its name (with a header or named features) or its 0-based index. */
        label: z.union([z.string().min(1), z.number().int().min(0)]).optional(),
      })
      .strict(),
  ]);
const psi = z.number().positive().max(10);
const share = z.number().min(0).max(1);
const thresholds = () =>
  z
    .object({ psiWarn: psi.optional(), psiDrift: psi.optional(), missing: share.optional(), outOfRange: share.optional(), chiSquareP: share.optional() })
    .strict()
    .superRefine((t, ctx) => {
      if (t.psiWarn !== undefined && t.psiDrift !== undefined && t.psiWarn > t.psiDrift)
        ctx.addIssue({ code: 'custom', path: ['psiWarn'], message: `expected psiWarn at most psiDrift (${t.psiDrift}), found ${t.psiWarn}` });
    });
const monitoring = section('monitoring', () => z.object({ baseline: baselineSource().optional(), thresholds: thresholds().optional() }).strict());

// CreateNotebookInstance: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateNotebookInstance.html
// (VolumeSizeInGB 5–16384; DefaultCodeRepository a Git URL or a code repository's name, at most 1024).
const notebook = section('notebook', () =>
  z
    .object({
      instanceType: instanceTypeFor('notebook').optional(),
      volumeSizeGB: z.number().int().min(5).max(16384).optional(),
      role: roleArn.optional(),
      repository: z
        .string()
        .max(1024)
        .regex(/^(https:\/\/[^\s]+|[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$/, 'expected an https:// Git URL or the name of a SageMaker code repository')
        .optional(),
      autoStopIdle: durationWithin(300, 86_400, '5m to 24h').optional(),
    })
    .strict(),
);

export const configSchema = z
  .object({
    name: stackName.optional(),
    region: region.optional(),
    role: roleArn.optional(),
    tags: tags.optional(),
    model: model.optional(),
    endpoint: endpoint.optional(),
    training: training.optional(),
    tuning: tuning.optional(),
    transform: transform.optional(),
    api: api.optional(),
    monitoring: monitoring.optional(),
    notebook: notebook.optional(),
  })
  .strict();

/** A validated `sagectl.yaml`. */
export type Config = z.infer<typeof configSchema>;
export type DeploymentSection = z.infer<typeof deployment>;
export type AutoscalingSection = z.infer<typeof autoscaling>;
export type DataCaptureSection = z.infer<typeof dataCapture>;
export type TrainingSection = z.infer<typeof training>;
export type ChannelSection = z.infer<ReturnType<typeof channel>>;
export type TuningSection = z.infer<typeof tuning>;
/**
 * A flag's value checked by the config schema's own rule, so a flag and its config key accept
 * the same values; a value it refuses is a usage error naming the flag (exit 2).
 * @param text the value as typed, for the message.
 */
export function flagBySchema<T>(schema: z.ZodType<T>, value: unknown, text: string, flag: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${flag}: ${parsed.error.issues[0]?.message ?? 'invalid'}, found "${text}"`);
  return parsed.data;
}
