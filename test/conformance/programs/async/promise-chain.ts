// A promise chain: values pass through then, a throw becomes a rejection, catch recovers.
Promise.resolve(1)
  .then((v) => v + 1)
  .then((v) => { console.log('got', v); throw new Error('boom'); })
  .then(() => console.log('skipped'))
  .catch((e: Error) => { console.log('caught', e.message); return 'recovered'; })
  .then((v) => console.log(v));
