import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  CharterBridgeStack,
  type CharterBridgeStackProps,
} from '../../infra/lib/charter-bridge-stack';

const root = join(__dirname, '../..');
const edgeFunctionFile = join(root, 'lambda-bridge/edge/guest-page-rewrite.js');

/**
 * Statements that may use Resource "*" because AWS offers no narrower resource for the action.
 * None are needed: logs go to the stack's own log group, X-Ray is not enabled.
 */
const RESOURCE_STAR_EXCEPTIONS: readonly string[] = [];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: Json;
  Sid?: string;
}

/** A CloudFormation string expression as readable text: Refs become ${Name}. */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('Ref' in value) return `\${${String(value.Ref)}}`;
    if ('Fn::GetAtt' in value) return `\${${(value['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in value) {
      const [sep, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(sep);
    }
  }
  return JSON.stringify(value);
}

const asList = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Every IAM statement in the template: identity policies, inline role policies, managed policies. */
function iamStatements(template: Template): Array<{ where: string; statement: Statement }> {
  const out: Array<{ where: string; statement: Statement }> = [];
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, Json> }
  >;
  for (const [id, r] of Object.entries(resources)) {
    const docs: Json[] = [];
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      docs.push(r.Properties.PolicyDocument as Json);
    if (r.Type === 'AWS::IAM::Role')
      for (const p of asList(r.Properties.Policies as Json[] | undefined))
        docs.push((p as { PolicyDocument: Json }).PolicyDocument);
    for (const doc of docs)
      for (const statement of asList((doc as unknown as { Statement: Statement[] }).Statement))
        out.push({ where: id, statement });
  }
  return out;
}

/** Temporary folders this file creates (cloud assemblies, fake bundles); removed at the end. */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function makeBundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'charter-bridge-bundle-'));
  tempDirs.push(dir);
  // The shape build:lambda writes: an ES module entry, a lazily loaded chunk, the package.json
  // that makes .js files ES modules...
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'index.js'),
    'export const handler = async () => ({ statusCode: 200 });\n',
  );
  mkdirSync(join(dir, 'chunks'));
  writeFileSync(join(dir, 'chunks/cloudfront-sdk-TEST.js'), 'export const loaded = true;\n');
  // ...and two files that do not belong in the Lambda package.
  writeFileSync(join(dir, 'cloudfront-function.js'), readFileSync(edgeFunctionFile));
  writeFileSync(join(dir, 'meta.json'), '{}');
  return dir;
}

function synth(
  bundleDir: string,
  extra: Partial<CharterBridgeStackProps> = {},
): { template: Template; outdir: string } {
  // Prepare: asset bundling skipped; the plain asset folder is staged (copied) only.
  const outdir = mkdtempSync(join(tmpdir(), 'charter-cdk-test-'));
  tempDirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CharterBridgeStack(app, 'TestCharterBridge', {
    bridgeCodeDir: bundleDir,
    edgeFunctionFile,
    ...extra,
  });
  const template = Template.fromStack(stack);
  return { template, outdir };
}

describe('CDK stack: CharterBridgeStack', () => {
  const bundleDir = makeBundleDir();
  const { template, outdir } = synth(bundleDir);
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, Json>; DeletionPolicy?: string }
  >;
  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

  describe('the bridge Lambda', () => {
    it('runs the local esbuild bundle on nodejs22.x / arm64 with handler index.handler', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 30,
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    });

    it('packages the bundle with its chunks (not the edge copy nor the esbuild metafile)', () => {
      // Assess: the staged asset folder is what would be zipped and uploaded.
      const assetDirs = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
      expect(assetDirs).toHaveLength(1);
      const asset = join(outdir, assetDirs[0] as string);
      expect(readdirSync(asset).sort()).toEqual(['chunks', 'index.js', 'package.json']);
      expect(readdirSync(join(asset, 'chunks'))).toEqual(['cloudfront-sdk-TEST.js']);
    });

    it('gets its configuration from the fixed env var names, secrets from SSM', () => {
      const [fn] = ofType('AWS::Lambda::Function');
      const env = (fn?.Properties.Environment as { Variables: Record<string, Json> }).Variables;
      const rendered = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, render(v)]));
      const stateTableId = template.getResourceId('AWS::DynamoDB::Table', {
        Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'sk', KeyType: 'RANGE' }]) },
      });
      const nonceTableId = template.getResourceId('AWS::DynamoDB::Table', {
        Properties: { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } },
      });
      const crewTableId = template.getResourceId('AWS::DynamoDB::Table', {
        Properties: { TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } },
      });
      expect(rendered).toEqual({
        STATE_TABLE: `\${${stateTableId}}`,
        NONCE_TABLE: `\${${nonceTableId}}`,
        SCC_RESPONSES_TABLE: '${SccResponsesTableName}',
        PAGES_BUCKET: '${PagesBucketName}',
        CLOUDFRONT_DISTRIBUTION_ID: '${DistributionId}',
        PUBLIC_BASE_URL: '${PublicBaseUrl}',
        CALENDAR_API_URL: '${CalendarApiUrl}',
        SCC_API_URL: '${SccApiUrl}',
        SES_FROM_ADDRESS: '${SesFromAddress}',
        CREW_INVITATIONS_TABLE: `\${${crewTableId}}`,
        CREW_LINK_BASE_URL: '${CrewLinkBaseUrl}',
        CALENDAR_PROVIDER: '${CalendarProvider}',
        CREW_PROVIDER: '${CrewProvider}',
        SECRETS_SOURCE: 'ssm',
        SECRETS_SSM_PREFIX: '${SsmParameterPath}',
      });
    });

    it('keeps its logs 30 days in its own log group', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    it('raises an alarm when it logs an error (failures the bridge answers itself)', () => {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        FilterPattern: '"ERROR"',
        MetricTransformations: [
          {
            MetricNamespace: 'CharterBridge/TestCharterBridge',
            MetricName: 'LoggedErrors',
            MetricValue: '1',
            DefaultValue: 0,
          },
        ],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'CharterBridge/TestCharterBridge',
        MetricName: 'LoggedErrors',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('raises an alarm on one or more Errors in 5 minutes', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('refuses to synthesize without a built bundle, naming the command to run', () => {
      const empty = mkdtempSync(join(tmpdir(), 'charter-bridge-empty-'));
      try {
        expect(() => synth(empty)).toThrow(/npm run build:lambda/);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('the Function URL', () => {
    it('has AuthType NONE (the HMAC signature is the authentication)', () => {
      template.resourceCountIs('AWS::Lambda::Url', 1);
      template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        InvokeMode: 'BUFFERED',
      });
    });

    it('is invocable: the resource policy grants both InvokeFunctionUrl and InvokeFunction', () => {
      const fnId = template.getResourceId('AWS::Lambda::Function', {});
      const permissions = ofType('AWS::Lambda::Permission').map((p) => p.Properties);
      expect(permissions).toEqual(
        expect.arrayContaining([
          {
            Action: 'lambda:InvokeFunctionUrl',
            FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
            FunctionUrlAuthType: 'NONE',
            Principal: '*',
          },
          {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
            InvokedViaFunctionUrl: true,
            Principal: '*',
          },
        ]),
      );
      // Nothing else may invoke it publicly.
      expect(permissions).toHaveLength(2);
    });
  });

  describe('the tables', () => {
    it('state: pk/sk strings, on demand, point-in-time recovery, kept when the stack goes', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
    });

    it('nonces: nonce string key, on demand, TTL on expiresAt', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'nonce', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'nonce', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
      // state, nonces, and the built-in crew provider's invitations (crew-invitations-stack.test.ts)
      template.resourceCountIs('AWS::DynamoDB::Table', 3);
    });
  });

  describe('the CloudFront Function', () => {
    it('is the exact edge file, runtime cloudfront-js-2.0, published to LIVE', () => {
      template.hasResourceProperties('AWS::CloudFront::Function', {
        AutoPublish: true,
        FunctionCode: readFileSync(edgeFunctionFile, 'utf8'),
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      });
    });

    it('leaves the existing distribution alone (attached by hand, see the deploy guide)', () => {
      template.resourceCountIs('AWS::CloudFront::Distribution', 0);
      template.resourceCountIs('AWS::S3::Bucket', 0);
    });
  });

  describe('IAM: least privilege', () => {
    const statements = iamStatements(template);
    const rendered = statements.map(({ statement }) => ({
      actions: asList(statement.Action).sort(),
      resources: asList(statement.Resource as Json | Json[]).map(render),
    }));
    const resourcesFor = (action: string) =>
      rendered.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);

    it('has statements to check (the walk below is not vacuous)', () => {
      expect(statements.length).toBeGreaterThanOrEqual(6);
    });

    it('grants no wildcard action (neither "*" nor "service:*" nor "service:Prefix*")', () => {
      for (const { where, statement } of statements)
        for (const action of asList(statement.Action))
          expect({ where, action, wildcard: action.includes('*') }).toEqual({
            where,
            action,
            wildcard: false,
          });
    });

    it('grants nothing on Resource "*" (listed exceptions: none)', () => {
      for (const { where, statement } of statements) {
        const star = asList(statement.Resource as Json | Json[]).some((r) => r === '*');
        const excepted = asList(statement.Action).every((a) =>
          RESOURCE_STAR_EXCEPTIONS.includes(a),
        );
        expect({ where, sid: statement.Sid, star: star && !excepted }).toEqual({
          where,
          sid: statement.Sid,
          star: false,
        });
      }
    });

    it('only allows, never uses NotAction/NotResource', () => {
      for (const { statement } of statements) {
        expect(statement.Effect).toBe('Allow');
        expect(statement).not.toHaveProperty('NotAction');
        expect(statement).not.toHaveProperty('NotResource');
      }
    });

    it('attaches no managed policy (AWSLambdaBasicExecutionRole would bring Resource "*")', () => {
      for (const role of ofType('AWS::IAM::Role'))
        expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    });

    it('s3:GetObject and s3:PutObject only on the page keys ({slug}.html, crew/*), s3:ListBucket only on the bucket', () => {
      const pageKeys = [
        'arn:${AWS::Partition}:s3:::${PagesBucketName}/*.html',
        'arn:${AWS::Partition}:s3:::${PagesBucketName}/crew/*',
      ];
      expect(resourcesFor('s3:PutObject').sort()).toEqual(pageKeys);
      expect(resourcesFor('s3:GetObject').sort()).toEqual(pageKeys);
      expect(resourcesFor('s3:ListBucket')).toEqual([
        'arn:${AWS::Partition}:s3:::${PagesBucketName}',
      ]);
      expect(
        rendered
          .flatMap((s) => s.actions)
          .filter((a) => a.startsWith('s3:'))
          .sort(),
      ).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    });

    it('invalidations only on the one distribution', () => {
      const distribution =
        'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${DistributionId}';
      expect(resourcesFor('cloudfront:CreateInvalidation')).toEqual([distribution]);
      expect(resourcesFor('cloudfront:GetInvalidation')).toEqual([distribution]);
    });

    it('ses:SendEmail only from the sender identity (no SendRawEmail: the bridge uses SendEmail)', () => {
      expect(resourcesFor('ses:SendEmail')).toEqual([
        'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}',
      ]);
      expect(resourcesFor('ses:SendRawEmail')).toEqual([]);
    });

    it("read-only on SCC's table: GetItem, BatchGetItem (the crew loop) and Query", () => {
      const scc = rendered.filter((s) =>
        s.resources.some((r) => r.includes('${SccResponsesTableName}')),
      );
      expect(scc).toEqual([
        {
          actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
          resources: [
            'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SccResponsesTableName}',
          ],
        },
      ]);
      // ... and only when the bridge serves SCC: that policy is under the UsesScc condition
      const policies = Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify(r.Properties.PolicyDocument).includes('SccResponsesTableName'),
      ) as Array<{ Condition?: string }>;
      expect(policies.map((p) => p.Condition)).toEqual(['UsesScc']);
      template.hasCondition('UsesScc', {
        'Fn::Equals': [{ Ref: 'CrewProvider' }, 'scc'],
      });
    });

    it('read/write data (no Scan, no table admin) on its own two tables', () => {
      const stateTableId = template.getResourceId('AWS::DynamoDB::Table', {
        Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'sk', KeyType: 'RANGE' }]) },
      });
      const onState = rendered.filter((s) => s.resources.includes(`\${${stateTableId}.Arn}`));
      expect(onState.flatMap((s) => s.actions)).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:Query',
        ]),
      );
      const dynamoActions = rendered
        .flatMap((s) => s.actions)
        .filter((a) => a.startsWith('dynamodb:'));
      for (const forbidden of [
        'dynamodb:Scan',
        'dynamodb:DeleteTable',
        'dynamodb:CreateTable',
        'dynamodb:UpdateTable',
      ])
        expect(dynamoActions).not.toContain(forbidden);
    });

    it('reads secrets only under the SSM prefix', () => {
      expect(resourcesFor('ssm:GetParameter')).toEqual([
        'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SsmParameterPath}*',
      ]);
      expect(
        rendered
          .flatMap((s) => s.actions)
          .filter((a) => a.startsWith('ssm:') || a.startsWith('kms:')),
      ).toEqual(['ssm:GetParameter']);
    });

    it('reads them through the Parameters and Secrets extension layer given as a parameter', () => {
      const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
        Properties: { Layers: unknown[]; Environment: { Variables: Record<string, unknown> } };
      };
      expect(fn.Properties.Layers).toEqual([{ Ref: 'ParameterStoreExtensionLayerArn' }]);
      expect(fn.Properties.Environment.Variables.SECRETS_SOURCE).toBe('ssm');
      const parameter = (template.toJSON().Parameters as Record<string, { AllowedPattern: string }>)
        .ParameterStoreExtensionLayerArn;
      expect(parameter?.AllowedPattern).toContain(
        'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
      );
    });

    it('writes logs only to its own log group', () => {
      const logGroupId = template.getResourceId('AWS::Logs::LogGroup', {});
      expect(resourcesFor('logs:PutLogEvents')).toEqual([`\${${logGroupId}.Arn}`]);
    });
  });

  describe('parameters and outputs', () => {
    it('takes the existing resources and service URLs as parameters', () => {
      const parameters = Object.keys(template.toJSON().Parameters as object);
      expect(parameters).toEqual(
        expect.arrayContaining([
          'PagesBucketName',
          'DistributionId',
          'SesIdentity',
          'SesFromAddress',
          'SccResponsesTableName',
          'CalendarApiUrl',
          'SccApiUrl',
          'PublicBaseUrl',
          'SsmParameterPath',
          'ParameterStoreExtensionLayerArn',
        ]),
      );
      template.hasParameter('SsmParameterPath', { Default: '/charter/bridge/' });
      template.hasParameter('CalendarProvider', {
        Default: 'dashboard',
        AllowedValues: ['dashboard', 'google'],
      });
      template.hasParameter('CrewProvider', { Default: 'scc', AllowedValues: ['scc', 'builtin'] });
      template.hasParameter('PublicBaseUrl', { AllowedPattern: '^https://[^/]+$' });
    });

    it('needs a service URL only for the provider that uses it (CloudFormation rules)', () => {
      // Empty by default: Google Calendar and the built-in invitations need neither
      template.hasParameter('CalendarApiUrl', { Default: '', AllowedPattern: '^$|^https://.+' });
      template.hasParameter('SccApiUrl', { Default: '', AllowedPattern: '^$|^https://.+' });
      const rules = template.toJSON().Rules as Record<string, Json>;
      expect(rules.DashboardNeedsItsUrl).toEqual({
        RuleCondition: { 'Fn::Equals': [{ Ref: 'CalendarProvider' }, 'dashboard'] },
        Assertions: [
          {
            Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CalendarApiUrl' }, ''] }] },
            AssertDescription: 'CalendarApiUrl is required when CalendarProvider is dashboard',
          },
        ],
      });
      expect(rules.SccNeedsItsUrl).toMatchObject({
        RuleCondition: { 'Fn::Equals': [{ Ref: 'CrewProvider' }, 'scc'] },
      });
    });

    it('outputs the function URL, function name and CloudFront Function ARN', () => {
      template.hasOutput('BridgeFunctionUrl', {
        Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctionUrl'), 'FunctionUrl'] },
      });
      template.hasOutput('BridgeFunctionName', { Value: Match.anyValue() });
      template.hasOutput('GuestPageFunctionArn', {
        Value: { 'Fn::GetAtt': [Match.anyValue(), 'FunctionARN'] },
      });
    });
  });

  describe('options', () => {
    it('adds SES sandbox recipient identities and an SNS alarm action when asked', () => {
      // Prepare / Act
      const { template: t } = synth(bundleDir, {
        sesSandboxRecipients: ['captain@example.com'],
        alarmTopicArn: 'arn:aws:sns:us-west-2:123456789012:charter-ops',
      });
      // Assess
      const ses = iamStatements(t)
        .filter(({ statement }) => asList(statement.Action).includes('ses:SendEmail'))
        .flatMap(({ statement }) => asList(statement.Resource as Json | Json[]).map(render));
      expect(ses).toEqual([
        'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SesIdentity}',
        'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/captain@example.com',
      ]);
      const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(2);
      for (const alarm of alarms)
        expect(alarm.Properties.AlarmActions).toEqual([
          'arn:aws:sns:us-west-2:123456789012:charter-ops',
        ]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
    });
  });
});

describe('CDK app: infra/bin/app.ts (the cdk.json "app" command)', () => {
  it('synthesizes offline into a cloud assembly', () => {
    // Prepare
    const bundleDir = makeBundleDir();
    const outdir = mkdtempSync(join(tmpdir(), 'charter-cdk-out-'));
    try {
      // Act: what `cdk synth` does: run the app with CDK_OUTDIR/CDK_CONTEXT_JSON set.
      const run = spawnSync(
        process.execPath,
        [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/app.ts'],
        {
          cwd: join(root, 'infra'),
          env: {
            ...process.env,
            CDK_OUTDIR: outdir,
            CDK_CONTEXT_JSON: JSON.stringify({
              bridgeCodeDir: bundleDir,
              stackName: 'CharterBridgeTest',
            }),
          },
          encoding: 'utf8',
        },
      );
      // Assess
      // (stderr shown on failure; a Node version notice there is not a failure)
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
      expect(existsSync(join(outdir, 'CharterBridgeTest.template.json'))).toBe(true);
      const cdkJson = JSON.parse(readFileSync(join(root, 'infra/cdk.json'), 'utf8')) as {
        app: string;
      };
      expect(cdkJson.app).toBe('npx tsx bin/app.ts');
    } finally {
      rmSync(bundleDir, { recursive: true, force: true });
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
