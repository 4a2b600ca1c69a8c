// timmy's own configuration. Every key is optional; see core/config/schema.ts for all of them.
// (A config outside this repository imports the type from 'timmy', or uses defineConfig from it.)
import type { TimmyUserConfig } from './core/config/schema.js'

const config: TimmyUserConfig = {
  server: { host: '127.0.0.1', port: 7777 },
  log: { level: 'info' },
}

export default config
