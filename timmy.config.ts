// timmy's own configuration. Every key is optional; see core/config/schema.ts for all of them.
import { defineConfig } from './core/config/schema.js'

export default defineConfig({
  server: { host: '127.0.0.1', port: 7777 },
  log: { level: 'info' },
})
