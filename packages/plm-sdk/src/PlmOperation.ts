/**
 * The name of a client method, or `requestToken` for the OAuth2 token request the client makes on
 * its own. Every {@link PlmError} records the operation it came from.
 */
export type PlmOperation =
  | 'getCatalog'
  | 'getModelConfig'
  | 'getTrim'
  | 'listFeatures'
  | 'submitUsageMetrics'
  | 'requestToken';
