// Type-only imports disappear; the value imports stay.
import type { Info } from './lib/device.ts';
import { State } from './lib/device.ts';
const infos: Info[] = [{ id: 'a', state: State.Online }, { id: 'b', state: State.Offline }];
console.log(infos.filter((i) => i.state === State.Online).map((i) => i.id).join(','));
