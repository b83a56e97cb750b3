// One importer of the shared state.
import { bump } from './state.ts';
export function fromA(): number { return bump(); }
