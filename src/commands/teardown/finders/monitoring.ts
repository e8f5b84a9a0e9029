import { isManaged } from '../../../core/tags.js';
import type { MonitoringService } from '../../../services/monitoring.js';
import type { DeleteOutcome, SageMakerService } from '../../../services/sagemaker.js';
import { mayHold, type RunInventory } from '../../stack/inventory.js';
import { belongsTo, type ResourceFinder, type StackResource } from '../../stack/resources.js';
import { monitorName } from '../../monitor/schedule-name.js';

/** The ARN kinds of this finder's resources, as the run's inventory shows them. */
const MONITORING_KINDS = ['monitoring-schedule', 'data-quality-job-definition'] as const;

/**
 * The stack's Model Monitor part (`sagectl monitor enable`): its hourly schedule and the
 * data-quality job definition it runs, both named `<stack>-data-quality` and tagged with the
 * stack. The schedule is deleted first (DELETE_ORDER): AWS refuses to delete a job definition
 * that a schedule still uses.
 */
export class MonitoringResourceFinder implements ResourceFinder {
  readonly kinds = ['monitoring-schedule', 'data-quality-job-definition'] as const;

  constructor(
    private readonly monitoring: Pick<MonitoringService, 'describeSchedule' | 'describeJobDefinition' | 'deleteSchedule' | 'deleteJobDefinition'>,
    private readonly sagemaker: Pick<SageMakerService, 'listTags'>,
    /** The run's inventory: a stack it shows without monitoring is not asked about (two reads saved per stack). */
    private readonly inventory?: Pick<RunInventory, 'stackResources'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    if (!(await mayHold(this.inventory, stack, MONITORING_KINDS))) return [];
    const name = monitorName(stack);
    const [schedule, definitionArn] = await Promise.all([this.monitoring.describeSchedule(name), this.monitoring.describeJobDefinition(name)]);
    const found: StackResource[] = [];
    for (const [kind, arn] of [
      ['monitoring-schedule', schedule?.arn],
      ['data-quality-job-definition', definitionArn],
    ] as const) {
      if (arn === undefined) continue;
      const tags = await this.sagemaker.listTags(arn);
      // One of this name that sagectl did not create for the stack is left alone.
      if (belongsTo(tags, stack)) found.push({ stack, kind, name, arn, managed: isManaged(tags, stack), tags });
    }
    return found;
  }

  delete(resource: StackResource): Promise<DeleteOutcome> {
    if (resource.kind === 'monitoring-schedule') return this.monitoring.deleteSchedule(resource.name);
    if (resource.kind === 'data-quality-job-definition') return this.monitoring.deleteJobDefinition(resource.name);
    throw new Error(`the monitoring finder does not delete ${resource.kind}`);
  }
}
