import { Inject, Injectable } from '@nestjs/common';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { ApiEdgeOptions } from '../../lib/index.js';
import { apiError } from '../errors/sample-catalogue.js';

/** Seconds between two codes for one phone. */
export const OTP_WAIT_SECONDS = 60;
/** Codes one phone may get per challenge (the first plus resends). */
export const OTP_MAX_SENDS = 3;
/** How long a code is valid, ms. */
export const OTP_TTL_MS = 5 * 60_000;
/** Most challenges kept; the oldest go first. */
const CAPACITY = 10_000;
/** Phones of the NANP 555-01xx-like test range get a fixed code, as sandboxes do (see README). */
const TEST_NUMBER = /^\+1500555\d{4}$/;
/** The code test numbers receive. */
export const TEST_OTP_CODE = '000000';

interface Challenge {
  code: string;
  sentAt: number;
  sends: number;
}

/** One-time passwords by SMS: a wait between sends, a resend limit, an expiry. */
@Injectable()
export class OtpService {
  private readonly challenges = new Map<string, Challenge>();

  constructor(@Inject(ApiEdgeOptions) private readonly edge: ApiEdgeOptions) {}

  /** Sends a code to `phone` (for `accountId`); refuses too early or too many resends. */
  send(accountId: string, phone: string): { expires_in: number; resends_left: number } {
    const key = `${accountId}:${phone}`;
    const now = this.edge.clock();
    let challenge = this.challenges.get(key);
    if (challenge !== undefined && now - challenge.sentAt >= OTP_TTL_MS) challenge = undefined;
    if (challenge !== undefined) {
      const wait = Math.ceil((challenge.sentAt + OTP_WAIT_SECONDS * 1000 - now) / 1000);
      if (wait > 0) throw apiError('otp_wait_required', { retryAfter: wait });
      // The limit holds per challenge: a new one can start when this one's code expires.
      if (challenge.sends >= OTP_MAX_SENDS) {
        throw apiError('otp_resend_limit', { retryAfter: Math.ceil((challenge.sentAt + OTP_TTL_MS - now) / 1000) });
      }
    }
    const next = {
      code: TEST_NUMBER.test(phone) ? TEST_OTP_CODE : String(randomInt(0, 1_000_000)).padStart(6, '0'),
      sentAt: now,
      sends: (challenge?.sends ?? 0) + 1,
    };
    this.challenges.delete(key);
    if (this.challenges.size >= CAPACITY) this.challenges.delete(this.challenges.keys().next().value as string);
    this.challenges.set(key, next);
    return { expires_in: OTP_TTL_MS / 1000, resends_left: OTP_MAX_SENDS - next.sends };
  }

  /** Checks a code; a used code is gone. */
  verify(accountId: string, phone: string, code: string): { verified: true } {
    const key = `${accountId}:${phone}`;
    const challenge = this.challenges.get(key);
    if (challenge === undefined || !timingSafeEqual(Buffer.from(challenge.code), Buffer.from(code.padEnd(6).slice(0, 6)))) {
      throw apiError('invalid_otp', { param: 'code' });
    }
    if (this.edge.clock() - challenge.sentAt >= OTP_TTL_MS) {
      this.challenges.delete(key);
      throw apiError('otp_expired', { param: 'code' });
    }
    this.challenges.delete(key);
    return { verified: true };
  }
}
