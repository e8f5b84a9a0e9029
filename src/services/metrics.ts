import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';

/** One production variant whose invocations are counted. */
export interface VariantRef {
  endpoint: string;
  variant: string;
}

/**
 * GetMetricData carries at most 500 queries per call:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export const MAX_QUERIES_PER_CALL = 500;

/**
 * The period of one datapoint covering the whole window. CloudWatch wants a multiple of 60 s,
 * and of 3600 s for data older than 63 days; a whole-hour period for windows past a few hours
 * satisfies every retention tier.
 */
export function periodFor(windowMs: number): number {
  const seconds = Math.ceil(windowMs / 1000);
  const unit = seconds > 3 * 3600 ? 3600 : 60;
  return Math.max(60, Math.ceil(seconds / unit) * unit);
}

/** CloudWatch metrics in sagectl's vocabulary: how often endpoints were invoked. */
export class MetricsService {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): MetricsService {
    return new MetricsService(new CloudWatchClient(clientConfig(options)), options.logger);
  }

  /**
   * Invocations per endpoint (summed over its variants) between `start` and `end`, from the
   * `AWS/SageMaker` `Invocations` metric. One query per variant, 500 queries per call, so N
   * variants cost ⌈N/500⌉ calls (plus pages, when CloudWatch splits a large answer).
   * Endpoints with no datapoint count 0.
   */
  async invocationsByEndpoint(variants: readonly VariantRef[], start: Date, end: Date): Promise<Map<string, number>> {
    const totals = new Map<string, number>(variants.map((v) => [v.endpoint, 0]));
    const period = periodFor(end.getTime() - start.getTime());
    for (let offset = 0; offset < variants.length; offset += MAX_QUERIES_PER_CALL) {
      const batch = variants.slice(offset, offset + MAX_QUERIES_PER_CALL);
      const queries: MetricDataQuery[] = batch.map((v, i) => ({
        Id: `q${i}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/SageMaker',
            MetricName: 'Invocations',
            Dimensions: [
              { Name: 'EndpointName', Value: v.endpoint },
              { Name: 'VariantName', Value: v.variant },
            ],
          },
          Period: period,
          Stat: 'Sum',
        },
      }));
      let nextToken: string | undefined;
      do {
        const out = await this.send(queries, start, end, nextToken);
        for (const result of out.MetricDataResults ?? []) {
          const ref = batch[Number(result.Id?.slice(1))];
          if (!ref) continue;
          const sum = (result.Values ?? []).reduce((a, b) => a + b, 0);
          totals.set(ref.endpoint, (totals.get(ref.endpoint) ?? 0) + sum);
        }
        nextToken = out.NextToken;
      } while (nextToken);
    }
    this.logger.debug({ variants: variants.length, calls: Math.ceil(variants.length / MAX_QUERIES_PER_CALL) }, 'read invocation metrics');
    return totals;
  }

  private async send(queries: MetricDataQuery[], start: Date, end: Date, nextToken: string | undefined) {
    try {
      return await this.client.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
    } catch (error) {
      throw translateAwsError('GetMetricData', error);
    }
  }
}
