/** The files `timmy init` writes: a config, lanes.yaml, one playbook and its fixture, the Hermes overlay. */
import { overlayFiles } from './overlay-files.js'
import { schemaModeline } from './schema-modeline.js'
import { welcomeFiles } from './welcome-files.js'

export function projectFiles(): Record<string, string> {
  return {
    'timmy.config.ts': CONFIG,
    'playbooks/lanes.yaml': schemaModeline('playbooks/lanes.yaml', 'lanes') + LANES,
    ...welcomeFiles(),
    ...overlayFiles(),
  }
}

const CONFIG = `// timmy's configuration for this project; every key is optional.
// The type import is erased when timmy loads this file, so it works before the package is installed;
// \`npm install -D @timmy-fleet/timmy\` gives your editor the types.
import type { TimmyUserConfig } from '@timmy-fleet/timmy'

const config: TimmyUserConfig = {
  // Each plugin's options, by plugin name.
  pluginOptions: {
    // Gitea: the URL here or in $GITEA_URL; the token in $HERMES_HOME/gitea_token (never in this file).
    // gitea: { url: 'https://gitea.example.com' },
    // This project's playbooks only (not timmy's shipped ones).
    playbooks: { dir: 'playbooks', builtin: false },
  },
  // Project plugins: \`timmy new plugin <name>\` adds them here.
  plugins: [],
}

export default config
`

const LANES = `# Lanes: who works each kind of work. A playbook names its lane with \`lane:\`.
#   wizard         the Hermes agent (profile) that works the lane
#   toolsets       Hermes toolsets the lane's runs may use
#   maxConcurrent  runs of this lane at once
#   repos          owner/repo patterns the lane may touch (* wildcards)
lanes:
  coordinator:
    wizard: timmy
    description: Triages, routes and reports; writes no code.
    toolsets: [web, file]
    maxConcurrent: 2
    repos: ["*"]
`
