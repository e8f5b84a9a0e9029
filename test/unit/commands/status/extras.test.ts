import { describe, expect, it } from 'vitest';
import { extrasLines, stackExtras } from '../../../../src/commands/status/extras.js';

describe('status: the monitoring schedule and the notebook of a named stack', () => {
  it('shows the schedule with its last execution and the notebook with its repository', async () => {
    const asked: string[] = [];
    const extras = await stackExtras(
      {
        monitoring: {
          describeSchedule: (name) => {
            asked.push(name);
            return Promise.resolve({
              name,
              arn: 'arn:s',
              status: 'Scheduled',
              expression: 'cron(0 * ? * * *)',
              lastExecution: { status: 'CompletedWithViolations', scheduledTime: new Date('2026-11-25T09:00:00Z') },
            });
          },
        },
        notebooks: {
          describe: (name) =>
            Promise.resolve({ name, arn: 'arn:n', status: 'Stopped', instanceType: 'ml.t3.medium', defaultCodeRepository: 'https://g/r.git' }),
        },
      },
      'churn',
    );
    expect(asked).toEqual(['churn-data-quality']);
    expect(extrasLines(extras)).toEqual([
      '  monitor   churn-data-quality Scheduled cron(0 * ? * * *), last run CompletedWithViolations (2026-11-25T09:00:00.000Z)',
      '  notebook  churn Stopped, ml.t3.medium, https://g/r.git',
    ]);
  });

  it('shows nothing when neither exists', async () => {
    const none = () => Promise.resolve(undefined);
    const extras = await stackExtras({ monitoring: { describeSchedule: none }, notebooks: { describe: none } }, 'churn');
    expect(extras).toEqual({});
    expect(extrasLines(extras)).toEqual([]);
  });
});
