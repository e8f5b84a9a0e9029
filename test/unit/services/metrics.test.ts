import { describe, expect, it } from 'vitest';
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { MetricsService, periodFor, MAX_QUERIES_PER_CALL } from '../../../src/services/metrics.js';
import { AwsRequestError } from '../../../src/core/errors.js';
import { useServiceMock, awsError } from '../helpers/mock-sdk.js';

const { mock, service } = useServiceMock(CloudWatchClient, (c, l) => new MetricsService(c, l));
const start = new Date('2026-11-24T10:00:00Z');
const end = new Date('2026-11-25T10:00:00Z');
const variants = (n: number) => Array.from({ length: n }, (_, i) => ({ endpoint: `ep-${i}`, variant: 'AllTraffic' }));

/** Answers every query with one datapoint: the index of its endpoint. */
function answerWithIndex(): void {
  mock()
    .on(GetMetricDataCommand)
    .callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((q) => ({
        Id: q.Id,
        Values: [Number(q.MetricStat?.Metric?.Dimensions?.[0]?.Value?.slice(3))],
      })),
    }));
}

describe('MetricsService.invocationsByEndpoint', () => {
  it.each([
    [1, 1],
    [500, 1],
    [501, 2],
    [1200, 3],
  ])('scans %i single-variant endpoints in %i GetMetricData calls', async (n, calls) => {
    answerWithIndex();
    const totals = await service().invocationsByEndpoint(variants(n), start, end);
    expect(mock()).toHaveReceivedCommandTimes(GetMetricDataCommand, calls);
    expect(totals.size).toBe(n);
    expect(totals.get(`ep-${n - 1}`)).toBe(n - 1); // the last batch's ids map back to the right endpoints
    for (const call of mock().commandCalls(GetMetricDataCommand))
      expect(call.args[0].input.MetricDataQueries!.length).toBeLessThanOrEqual(MAX_QUERIES_PER_CALL);
  });

  it('queries AWS/SageMaker Invocations per endpoint and variant, summed over one period covering the window', async () => {
    answerWithIndex();
    await service().invocationsByEndpoint([{ endpoint: 'ep-3', variant: 'blue' }], start, end);
    expect(mock()).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: start,
      EndTime: end,
      MetricDataQueries: [
        {
          Id: 'q0',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SageMaker',
              MetricName: 'Invocations',
              Dimensions: [
                { Name: 'EndpointName', Value: 'ep-3' },
                { Name: 'VariantName', Value: 'blue' },
              ],
            },
            Period: 86400,
            Stat: 'Sum',
          },
        },
      ],
    });
  });

  it('adds up the variants of one endpoint and every page of the answer', async () => {
    mock()
      .on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'q0', Values: [2, 3] }], NextToken: 'more' })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'q1', Values: [5] },
          { Id: 'q2', Values: [] },
        ],
      });
    const totals = await service().invocationsByEndpoint(
      [
        { endpoint: 'ab', variant: 'blue' },
        { endpoint: 'ab', variant: 'green' },
        { endpoint: 'quiet', variant: 'AllTraffic' },
      ],
      start,
      end,
    );
    expect(totals).toEqual(
      new Map([
        ['ab', 10],
        ['quiet', 0],
      ]),
    );
    expect(mock()).toHaveReceivedNthCommandWith(GetMetricDataCommand, 2, { NextToken: 'more' });
  });

  it('sends nothing for no endpoints', async () => {
    expect(await service().invocationsByEndpoint([], start, end)).toEqual(new Map());
    expect(mock()).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
  });

  it('turns a refusal into AwsRequestError', async () => {
    mock().on(GetMetricDataCommand).rejects(awsError('AccessDenied', 'no cloudwatch:GetMetricData'));
    await expect(service().invocationsByEndpoint(variants(1), start, end)).rejects.toBeInstanceOf(AwsRequestError);
  });
});

describe('periodFor', () => {
  it.each([
    [30_000, 60],
    [3600_000, 3600],
    [90 * 60_000, 5400],
    [24 * 3600_000, 86400],
    [25.5 * 3600_000, 93600],
  ])('%i ms → %i s', (ms, seconds) => {
    expect(periodFor(ms)).toBe(seconds);
  });
});
