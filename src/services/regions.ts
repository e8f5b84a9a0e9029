import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions } from '../core/clients.js';
import { awsCallStrict } from './call.js';

/** The regions enabled for the account (`--all-regions`), from EC2's DescribeRegions. */
export class RegionsService {
  constructor(
    private readonly client: EC2Client,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): RegionsService {
    return new RegionsService(new EC2Client(clientConfig(options)), options.logger);
  }

  /** Without AllRegions, DescribeRegions lists only the regions enabled for the account (opt-in ones once opted in). */
  async enabledRegions(): Promise<string[]> {
    const out = await awsCallStrict(this.logger, 'DescribeRegions', () => this.client.send(new DescribeRegionsCommand({})));
    return (out.Regions ?? [])
      .map((r) => r.RegionName ?? '')
      .filter((r) => r !== '')
      .sort();
  }
}
