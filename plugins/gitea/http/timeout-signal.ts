/** The abort reason of a request's own timeout (told apart from the caller's signal). */
export class TimeoutSignal extends Error {}
