// The device's life against Debian's mosquitto (see life.ts).
import { lifeTests } from './life.ts';
import { startMosquitto } from './brokers.ts';

lifeTests('mosquitto', startMosquitto);
