/**
 * What the eval asks of the fleet's policy — the endpoint check and the `banned-provider` scorer. The
 * library states it; the caller builds it (plugins/provenance, from the policy plugin's detector).
 */
export interface EvalPolicy {
  /** The banned provider `text` names (case-insensitive), or undefined. */
  bannedIn(text: string): string | undefined
  /** Why `text` sets a banned provider where a provider, model or base_url is configured, or undefined. */
  bannedSetting(text: string): string | undefined
}
