// Running steps one after another with a promise chain built in a loop.
const steps = ['connect', 'subscribe', 'announce'];
const wait = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
let chain: Promise<void> = Promise.resolve();
for (const s of steps) chain = chain.then(() => wait(5)).then(() => console.log('done', s));
chain.then(() => console.log('all steps'));
