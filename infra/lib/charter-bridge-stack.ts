/**
 * The AWS side of the charter booking automation: the signed bridge Lambda behind a Function URL,
 * its two DynamoDB tables, the guest-page CloudFront Function, least-privilege IAM, logs and an
 * error alarm. The pages bucket, the distribution, the SES identity and SCC's table already exist
 * and are CloudFormation parameters; this stack never modifies them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  CfnRule,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_MS } from '../../lambda-bridge/src/budget';
import { PROVIDER_ENV } from '../../lambda-bridge/src/config';
import { CALENDAR_PROVIDERS, CREW_PROVIDERS, DEFAULT_PROVIDERS } from '../../shared/providers';

export interface CharterBridgeStackProps extends StackProps {
  /** Folder holding the esbuild bundle `index.js` (normally dist/lambda-bridge after `npm run build:lambda`). */
  readonly bridgeCodeDir: string;
  /** The CloudFront Function source, deployed byte for byte (lambda-bridge/edge/guest-page-rewrite.js). */
  readonly edgeFunctionFile: string;
  /**
   * SES identities (addresses or domains) the captain e-mails go TO while the account is in the SES
   * sandbox: there SES also checks the IAM policy against the recipient identities. Empty otherwise.
   */
  readonly sesSandboxRecipients?: readonly string[];
  /** Existing SNS topic told when the error alarm fires (optional). */
  readonly alarmTopicArn?: string;
}

/** What the bridge does with its own tables (no Scan, no table management). */
const STATE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
const NONCE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'];
/**
 * The built-in crew provider's table: read an event or a member, write invitations (new rows
 * whole, existing rows' e-mail keys and details by UpdateItem) and answers (UpdateItem).
 */
const CREW_INVITATION_ACTIONS = [
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
];
/**
 * Bundle files that are not Lambda code (the edge copy and esbuild's metafile). The asset is the
 * rest: index.js, its chunks/ and the package.json that makes them ES modules.
 */
const NOT_LAMBDA_CODE = ['cloudfront-function.js', 'meta.json'];

export class CharterBridgeStack extends Stack {
  readonly bridgeFunction: lambda.Function;
  readonly functionUrl: lambda.FunctionUrl;
  readonly stateTable: dynamodb.Table;
  readonly nonceTable: dynamodb.Table;
  readonly crewInvitationsTable: dynamodb.Table;
  readonly guestPageFunction: cloudfront.Function;
  readonly errorAlarm: cloudwatch.Alarm;
  readonly loggedErrorAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CharterBridgeStackProps) {
    super(scope, id, props);
    if (!existsSync(join(props.bridgeCodeDir, 'index.js')))
      throw new Error(
        `${join(props.bridgeCodeDir, 'index.js')} is missing: run \`npm run build:lambda\` first`,
      );

    // ---- Parameters: the things that already exist, and where the bridge finds its services.
    const pagesBucketName = new CfnParameter(this, 'PagesBucketName', {
      description: 'Existing S3 bucket that holds the guest pages ({slug}.html) and crew/ pages',
      allowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    });
    const distributionId = new CfnParameter(this, 'DistributionId', {
      description: 'Existing CloudFront distribution (in front of the pages bucket) to invalidate',
      allowedPattern: '^[A-Z0-9]{8,32}$',
    });
    const sesIdentity = new CfnParameter(this, 'SesIdentity', {
      description:
        'Verified SES identity the bridge sends from: a domain (example.com) or an address',
      minLength: 3,
    });
    const sesFromAddress = new CfnParameter(this, 'SesFromAddress', {
      description: 'From address of the captain e-mails (within SesIdentity)',
      allowedPattern: '^[^@\\s]+@[^@\\s]+$',
    });
    // Which providers this bridge serves; each needs only its own settings (CfnRules below).
    const calendarProvider = new CfnParameter(this, 'CalendarProvider', {
      description:
        "dashboard: the internal calendar service (needs CalendarApiUrl and the calendar-token secret); google: the owner's Google Calendar, written by Apps Script (needs nothing here)",
      default: DEFAULT_PROVIDERS.calendar,
      allowedValues: [...CALENDAR_PROVIDERS],
    });
    const crewProvider = new CfnParameter(this, 'CrewProvider', {
      description:
        "scc: ShipCaptainCrew (needs SccApiUrl, SccResponsesTableName and the scc-service-key secret); builtin: the bridge's own invitations (its CrewInvitationsTable)",
      default: DEFAULT_PROVIDERS.crew,
      allowedValues: [...CREW_PROVIDERS],
    });
    const sccTableName = new CfnParameter(this, 'SccResponsesTableName', {
      description: "SCC's DynamoDB table of crew answers (read only; CrewProvider=scc)",
      default: 'scc-crew-responses',
      allowedPattern: '^[A-Za-z0-9_.-]{3,255}$',
    });
    const calendarApiUrl = new CfnParameter(this, 'CalendarApiUrl', {
      description:
        'Base URL of the internal calendar service (https://...); required with CalendarProvider=dashboard, empty otherwise',
      default: '',
      allowedPattern: '^$|^https://.+',
    });
    const sccApiUrl = new CfnParameter(this, 'SccApiUrl', {
      description:
        'Base URL of the ShipCaptainCrew API (https://...); required with CrewProvider=scc, empty otherwise',
      default: '',
      allowedPattern: '^$|^https://.+',
    });
    const requires = (
      id: string,
      provider: CfnParameter,
      value: string,
      url: CfnParameter,
    ): CfnRule =>
      new CfnRule(this, id, {
        ruleCondition: Fn.conditionEquals(provider.valueAsString, value),
        assertions: [
          {
            assert: Fn.conditionNot(Fn.conditionEquals(url.valueAsString, '')),
            assertDescription: `${url.logicalId} is required when ${provider.logicalId} is ${value}`,
          },
        ],
      });
    requires('DashboardNeedsItsUrl', calendarProvider, 'dashboard', calendarApiUrl);
    requires('SccNeedsItsUrl', crewProvider, 'scc', sccApiUrl);
    const usesScc = new CfnCondition(this, 'UsesScc', {
      expression: Fn.conditionEquals(crewProvider.valueAsString, 'scc'),
    });
    const publicBaseUrl = new CfnParameter(this, 'PublicBaseUrl', {
      description: 'Public origin of the pages, no trailing slash (https://pages.example.com)',
      allowedPattern: '^https://[^/]+$',
    });
    const ssmPrefix = new CfnParameter(this, 'SsmParameterPath', {
      description: 'SSM path of the SecureString secrets, with leading and trailing slash',
      default: '/charter/bridge/',
      allowedPattern: '^/[A-Za-z0-9_./-]*/$',
    });
    // The bridge reads its secrets through the AWS Parameters and Secrets Lambda Extension (no SSM
    // client in the bundle). Its layer ARN differs per region and architecture: take the arm64
    // one for the stack's region from the AWS docs ("AWS Parameters and Secrets Lambda Extension
    // ARNs"). Not a secret: its name avoids the words that make CloudFormation's validation take a
    // parameter for a password (W2509).
    const extensionLayerArn = new CfnParameter(this, 'ParameterStoreExtensionLayerArn', {
      description:
        'ARN of the AWS-Parameters-and-Secrets-Lambda-Extension-Arm64 layer version for this region',
      allowedPattern:
        '^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:[0-9]+$',
    });

    // ---- Tables
    this.stateTable = new dynamodb.Table(this, 'StateTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Workflow state is the record of what was done for each booking: never dropped with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.nonceTable = new dynamodb.Table(this, 'NonceTable', {
      partitionKey: { name: 'nonce', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      // Nonces only matter for minutes; nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // provider.crew = builtin: the bridge's own invitations and answers (SCC's shape), kept until
    // a month after each charter (TTL attribute `ttl`, epoch seconds).
    this.crewInvitationsTable = new dynamodb.Table(this, 'CrewInvitationsTable', {
      partitionKey: { name: 'eventId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'email', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const crewLinkBaseUrl = new CfnParameter(this, 'CrewLinkBaseUrl', {
      type: 'String',
      default: '',
      description:
        'Optional base of the crew magic links (provider.crew = builtin), e.g. a custom domain in front of the Function URL; empty: the Function URL',
      allowedPattern: '^$|^https://[^\\s]+$',
    });

    // ---- Logs and the role (own role: no managed policy with Resource "*")
    const logGroup = new logs.LogGroup(this, 'BridgeLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'BridgeRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Charter bridge Lambda: least privilege',
    });
    logGroup.grantWrite(role);

    // ---- The bridge
    this.bridgeFunction = new lambda.Function(this, 'BridgeFunction', {
      description:
        'Charter booking bridge: signed POST /v1/bookings and /v1/crew-status from Apps Script; GET/POST /crew/{token} crew magic links',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.bridgeCodeDir, { exclude: NOT_LAMBDA_CODE }),
      memorySize: 512,
      timeout: Duration.millis(FUNCTION_TIMEOUT_MS),
      role,
      logGroup,
      layers: [
        lambda.LayerVersion.fromLayerVersionArn(
          this,
          'ParameterStoreExtensionLayer',
          extensionLayerArn.valueAsString,
        ),
      ],
      environment: {
        STATE_TABLE: this.stateTable.tableName,
        NONCE_TABLE: this.nonceTable.tableName,
        SCC_RESPONSES_TABLE: sccTableName.valueAsString,
        PAGES_BUCKET: pagesBucketName.valueAsString,
        CLOUDFRONT_DISTRIBUTION_ID: distributionId.valueAsString,
        PUBLIC_BASE_URL: publicBaseUrl.valueAsString,
        CALENDAR_API_URL: calendarApiUrl.valueAsString,
        SCC_API_URL: sccApiUrl.valueAsString,
        SES_FROM_ADDRESS: sesFromAddress.valueAsString,
        CREW_INVITATIONS_TABLE: this.crewInvitationsTable.tableName,
        CREW_LINK_BASE_URL: crewLinkBaseUrl.valueAsString,
        [PROVIDER_ENV.calendar]: calendarProvider.valueAsString,
        [PROVIDER_ENV.crew]: crewProvider.valueAsString,
        SECRETS_SOURCE: 'ssm',
        SECRETS_SSM_PREFIX: ssmPrefix.valueAsString,
      },
    });
    // AuthType NONE: the HMAC signature is the authentication (Apps Script cannot do SigV4).
    // CDK adds both resource-policy permissions URLs need since Oct 2025:
    // lambda:InvokeFunctionUrl and lambda:InvokeFunction (InvokedViaFunctionUrl).
    this.functionUrl = this.bridgeFunction.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });

    // ---- Least privilege
    const arn = (service: string, resource: string, region: string = Aws.REGION): string =>
      `arn:${Aws.PARTITION}:${service}:${region}:${Aws.ACCOUNT_ID}:${resource}`;
    const bucket = pagesBucketName.valueAsString;
    const allow = (sid: string, actions: string[], resources: string[]): void => {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
    };
    // Pages are written conditionally (page-publisher.ts): HeadObject reads the page first, and a
    // PutObject with If-Match needs s3:GetObject besides s3:PutObject. s3:ListBucket on the bucket
    // makes HeadObject of a page not there yet answer 404 (without it S3 answers 403).
    allow(
      'PublishPages',
      ['s3:GetObject', 's3:PutObject'],
      [`arn:${Aws.PARTITION}:s3:::${bucket}/*.html`, `arn:${Aws.PARTITION}:s3:::${bucket}/crew/*`],
    );
    allow('FindPages', ['s3:ListBucket'], [`arn:${Aws.PARTITION}:s3:::${bucket}`]);
    allow(
      'InvalidatePages',
      ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
      [arn('cloudfront', `distribution/${distributionId.valueAsString}`, '')],
    );
    const sesIdentities = [sesIdentity.valueAsString, ...(props.sesSandboxRecipients ?? [])];
    allow(
      'SendCaptainMail',
      ['ses:SendEmail'],
      sesIdentities.map((identity) => arn('ses', `identity/${identity}`)),
    );
    // SCC's answers: only when the bridge serves SCC (its own policy, under the UsesScc condition).
    const sccAnswers = new iam.Policy(this, 'SccAnswersPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadCrewAnswers',
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
          resources: [arn('dynamodb', `table/${sccTableName.valueAsString}`)],
        }),
      ],
    });
    (sccAnswers.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = usesScc;
    this.stateTable.grant(role, ...STATE_TABLE_ACTIONS);
    this.nonceTable.grant(role, ...NONCE_TABLE_ACTIONS);
    this.crewInvitationsTable.grant(role, ...CREW_INVITATION_ACTIONS);
    // The extension reads each of the four secrets with GetParameter (WithDecryption) on the first
    // invocation and caches them, with the function's role. SecureStrings encrypted with the AWS
    // managed key aws/ssm need no kms:Decrypt grant: that key's policy lets account principals
    // use it through SSM. A customer managed key would need one.
    allow(
      'ReadSecrets',
      ['ssm:GetParameter'],
      [arn('ssm', `parameter${ssmPrefix.valueAsString}*`)],
    );

    // ---- Edge: the guest-page rewrite (attached to the distribution by hand, see docs/deploy-guide.md)
    this.guestPageFunction = new cloudfront.Function(this, 'GuestPageRewrite', {
      comment: 'Viewer request on /g/*: /g/{slug} -> /{slug}.html, 404 for invalid slugs',
      code: cloudfront.FunctionCode.fromFile({ filePath: props.edgeFunctionFile }),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      autoPublish: true,
    });

    // ---- Alarms. Lambda's Errors metric counts only unhandled errors and timeouts; the bridge
    // answers its own failures (500 "not configured", 500 "request failed") and logs them at level
    // ERROR, so a metric filter on the log group catches those. (A failed workflow step is a WARN:
    // it is reported to the sheet and retried from there.) One metric namespace per stack.
    const alarmOptions = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    this.errorAlarm = this.bridgeFunction
      .metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
      .createAlarm(this, 'BridgeErrorsAlarm', {
        alarmDescription: 'The charter bridge Lambda failed (unhandled error or timeout)',
        ...alarmOptions,
      });
    const loggedErrors = new logs.MetricFilter(this, 'BridgeLoggedErrors', {
      logGroup,
      filterPattern: logs.FilterPattern.anyTerm('ERROR'),
      metricNamespace: `CharterBridge/${this.stackName}`,
      metricName: 'LoggedErrors',
      metricValue: '1',
      defaultValue: 0,
    });
    this.loggedErrorAlarm = loggedErrors
      .metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
      .createAlarm(this, 'BridgeLoggedErrorsAlarm', {
        alarmDescription:
          'The charter bridge logged an error (e.g. not configured, a request failed): see its log group',
        ...alarmOptions,
      });
    if (props.alarmTopicArn) {
      const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
      for (const alarm of [this.errorAlarm, this.loggedErrorAlarm])
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
    }

    // ---- Outputs
    new CfnOutput(this, 'BridgeFunctionUrl', {
      description: 'Script Property BRIDGE_URL (the Function URL; the client appends /v1/bookings)',
      value: this.functionUrl.url,
    });
    new CfnOutput(this, 'BridgeFunctionName', { value: this.bridgeFunction.functionName });
    new CfnOutput(this, 'GuestPageFunctionArn', {
      description: 'Associate with the /g/* behaviour of the distribution (viewer request)',
      value: this.guestPageFunction.functionArn,
    });
    new CfnOutput(this, 'GuestPageFunctionName', { value: this.guestPageFunction.functionName });
    new CfnOutput(this, 'StateTableName', { value: this.stateTable.tableName });
    new CfnOutput(this, 'NonceTableName', { value: this.nonceTable.tableName });
    new CfnOutput(this, 'CrewInvitationsTableName', {
      value: this.crewInvitationsTable.tableName,
    });
    new CfnOutput(this, 'BridgeLogGroupName', { value: logGroup.logGroupName });
  }
}
