import { expect } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';

expect.extend(allCustomMatcher);

// No unit test may read ~/.aws, pick up a developer's profile, or reach a network: fake
// credentials and region, and no endpoint override leaking in from the shell.
process.env.AWS_ACCESS_KEY_ID = 'AKIDUNITTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'unit-test-secret';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_CONFIG_FILE = '/nonexistent/sagectl-unit/config';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/sagectl-unit/credentials';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
for (const key of Object.keys(process.env)) if (key.startsWith('AWS_ENDPOINT_URL')) delete process.env[key];
