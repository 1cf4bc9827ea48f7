/**
 * The bridge's wiring types, in their own module so that the HTTP front (app.ts), the workflow and
 * the steps can all name them without importing each other.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESClient } from '@aws-sdk/client-ses';
import type { CalendarApi } from './adapters/calendar';
import type { CdnInvalidator } from './adapters/cdn';
import type { CloudFrontApi } from './adapters/cloudfront-api';
import type { CrewServiceApi } from './adapters/crew-service';
import type { CrewStatusReader } from './adapters/crew-status';
import type { CrewAnswersSource } from './crew-loop/answers-source';
import type { CrewLoopStore } from './crew-loop/crew-loop-store';
import type { Mailer } from './adapters/mailer';
import type { NonceStore } from './adapters/nonce-store';
import type { PagePublisher } from './adapters/page-publisher';
import type { StateStore } from './adapters/state-store';
import type { InvitationStore } from './crew-invitations/store';

export interface BridgeConfig {
  stateTable: string;
  nonceTable: string;
  sccResponsesTable: string;
  pagesBucket: string;
  distributionId: string;
  publicBaseUrl: string;
  calendarApiUrl: string;
  sccApiUrl: string;
  sesFromAddress: string;
  /** The built-in crew provider's table (provider.crew = builtin); unset: the provider is off. */
  crewInvitationsTable?: string;
  /** Base of the crew's magic links; unset: the URL the bridge was called at. */
  crewLinkBaseUrl?: string;
  /**
   * Days crew links and answers stay open past the charter (default 0). Only the local sandbox
   * sets it, so its sample charters, which are in the past, can still be answered.
   */
  crewAnswersGraceDays?: number;
  secrets: {
    signingSecrets: string[];
    calendarToken: string;
    sccServiceKey: string;
    checklistSecret: string;
  };
}

export interface BridgeClients {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  /** CreateInvalidation only: @aws-sdk/client-cloudfront, loaded lazily on Lambda (adapters/cloudfront-api). */
  cloudfront: CloudFrontApi;
  ses: SESClient;
}

/** The adapters the workflow talks to; built from the clients unless a test replaces some. */
export interface BridgeAdapters {
  calendar: CalendarApi;
  crew: CrewServiceApi;
  pages: PagePublisher;
  cdn: CdnInvalidator;
  mailer: Mailer;
  store: StateStore;
  crewStatus: CrewStatusReader;
  /** The crew loop: answers of many bookings at once (SCC's table or the built-in provider's). */
  crewAnswers: CrewAnswersSource;
  crewLoop: CrewLoopStore;
  nonces: NonceStore;
  /** The built-in crew provider's table; null when the bridge has none configured. */
  invitations: InvitationStore | null;
}
