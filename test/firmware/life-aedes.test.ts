// The device's life against aedes, in-process (see life.ts).
import { lifeTests } from './life.ts';
import { startAedes } from './brokers.ts';

lifeTests('aedes', startAedes);
