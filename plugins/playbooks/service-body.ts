/** The playbooks service's async methods, imported when one is first called (service.ts loads this lazily). */
export { checkPlaybook } from './service/check-playbook.js'
export { enqueuePlaybook } from './service/enqueue-playbook.js'
export { getCatalog } from './service/get-catalog.js'
export { listPlaybooks } from './service/list-playbooks.js'
export { loadPlaybookCached } from './service/load-playbook-cached.js'
export { matchPlaybooks } from './service/match-playbooks.js'
export { openReports } from './service/open-reports.js'
export { runServicePlaybook } from './service/run-service-playbook.js'
