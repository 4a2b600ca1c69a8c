/**
 * One line of `timmy doctor`. A plugin adds its own lines by offering `doctor()` on the service named
 * after the plugin (e.g. `triage`); the command asks every loaded plugin's service, so core names no
 * behaviour.
 */
export interface DoctorCheck {
  name: string
  ok: boolean
  detail: string
  /** A failed check that is only advice (printed as `warn`) does not fail the command. */
  advisory?: boolean
}

export interface DoctorContributor {
  doctor(): DoctorCheck[] | Promise<DoctorCheck[]>
}

export function contributesDoctor(service: unknown): service is DoctorContributor {
  return typeof (service as { doctor?: unknown } | undefined)?.doctor === 'function'
}
