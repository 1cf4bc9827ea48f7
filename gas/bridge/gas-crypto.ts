/**
 * The signing primitives on Apps Script. `Utilities.computeHmacSha256Signature` and
 * `computeDigest` return Java's SIGNED bytes (-128..127); shared `bytesToHex` masks each with
 * 0xff, which is what makes negative bytes come out right.
 */
import { bytesToHex, type SigningCrypto } from '../../shared/signing';
import type { Crypto } from '../ports';

export type UtilitiesLike = Pick<
  GoogleAppsScript.Utilities.Utilities,
  'computeHmacSha256Signature' | 'computeDigest' | 'getUuid'
> & {
  Charset: typeof GoogleAppsScript.Utilities.Charset;
  DigestAlgorithm: typeof GoogleAppsScript.Utilities.DigestAlgorithm;
};

export function gasSigningCrypto(utilities: UtilitiesLike): SigningCrypto & Crypto {
  return {
    hmacSha256Hex: (key, message) =>
      bytesToHex(utilities.computeHmacSha256Signature(message, key, utilities.Charset.UTF_8)),
    sha256Hex: (message) =>
      bytesToHex(
        utilities.computeDigest(
          utilities.DigestAlgorithm.SHA_256,
          message,
          utilities.Charset.UTF_8,
        ),
      ),
    uuid: () => utilities.getUuid(),
  };
}
