// refused: RangeError
// RangeError is not defined on Espruino.
try { throw new RangeError('r'); } catch (e) { console.log((e as Error).message); }
