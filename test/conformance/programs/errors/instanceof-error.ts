// refused: instanceof Error
// instanceof Error is false for built-in errors on Espruino.
const o: { f?: () => void } = {};
try { o.f!(); } catch (e) { console.log(e instanceof Error); }
