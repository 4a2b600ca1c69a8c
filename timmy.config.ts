// timmy's own configuration. Every key is optional; see core/config/schema.ts for all of them.
// (A config outside this repository imports the type from '@timmy-fleet/timmy', or uses defineConfig from it.)
import type { TimmyUserConfig } from './core/config/schema.js'

const config: TimmyUserConfig = {
  server: { host: '127.0.0.1', port: 7777 },
  log: { level: 'info' },
  // The operator's deploy policy: the overlay's config/policy.yaml may narrow it, never widen it.
  pluginOptions: {
    policy: {
      allowedBaseUrls: ['https://openrouter.ai/api/v1', 'https://inference-api.nousresearch.com/v1'],
    },
  },
}

export default config
