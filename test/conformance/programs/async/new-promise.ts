// Creating promises: resolve later, reject, resolving with another promise, resolving twice.
// The timer is armed only once the other two have printed: Espruino checks timers before it runs queued
// promise callbacks, so a timer armed up front runs first whenever the machine stalls past its delay.
let resolveLater: (v: string) => void = () => undefined;
const p = new Promise<string>((resolve) => { resolveLater = resolve; });
p.then((v) => console.log('p', v));
new Promise<number>((_, reject) => reject(new Error('no'))).catch((e: Error) => console.log('rejected', e.message));
new Promise<number>((resolve) => resolve(Promise.resolve(7) as unknown as number)).then((v) => {
  console.log('nested', v);
  setTimeout(() => { resolveLater('first'); resolveLater('second'); }, 5);
});
