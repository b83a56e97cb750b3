// Promise.all keeps the order of its inputs; one rejection rejects the whole.
const later = (v: number, ms: number): Promise<number> => new Promise((res) => setTimeout(() => res(v), ms));
Promise.all([later(1, 30), later(2, 10), 3]).then((vs) => console.log('all', vs.join(',')));
Promise.all([later(1, 5), Promise.reject(new Error('nope'))]).then(
  () => console.log('not here'),
  (e: Error) => console.log('rejected', e.message),
);
