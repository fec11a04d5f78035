/**
 * How the sample app's plan features and counted resources map to its catalogue keys, the same in
 * every profile (these are the app's meanings; each profile's catalogue then names them). Features
 * and resources not listed follow the library's conventions (`<feature>_not_available`,
 * `max_<resource>_reached`).
 */
export const SAMPLE_PLAN_ERRORS = {
  featureErrors: { teams: 'team_feature_unavailable' },
  limitErrors: { teams: 'team_limit_reached', seats: 'team_seat_limit_reached' },
} as const;
