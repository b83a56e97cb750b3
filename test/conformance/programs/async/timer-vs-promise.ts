// differs: timer-order
// A zero-delay timer and an already-resolved promise: V8 runs the promise first, Espruino may not.
setTimeout(() => console.log('timer'), 0);
Promise.resolve().then(() => console.log('promise'));
