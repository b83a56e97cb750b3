// The two real brokers the firmware is tested against (bench/support/brokers.ts), with the login the
// life tests give them; mosquitto keeps its sessions through its database file across a restart.
import { startAedes as aedes, startMosquitto as mosquitto, type BrokerLogin, type TestBroker } from '../../bench/support/brokers.ts';

export type { BrokerLogin, TestBroker } from '../../bench/support/brokers.ts';
export { MOSQUITTO } from '../../bench/support/brokers.ts';

export const startAedes = (login?: BrokerLogin): Promise<TestBroker> => aedes({ login });
export const startMosquitto = (login?: BrokerLogin): Promise<TestBroker> => mosquitto({ login, persistence: true });
