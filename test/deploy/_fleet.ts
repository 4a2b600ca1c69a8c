/** Fixtures for fleet rollouts: an overlay with a SOUL.md template and an inventory of up to three hosts. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

export const FLEET_CONFIG = `model:
  default: "placeholder-model"
  provider: "placeholder"
agent:
  max_turns: 60
`

export const FLEET_SOUL =
  '# {{ wizard_name }}\n\nYou are {{ wizard_name }}, the {{ wizard_role }} on {{ host }}.\n'

export interface HostEntry {
  wizard: string
  role: string
  providers: { name: string; model: string; base_url?: string; key_env?: string }[]
  banned?: string[]
}

export const FLEET_HOSTS: Record<string, HostEntry> = {
  'host-a': {
    wizard: 'ezra',
    role: 'coordinator',
    providers: [
      {
        name: 'local-vllm',
        model: 'hermes-4-70b',
        base_url: 'http://127.0.0.1:8000/v1',
        key_env: 'VLLM_KEY',
      },
      { name: 'nous', model: 'hermes-4-405b', key_env: 'NOUS_API_KEY' },
    ],
  },
  'host-b': {
    wizard: 'allegro',
    role: 'ops integrator',
    providers: [{ name: 'ollama', model: 'qwen3:32b', base_url: 'http://localhost:11434/v1' }],
    banned: ['anthropic', 'badcloud'],
  },
  'host-c': {
    wizard: 'bezalel',
    role: 'builder',
    providers: [
      { name: 'nous', model: 'hermes-4-405b', key_env: 'NOUS_API_KEY' },
      { name: 'llama-cpp', model: 'hermes-3-8b', base_url: 'http://127.0.0.1:8081/v1' },
    ],
  },
}

/** `config/inventory.yaml` for the given hosts (in this order). */
export function inventoryYaml(
  hosts: Record<string, HostEntry>,
  rollout = '  serial: 1\n  stop_on_failure: true\n',
): string {
  let out = 'hosts:\n'
  for (const [id, h] of Object.entries(hosts)) {
    out += `  ${id}:\n    wizard: ${h.wizard}\n    role: ${h.role}\n    providers:\n`
    for (const p of h.providers) {
      out += `      - name: ${p.name}\n        model: ${JSON.stringify(p.model)}\n`
      if (p.base_url) out += `        base_url: ${p.base_url}\n`
      if (p.key_env) out += `        key_env: ${p.key_env}\n`
    }
    if (h.banned) out += `    banned_providers: [${h.banned.join(', ')}]\n`
  }
  return `${out}rollout:\n${rollout}`
}

/** The files of the config repo for these hosts. */
export function fleetRepoFiles(hosts: Record<string, HostEntry>, soul = FLEET_SOUL): Record<string, string> {
  return {
    'config/config.yaml': FLEET_CONFIG,
    'config/SOUL.md': soul,
    'config/inventory.yaml': inventoryYaml(hosts),
  }
}

/** What a host's deployed config.yaml says about providers. */
export function deployedProviders(hermesHome: string): {
  model: { default: string; provider: string; base_url?: string }
  providers: Record<string, { base_url?: string; key_env?: string }>
  fallback: { provider: string; model: string }[]
} {
  const c = parse(readFileSync(join(hermesHome, 'config.yaml'), 'utf8'))
  return { model: c.model, providers: c.providers, fallback: c.fallback_providers }
}

/** The chain the inventory gave a host, as config.yaml should hold it. */
export function expectedProviders(h: HostEntry): ReturnType<typeof deployedProviders> {
  const [first, ...rest] = h.providers
  return {
    model: {
      default: first!.model,
      provider: first!.name,
      ...(first!.base_url ? { base_url: first!.base_url } : {}),
    },
    providers: Object.fromEntries(
      h.providers.map((p) => [
        p.name,
        { ...(p.base_url ? { base_url: p.base_url } : {}), ...(p.key_env ? { key_env: p.key_env } : {}) },
      ]),
    ),
    fallback: rest.map((p) => ({
      provider: p.name,
      model: p.model,
      ...(p.base_url ? { base_url: p.base_url } : {}),
    })),
  }
}
