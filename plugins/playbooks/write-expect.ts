/**
 * `test-playbooks --update`: rewrite a case's expect.yaml from what the run did — `triggered`,
 * `outcome`, the step outcomes and the planned effects — keeping `description`, `with`, `stubs` and
 * the comments on them (the yaml Document is edited in place, not re-serialised from a value).
 */
import { writeFileSync } from 'node:fs'
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { RunReport } from '../../core/hooks.js'

export function writeExpect(source: YamlSource, report: RunReport | undefined): void {
  const doc = source.doc
  for (const key of ['error', 'outcome', 'steps', 'effects']) doc.delete(key)
  if (!report) {
    doc.set('triggered', false)
  } else {
    if (doc.has('triggered')) doc.set('triggered', true)
    doc.set('outcome', report.outcome)
    doc.set('steps', flow(doc, Object.fromEntries(report.steps.map((s) => [s.stepId, s.outcome]))))
    const effects = report.steps.flatMap((s) => (s.outcome === 'ok' ? [...(s.effects ?? [])] : []))
    if (effects.length) {
      const seq = doc.createNode(effects.map((e) => ({ ...e })))
      for (const item of seq.items) (item as { flow?: boolean }).flow = true
      doc.set('effects', seq)
    }
  }
  const text = doc.toString({ lineWidth: 0 })
  // unchanged: no write (a watcher would see its own write and run again)
  if (text !== source.text) writeFileSync(source.file, text)
}

function flow(doc: YamlSource['doc'], value: object) {
  const node = doc.createNode(value)
  node.flow = true
  return node
}
