// Named and default imports from one module.
import percent, { KILO, kb } from './lib/units.ts';
console.log(KILO, kb(4096), percent(1, 4));
