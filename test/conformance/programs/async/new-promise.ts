// Creating promises: resolve later, reject, resolving with another promise, resolving twice.
const p = new Promise<string>((resolve) => {
  setTimeout(() => { resolve('first'); resolve('second'); }, 5);
});
p.then((v) => console.log('p', v));
new Promise<number>((_, reject) => reject(new Error('no'))).catch((e: Error) => console.log('rejected', e.message));
new Promise<number>((resolve) => resolve(Promise.resolve(7) as unknown as number)).then((v) => console.log('nested', v));
