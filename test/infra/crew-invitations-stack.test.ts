/** The CDK app's part of the built-in crew provider: its table, its settings, least privilege. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CharterBridgeStack } from '../../infra/lib/charter-bridge-stack';

const root = join(__dirname, '../..');
let dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function template(): Template {
  const bundle = mkdtempSync(join(tmpdir(), 'crew-inv-bundle-'));
  const outdir = mkdtempSync(join(tmpdir(), 'crew-inv-cdk-'));
  dirs = [...dirs, bundle, outdir];
  writeFileSync(join(bundle, 'index.js'), 'exports.handler = async () => ({});\n');
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CharterBridgeStack(app, 'CrewInvitationsTest', {
    bridgeCodeDir: bundle,
    edgeFunctionFile: join(root, 'lambda-bridge/edge/guest-page-rewrite.js'),
  });
  return Template.fromStack(stack);
}

describe('CDK: the built-in crew provider', () => {
  const t = template();
  const tableId = Object.keys(
    t.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'email', KeyType: 'RANGE' }]) },
    }),
  )[0]!;

  it('has its own answers table in SCC`s shape, with TTL, kept when the stack goes', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [
          { AttributeName: 'eventId', KeyType: 'HASH' },
          { AttributeName: 'email', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('tells the bridge the table and the optional link base', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          CREW_INVITATIONS_TABLE: { Ref: tableId },
          CREW_LINK_BASE_URL: { Ref: 'CrewLinkBaseUrl' },
        }),
      },
    });
    t.hasParameter('CrewLinkBaseUrl', { Default: '' });
  });

  it('may only read and write items of that table (no Scan, no delete, no table management)', () => {
    const policies = t.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) => (p.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>) ?? [],
    );
    const onTable = statements.filter((s) => JSON.stringify(s.Resource).includes(`"${tableId}"`));
    expect(onTable.flatMap((s) => s.Action as string[]).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });
});
