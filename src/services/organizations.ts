import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { translateAwsError } from '../core/aws-errors.js';

/** AWS Organizations: the accounts `--organization` works in. */
export class OrganizationsService {
  constructor(
    private readonly client: OrganizationsClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): OrganizationsService {
    return new OrganizationsService(new OrganizationsClient(clientConfig(options)), options.logger);
  }

  /** The ids of the organization's active accounts (suspended and closing ones are skipped), every page. */
  async activeAccounts(): Promise<string[]> {
    const ids: string[] = [];
    try {
      for await (const page of paginateListAccounts({ client: this.client }, {})) {
        for (const a of page.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === 'ACTIVE') ids.push(a.Id);
      }
    } catch (error) {
      throw translateAwsError('ListAccounts', error);
    }
    this.logger.debug(`${ids.length} active accounts in the organization`);
    return ids.sort();
  }
}
