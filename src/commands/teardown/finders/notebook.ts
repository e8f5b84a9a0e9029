import { isManaged } from '../../../core/tags.js';
import type { NotebookService } from '../../../services/notebooks.js';
import type { DeleteOutcome, SageMakerService } from '../../../services/sagemaker.js';
import { mayHold, type RunInventory } from '../../stack/inventory.js';
import { belongsTo, type ResourceFinder, type StackResource } from '../../stack/resources.js';
import { lifecycleName } from '../../notebook/lifecycle.js';

/** How often and how long deleting a running notebook waits for it to stop (it takes minutes). */
const STOP_POLL_MS = 10_000;
const STOP_POLLS = 90;

/** The ARN kinds of this finder's resources, as the run's inventory shows them. */
const NOTEBOOK_KINDS = ['notebook-instance', 'notebook-instance-lifecycle-config'] as const;

/**
 * The stack's notebook instance (`sagectl notebook up`, named after the stack) and its
 * lifecycle configuration. AWS deletes only a Stopped or Failed instance, so a running one is
 * stopped first and waited for; the instance goes before its lifecycle config (DELETE_ORDER).
 */
export class NotebookResourceFinder implements ResourceFinder {
  readonly kinds = ['notebook-instance', 'notebook-lifecycle-config'] as const;

  constructor(
    private readonly notebooks: Pick<NotebookService, 'describe' | 'describeLifecycleConfig' | 'stop' | 'delete' | 'deleteLifecycleConfig'>,
    private readonly sagemaker: Pick<SageMakerService, 'listTags'>,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** The run's inventory: a stack it shows without a notebook is not asked about (two reads saved per stack). */
    private readonly inventory?: Pick<RunInventory, 'stackResources'>,
  ) {}

  async find(stack: string): Promise<StackResource[]> {
    if (!(await mayHold(this.inventory, stack, NOTEBOOK_KINDS))) return [];
    const [instance, lifecycleArn] = await Promise.all([this.notebooks.describe(stack), this.notebooks.describeLifecycleConfig(lifecycleName(stack))]);
    const found: StackResource[] = [];
    for (const [kind, name, arn] of [
      ['notebook-instance', stack, instance?.arn],
      ['notebook-lifecycle-config', lifecycleName(stack), lifecycleArn],
    ] as const) {
      if (arn === undefined) continue;
      const tags = await this.sagemaker.listTags(arn);
      if (belongsTo(tags, stack)) found.push({ stack, kind, name, arn, managed: isManaged(tags, stack), tags });
    }
    return found;
  }

  async delete(resource: StackResource): Promise<DeleteOutcome> {
    if (resource.kind === 'notebook-lifecycle-config') return this.notebooks.deleteLifecycleConfig(resource.name);
    if (resource.kind !== 'notebook-instance') throw new Error(`the notebook finder does not delete ${resource.kind}`);
    for (let poll = 0; poll < STOP_POLLS; poll++) {
      const info = await this.notebooks.describe(resource.name);
      if (!info) return 'absent';
      if (info.status === 'Stopped' || info.status === 'Failed') return this.notebooks.delete(resource.name);
      if (info.status === 'InService') await this.notebooks.stop(resource.name);
      await this.sleep(STOP_POLL_MS);
    }
    throw new Error(`notebook instance ${resource.name} did not stop within ${(STOP_POLL_MS * STOP_POLLS) / 60_000} minutes`);
  }
}
