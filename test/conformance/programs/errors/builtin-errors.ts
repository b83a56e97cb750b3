// refused: instanceof TypeError
// Errors the runtime throws are plain Errors on Espruino: instanceof TypeError is false there.
const o: { f?: () => void } = {};
try { o.f!(); } catch (e) { console.log(e instanceof TypeError); }
