// Exponential backoff with jitter, for WiFi and broker reconnects: 1 s, 2 s, 4 s ... up to a ceiling,
// each spread by +-20% so that a fleet that lost the same access point does not come back in lockstep.
// A plain function, not a class: the caller counts its failures (and sets the count to 0 after a success),
// which on Espruino saves the JsVars of a class, its methods and an object per user.
// Figures the firmware prints or waits for are positive, so it rounds them with Math.floor(x + 0.5):
// `espkit build` turns Math.round into a helper function (Espruino's rounds -2.5 to -3), which would stay in RAM.

/** The delay before the next attempt, after `failures` failed attempts in a row. */
export function backoffMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.floor(Math.min(maxMs, firstMs * Math.pow(2, failures)) * (0.8 + Math.random() * 0.4));
}
