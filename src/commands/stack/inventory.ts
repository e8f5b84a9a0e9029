import { TagKey, type Tags } from '../../core/tags.js';
import type { DeleteOutcome, EndpointConfigInfo, ModelInfo, ResourceSummary, SageMakerService } from '../../services/sagemaker.js';
import type { TaggedResource, TaggingService } from '../../services/tagging.js';

/**
 * One inventory per run: what a command has read of AWS, so that it reads each thing once.
 *
 * - The stack's resources and their tags come from one tagging-API inventory (GetResources by
 *   `sagectl:stack`, or by `sagectl:managed-by` for the whole fleet), instead of one ListTags per
 *   endpoint, config and model.
 * - Listings are kept: a later listing narrowed to a name that an earlier one covered is answered
 *   from it (the fleet's full listing answers every stack's).
 * - Endpoint configs and models cannot change once created, so each is described once.
 * - What the run creates, tags or deletes through the wrapped service updates all of that, so
 *   the cleanup after an update sees the update without listing again.
 *
 * The tagging API can lag a resource created a moment ago (AWS documents it as eventually
 * consistent), so it is never the only source: names still come from the SageMaker listings,
 * and a listed resource that the naming scheme gives to the stack but the inventory does not
 * show yet has its tags read with ListTags (see SageMakerResourceFinder). Endpoint status is
 * never kept: it is the one thing a run waits on.
 */
export class RunInventory {
  private fleet: Promise<TaggedResource[]> | undefined;
  private readonly stacks = new Map<string, Promise<TaggedResource[] | undefined>>();
  /** Tags by lowercase ARN (SageMaker lowercases names in some ARNs and not in others). */
  private readonly tags = new Map<string, Promise<Tags>>();

  /**
   * `primary` is the stack the run is about, when it is about one: its inventory is read before
   * the first tag lookup, so that lookup and every later one are answered from it.
   */
  constructor(
    private readonly tagging: Pick<TaggingService, 'stackResources' | 'managedResources'> | undefined,
    private readonly primary?: string,
  ) {}

  /** Reads the primary stack's inventory (once); afterwards {@link knownTags} answers for its resources. */
  async ready(): Promise<void> {
    if (this.primary !== undefined && !this.fleet) await this.stackResources(this.primary);
  }

  /** Whether the whole fleet was read: then one listing per service answers for every stack. */
  get isFleet(): boolean {
    return this.fleet !== undefined;
  }

  /** Every managed resource in the region (one paged GetResources, once per run). */
  managed(): Promise<TaggedResource[]> {
    this.fleet ??= this.remember(this.tagging ? this.tagging.managedResources(FLEET_RESOURCE_TYPES) : Promise.resolve([]));
    return this.fleet;
  }

  /**
   * The resources tagged `sagectl:stack=<stack>`: from the fleet's inventory when the run read
   * it (managed ones only, all a bulk command touches), else one paged GetResources for the stack.
   * Undefined when there is no tagging API to ask, or it refused (say a policy without
   * `tag:GetResources`): the caller then reads each resource's tags itself, as without an inventory.
   */
  async stackResources(stack: string): Promise<TaggedResource[] | undefined> {
    if (this.fleet) return (await this.fleet).filter((r) => r.tags[TagKey.Stack] === stack);
    if (!this.tagging) return undefined;
    let found = this.stacks.get(stack);
    if (!found) {
      found = this.remember(this.tagging.stackResources(stack)).catch(() => undefined);
      this.stacks.set(stack, found);
    }
    return found;
  }

  /** The tags known for `arn` without a request, if any. */
  knownTags(arn: string): Promise<Tags> | undefined {
    return this.tags.get(arn.toLowerCase());
  }

  /** Records `tags` as the tags of `arn` (read, or set by this run). */
  setTags(arn: string, tags: Promise<Tags>): void {
    this.tags.set(arn.toLowerCase(), tags);
  }

  /** Adds `added` to what is known of `arn`'s tags, when anything is. */
  mergeTags(arn: string, added: Tags): void {
    const known = this.knownTags(arn);
    if (known)
      this.setTags(
        arn,
        known.then((tags) => ({ ...tags, ...added })),
      );
  }

  /** Whether an ARN of `resources` is `arn` (compared without case). */
  static holds(resources: readonly TaggedResource[], arn: string): boolean {
    const wanted = arn.toLowerCase();
    return resources.some((r) => r.arn.toLowerCase() === wanted);
  }

  private remember(read: Promise<TaggedResource[]>): Promise<TaggedResource[]> {
    return read.then((resources) => {
      for (const r of resources) this.tags.set(r.arn.toLowerCase(), Promise.resolve(r.tags));
      return resources;
    });
  }
}

/** The types a fleet inventory asks for: SageMaker's, wire-api's function, its logs. */
const FLEET_RESOURCE_TYPES = [
  'sagemaker:endpoint',
  'sagemaker:endpoint-config',
  'sagemaker:model',
  'lambda:function',
  'logs',
  // A stack with only a notebook or a schedule is selected by these (stack/fleet.ts); all four
  // are read for the finders that skip a stack without them (see mayHold).
  'sagemaker:notebook-instance',
  'sagemaker:notebook-instance-lifecycle-config',
  'sagemaker:monitoring-schedule',
  'sagemaker:data-quality-job-definition',
] as const;

/** The SageMaker calls the wrapper keeps or learns from. */
export type InventorySageMaker = Pick<
  SageMakerService,
  | 'listEndpoints'
  | 'listEndpointConfigs'
  | 'listModels'
  | 'listTags'
  | 'addTags'
  | 'createModel'
  | 'createEndpointConfig'
  | 'deleteEndpoint'
  | 'deleteEndpointConfig'
  | 'deleteModel'
  | 'describeEndpointConfig'
  | 'describeModel'
>;

type Kind = 'endpoint' | 'endpoint-config' | 'model';

interface Listing {
  /** The NameContains it was read with (undefined: everything). */
  filter: string | undefined;
  rows: Promise<ResourceSummary[]>;
}

const inventories = new WeakMap<object, RunInventory>();

/** The inventory a service was wrapped with by {@link withInventory}, if any. */
export function inventoryOf(service: object): RunInventory | undefined {
  return inventories.get(service);
}

/**
 * `sagemaker` reading through `inventory`: the same methods, with listings, tags and the
 * descriptions of configs and models kept for the run (see {@link RunInventory}). Every other
 * method goes straight to the service.
 */
export function withInventory<T extends Partial<InventorySageMaker>>(sagemaker: T, inventory: RunInventory): T {
  const listings: Record<Kind, Listing[]> = { endpoint: [], 'endpoint-config': [], model: [] };
  const described = new Map<string, Promise<unknown>>();
  const call = <K extends keyof InventorySageMaker>(key: K): InventorySageMaker[K] => {
    const method = sagemaker[key] as InventorySageMaker[K] | undefined;
    if (!method) throw new Error(`${String(key)} is not available here`);
    return (method as (...a: unknown[]) => unknown).bind(sagemaker) as InventorySageMaker[K];
  };

  const list = (kind: Kind, read: (filter?: string) => Promise<ResourceSummary[]>, filter: string | undefined): Promise<ResourceSummary[]> => {
    // A listing of names containing `g` holds every name containing `filter` when `filter` contains `g`.
    const covering = listings[kind].find((l) => l.filter === undefined || (filter !== undefined && filter.includes(l.filter)));
    if (covering) return covering.rows.then((rows) => (filter === undefined ? rows : rows.filter((r) => r.name.includes(filter))));
    const rows = read(filter);
    listings[kind].push({ filter, rows });
    // A failed read is not kept: the next caller asks again.
    rows.catch(() => (listings[kind] = listings[kind].filter((l) => l.rows !== rows)));
    return rows;
  };
  const added = (kind: Kind, row: ResourceSummary): void => {
    for (const l of listings[kind]) {
      if (l.filter === undefined || row.name.includes(l.filter)) l.rows = l.rows.then((rows) => [...rows.filter((r) => r.name !== row.name), row]);
    }
  };
  const removed = (kind: Kind, name: string): void => {
    described.delete(`${kind}\u0000${name}`);
    for (const l of listings[kind]) l.rows = l.rows.then((rows) => rows.filter((r) => r.name !== name));
  };
  const describe = <R>(kind: Kind, name: string, read: () => Promise<R>): Promise<R> => {
    const key = `${kind}\u0000${name}`;
    let found = described.get(key) as Promise<R> | undefined;
    if (!found) {
      found = read();
      described.set(key, found);
      found.catch(() => described.delete(key));
    }
    return found;
  };
  const deleted =
    (kind: Kind, key: 'deleteEndpoint' | 'deleteEndpointConfig' | 'deleteModel') =>
    async (name: string): Promise<DeleteOutcome> => {
      const outcome = await call(key)(name);
      removed(kind, name);
      return outcome;
    };

  const overrides: Partial<InventorySageMaker> = {
    listEndpoints: (filter?: string) => list('endpoint', (f) => call('listEndpoints')(f), filter),
    listEndpointConfigs: (filter?: string) => list('endpoint-config', (f) => call('listEndpointConfigs')(f), filter),
    listModels: (filter?: string) => list('model', (f) => call('listModels')(f), filter),
    listTags: async (arn: string) => {
      await inventory.ready();
      const known = inventory.knownTags(arn);
      if (known) return known;
      const read = call('listTags')(arn);
      inventory.setTags(arn, read);
      return read;
    },
    addTags: async (arn: string, tags: Tags) => {
      await call('addTags')(arn, tags);
      inventory.mergeTags(arn, tags);
    },
    createModel: async (...args: Parameters<InventorySageMaker['createModel']>) => {
      const [spec, tags] = args;
      described.delete(`model\u0000${spec.name}`);
      const arn = await call('createModel')(...args);
      added('model', { name: spec.name, arn, creationTime: new Date() });
      inventory.setTags(arn, Promise.resolve(tags));
      return arn;
    },
    createEndpointConfig: async (...args: Parameters<InventorySageMaker['createEndpointConfig']>) => {
      described.delete(`endpoint-config\u0000${args[0]}`);
      const arn = await call('createEndpointConfig')(...args);
      const [name, variants, tags, settings = {}] = args;
      // What was just created is what a describe would say: the cleanup after the switch reads it.
      described.set(`endpoint-config\u0000${name}`, Promise.resolve({ name, arn, variants, settings }));
      added('endpoint-config', { name, arn, creationTime: new Date() });
      inventory.setTags(arn, Promise.resolve(tags));
      return arn;
    },
    deleteEndpoint: deleted('endpoint', 'deleteEndpoint'),
    deleteEndpointConfig: deleted('endpoint-config', 'deleteEndpointConfig'),
    deleteModel: deleted('model', 'deleteModel'),
    describeEndpointConfig: (name: string): Promise<EndpointConfigInfo | undefined> =>
      describe('endpoint-config', name, () => call('describeEndpointConfig')(name)),
    describeModel: (name: string): Promise<ModelInfo | undefined> => describe('model', name, () => call('describeModel')(name)),
  };
  const wrapped = new Proxy(sagemaker, {
    get: (target, key, receiver) =>
      // Only a method the service has is replaced (a stand-in built by lazyService has them all).
      typeof key === 'string' && key in overrides && typeof Reflect.get(target, key) === 'function'
        ? overrides[key as keyof InventorySageMaker]
        : Reflect.get(target, key, receiver),
  });
  inventories.set(wrapped, inventory);
  return wrapped;
}

/**
 * Whether the stack may hold a resource of one of `kinds` (the SageMaker ARN's resource part, such
 * as `notebook-instance`): the run's inventory shows one, or there is no inventory to ask (no
 * tagging API, or it refused), when every stack may. Lets teardown skip a service's reads for
 * the many stacks that never used it. The tagging API can lag a resource created a moment ago;
 * the kinds gated this way (a notebook waited InService, a monitoring schedule) are not made by
 * the command a CI script runs just before teardown.
 */
export async function mayHold(inventory: Pick<RunInventory, 'stackResources'> | undefined, stack: string, kinds: readonly string[]): Promise<boolean> {
  if (!inventory) return true;
  const resources = await inventory.stackResources(stack);
  if (resources === undefined) return true;
  return resources.some((r) => kinds.some((kind) => r.arn.includes(`:${kind}/`)));
}
