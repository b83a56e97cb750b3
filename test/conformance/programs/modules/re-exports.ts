// Importing through a module that re-exports, including a renamed export.
import { KILO, kb, State, TempSensor } from './lib/index.ts';
const t = new TempSensor('x').online();
console.log(KILO, kb(1024), State.Online, t.state === State.Online, t.id);
