/**
 * What an actor's handlers may touch (ROSS's rule, enforced by types): the transport, the read-only study,
 * population and clock, the recorder, and the state module of their own kind — never another kind's.
 * `World` holds every state module so that tests and the conformance suite can observe them; a handler is
 * typed against `Own<its keys>`, from which the other kinds' modules are simply absent.
 */
import type { World } from './world.ts';

/** World fields that are one actor kind's state (or its inbox). */
export type StateKey = 'css' | 'nms' | 'cdcs' | 'advisor' | 'customers' | 'customerChange' | 'dev' | 'load' | 'prices' | 'ems';

/** A handler of the kind owning state `K`: everything shared, plus that state. */
export type Own<K extends StateKey> = Omit<World, Exclude<StateKey, K>>;

/** What a kind without state of its own (web site, CSR, MDMS, collectors, meters, broadcast channels) gets. */
export type Shared = Own<never>;

/** CDCS's handlers: its records and its rate advisor (OI-5). */
export type CdcsWorld = Own<'cdcs' | 'advisor'>;

/** A HAN device's handlers: its state, its physics, the prices it holds and, for EMSs, the demand limiter (ems/). */
export type DeviceWorld = Own<'dev' | 'load' | 'prices' | 'ems'>;
