import type { MonitoringService } from '../../services/monitoring.js';
import type { NotebookService } from '../../services/notebooks.js';
import { monitorName } from '../monitor/schedule-name.js';

/** What status shows of a named stack beside its endpoint: the Model Monitor schedule and the notebook instance. */
export interface StackExtras {
  monitoring?: { schedule: string; status: string; expression?: string; lastExecution?: { status: string; scheduledTime?: string; failureReason?: string } };
  notebook?: { name: string; status: string; instanceType?: string; repository?: string };
}

/** The calls {@link stackExtras} makes. */
export interface ExtrasApi {
  monitoring: Pick<MonitoringService, 'describeSchedule'>;
  notebooks: Pick<NotebookService, 'describe'>;
}

/** The stack's monitoring schedule (with its last execution) and notebook instance, when they exist. */
export async function stackExtras(api: ExtrasApi, stack: string): Promise<StackExtras> {
  const [schedule, notebook] = await Promise.all([api.monitoring.describeSchedule(monitorName(stack)), api.notebooks.describe(stack)]);
  const last = schedule?.lastExecution;
  return {
    ...(schedule
      ? {
          monitoring: {
            schedule: schedule.name,
            status: schedule.status,
            ...(schedule.expression ? { expression: schedule.expression } : {}),
            ...(last
              ? {
                  lastExecution: {
                    status: last.status,
                    ...(last.scheduledTime ? { scheduledTime: last.scheduledTime.toISOString() } : {}),
                    ...(last.failureReason ? { failureReason: last.failureReason } : {}),
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(notebook
      ? {
          notebook: {
            name: notebook.name,
            status: notebook.status,
            ...(notebook.instanceType ? { instanceType: notebook.instanceType } : {}),
            ...(notebook.defaultCodeRepository ? { repository: notebook.defaultCodeRepository } : {}),
          },
        }
      : {}),
  };
}

/** The text lines of the extras, in status's layout. */
export function extrasLines(e: StackExtras): string[] {
  const lines: string[] = [];
  if (e.monitoring) {
    const last = e.monitoring.lastExecution;
    const run = last
      ? `last run ${last.status}${last.scheduledTime ? ` (${last.scheduledTime})` : ''}${last.failureReason ? `: ${last.failureReason}` : ''}`
      : 'not run yet';
    lines.push(`  monitor   ${e.monitoring.schedule} ${e.monitoring.status}${e.monitoring.expression ? ` ${e.monitoring.expression}` : ''}, ${run}`);
  }
  if (e.notebook) {
    lines.push(
      `  notebook  ${e.notebook.name} ${e.notebook.status}${e.notebook.instanceType ? `, ${e.notebook.instanceType}` : ''}${e.notebook.repository ? `, ${e.notebook.repository}` : ''}`,
    );
  }
  return lines;
}
