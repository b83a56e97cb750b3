// A namespace import.
import * as units from './lib/units.ts';
console.log(units.KILO * 2, units.kb(2048), units.default(3, 4));
