/**
 * Every built-in plugin's CLI commands in one module: the CLI imports it alone (no plugin loaded, no
 * config read) to list and find built-in commands. test/core/house-rules.test.ts checks that it names
 * each plugin folder with a commands/index.ts.
 */
import { commands as authoring } from './authoring/commands/index.js'
import { commands as bridge } from './bridge/commands/index.js'
import { commands as budget } from './budget/commands/index.js'
import { commands as deadman } from './deadman/commands/index.js'
import { commands as deploy } from './deploy/commands/index.js'
import { commands as gitea } from './gitea/commands/index.js'
import { commands as housekeeping } from './housekeeping/commands/index.js'
import { commands as orchestrator } from './orchestrator/commands/index.js'
import { commands as playbooks } from './playbooks/commands/index.js'
import { commands as policy } from './policy/commands/index.js'
import { commands as provenance } from './provenance/commands/index.js'
import { commands as queue } from './queue/commands/index.js'
import { commands as skin } from './skin/commands/index.js'
import { commands as status } from './status/commands/index.js'
import { commands as triage } from './triage/commands/index.js'

export const builtinCommands = {
  authoring,
  bridge,
  budget,
  deadman,
  deploy,
  gitea,
  housekeeping,
  orchestrator,
  playbooks,
  policy,
  provenance,
  queue,
  skin,
  status,
  triage,
}
