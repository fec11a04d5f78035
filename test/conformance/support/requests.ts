import { signRequest } from '../../../lib/client/index.js';
import type { Api } from './conformance.js';

/** The secret of the fixture keys with role `signed` (see sample-app/fixtures/default.json). */
export const SIGNING_SECRET = 'whsec_sample_signing_secret_1';

/** A send body with sane defaults. */
export const sendBody = (recipients: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  recipients,
  message: 'Hello',
  sender_id: 'Acme',
  ...extra,
});

/** Signs in through `POST /v1/auth/login` and returns the console JWT. */
export async function login(api: Api, email: string, password: string): Promise<string> {
  const res = await api.post('/v1/auth/login', { email, password }, null);
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** `Authorization: Bearer <token>`. */
export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

/**
 * Sends a JSON POST signed the documented way (lib's client `signRequest`), with the key of
 * `role`. `timestamp` defaults to the app's clock; `secret` to the fixture secret.
 */
export function signedPost(
  api: Api,
  path: string,
  body: unknown,
  role: string,
  options: { timestamp?: number; secret?: string; headerNames?: { signature: string; timestamp: string; nonce: string } } = {},
) {
  const raw = JSON.stringify(body);
  const headers = signRequest({
    secret: options.secret ?? SIGNING_SECRET,
    method: 'POST',
    path,
    body: raw,
    timestamp: options.timestamp ?? Math.floor(api.clock.read() / 1000),
    ...(options.headerNames ? { headerNames: options.headerNames } : {}),
  });
  return api.req('post', path).set({ ...api.auth(api.key(role)), ...headers, 'Content-Type': 'application/json' }).send(raw);
}
