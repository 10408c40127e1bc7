/// The header Autosana signs its deliveries in.
export declare const HEADER: 'X-Autosana-Signature-256';

export type Reason =
  | 'ok' | 'missing_signature' | 'malformed_signature' | 'mismatch' | 'no_secret'
  | 'empty_secret' | 'no_timestamp' | 'stale' | 'future';

export interface Verification {
  /** The signature matches (and the payload is fresh, when maxAge was given). */
  valid: boolean;
  reason: Reason;
  /** Which of the secrets matched; null unless valid. */
  secretIndex: number | null;
  /** One line for a log; never holds a secret. */
  message: string;
}

export type Secret = string | Uint8Array;

export interface VerifyOptions {
  /** Seconds the payload's own timestamp may be from now, in either direction. */
  maxAge?: number | null;
  /** The time to judge the age at (default: now); a Date or epoch milliseconds. */
  now?: Date | number | null;
}

/** Checks the raw body (the bytes as received) against the header's value with each secret. */
export declare function verify(
  rawBody: Uint8Array | string,
  header: string | null | undefined,
  secrets: Secret | Iterable<Secret>,
  options?: VerifyOptions,
): Verification;

/** The request as `autosana-webhook listen --save` writes it. */
export declare function formatRequest(
  method: string, target: string, headers: Array<[string, string]>, body: Uint8Array | string,
): Buffer;

export interface CaptureOptions {
  maxFiles?: number;
  maxBytes?: number;
  log?: (line: string) => void;
}

/** Keeps a failed request for `autosana-webhook verify --explain --request FILE`. */
export declare function capture(
  directory: string, method: string, target: string, headers: Array<[string, string]>,
  body: Uint8Array | string, options?: CaptureOptions,
): string | null;
