/**
 * CDK app entry (infra/cdk.json runs it with tsx). Synthesizes offline: no lookups, no account.
 *   npm run synth                                   # build the bundle, synthesize infra/cdk.out
 *   npm run deploy:aws -- --parameters PagesBucketName=... (see docs/deploy-guide.md)
 * Context (-c key=value): stackName (default CharterBridge; one stack per environment),
 * sesSandboxRecipients (comma-separated identities, only while SES is in the sandbox),
 * alarmTopicArn (existing SNS topic for the error alarm),
 * bridgeCodeDir (default dist/lambda-bridge).
 */
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { CharterBridgeStack } from '../lib/charter-bridge-stack';

const root = resolve(__dirname, '../..');
const app = new App();

const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

new CharterBridgeStack(app, context('stackName') ?? 'CharterBridge', {
  description: 'Charter booking automation: signed bridge Lambda, tables, guest-page edge function',
  bridgeCodeDir: resolve(root, context('bridgeCodeDir') ?? 'dist/lambda-bridge'),
  edgeFunctionFile: join(root, 'lambda-bridge/edge/guest-page-rewrite.js'),
  sesSandboxRecipients: (context('sesSandboxRecipients') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
  alarmTopicArn: context('alarmTopicArn'),
  // Deploy to the account/region of the current AWS credentials (CDK_DEFAULT_*), if any.
  env:
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined,
});
