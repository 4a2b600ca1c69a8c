/**
 * Built-in plugin `authoring`: the scaffolds — `timmy init` (a new project: config, lanes, a playbook
 * with its fixture) and `timmy new plugin|playbook`. Commands only: it taps no hook and offers no service.
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'

export default definePlugin({
  name: 'authoring',
  version: '0.1.0',
  description: 'Scaffolds: timmy init (a project) and timmy new plugin|playbook.',
  commands,
  setup() {},
})
