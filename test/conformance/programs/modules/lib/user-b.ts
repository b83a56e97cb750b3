// Another importer of the shared state.
import { bump } from './state.ts';
export function fromB(): number { return bump() * 10; }
