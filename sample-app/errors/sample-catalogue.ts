import {
  defineCatalogue,
  type AppEntryInput,
  type BuiltInErrorKey,
  type Catalogue,
  type CatalogueDefinition,
} from '../../lib/index.js';

const invalid = 'invalid_request_error';
const authz = 'authorization_error';
const billing = 'billing_error';
const upstream = 'api_error';

/**
 * The sample app's own error meanings, beside the library's built-in ones. Keys are meanings (what
 * went wrong), never wire codes: each profile renames, re-statuses or folds them into the codes its
 * seed contract promises. Defaults follow the built-in style (snake_case codes, 4xx for the caller's
 * mistakes, 502 for the provider's).
 *
 * Resource-specific "not found" meanings are aliases of the built-in `not_found` by default, so an
 * API that has one generic 404 code gets it for free and one with per-resource codes renames them.
 */
export const SAMPLE_ENTRIES = {
  // Request shape, finer than the built-in `validation_failed` (profiles map violations to these
  // with validation rules; by default they are all `validation_failed`)
  invalid_params: { as: 'validation_failed' },
  invalid_recipients: { as: 'validation_failed' },
  too_many_recipients: { as: 'validation_failed' },
  invalid_message: { as: 'validation_failed' },
  invalid_sender: { as: 'validation_failed' },
  missing_parameter: { as: 'validation_failed' },
  invalid_parameter: { as: 'validation_failed' },

  // Sending
  invalid_destination: { status: 422, type: invalid, message: 'The recipient number is not a valid destination.' },
  dnc_blocked: {
    status: 422,
    type: invalid,
    message: 'The recipient is blocked by do-not-contact settings; the send was not enqueued.',
  },
  opted_out: { status: 422, type: invalid, message: 'The recipient has opted out (replied STOP).' },
  approval_required: {
    status: 422,
    type: invalid,
    message: 'The organization is not yet approved for messaging. Complete onboarding before sending.',
  },
  no_sms_access: { status: 403, type: authz, message: 'SMS is not configured on this account.' },
  config_error: { status: 403, type: authz, message: 'The account credentials are incomplete. Contact support.' },
  template_invalid: { status: 400, type: invalid, message: 'The template has an invalid placeholder.' },
  template_variables_missing: {
    status: 400,
    type: invalid,
    message: 'One or more required template variables could not be resolved.',
  },
  template_context_unavailable: {
    status: 400,
    type: invalid,
    message: 'The requested template context is not available.',
  },
  sandbox_not_activated: {
    status: 403,
    type: authz,
    message: 'Your sandbox is not activated yet. Text the activation code to the sandbox number.',
  },
  sandbox_contact_mismatch: {
    status: 400,
    type: invalid,
    message: 'On the sandbox line you can only send to your paired phone number.',
  },
  test_message_failed: { status: 422, type: invalid, message: 'Sending the test message failed.' },

  // The provider and our own storage (reached on purpose with the magic numbers, see README)
  provider_failed: { status: 502, type: upstream, message: 'The provider failed to send the message.' },
  provider_media_failed: { status: 502, type: upstream, message: 'The provider failed to send the media.' },
  db_error: {
    status: 500,
    type: upstream,
    message: 'The send could not be queued and was rolled back. It is safe to retry.',
    retryable: true,
  },

  // Resources that do not exist, or exist for somebody else
  message_not_found: { as: 'not_found' },
  line_not_found: { as: 'not_found' },
  chat_not_found: { as: 'not_found' },
  outbox_item_not_found: { as: 'not_found' },
  webhook_not_found: { as: 'not_found' },
  template_not_found: { as: 'not_found' },
  contact_not_found: { as: 'not_found' },
  instance_not_found: { as: 'not_found' },

  // Per-resource plan limits and features; the generic built-in meanings by default
  max_instances_reached: { as: 'limit_reached' },
  max_api_keys_reached: { as: 'limit_reached' },
  max_webhooks_reached: { as: 'limit_reached' },
  max_contact_groups_reached: { as: 'limit_reached' },
  api_keys_not_available: { as: 'feature_not_available' },
  webhooks_not_available: { as: 'feature_not_available' },
  campaigns_not_available: { as: 'feature_not_available' },
  statuses_not_available: { as: 'feature_not_available' },

  // Named quota (the plan check's convention: `<quota>_quota_exceeded`)
  sandbox_quota_exceeded: { as: 'quota_exceeded' },

  // Teams, members, invitations, billing in a team workspace
  team_feature_unavailable: { status: 403, type: billing, message: 'Your plan does not include teams.' },
  team_limit_reached: { status: 403, type: billing, message: 'You reached the number of teams your plan allows.' },
  team_seat_limit_reached: { status: 403, type: billing, message: 'The team has the most members your plan allows.' },
  instance_not_assigned: { status: 403, type: authz, message: 'This instance is not assigned to you in this team.' },
  invite_invalid_or_expired: {
    status: 400,
    type: invalid,
    message: 'The invitation is unknown, already used, or expired.',
  },
  invite_email_mismatch: { status: 403, type: authz, message: 'Your email does not match the invited address.' },
  invite_duplicate_member: { status: 409, type: 'conflict_error', message: 'The invitee is already a member of the team.' },
  plan_change_blocked: {
    status: 409,
    type: billing,
    message: 'The new plan cannot host your current teams or seats. Delete teams or reduce seats first.',
  },
  billing_owner_only: { status: 403, type: authz, message: 'Only the team owner can see the team payments.' },
  billing_mutation_forbidden: { status: 403, type: authz, message: 'Only the team owner can change the team billing.' },

  // Wallet and one-time passwords
  invalid_amount_format: { status: 400, type: invalid, message: 'The amount format is invalid.' },
  payg_limit_reached: {
    status: 429,
    type: billing,
    message: 'You have reached your pay-as-you-go spending limit.',
  },
  invalid_otp: { status: 400, type: invalid, message: 'The one-time password is invalid.' },
  otp_expired: { status: 400, type: invalid, message: 'The one-time password has expired.' },
  otp_wait_required: {
    status: 429,
    type: 'rate_limit_error',
    message: 'Wait before requesting another one-time password.',
    retryable: true,
  },
  otp_resend_limit: {
    status: 429,
    type: 'rate_limit_error',
    message: 'You have reached the maximum number of one-time password resends.',
  },
} as const satisfies Record<string, AppEntryInput>;

/** A meaning of the sample app's own catalogue. */
export type SampleErrorKey = keyof typeof SAMPLE_ENTRIES;

/**
 * The sample catalogue with every default. Handlers raise errors through it by meaning; the
 * exception filter re-resolves the key against the active profile's catalogue, so the same
 * `throw apiError('dnc_blocked')` leaves as `dnc_blocked`/422 or as any code a profile chose.
 */
export const sampleCatalogue = defineCatalogue({ entries: SAMPLE_ENTRIES });

/**
 * The catalogue part of a profile, layered on {@link sampleCatalogue}: one row per wire code of the
 * seed (`codes`: the code, its status and message, the meanings it covers), and, rarely, a change
 * to one meaning by itself (`overrides`), and translations by locale (`messages`).
 */
export type ProfileCatalogue = Pick<CatalogueDefinition<Record<never, never>, SampleErrorKey | BuiltInErrorKey>, 'overrides' | 'codes' | 'messages'>;

/**
 * The catalogue a profile runs with: the built-in meanings ← the sample app's own ← the profile's
 * rows. Wrong rows (a meaning covered twice, an unknown key …) fail the start.
 */
export function profileCatalogue(profile: ProfileCatalogue): Catalogue<SampleErrorKey | BuiltInErrorKey> {
  return defineCatalogue<Record<never, never>, SampleErrorKey | BuiltInErrorKey>({ extends: sampleCatalogue, ...profile });
}

/**
 * Raises a catalogued error of the sample app (built-in or own meaning), type-checked.
 * @example
 * ```ts
 * throw apiError('opted_out', { param: 'recipients.0' });
 * ```
 */
export const apiError = sampleCatalogue.error;
