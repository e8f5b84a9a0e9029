/**
 * What each key of `sagectl.yaml` means, for the editor schema (schema/sagectl.schema.json): a
 * description and examples by key path (`endpoint.variants[].name`; `[]` an array's items, `*` a
 * map's values). Kept apart from src/core/schema.ts so the rules and their prose change
 * independently; a unit test fails when a key of the schema has no entry here.
 */

/** The description and examples of one key. */
export interface KeyDoc {
  description: string;
  examples?: unknown[];
}

type Docs = Record<string, KeyDoc>;

/** Prefixes every key of a group (the model and serverless sections appear at two levels). */
const under = (prefix: string, docs: Docs): Docs => Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

const model: Docs = {
  image: {
    description: 'The inference container image (ECR URI); defaults to training.image.',
    examples: ['683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  },
  modelData: { description: 'The model artifact in S3 (a model.tar.gz).', examples: ['s3://my-ml-bucket/churn/output/model.tar.gz'] },
  environment: { description: 'Environment variables of the inference container.', examples: [{ SAGEMAKER_PROGRAM: 'inference.py' }] },
};

const serverless: Docs = {
  memoryMB: { description: 'Memory of a serverless endpoint, in MB: 1024, 2048, 3072, 4096, 5120 or 6144.', examples: [2048] },
  maxConcurrency: { description: 'Concurrent invocations a serverless endpoint serves (1–200).', examples: [5] },
};

const instanceType = (what: string): KeyDoc => ({ description: `The SageMaker instance type ${what}.`, examples: ['ml.m5.large'] });
const instanceCount = (what: string): KeyDoc => ({ description: `How many instances ${what} (1–100; default 1).`, examples: [1] });

export const SCHEMA_DOCS: Readonly<Docs> = {
  name: {
    description:
      'The stack name: 1–40 letters, digits and hyphens, starting and ending with a letter or digit. Every resource name derives from it; --stack overrides it.',
    examples: ['churn-xgb'],
  },
  region: { description: "The AWS region; else AWS_REGION or the profile's region. --region overrides it.", examples: ['us-east-1'] },
  role: {
    description: 'The IAM execution role SageMaker assumes to run the model (needed by deploy); its trust policy must allow sagemaker.amazonaws.com.',
    examples: ['arn:aws:iam::123456789012:role/SageMakerExecution'],
  },
  tags: { description: 'Up to 40 tags added to every resource; keys may not start with "aws:" or "sagectl:".', examples: [{ team: 'ml' }] },
  model: { description: 'The model every variant serves unless it names its own.' },
  ...under('model', model),

  endpoint: { description: 'The real-time or serverless endpoint deploy creates and updates.' },
  'endpoint.instanceType': instanceType('behind the endpoint (instead of serverless)'),
  'endpoint.instanceCount': instanceCount('serve the endpoint'),
  'endpoint.serverless': { description: 'A serverless endpoint: no instances to pay for while idle; instead of instanceType/instanceCount.' },
  ...under('endpoint.serverless', serverless),
  'endpoint.variants': {
    description: 'Production variants (1–10) for an A/B test; unset fields fall back to endpoint.* and model.*.',
    examples: [
      [
        { name: 'current', weight: 9 },
        { name: 'challenger', weight: 1, model: { modelData: 's3://my-ml-bucket/churn/v2/model.tar.gz' } },
      ],
    ],
  },
  'endpoint.variants[].name': {
    description: 'The variant name: at most 27 letters, digits and hyphens (generated model names must fit in 63 characters).',
    examples: ['challenger'],
  },
  'endpoint.variants[].weight': { description: "The variant's share of traffic, relative to the others (≥ 0, default 1).", examples: [1] },
  'endpoint.variants[].instanceType': instanceType('of this variant'),
  'endpoint.variants[].instanceCount': instanceCount('serve this variant'),
  'endpoint.variants[].serverless': { description: 'This variant is serverless (instead of instanceType/instanceCount).' },
  ...under('endpoint.variants[].serverless', serverless),
  'endpoint.variants[].model': { description: "This variant's own model; unset fields come from the top-level model." },
  ...under('endpoint.variants[].model', model),
  'endpoint.deployment': { description: 'How an update shifts traffic to the new fleet (SageMaker blue/green deployment).' },
  'endpoint.deployment.strategy': {
    description: 'all-at-once, canary (one step of percent/instances, then the rest) or linear (steps of that size).',
    examples: ['canary'],
  },
  'endpoint.deployment.percent': { description: 'Canary size or linear step, as a percentage of capacity (1–100); or use instances.', examples: [10] },
  'endpoint.deployment.instances': { description: 'Canary size or linear step, as a number of instances; or use percent.', examples: [1] },
  'endpoint.deployment.bake': { description: 'Wait between traffic steps (a duration, at most 1h).', examples: ['5m'] },
  'endpoint.deployment.terminationWait': { description: 'Keep the old fleet this long after the shift (a duration, at most 1h).', examples: ['10m'] },
  'endpoint.deployment.maxExecutionTime': { description: 'Upper bound of the whole deployment (a duration, 10m–8h).', examples: ['1h'] },
  'endpoint.deployment.rollbackAlarms': { description: 'CloudWatch alarms (at most 10) that roll the update back.', examples: [['churn-xgb-5xx']] },
  'endpoint.autoscaling': { description: 'Target tracking on SageMakerVariantInvocationsPerInstance for each instance-backed variant.' },
  'endpoint.autoscaling.min': { description: 'Fewest instances per variant.', examples: [1] },
  'endpoint.autoscaling.max': { description: 'Most instances per variant (at least min).', examples: [4] },
  'endpoint.autoscaling.invocationsPerInstance': { description: 'Target invocations per instance per minute.', examples: [1000] },
  'endpoint.dataCapture': { description: 'Request/response capture into S3, in every endpoint config sagectl creates.' },
  'endpoint.dataCapture.s3Uri': { description: 'Where captured requests and responses go.', examples: ['s3://my-ml-bucket/churn/capture/'] },
  'endpoint.dataCapture.percent': { description: 'The share of requests captured (0–100).', examples: [20] },
  'endpoint.dataCapture.captureContent': { description: 'What to capture: input, output or both (default both).', examples: [['input', 'output']] },
  'endpoint.dataCapture.kmsKeyId': { description: 'The KMS key that encrypts the captured data.', examples: ['alias/churn-capture'] },
  'endpoint.input': { description: 'What invoke and deploy --smoke-test check a payload against before sending it.' },
  'endpoint.input.contentType': { description: "The MIME type the model reads; invoke's default --content-type.", examples: ['text/csv', 'application/json'] },
  'endpoint.input.features': {
    description: 'Features per row: a count, or the names in order (names also check JSON object keys).',
    examples: [13, ['age', 'tenure']],
  },
  'endpoint.input.featureTypes': {
    description: 'number (default), integer or string for every feature, or a list of one type per feature.',
    examples: ['number'],
  },
  'endpoint.input.header': { description: 'Whether the first CSV row names the features (default false).', examples: [false] },
  'endpoint.input.allowEmpty': { description: 'Whether empty CSV fields and JSON null are accepted (default false).', examples: [false] },
  'endpoint.input.maxRows': { description: 'The most CSV rows or JSON records one request may carry.', examples: [100] },

  training: { description: 'The training job sagectl train starts (and tune runs many of).' },
  'training.image': {
    description: 'The training container image (ECR URI).',
    examples: ['683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'],
  },
  'training.role': { description: 'The execution role of training jobs; defaults to role.', examples: ['arn:aws:iam::123456789012:role/SageMakerExecution'] },
  'training.hyperparameters': {
    description: 'Hyperparameters (at most 100); numbers and booleans are sent as strings.',
    examples: [{ max_depth: 5, eta: 0.2 }],
  },
  'training.inputs': {
    description: 'Input channels by name (at most 20): an S3 URI, or an object with s3Uri and options.',
    examples: [{ train: 's3://my-ml-bucket/churn/train/' }],
  },
  'training.inputs.*.s3Uri': { description: "The channel's data in S3.", examples: ['s3://my-ml-bucket/churn/train/'] },
  'training.inputs.*.contentType': { description: "The MIME type of the channel's data.", examples: ['text/csv'] },
  'training.inputs.*.distribution': { description: 'FullyReplicated (every instance gets all data) or ShardedByS3Key.', examples: ['FullyReplicated'] },
  'training.inputs.*.inputMode': { description: 'How the container reads the channel: File, Pipe or FastFile.', examples: ['File'] },
  'training.outputPath': { description: 'Where training jobs write the model artifact.', examples: ['s3://my-ml-bucket/churn/output/'] },
  'training.instanceType': instanceType('of the training job'),
  'training.instanceCount': instanceCount('run the training job'),
  'training.volumeSizeGB': { description: 'The storage volume of each training instance, in GB (1–16384).', examples: [30] },
  'training.maxRuntime': { description: 'Stop the job after this long (a duration).', examples: ['1h'] },
  'training.spot': { description: 'Managed spot training: cheaper, may be interrupted.' },
  'training.spot.maxWait': { description: 'How long to wait for spot capacity and run, in all (at least maxRuntime).', examples: ['2h'] },
  'training.spot.checkpointS3Uri': {
    description: 'Where the job keeps checkpoints so an interrupted job resumes.',
    examples: ['s3://my-ml-bucket/churn/checkpoints/'],
  },
  'training.environment': { description: 'Environment variables of the training container.', examples: [{ LOG_LEVEL: 'info' }] },
  'training.metricDefinitions': {
    description: "Metrics read from the job's log (at most 40), e.g. for tuning.",
    examples: [[{ name: 'validation:auc', regex: 'validation-auc:([0-9.]+)' }]],
  },
  'training.metricDefinitions[].name': { description: "The metric's name.", examples: ['validation:auc'] },
  'training.metricDefinitions[].regex': {
    description: 'A regular expression whose first group is the value in the log.',
    examples: ['validation-auc:([0-9.]+)'],
  },

  tuning: { description: 'The hyperparameter tuning job sagectl tune starts.' },
  'tuning.objective': { description: 'The metric to optimise.' },
  'tuning.objective.metric': { description: "The metric's name, as the algorithm or metricDefinitions report it.", examples: ['validation:auc'] },
  'tuning.objective.type': { description: 'Maximize or Minimize.', examples: ['Maximize'] },
  'tuning.strategy': { description: 'Bayesian, Random, Hyperband or Grid (Grid takes categorical ranges only).', examples: ['Bayesian'] },
  'tuning.ranges': { description: 'The hyperparameters to search, by name: {min, max} or {values}.', examples: [{ eta: { min: 0.1, max: 0.5 } }] },
  'tuning.ranges.*.min': { description: 'The lowest value tried.', examples: [0.1] },
  'tuning.ranges.*.max': { description: 'The highest value tried (greater than min).', examples: [0.5] },
  'tuning.ranges.*.type': { description: 'continuous (default) or integer.', examples: ['integer'] },
  'tuning.ranges.*.scaling': { description: 'How values are spread: Auto, Linear, Logarithmic or ReverseLogarithmic.', examples: ['Auto'] },
  'tuning.ranges.*.values': { description: 'The values tried (1–30), for a categorical range.', examples: [['gbtree', 'dart']] },
  'tuning.maxJobs': { description: 'The most training jobs the tuning job runs (1–750).', examples: [20] },
  'tuning.maxParallelJobs': { description: 'The most training jobs at once (1–100, at most maxJobs).', examples: [2] },
  'tuning.earlyStopping': { description: 'Auto stops unpromising training jobs early; Off does not.', examples: ['Off'] },

  transform: { description: 'The batch transform job sagectl transform runs with the live model.' },
  'transform.input': { description: 'The data to predict on, in S3.', examples: ['s3://my-ml-bucket/churn/batch/'] },
  'transform.output': { description: 'Where predictions go.', examples: ['s3://my-ml-bucket/churn/predictions/'] },
  'transform.contentType': { description: 'The MIME type of the input data.', examples: ['text/csv'] },
  'transform.splitType': { description: 'How input files are split into records: None, Line, RecordIO or TFRecord.', examples: ['Line'] },
  'transform.instanceType': instanceType('of the transform job'),
  'transform.instanceCount': instanceCount('run the transform job'),
  'transform.maxPayloadMB': { description: 'The largest request to the container, in MB (0–100).', examples: [6] },

  api: { description: 'The public HTTPS API wire-api puts in front of the endpoint (POST /<path>).' },
  'api.stage': { description: 'The API Gateway stage (letters, digits and underscores; default prod).', examples: ['prod'] },
  'api.path': { description: 'The one path segment of the resource (default predict).', examples: ['predict'] },
  'api.cors': { description: 'CORS for browsers: true or "*" for any origin, or the one origin allowed.', examples: ['*', 'https://example.com'] },
  'api.apiKey': { description: 'Require an API key: sagectl makes a usage plan and one key, and prints the key once.', examples: [true] },
  'api.throttle': { description: 'Requests per second and burst, on the stage (and the usage plan).', examples: [{ rateLimit: 20, burstLimit: 40 }] },
  'api.throttle.rateLimit': { description: 'Steady requests per second (at most 10000).', examples: [20] },
  'api.throttle.burstLimit': { description: 'Requests allowed in a burst (at most 5000).', examples: [40] },
  'api.quota': { description: 'Requests per day per API key (only with apiKey).', examples: [10000] },
  'api.contentType': { description: 'What the function sends to the model when the request names no known type (default text/csv).', examples: ['text/csv'] },
  'api.accept': { description: 'The Accept header the function sends to the model (default: none).', examples: ['application/json'] },
  monitoring: { description: 'Drift checks of captured traffic (sagectl baseline, drift) and their hand-over to Model Monitor (sagectl monitor).' },
  'monitoring.baseline': {
    description:
      "The training data the live traffic is compared with: an S3 URI of CSV laid out like an invoke payload (no header, the columns of endpoint.input.features) or JSON Lines, 'training' for the train channel of the stack's training job, or an object saying more.",
    examples: ['s3://my-ml-bucket/churn/train/train.csv', 'training', { s3Uri: 's3://my-ml-bucket/churn/train/', header: true, label: 'churn' }],
  },
  'monitoring.baseline.s3Uri': { description: "The training data in S3 (an object or a prefix), or 'training'.", examples: ['s3://my-ml-bucket/churn/train/'] },
  'monitoring.baseline.format': { description: 'csv or jsonl; default from the file name (.jsonl, .json) else csv.', examples: ['csv'] },
  'monitoring.baseline.header': { description: 'The CSV starts with a header row naming the columns (default false).', examples: [true] },
  'monitoring.baseline.label': {
    description: 'The label column, dropped before the features are read: its name, or its 0-based index in a headerless CSV.',
    examples: ['churn', 0],
  },
  'monitoring.thresholds': {
    description: 'When a feature counts as drifted (defaults: psiWarn 0.1, psiDrift 0.25, missing 0.05, outOfRange 0.05, chiSquareP 0.01).',
  },
  'monitoring.thresholds.psiWarn': { description: 'Population stability index from which a feature is reported as a warning (default 0.1).', examples: [0.1] },
  'monitoring.thresholds.psiDrift': { description: 'Population stability index from which a feature has drifted (default 0.25).', examples: [0.25] },
  'monitoring.thresholds.missing': {
    description: 'How much the share of missing values may grow over the baseline before the feature has drifted (0–1, default 0.05).',
    examples: [0.05],
  },
  'monitoring.thresholds.outOfRange': {
    description: "The share of live values outside the baseline's min–max from which the feature has drifted (0–1, default 0.05).",
    examples: [0.05],
  },
  'monitoring.thresholds.chiSquareP': {
    description:
      'Categorical features: a PSI at or past psiDrift is drift only when the chi-square test of the baseline and live counts gives a p-value at most this (else a warning: the shift may be chance). 0–1, default 0.01; 1 lets PSI decide alone.',
    examples: [0.01],
  },

  notebook: { description: 'A SageMaker notebook instance beside the stack, named after it (sagectl notebook up).' },
  'notebook.instanceType': { description: 'The notebook instance type (default ml.t3.medium).', examples: ['ml.t3.medium'] },
  'notebook.volumeSizeGB': { description: "The instance's storage in GB (5–16384; default 5).", examples: [10] },
  'notebook.role': {
    description: 'The IAM role the notebook runs as; default the top-level role.',
    examples: ['arn:aws:iam::123456789012:role/SageMakerExecution'],
  },
  'notebook.repository': {
    description: 'The Git repository cloned as the default code repository: an https:// URL, or the name of a SageMaker code repository.',
    examples: ['https://github.com/my-org/churn.git'],
  },
  'notebook.autoStopIdle': {
    description: "Stop the instance after this long without kernel activity (a lifecycle configuration, as AWS's published sample does): 5m to 24h.",
    examples: ['1h'],
  },
};
