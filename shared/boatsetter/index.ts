/** The Boatsetter notification parser (pure; used by the Apps Script inbox scan). */
export {
  parseBoatsetterEmail,
  CANCELLATION_PLACEHOLDERS,
  emailAddressOf,
  type BoatsetterMessage,
  type BoatsetterParseResult,
  type BoatsetterDetails,
  type ParseOptions,
  type CaptainMode,
  type CaptainStatus,
} from './parse';
export { htmlToText } from './html-to-text';
