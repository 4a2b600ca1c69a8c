/** The `deploy` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    YAML_UNKNOWN_TAG: (a: { tag: string }) =>
      `the tag ${a.tag} is not one Hermes' YAML loader (PyYAML safe_load) knows, so Hermes would refuse the whole file. Remove the tag, or use a standard one (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map, !!timestamp, !!binary, !!set, !!omap, !!pairs).`,
    JSON_SYNTAX: (a: { reason: string }) =>
      `invalid JSON: ${a.reason}. Python's json module (Hermes' reader) accepts strict JSON only: no trailing commas, no comments, double-quoted keys.`,
    YAML_NOT_MAPPING: (a: { found: string }) => `expected a mapping at the top level, found ${a.found}.`,
    DEPLOY_HERMES_HOME_NOT_DIR: (a: { path: string }) =>
      `HERMES_HOME (${a.path}) is not a folder. HERMES_HOME must be a folder (Hermes' home, e.g. ~/.hermes): point the variable at one, or move the file away.`,
    DEPLOY_NO_OVERLAY: (a: { dir: string }) =>
      `no overlay found: ${a.dir} has no config/ folder. Run timmy deploy in the project folder that holds config/ (or set pluginOptions.deploy.source).`,
    DEPLOY_BAD_FILE: (a: { reason: string }) =>
      `overlay file is invalid: ${a.reason}. Fix the file and deploy again.`,
    DEPLOY_CONFIG_VERSION_SHIPPED: () =>
      'the overlay config.yaml sets _config_version, which Hermes manages itself. Remove the key.',
    DEPLOY_UNDOCUMENTED_VAR: (a: { name: string; doc: string }) =>
      `\${${a.name}} is used but not documented. Add a line "${a.name}=" (with a comment) to ${a.doc}.`,
    DEPLOY_VETOED: (a: { by: string; reason: string }) =>
      `deploy refused by "${a.by}": ${a.reason}. Nothing was written; fix the overlay and deploy again.`,
    DEPLOY_POLICY_VIOLATION: (a: { reason: string }) =>
      `policy violation: ${a.reason}. Change the value, or extend config/policy.yaml if it is really allowed.`,
    DEPLOY_WEBHOOK_UNSAFE: (a: { reason: string }) =>
      `the deploy webhook is enabled but ${a.reason}. Set pluginOptions.deploy.webhook.repo ("owner/name") and pluginOptions.deploy.webhook.remote (an https://, ssh:// or git:// URL, or user@host:path) in timmy's config, or set pluginOptions.deploy.webhook.enabled: false.`,
    DEPLOY_DRIFT: (a: { drift: string; generation: number }) =>
      `drift: ${a.drift} since timmy deployed generation ${a.generation}; nothing was deployed. Run "timmy deploy --adopt" to keep Hermes' edits as a new generation, or "timmy deploy --restore" to deploy the overlay over them.`,
    DEPLOY_NO_DRIFT: () => 'there is no drift to adopt: every managed file is as timmy deployed it.',
    DEPLOY_NO_GENERATION: (a: { generation: string; known: string }) =>
      `there is no generation ${a.generation}. Known generations: ${a.known || '(none)'}; run "timmy generations".`,
    DEPLOY_NOTHING_TO_ROLL_BACK: () =>
      'there is no earlier good generation to roll back to. Run "timmy generations" to see them, or deploy a fixed overlay.',
    DEPLOY_LOCKED: (a: { pid: number; file: string }) =>
      `another deploy (pid ${a.pid}) is running. Wait for it to finish; if no such process exists, remove ${a.file}.`,
    DEPLOY_GENERATION_CORRUPT: (a: { generation: number; reason: string }) =>
      `generation ${a.generation} is damaged (${a.reason}). Deploy again to make a fresh generation, or roll back to another one.`,
    DEPLOY_PULL_FAILED: (a: { repo: string; reason: string }) =>
      `could not pull the config repo into ${a.repo}: ${a.reason}. Check pluginOptions.deploy.webhook.workdir and that git can reach the remote.`,
    FLEET_NO_INVENTORY: (a: { file: string }) =>
      `a fleet rollout needs an inventory, and ${a.file} does not exist. Add config/inventory.yaml to the config repo (hosts: { <host id>: { wizard, role, providers: [...] } }).`,
    FLEET_HOST_NOT_IN_INVENTORY: (a: { host: string; known: string }) =>
      `host "${a.host}" has no entry in config/inventory.yaml (entries: ${a.known || 'none'}). Add it under hosts:, or set pluginOptions.hosts.id to the entry's name.`,
    FLEET_BANNED_PROVIDER: (a: { host: string; provider: string; banned: string }) =>
      `host "${a.host}": provider "${a.provider}" is in its banned family "${a.banned}"; nothing was written on that host. Remove it from the host's providers in config/inventory.yaml.`,
    FLEET_UNKNOWN_PLACEHOLDER: (a: { name: string; known: string }) =>
      `unknown placeholder {{ ${a.name} }}. Use one of ${a.known}, or add it under the host's vars: in config/inventory.yaml.`,
    FLEET_NO_REMOTE: () =>
      "a fleet rollout pulls the config repo on every host, and pluginOptions.deploy.webhook.remote is not set on this host. Set it (and repo, branch) in timmy's config.",
    FLEET_ROLLOUT_RUNNING: (a: { id: number; commit: string }) =>
      `rollout ${a.id} (commit ${a.commit}) is still running. Wait for it to finish (timmy fleet), then start another.`,
    FLEET_NO_ROLLOUT: (a: { id: string }) => `there is no rollout ${a.id}. Run "timmy fleet" to list them.`,
  }),
}
