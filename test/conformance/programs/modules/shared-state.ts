// Two modules importing a third share its state: it runs once.
import { fromA } from './lib/user-a.ts';
import { fromB } from './lib/user-b.ts';
import { current } from './lib/state.ts';
console.log(fromA(), fromB(), fromA(), current());
