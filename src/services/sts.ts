import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Logger } from 'pino';
import { clientConfig, type ClientOptions, type TemporaryCredentials } from '../core/clients.js';
import { awsCallStrict } from './call.js';

/** STS: who the caller is, and a role assumed in another account (as c7n-org and aws-nuke do). */
export class StsService {
  constructor(
    private readonly client: STSClient,
    private readonly logger: Logger,
  ) {}

  static create(options: ClientOptions): StsService {
    return new StsService(new STSClient(clientConfig(options)), options.logger);
  }

  /** The account of the credentials in use. */
  async callerAccount(): Promise<string> {
    const out = await awsCallStrict(this.logger, 'GetCallerIdentity', () => this.client.send(new GetCallerIdentityCommand({})));
    return out.Account ?? '';
  }

  /** Temporary credentials of `roleArn` (one hour). */
  async assumeRole(roleArn: string, sessionName: string): Promise<TemporaryCredentials> {
    const out = await awsCallStrict(this.logger, 'AssumeRole', () =>
      this.client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 })),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  }
}
